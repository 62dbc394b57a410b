"""Cached engine calls for the app. Caches are bounded (entries and age) so memory stays flat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from planner_app import advisor
from planner_app.calendars import DayStatus, member_days
from planner_app.ranking import MemberLoad, Proposal, loads_for, propose
from planner_app.teams import Team
from planner_app.ui import charts
from planner_app.windows import Plan, windows_for


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def plan(key: str, _team: Team, start: dt.date, end: dt.date, duration: int) -> Plan:
    """The team's plan; `key` is the team's TOML text, the cache key for `_team`."""
    return windows_for(_team, start, end, duration)


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def loads(key: str, _plan: Plan, start: dt.date, end: dt.date, duration: int) -> list[MemberLoad]:
    return loads_for(_plan)


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def proposal(key: str, _team: Team, start: dt.date, end: dt.date, duration: int) -> Proposal:
    """The plan with its ranked slots: the best start of every window (the slot table shows them all),
    or the nearest misses when nothing fits."""
    the_plan = plan(key, _team, start, end, duration)
    every = max(12, len(the_plan.windows))
    return propose(the_plan, loads=loads(key, the_plan, start, end, duration), best=every)


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def advice(
    key: str, _proposal: Proposal, start: dt.date, end: dt.date, duration: int, reference: str
) -> advisor.Advice:
    """The advisor's facts and changes (each change's effect is a `windows_for` run: computed once)."""
    return advisor.advise(_proposal, reference)


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def days(key: str, _team: Team, start: dt.date, end: dt.date) -> dict[str, dict[dt.date, DayStatus]]:
    """Each member's day statuses, one day either side of the range (for night spans and zones)."""
    first, last = start - dt.timedelta(days=1), end + dt.timedelta(days=1)
    return {m.name: {d.date: d for d in member_days(m, first, last)} for m in _team.members}


# Figures are the largest entries (about 110 KiB each, benchmarks/memory.py): fewer of them are kept.
@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def timeline(key: str, _plan: Plan, duration: int, day: dt.date, reference: str, start: dt.date, end: dt.date) -> Any:
    """The world-clock figure; the same plan, day and zone give the same figure for every session."""
    return charts.timeline_figure(_plan, day, reference, days(key, _plan.team, start, end))


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def heatmap(key: str, _plan: Plan, duration: int, reference: str, start: dt.date, end: dt.date) -> Any:
    """The hour-by-date figure for the plan's dates (its start and end are part of the key)."""
    return charts.heatmap_figure(_plan, reference, days(key, _plan.team, start, end))


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def horizon(key: str, _team: Team, start: dt.date, end: dt.date) -> list[str]:
    """One line per member and place whose holiday data ends inside the range (planner_app.horizon)."""
    from planner_app.horizon import holiday_horizon_notices

    return holiday_horizon_notices(_team, start, end)
