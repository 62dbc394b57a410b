"""Common meeting windows: a sweep over members' UTC intervals.

A window is a maximal UTC interval in which every required member works, at least `duration`
minutes long (exactly the duration counts). Optional members never block a window; those who work
throughout it are listed among its attendees.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from planner_app.availability import Availability, team_availability, utc_datetime
from planner_app.calendars import check_range
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
    explanation: str | None = None

    def first_days(self, days: int) -> Plan:
        """The same plan limited to its first `days` local dates (for views that show fewer days)."""
        end = min(self.end, self.start + dt.timedelta(days=days - 1))
        return dataclasses.replace(self, end=end)

    @property
    def unavailable(self) -> tuple[Unavailable, ...]:
        """Every member's local dates off work, in team order then date order (built on demand:
        a year for a large team is tens of thousands of rows that only exports need)."""
        return tuple(
            Unavailable(a.member.name, date, kind.label, detail)
            for a in self.availability.values()
            for date, kind, detail in a.days.days_off()
        )


def intersect(
    starts_a: np.ndarray, ends_a: np.ndarray, starts_b: np.ndarray, ends_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The intersection of two sorted, disjoint interval lists (sorted and disjoint again)."""
    lo = np.searchsorted(ends_b, starts_a, side="right")  # first b ending after a starts
    hi = np.searchsorted(starts_b, ends_a, side="left")  # b starting before a ends
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = np.repeat(np.arange(len(starts_a)), counts)
    b = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
    starts = np.maximum(starts_a[a], starts_b[b])
    ends = np.minimum(ends_a[a], ends_b[b])
    keep = ends > starts
    return starts[keep], ends[keep]


def common_intervals(availabilities: Sequence[Availability]) -> tuple[np.ndarray, np.ndarray]:
    """Maximal UTC intervals in which every given availability is working.

    Each member's intervals are sorted, disjoint and never touch, so intersecting them pairwise keeps
    that shape; starting from the member who works least makes the running result small at once.
    """
    if not availabilities:
        raise PlannerError("no required members to plan for")
    ordered = sorted(availabilities, key=lambda a: a.total_seconds)
    starts, ends = ordered[0].starts, ordered[0].ends
    for a in ordered[1:]:
        if len(starts) == 0:
            break
        starts, ends = intersect(starts, ends, a.starts, a.ends)
    return starts, ends


def check_duration(duration: int) -> None:
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION:
        raise RangeError(
            f"the meeting length must be a whole number of minutes from 1 to {MAX_DURATION} (got {duration!r})",
            field="duration",
        )


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
    explanation = None if windows else explain_no_windows(required, starts, ends, duration)
    return Plan(team, start, end, duration, windows, availability, explanation)


def _who(a: Availability) -> str:
    return f"{a.member.name} ({a.member.place})"


def disjoint_pairs(availabilities: Sequence[Availability]) -> tuple[int, tuple[Availability, Availability] | None]:
    """How many pairs of members never work at the same time, and the first such pair in team order.

    Members of one place share their intervals, so each distinct set of intervals is compared once:
    the work grows with the square of the number of distinct schedules (a few dozen in a real team),
    not of members.
    """
    groups: dict[tuple[bytes, bytes], list[int]] = {}
    for index, a in enumerate(availabilities):
        groups.setdefault((a.starts.tobytes(), a.ends.tobytes()), []).append(index)
    schedules = list(groups.values())
    count, first = 0, None
    for one, other in combinations(schedules, 2):
        a, b = availabilities[one[0]], availabilities[other[0]]
        if len(intersect(a.starts, a.ends, b.starts, b.ends)[0]):
            continue
        count += len(one) * len(other)
        pair = (min(one[0], other[0]), max(one[0], other[0]))
        first = pair if first is None else min(first, pair)
    return count, None if first is None else (availabilities[first[0]], availabilities[first[1]])


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
    count, pair = disjoint_pairs(required)
    if pair is not None:
        a, b = pair
        more = f" (and {count - 1} more pair{'s' if count > 2 else ''})" if count > 1 else ""
        return f"no overlap between {_who(a)} and {_who(b)} working hours{more}"
    return f"every two required members overlap at some time, but no time suits all {len(required)} at once"
