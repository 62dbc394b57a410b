"""The sidebar's saved teams: pick, save, rename, duplicate, delete (with confirmation) and restore.

The store is the core's (planner_app.store); this module only wires it to widgets. A failing
database never loses what is on screen: the error is shown and the session's team stays as it is.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import streamlit as st

from planner_app.errors import PlannerError
from planner_app.teams import Team
from planner_app.ui import state
from planner_app.ui.components import show_error

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads when first used, off the first chart's path
    from planner_app.store import Store

UNSAVED = "— this session only —"


def _url() -> str | None:
    try:
        secret = st.secrets.get("DATABASE_URL")  # a Streamlit secret wins over the environment
    except FileNotFoundError:  # no secrets file: StreamlitSecretNotFoundError
        secret = None
    return str(secret) if secret else os.environ.get("DATABASE_URL") or None


@st.cache_resource(max_entries=4, show_spinner=False)
def _open(url: str | None) -> Store:
    from planner_app.store import Store

    return Store(url)


def store() -> Store | None:
    """The shared store, or None (with the reason in the sidebar) when it cannot be opened."""
    try:
        return _open(_url())
    except PlannerError as exc:
        st.sidebar.error(f"Saved teams are unavailable: {exc}", icon=":material/cloud_off:")
        return None


def _load(s: Store, name: str) -> None:
    saved = s.get_team(name)
    state.set_team(saved.team)
    st.session_state.saved_name = name
    st.session_state.saved_version = saved.version


def _save(s: Store) -> None:
    from planner_app.store import StaleSave

    team = state.settings().team
    name = st.session_state.get("saved_name")
    try:
        saved = s.save_team(name, team, st.session_state.saved_version) if name else s.create_team(team)
        st.session_state.saved_name = saved.team.name
        st.session_state.saved_version = saved.version
        st.session_state.pop("stale", None)
        st.toast(f"Saved {saved.team.name} (version {saved.version})")
    except StaleSave as exc:
        st.session_state.stale = (str(exc), exc.current.version)
    except PlannerError as exc:
        st.session_state.save_error = str(exc)


def sidebar() -> None:
    """Saved-team controls in the sidebar."""
    with st.sidebar:
        st.markdown("**Saved teams**")
        s = store()
        if s is None:
            st.caption("Your team is kept in this session; try saving again later.")
            return
        try:
            names = [name for name, *_ in s.list_teams()]
        except PlannerError as exc:
            show_error(str(exc))
            return
        current = st.session_state.get("saved_name")
        options = [UNSAVED, *names]
        index = options.index(current) if current in options else 0
        picked = st.selectbox("Team", options, index=index, key=f"saved_pick_{state.settings().version}")
        if picked != UNSAVED and picked != current:
            try:
                _load(s, picked)
            except PlannerError as exc:
                show_error(str(exc))
            else:
                st.rerun()
        version = st.session_state.get("saved_version")
        if current:
            st.caption(f"Editing version {version} of a saved team.")
        else:
            st.caption("Not saved yet: save to come back to it, or to share a saved plan.")
        if s.read_only:  # planning goes on; only saving is off, and the sidebar says why
            st.warning(f"Saving is off: {s.read_only}", icon=":material/lock:")
        if st.button(
            "Save team", type="primary", icon=":material/save:", use_container_width=True, disabled=bool(s.read_only)
        ):
            _save(s)
            st.rerun()
        if "save_error" in st.session_state:
            show_error(st.session_state.pop("save_error"))
        if "stale" in st.session_state:
            message, newer = st.session_state.stale
            st.warning(message, icon=":material/sync_problem:")
            if current and st.button(f"Load their version {newer} (drops my edits)", key="load_theirs"):
                st.session_state.pop("stale")
                _load(s, current)
                st.rerun()
        if current:
            _manage(s, current)


def _manage(s: Store, current: str) -> None:
    from planner_app.store import StaleSave

    with st.expander("Rename, duplicate, delete"):
        new_name = st.text_input("New name", max_chars=100, key="saved_new_name")
        left, right = st.columns(2)
        if left.button("Rename", use_container_width=True, disabled=not new_name.strip()):
            try:
                saved = s.rename_team(current, new_name, st.session_state.saved_version)
            except StaleSave as exc:
                st.session_state.stale = (str(exc), exc.current.version)
            except PlannerError as exc:
                st.session_state.save_error = str(exc)
            else:
                state.set_team(Team(saved.team.name, state.settings().team.members))
                st.session_state.saved_name, st.session_state.saved_version = saved.team.name, saved.version
            st.rerun()
        if right.button("Duplicate", use_container_width=True, disabled=not new_name.strip()):
            try:
                saved = s.duplicate_team(current, new_name)
            except PlannerError as exc:
                st.session_state.save_error = str(exc)
            else:
                _load(s, saved.team.name)
            st.rerun()
        confirm = st.checkbox(f"Yes, delete {current!r} and its history", key="confirm_delete")
        if st.button("Delete team", disabled=not confirm, icon=":material/delete:", use_container_width=True):
            try:
                s.delete_team(current)
            except PlannerError as exc:
                st.session_state.save_error = str(exc)
            else:
                st.session_state.pop("saved_name", None)
                st.session_state.pop("saved_version", None)
                st.toast(f"Deleted {current} (the team stays on screen until you leave)")
            st.rerun()
    with st.expander("History"):
        try:
            history = s.history(current)
        except PlannerError as exc:
            show_error(str(exc))
            return
        for entry in history[:20]:
            cols = st.columns([3, 1])
            cols[0].caption(
                f"v{entry.version} · {entry.action} · {entry.members} members · {entry.saved_at:%d %b %H:%M} UTC"
            )
            if entry.version != st.session_state.get("saved_version") and cols[1].button(
                "Restore", key=f"restore_{entry.version}"
            ):
                try:
                    saved = s.restore(current, entry.version, st.session_state.saved_version)
                except StaleSave as exc:
                    st.session_state.stale = (str(exc), exc.current.version)
                except PlannerError as exc:
                    st.session_state.save_error = str(exc)
                else:
                    state.set_team(saved.team)
                    st.session_state.saved_name, st.session_state.saved_version = saved.team.name, saved.version
                st.rerun()
