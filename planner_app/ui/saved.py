"""The sidebar's saved teams: pick, save, rename, duplicate, delete (with confirmation) and restore.

The store is the core's (planner_app.store); this module only wires it to widgets. A failing
database never loses what is on screen: the error is shown and the session's team stays as it is.
Saves name the team's stable id and the version the edit started from (optimistic locking), so a
rename in another session or a team deleted and re-created under the same name is never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import streamlit as st

from planner_app.errors import PlannerError
from planner_app.teams import Team
from planner_app.ui import state
from planner_app.ui.components import esc, show_error

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads when first used, off the first chart's path
    from planner_app.store import SavedTeam, Store, TeamSummary

UNSAVED = "— this session only —"


def database_url() -> str | None:
    """The database the app uses: a `DATABASE_URL` secret, else the environment, else None (the embedded file)."""
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
    """The store as this visitor may see it, or None (with the reason in the sidebar) when it cannot
    be opened. Local mode: the whole (default) workspace. Shared mode: the logged-in member's
    workspace only; every page gets the store from here, so none can forget the scope."""
    from planner_app.ui import auth

    try:
        db = _open(database_url())
        return auth.scope(db) if auth.shared() else db
    except PlannerError as exc:
        st.sidebar.error(f"Saved teams are unavailable: {esc(exc)}", icon=":material/cloud_off:")
        return None


@st.cache_data(max_entries=5000, show_spinner=False)
def _damage(_s: Store, workspace_id: str, team_id: str, version: int) -> str | None:
    """Why a saved version cannot be read (None: it can). Cached per (id, version): a version never
    changes, so each is read once per server, not on every rerun."""
    return _s.check_team(team_id, version)


def _remember(saved: SavedTeam) -> None:
    st.session_state.saved_id = saved.id
    st.session_state.saved_name = saved.team.name
    st.session_state.saved_version = saved.version


def _forget() -> None:
    for key in ("saved_id", "saved_name", "saved_version"):
        st.session_state.pop(key, None)


def _load(s: Store, team_id: str) -> None:
    saved = s.get_team(team_id=team_id)
    state.set_team(saved.team)
    _remember(saved)


def _save(s: Store) -> None:
    from planner_app.store import StaleSave, TeamNotFound

    team = state.settings().team
    team_id = st.session_state.get("saved_id")
    try:
        saved = s.save_team(team_id, team, st.session_state.saved_version) if team_id else s.create_team(team)
    except StaleSave as exc:
        st.session_state.stale = (str(exc), exc.current.version, exc.current.id)
        return
    except TeamNotFound as exc:  # deleted meanwhile: the next save makes it anew
        _forget()
        st.session_state.save_error = str(exc)
        return
    except PlannerError as exc:
        st.session_state.save_error = str(exc)
        return
    _remember(saved)
    st.session_state.pop("stale", None)
    st.toast(f"Saved {esc(saved.team.name)} (version {saved.version})")


def _label(s: Store, summaries: dict[str, TeamSummary]) -> Callable[[str], str]:
    def label(name: str) -> str:
        summary = summaries.get(name)
        if summary is None:
            return name
        return f"{name} (damaged)" if _damage(s, s.workspace_id, summary.id, summary.version) else name

    return label


def sidebar() -> None:
    """Saved-team controls in the sidebar (and, in Shared mode, who is signed in where)."""
    from planner_app.ui import auth

    s = store()
    auth.sidebar(s)
    with st.sidebar:
        st.markdown("**Saved teams**")
        if s is None:
            st.caption("Your team is kept in this session; try saving again later.")
            return
        current = st.session_state.get("saved_id")
        try:
            summaries = {t.name: t for t in s.list_teams()}  # names and versions only: nothing parsed
        except PlannerError as exc:  # the database is down: the edits stay, and saving can be retried
            show_error(str(exc))
            _save_controls(s, current, manage=False)
            return
        by_id = {t.id: t.name for t in summaries.values()}
        if current in by_id:  # renamed in another session: show (and save plans under) the new name
            st.session_state.saved_name = by_id[current]
        options = [UNSAVED, *summaries]
        name = by_id.get(current or "", UNSAVED)
        picked = st.selectbox(
            "Team",
            options,
            index=options.index(name),
            format_func=_label(s, summaries),
            key=f"saved_pick_{state.settings().version}",
        )
        if picked != UNSAVED and picked != name:
            try:
                _load(s, summaries[picked].id)
            except PlannerError as exc:
                show_error(str(exc))
            else:
                st.rerun()
        _save_controls(s, current if current in by_id else None)


def _save_controls(s: Store, current: str | None, *, manage: bool = True) -> None:
    if current:
        st.caption(f"Editing version {st.session_state.get('saved_version')} of a saved team.")
    else:
        st.caption("Not saved yet: save to come back to it, or to share a saved plan.")
    if s.read_only:  # planning goes on; only saving is off, and the sidebar says why
        st.warning(f"Saving is off: {esc(s.read_only)}", icon=":material/lock:")
    failed = "save_error" in st.session_state
    if st.button(
        "Save team",
        type="primary",
        icon=":material/save:",
        use_container_width=True,
        disabled=bool(s.read_only),
    ):
        st.session_state.pop("save_error", None)
        _save(s)
        st.rerun()
    if failed:
        show_error(st.session_state.save_error)
        st.caption("Your edits are kept in this session: press Save team to try again.")
    if "stale" in st.session_state:
        message, newer, newer_id = st.session_state.stale
        st.warning(esc(message), icon=":material/sync_problem:")
        if st.button(f"Load their version {newer} (drops my edits)", key="load_theirs"):
            st.session_state.pop("stale")
            _load(s, newer_id)
            st.rerun()
    if current and manage:
        _manage(s, current)
        from planner_app.ui import subscriptions

        subscriptions.holidays_feed(s, current)


def _apply(action: str, run: Callable[[], object]) -> None:
    """Run a rename/duplicate/delete/restore; a stale or failed one is shown, never raised."""
    from planner_app.store import StaleSave

    try:
        run()
    except StaleSave as exc:
        st.session_state.stale = (str(exc), exc.current.version, exc.current.id)
    except PlannerError as exc:
        st.session_state.save_error = f"{action}: {exc}"


def _manage(s: Store, current: str) -> None:
    with st.expander("Rename, duplicate, delete"):
        new_name = st.text_input("New name", max_chars=100, key="saved_new_name")
        left, right = st.columns(2)
        if left.button("Rename", use_container_width=True, disabled=not new_name.strip()):

            def rename() -> None:
                saved = s.rename_team(current, new_name, st.session_state.saved_version)
                state.set_team(Team(saved.team.name, state.settings().team.members))
                _remember(saved)

            _apply("rename", rename)
            st.rerun()
        if right.button("Duplicate", use_container_width=True, disabled=not new_name.strip()):
            _apply("duplicate", lambda: _load(s, s.duplicate_team(current, new_name).id))
            st.rerun()
        name = st.session_state.get("saved_name", "")
        confirm = st.checkbox(f"Yes, delete {esc(repr(name))} and its history", key="confirm_delete")
        if st.button("Delete team", disabled=not confirm, icon=":material/delete:", use_container_width=True):

            def delete() -> None:
                s.delete_team(current)
                _forget()
                st.toast(f"Deleted {esc(name)} (the team stays on screen until you leave)")

            _apply("delete", delete)
            st.rerun()
    _history(s, current)


def _history(s: Store, current: str) -> None:
    with st.expander("History"):
        try:
            history = s.history(team_id=current)
        except PlannerError as exc:
            show_error(str(exc))
            return
        for entry in history[:20]:
            cols = st.columns([3, 1])
            members = "damaged" if entry.members is None else f"{entry.members} members"
            by = f" · by {esc(entry.saved_by)}" if entry.saved_by else ""
            cols[0].caption(f"v{entry.version} · {entry.action} · {members} · {entry.saved_at:%d %b %H:%M} UTC{by}")
            if entry.version != st.session_state.get("saved_version") and cols[1].button(
                "Restore", key=f"restore_{entry.version}"
            ):

                def restore(version: int = entry.version) -> None:
                    saved = s.restore(current, version, st.session_state.saved_version)
                    state.set_team(saved.team)
                    _remember(saved)

                _apply("restore", restore)
                st.rerun()


def save_plan_form(kind: str, params: dict[str, Any], slots: list[dict[str, int]], base: str) -> None:
    """Save the plan of a saved team and show the link that opens it."""
    name = st.session_state.get("saved_name")
    if not name:
        st.caption("Save the team first (sidebar), then its plans can be saved and shared by a short link.")
        return
    title = st.text_input("Title", max_chars=200, key=f"{kind}_plan_title", placeholder="e.g. Q1 kick-off")
    notes = st.text_area("Notes", max_chars=2000, key=f"{kind}_plan_notes")
    if st.button("Save", key=f"{kind}_plan_save", type="primary", disabled=not title.strip()):
        opened = store()
        if opened is None:
            return
        try:
            record = opened.save_plan(name, kind, title.strip(), params, slots, notes)
        except PlannerError as exc:
            show_error(str(exc))
        else:
            st.success(f"Saved {esc(repr(record.title))} of {esc(name)} (version {record.team_version}).")
            st.code(f"{base}?plan={record.token}", language=None, wrap_lines=True)
    team_id = st.session_state.get("saved_id")
    opened = store() if team_id else None
    if opened is not None and team_id:
        from planner_app.ui import subscriptions

        subscriptions.saved_plans(opened, team_id, kind)


def saved_team_version(team_name: str) -> int | None:
    """The saved version of the session's team when the page shows that saved team, else None."""
    if st.session_state.get("saved_name") != team_name:
        return None
    version = st.session_state.get("saved_version")
    return version if isinstance(version, int) else None


def saved_agreement_text(team_name: str) -> tuple[str | None, int]:
    """The saved team's newest agreement (TOML text) and its version (0 when none is saved yet); no
    text when the team is not saved or the store is unavailable."""
    if saved_team_version(team_name) is None:
        return None, 0
    opened = store()
    if opened is None:
        return None, 0
    try:
        agreement = opened.get_agreement(team_id=st.session_state.get("saved_id"))
    except PlannerError as exc:
        show_error(str(exc))
        return None, 0
    return (agreement.text, agreement.version) if agreement is not None else (None, 0)


def save_agreement_button(team_name: str, text: str, expected_version: int) -> None:
    """Save the agreement with the saved team (a new version each time); a stale save shows the newer one."""
    from planner_app.store import StaleSave

    if saved_team_version(team_name) is None:
        st.caption("Save the team first (sidebar), then its agreement is saved and versioned with it.")
        return
    if not st.button("Save agreement", key="proto_ag_save", type="primary", icon=":material/save:"):
        return
    opened = store()
    if opened is None:
        return
    try:
        saved = opened.save_agreement(
            None, text, expected_version, team_id=st.session_state.get("saved_id"), saved_by=auth_user()
        )
    except StaleSave as exc:
        newer = exc.agreement.version if exc.agreement is not None else "a newer"
        show_error(f"Someone saved the agreement since you opened it (version {newer}); reload to see theirs.")
    except PlannerError as exc:
        show_error(str(exc))
    else:
        st.success(f"Saved the agreement as version {saved.version}.")


def auth_user() -> str | None:
    """Who is signed in (Shared mode), for 'saved by'; None in Local mode."""
    from planner_app.ui import auth

    return auth.email() if auth.shared() else None
