"""Who is using the app, and which workspace they see.

- Local mode (no `[auth]` section in the secrets): the server binds to 127.0.0.1 (see
  .streamlit/config.toml) and everything is one person's: the store's default workspace.
- Shared mode (`[auth]` configured for an OpenID Connect provider): every page asks for login
  through Streamlit's own `st.login`; the store is seen through the logged-in member's workspace
  (`Store.workspace`), so no page can list, open or save anything of another workspace. A first
  login gets a workspace of its own; owners invite and remove members. The e-mail addresses listed
  in `[planner] owners` also own the default workspace (the teams saved before Shared mode).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from planner_app.errors import PlannerError
from planner_app.ui.components import esc, ready_marker, show_error

if TYPE_CHECKING:
    from planner_app.store import Store


def _secrets() -> Any:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, KeyError):  # no secrets file at all (StreamlitSecretNotFoundError)
        return {}


def shared() -> bool:
    """True when the deployment is Shared mode (an `[auth]` section in the secrets)."""
    return isinstance(_secrets().get("auth"), dict)


def gate() -> None:
    """Shared mode: a visitor who is not logged in sees the login page only (the script stops)."""
    if not shared() or st.user.is_logged_in:
        return
    st.title("Culture-aware meeting planner")
    st.markdown("This planner is shared by a team: sign in to open your workspace.")
    st.button("Log in", type="primary", icon=":material/login:", on_click=st.login)
    ready_marker("login")
    st.stop()


def email() -> str | None:
    """The logged-in user's e-mail address (Shared mode), lower-cased."""
    if not shared() or not st.user.is_logged_in:
        return None
    value = st.user.get("email")
    return str(value).strip().lower() if value else None


def scope(db: Store) -> Store:
    """The logged-in member's view of the store: their chosen workspace (a first login gets one of
    its own). Raises a PlannerError when the identity provider gave no e-mail address."""
    from planner_app.store import DEFAULT_WORKSPACE, StoreError

    user = email()
    if user is None:
        raise StoreError("your sign-in carries no e-mail address; ask the administrator to allow the email scope")
    owners = [str(o).strip().lower() for o in _secrets().get("planner", {}).get("owners", [])]
    if user in owners and not db.read_only:
        db.ensure_member(DEFAULT_WORKSPACE, user, "owner")
    spaces = db.workspaces_of(user)
    if not spaces:
        return db.create_workspace(f"{user}'s workspace", user)
    chosen = st.session_state.get("workspace_id")
    ids = [w.id for w in spaces]
    return db.workspace(chosen if chosen in ids else ids[0], user)


def sidebar(view: Store | None) -> None:
    """Shared mode: who is signed in, the workspace (a choice when several), members for owners, log out."""
    if not shared():
        return
    with st.sidebar:
        st.caption(f"Signed in as {esc(email() or '')}")
        if view is not None:
            _workspace_picker(view)
        st.button("Log out", icon=":material/logout:", on_click=st.logout, key="auth_logout")
        if view is not None and view.role == "owner":
            _members(view)
            from planner_app.ui import subscriptions

            subscriptions.api_tokens(view)


def _workspace_picker(view: Store) -> None:
    user = view.user or ""
    spaces = {w.id: w for w in view.workspaces_of(user)}
    if len(spaces) > 1:
        picked = st.selectbox(
            "Workspace",
            list(spaces),
            index=list(spaces).index(view.workspace_id),
            format_func=lambda i: f"{spaces[i].name} ({spaces[i].role})",
            key="auth_workspace",
        )
        if picked != view.workspace_id:
            st.session_state.workspace_id = picked
            for key in ("saved_id", "saved_name", "saved_version", "stale"):
                st.session_state.pop(key, None)  # the team on screen is not saved in the other workspace
            st.rerun()
    else:
        st.caption(f"Workspace: {esc(view.workspace_name())} ({view.role})")


def _members(view: Store) -> None:
    from planner_app.store import ROLES

    with st.expander("Workspace members"):
        try:
            members = view.members()
        except PlannerError as exc:
            show_error(str(exc))
            return
        for member in members:
            left, right = st.columns([3, 1])
            left.caption(f"{esc(member.email)} · {member.role}")
            if member.email != view.user and right.button("Remove", key=f"auth_remove_{member.email}"):
                _change(lambda m=member.email: view.remove_member(m))
        address = st.text_input("E-mail address", key="auth_invite_email", max_chars=320)
        role = st.selectbox("Role", ROLES, index=1, key="auth_invite_role")
        if st.button("Invite", disabled=not address.strip(), key="auth_invite"):
            _change(lambda: view.invite(address, role))


def _change(action: Any) -> None:
    try:
        action()
    except PlannerError as exc:
        show_error(str(exc))
    else:
        st.rerun()
