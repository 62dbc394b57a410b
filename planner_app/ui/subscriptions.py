"""Live-feed links in the app: a `webcal://` address to subscribe to, with Create feed / Revoke, next to
each saved plan and series and for a saved team's holidays; in Shared mode, owners' API tokens.

The feeds themselves are served by planner_app.api beside the pages; this module only wires the
store's feed tokens to widgets. A failing store is shown, never raised.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from planner_app.errors import PlannerError
from planner_app.ui.components import esc, show_error

if TYPE_CHECKING:
    from planner_app.store import Store

PLAN_FEED_KIND = {"windows": "plan", "series": "series"}  # a saved plan's kind -> its feed's kind


def origin() -> str:
    """`scheme://host[:port]` of the address the visitor opened the app at ('' when unknown)."""
    parts = urllib.parse.urlsplit(str(getattr(st.context, "url", "") or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def feed_url(token: str) -> str:
    """The feed's http(s) address on this server."""
    return f"{origin()}/feeds/{token}.ics"


def webcal(url: str) -> str:
    """The same address with the webcal scheme, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[-1]


def _act(action: Callable[[], object]) -> None:
    try:
        action()
    except PlannerError as exc:
        st.session_state.feed_error = str(exc)
    st.rerun()


def feed_control(s: Store, kind: str, target: str, key: str) -> None:
    """The live feed of `target` (a saved plan's token, or a team's stable id): its webcal link and a
    Revoke button, or a Create feed button when it has none."""
    if "feed_error" in st.session_state:
        show_error(st.session_state.pop("feed_error"))
    try:
        live = s.list_feeds(kind=kind, target=target)
    except PlannerError as exc:
        show_error(str(exc))
        return
    if not live:
        if st.button("Create feed", key=f"feed_new_{key}", icon=":material/rss_feed:", disabled=bool(s.read_only)):
            _act(lambda: s.create_feed(kind, target))
        return
    url = feed_url(live[0].token)
    st.code(webcal(url), language=None, wrap_lines=True)
    st.caption(
        "Subscribe: Apple Calendar and Outlook open the webcal link; Google Calendar: Other calendars → "
        f"From URL, with {esc(url)}. Updates hourly; anyone with the link can read it."
    )
    if st.button("Revoke", key=f"feed_revoke_{key}", icon=":material/link_off:", disabled=bool(s.read_only)):
        _act(lambda: [s.revoke_feed(f.token) for f in live])


def saved_plans(s: Store, team_id: str, kind: str, *, limit: int = 5) -> None:
    """The team's newest saved plans of this kind, each with its share link and live feed."""
    try:
        plans = [p for p in s.list_plans(team_id=team_id) if p.kind == kind][:limit]
    except PlannerError as exc:
        show_error(str(exc))
        return
    if not plans:
        return
    st.markdown("**Saved, with live feeds**")
    for plan in plans:
        st.caption(f"{esc(plan.title)} · saved {plan.created_at:%d %b %Y} · `?plan={plan.token}`")
        feed_control(s, PLAN_FEED_KIND[kind], plan.token, plan.token)


def holidays_feed(s: Store, team_id: str) -> None:
    """The sidebar's "Holidays feed" of a saved team: its holidays and days away, a month back to a year ahead."""
    with st.expander("Holidays feed", icon=":material/rss_feed:"):
        st.caption("Everyone's public holidays and days away, as a calendar to subscribe to.")
        feed_control(s, "team-holidays", team_id, f"holidays_{team_id}")


def api_tokens(view: Store) -> None:
    """Owners (Shared mode): tokens for the read API (`Authorization: Bearer ...`), shown once."""
    with st.expander("API tokens", icon=":material/key:"):
        st.caption("A token reads this workspace through /api/v1 (see /api/v1/openapi.json); it cannot save.")
        if "feed_error" in st.session_state:
            show_error(st.session_state.pop("feed_error"))
        made = st.session_state.pop("api_token_made", None)
        if made:
            st.code(made, language=None)
            st.caption("Copy it now: it is not shown again.")
        try:
            tokens = view.list_feeds(kind="api")
        except PlannerError as exc:
            show_error(str(exc))
            return
        for token in tokens:
            left, right = st.columns([3, 1])
            left.caption(f"…{token.token[-6:]} · {token.created_at:%d %b %Y} · {esc(token.created_by or '')}")
            if right.button("Revoke", key=f"api_revoke_{token.token[-12:]}"):
                _act(functools.partial(view.revoke_feed, token.token))
        if st.button("New API token", key="api_token_new"):
            try:
                st.session_state.api_token_made = view.create_api_token()
            except PlannerError as exc:
                st.session_state.feed_error = str(exc)
            st.rerun()
