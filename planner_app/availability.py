"""Members' working time as UTC intervals: the only place where a local time becomes UTC.

DST policy, stated once (RFC 5545 section 3.3.5, so calendar clients agree with us):
- a local time inside a spring-forward gap moves forward by the length of the gap
  (Paris, 2013-03-31 02:30 is 03:30 CEST = 01:30 UTC);
- an ambiguous local time takes its first occurrence, the earlier instant
  (Paris, 2013-10-27 02:30 is 02:30 CEST = 00:30 UTC).
That is exactly Python's `fold=0` (PEP 495), which we use for every conversion. pendulum 3 defaults to
`fold=1`, so this module never lets a default pick the occurrence.

Every local time goes through the IANA rules of its own date: a date whose UTC offset is the same at
its start and at the next midnight (no transition inside it) shares that offset across the day; any
date with a transition converts each time on its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from planner_app import zones
from planner_app.calendars import DayKind, DayTable, day_table, hours_on
from planner_app.hours import MINUTES_PER_DAY
from planner_app.teams import Member, Team

UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
SECONDS_PER_DAY = 86_400


def local_to_utc(date: dt.date, minute: int, timezone: str) -> int:
    """UTC seconds since 1970 of `minute` minutes after local midnight of `date` (fold=0 policy)."""
    date = date + dt.timedelta(days=minute // MINUTES_PER_DAY)
    minute %= MINUTES_PER_DAY
    local = dt.datetime(date.year, date.month, date.day, minute // 60, minute % 60, tzinfo=zones.zone(timezone))
    offset = local.utcoffset()
    assert offset is not None
    return (date.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY + minute * 60 - int(offset.total_seconds())


def utc_datetime(seconds: int) -> dt.datetime:
    """An aware UTC datetime from seconds since 1970."""
    return dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)


@functools.lru_cache(maxsize=256)
def _offsets(timezone: str, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """UTC offsets (seconds) at each local midnight of ordinals first..last, and whether each date
    keeps its offset until the next midnight (no transition inside it)."""
    tz = zones.zone(timezone)
    values = []
    for ordinal in range(first, last + 2):
        day = dt.date.fromordinal(ordinal)
        offset = dt.datetime(day.year, day.month, day.day, tzinfo=tz).utcoffset()
        assert offset is not None
        values.append(int(offset.total_seconds()))
    offsets = np.array(values, dtype=np.int64)
    stable = offsets[:-1] == offsets[1:]
    offsets.setflags(write=False)
    stable.setflags(write=False)
    return offsets[:-1], stable


def to_utc_seconds(ordinals: np.ndarray, minutes: np.ndarray, timezone: str) -> np.ndarray:
    """Vectorised `local_to_utc` for local dates (ordinals) and minutes after their midnight."""
    ordinals = ordinals + minutes // MINUTES_PER_DAY
    minutes = minutes % MINUTES_PER_DAY
    if len(ordinals) == 0:
        return np.zeros(0, dtype=np.int64)
    first, last = int(ordinals.min()), int(ordinals.max())
    offsets, stable = _offsets(timezone, first, last)
    index = ordinals - first
    local = (ordinals - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY + minutes * 60
    utc = local - offsets[index]
    for i in np.flatnonzero(~stable[index]).tolist():  # dates with a transition: one by one
        utc[i] = local_to_utc(dt.date.fromordinal(int(ordinals[i])), int(minutes[i]), timezone)
    return utc


@dataclass(frozen=True, slots=True)
class Availability:
    """A member's working time in UTC seconds: sorted, disjoint `[start, end)` intervals."""

    member: Member
    starts: np.ndarray
    ends: np.ndarray
    days: DayTable

    @property
    def total_seconds(self) -> int:
        return int((self.ends - self.starts).sum())

    def covers(self, start: int, end: int) -> bool:
        """Whether the member works throughout `[start, end)`."""
        i = int(np.searchsorted(self.starts, start, side="right")) - 1
        return i >= 0 and int(self.ends[i]) >= end

    def overlap_seconds(self, start: int, end: int) -> int:
        """How many seconds of `[start, end)` the member works."""
        lo = int(np.searchsorted(self.ends, start, side="right"))
        hi = int(np.searchsorted(self.starts, end, side="left"))
        if hi <= lo:
            return 0
        s = np.maximum(self.starts[lo:hi], start)
        e = np.minimum(self.ends[lo:hi], end)
        return int(np.clip(e - s, 0, None).sum())


def merge_intervals(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of `[start, end)` intervals as sorted, disjoint, non-touching intervals."""
    if len(starts) == 0:
        return starts.astype(np.int64), ends.astype(np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] > reach[:-1]
    group = np.cumsum(new) - 1
    merged_starts = starts[new]
    merged_ends = np.full(len(merged_starts), np.iinfo(np.int64).min, dtype=np.int64)  # ends may be < 0 (pre-1970)
    np.maximum.at(merged_ends, group, ends)
    return merged_starts, merged_ends


def member_availability(member: Member, start: dt.date, end: dt.date) -> Availability:
    """The member's working intervals in UTC for their local dates `start..end` inclusive.

    Each working date contributes its hours (Ramadan hours inside Ramadan), placed on that local date
    and crossing into the next where a span crosses midnight.
    """
    table = day_table(member, start, end)
    working = table.kinds == DayKind.WORKING
    weekdays = (table.ordinals - 1) % 7
    day_parts, start_parts, end_parts = [], [], []
    for in_ramadan in (False, True):
        if in_ramadan and member.ramadan_hours is None:
            continue
        selected = working & (table.ramadan == in_ramadan)
        for weekday in range(7):
            spans = hours_on(member, weekday, in_ramadan)
            if not spans:
                continue
            days = table.ordinals[selected & (weekdays == weekday)]
            for span in spans:
                day_parts.append(days)
                start_parts.append(np.full(len(days), span.start, dtype=np.int64))
                end_parts.append(np.full(len(days), span.end, dtype=np.int64))
    if not day_parts:
        empty = np.zeros(0, dtype=np.int64)
        return Availability(member, empty, empty, table)
    days = np.concatenate(day_parts)
    starts = to_utc_seconds(days, np.concatenate(start_parts), member.timezone)
    ends = to_utc_seconds(days, np.concatenate(end_parts), member.timezone)
    keep = ends > starts  # a span swallowed whole by a spring-forward gap leaves nothing
    merged_starts, merged_ends = merge_intervals(starts[keep], ends[keep])
    for array in (merged_starts, merged_ends):
        array.setflags(write=False)
    return Availability(member, merged_starts, merged_ends, table)


def team_availability(team: Team, start: dt.date, end: dt.date) -> dict[str, Availability]:
    """Every member's availability, by name, in team order."""
    return {member.name: member_availability(member, start, end) for member in team.members}
