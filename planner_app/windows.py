"""Common meeting windows: a sweep over members' UTC intervals.

A window is a maximal UTC interval in which every required member works, at least `duration`
minutes long (exactly the duration counts). Optional members never block a window; those who work
throughout it are listed among its attendees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from planner_app.availability import Availability, team_availability, utc_datetime
from planner_app.calendars import DayKind, check_range
from planner_app.errors import PlannerError, RangeError
from planner_app.teams import Team

DEFAULT_DURATION = 30
MAX_DURATION = 24 * 60


@dataclass(frozen=True, slots=True)
class Window:
    """A UTC interval `[start, end)` (seconds since 1970) that every required member works."""

    start: int
    end: int
    attendees: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return (self.end - self.start) // 60

    @property
    def start_utc(self) -> dt.datetime:
        return utc_datetime(self.start)

    @property
    def end_utc(self) -> dt.datetime:
        return utc_datetime(self.end)


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A member's local date off work, and why (weekend, holiday or away)."""

    member: str
    date: dt.date
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The windows for a team over local dates `start..end`, and what stood in the way."""

    team: Team
    start: dt.date
    end: dt.date
    duration: int
    windows: tuple[Window, ...]
    availability: dict[str, Availability] = field(repr=False)
    unavailable: tuple[Unavailable, ...] = field(repr=False)
    explanation: str | None = None


def common_intervals(availabilities: Sequence[Availability]) -> tuple[np.ndarray, np.ndarray]:
    """Maximal UTC intervals in which every given availability is working."""
    if not availabilities:
        raise PlannerError("no required members to plan for")
    if len(availabilities) == 1:
        return availabilities[0].starts, availabilities[0].ends
    starts = np.concatenate([a.starts for a in availabilities])
    ends = np.concatenate([a.ends for a in availabilities])
    times = np.concatenate([starts, ends])
    deltas = np.concatenate([np.ones(len(starts), np.int64), -np.ones(len(ends), np.int64)])
    order = np.lexsort((deltas, times))  # at equal times an end comes before a start: [a, b) meets [b, c)
    times, counts = times[order], np.cumsum(deltas[order])
    full = np.flatnonzero(counts[:-1] == len(availabilities))
    return times[full], times[full + 1]


def check_duration(duration: int) -> None:
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION:
        raise RangeError(f"--duration must be a whole number of minutes from 1 to {MAX_DURATION} (got {duration!r})")


def windows_for(team: Team, start: dt.date, end: dt.date, duration: int = DEFAULT_DURATION) -> Plan:
    """The team's common windows over local dates `start..end`, with why members were off."""
    check_range(start, end)
    check_duration(duration)
    availability = team_availability(team, start, end)
    return plan_from_availability(team, start, end, duration, availability)


def plan_from_availability(
    team: Team, start: dt.date, end: dt.date, duration: int, availability: dict[str, Availability]
) -> Plan:
    """`windows_for` on availability already computed (the app caches it per member)."""
    required = [availability[m.name] for m in team.required]
    if not required:
        raise PlannerError(f"team {team.name!r}: at least one member must be required")
    optional = [availability[m.name] for m in team.optional]
    starts, ends = common_intervals(required)
    long_enough = (ends - starts) >= duration * 60
    required_names = tuple(m.name for m in team.required)
    windows = tuple(
        Window(s, e, required_names + tuple(o.member.name for o in optional if o.covers(s, e)))
        for s, e in zip(starts[long_enough].tolist(), ends[long_enough].tolist(), strict=True)
    )
    unavailable = tuple(
        Unavailable(name, dt.date.fromordinal(o), DayKind(k).label, _detail(a, o, k))
        for name, a in availability.items()
        for o, k in zip(a.days.ordinals.tolist(), a.days.kinds.tolist(), strict=True)
        if k != DayKind.WORKING
    )
    explanation = None if windows else explain_no_windows(required, starts, ends, duration)
    return Plan(team, start, end, duration, windows, availability, unavailable, explanation)


def _detail(a: Availability, ordinal: int, kind: int) -> str:
    if kind == DayKind.HOLIDAY:
        return a.days.holidays.get(ordinal, "public holiday")
    if kind == DayKind.WEEKEND:
        return dt.date.fromordinal(ordinal).strftime("%A")
    return "away"


def _who(a: Availability) -> str:
    return f"{a.member.name} ({a.member.place})"


def explain_no_windows(required: Sequence[Availability], starts: np.ndarray, ends: np.ndarray, duration: int) -> str:
    """One sentence naming what blocks most when there is no window."""
    idle = [a for a in required if len(a.starts) == 0]
    if idle:
        names = ", ".join(_who(a) for a in idle)
        return f"{names} {'has' if len(idle) == 1 else 'have'} no working time in this range (weekend, holiday or away)"
    if len(starts):
        longest = int(np.argmax(ends - starts))
        minutes = int(ends[longest] - starts[longest]) // 60
        when = utc_datetime(int(starts[longest])).strftime("%a %Y-%m-%d %H:%M UTC")
        return (
            f"the longest time all required members share is {minutes} minutes ({when}), "
            f"shorter than the {duration} minutes asked for"
        )
    disjoint = []
    for a, b in combinations(required, 2):
        s, _e = common_intervals([a, b])
        if len(s) == 0:
            disjoint.append((a, b))
    if disjoint:
        a, b = disjoint[0]
        more = f" (and {len(disjoint) - 1} more pair{'s' if len(disjoint) > 2 else ''})" if len(disjoint) > 1 else ""
        return f"no overlap between {_who(a)} and {_who(b)} working hours{more}"
    return f"every two required members overlap at some time, but no time suits all {len(required)} at once"
