"""Session state for the app: the team, the dates and the duration, kept in one place.

The URL carries the plan (see planner_app.sharing): a shared link opens on the same team and dates.
Reading the clock happens here, at the edge, never in the core.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from planner_app import sharing, zones
from planner_app.errors import PlannerError, RangeError
from planner_app.teams import Team, load_team, team_to_toml

DEMO_TEAM = Path(str(importlib.resources.files("planner_app").joinpath("data", "demo-team.toml")))
DEFAULT_DAYS = 14
DEFAULT_DURATION = 30
# What the Plan page's date picker offers and plans at once (the command line plans up to 3 years).
FIRST_DATE, LAST_DATE = dt.date(1970, 1, 1), dt.date(2075, 12, 31)
MAX_DAYS = 367


@dataclass(frozen=True, slots=True)
class Settings:
    team: Team
    start: dt.date
    end: dt.date
    duration: int
    version: int  # bumped whenever the team changes, so editors reset to it

    @property
    def key(self) -> str:
        """A cache key for the team's content."""
        return _team_key(self.team)


@functools.lru_cache(maxsize=64)
def _team_key(team: Team) -> str:
    # asked several times per rerun (each cached engine call): serialise each team once
    return team_to_toml(team)


def viewer_timezone() -> str:
    """The browser's IANA zone when it is known and valid, else UTC."""
    name = getattr(st.context, "timezone", None)
    if isinstance(name, str):
        try:
            zones.zone(name)
            return zones.canonical_name(name)
        except PlannerError:
            pass
    return "Etc/UTC"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return zones.wall_clock(int(now().timestamp()), viewer_timezone()).date()


@st.cache_resource(max_entries=1)
def demo_team() -> Team:
    return load_team(DEMO_TEAM)


def init(open_store: Callable[[], object] | None = None) -> None:
    """Fill the session from the share link in the URL, or from the demo team."""
    if "team" in st.session_state:
        return
    start, end, duration, team = today(), today() + dt.timedelta(days=DEFAULT_DAYS - 1), DEFAULT_DURATION, None
    if "plan" in st.query_params:
        # the caller lends the store (ui/saved imports this module, so this one never imports it)
        loaded = _saved_plan(open_store() if open_store else None, st.query_params.get("plan", ""))
        if loaded is not None:
            team, start, end, duration = loaded
    elif "team" in st.query_params:
        try:
            shared = sharing.decode(st.query_params.to_dict())
            start, end = _in_app_range(shared.start, shared.end, "share link")
            team, duration = shared.team, shared.duration
            if shared.at is not None:
                st.session_state.shared_at = shared.at  # the Plan page opens on this start
        except PlannerError as exc:
            st.session_state.link_error = str(exc)
    st.session_state.team = team or demo_team()
    st.session_state.start, st.session_state.end = start, end
    st.session_state.duration = duration
    st.session_state.version = 0


def _in_app_range(start: dt.date, end: dt.date, source: str) -> tuple[dt.date, dt.date]:
    """A link's dates as the app plans them: a range longer than the app's limit is cut to its first
    `MAX_DAYS` days (with a notice, before anything is planned); dates outside the picker's years are
    refused with a `RangeError` naming them."""
    if start < FIRST_DATE or end > LAST_DATE:
        raise RangeError(f"{source}: the app plans dates from {FIRST_DATE} to {LAST_DATE} (got {start}..{end})")
    if (end - start).days + 1 > MAX_DAYS:
        cut = start + dt.timedelta(days=MAX_DAYS - 1)
        st.session_state.link_notice = (
            f"{source}: the range {start}..{end} is longer than the app plans at once ({MAX_DAYS} days); "
            f"showing {start}..{cut} (the command line plans up to 3 years)"
        )
        return start, cut
    return start, end


def _saved_plan(store: object, token: str) -> tuple[Team, dt.date, dt.date, int] | None:
    """The team (as it was when the plan was saved), dates and length of a saved plan's link."""
    from planner_app.store import Store

    if not isinstance(store, Store):
        return None
    try:
        plan = store.get_plan(token)
        team = store.team_at(None, plan.team_version, team_id=plan.team_id)  # by id: survives a rename
        if plan.kind == "windows":
            start = dt.date.fromisoformat(str(plan.params["from"]))
            end = dt.date.fromisoformat(str(plan.params["to"]))
        else:  # a series: its first two weeks on the Plan page
            start = dt.date.fromisoformat(str(plan.params["start"]))
            end = start + dt.timedelta(days=13)
        duration = int(plan.params["duration"])
        start, end = _in_app_range(start, end, "dates")
    except (PlannerError, KeyError, ValueError, TypeError) as exc:
        st.session_state.link_error = f"saved plan link: {exc}"
        return None
    st.session_state.opened_plan = f"{plan.title} ({plan.kind}, team {plan.team} version {plan.team_version})"
    return team, start, end, duration


def settings() -> Settings:
    s = st.session_state
    return Settings(s.team, s.start, s.end, s.duration, s.version)


def set_team(team: Team) -> None:
    st.session_state.team = team
    st.session_state.version += 1


def set_range(start: dt.date, end: dt.date) -> None:
    st.session_state.start, st.session_state.end = start, end


def set_duration(minutes: int) -> None:
    st.session_state.duration = minutes


def sync_url() -> None:
    """Put the current plan into the URL so that it can be bookmarked and shared."""
    s = settings()
    at = st.session_state.get("plan_at") if st.session_state.get("plan_at_picked") else None
    params = sharing.encode(s.team, s.start, s.end, s.duration, at=at)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
