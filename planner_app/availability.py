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

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner_app import zones
from planner_app.calendars import DayTable, day_table
from planner_app.hours import AWAKE, MINUTES_PER_DAY, Span
from planner_app.teams import Member, Team

UNIX_EPOCH_ORDINAL = zones.UNIX_EPOCH_ORDINAL
SECONDS_PER_DAY = zones.SECONDS_PER_DAY


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


def to_utc_seconds(ordinals: np.ndarray, minutes: np.ndarray, timezone: str) -> np.ndarray:
    """Vectorised `local_to_utc` for local dates (ordinals) and minutes after their midnight."""
    ordinals = ordinals + minutes // MINUTES_PER_DAY
    minutes = minutes % MINUTES_PER_DAY
    if len(ordinals) == 0:
        return np.zeros(0, dtype=np.int64)
    first, last = int(ordinals.min()), int(ordinals.max())
    offsets, stable = zones.midnight_offsets(timezone, first, last)
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


def _spans_to_utc(
    days: np.ndarray, starts: np.ndarray, ends: np.ndarray, timezone: str
) -> tuple[np.ndarray, np.ndarray]:
    """Local spans (date ordinals and minutes after their midnight) as merged UTC intervals."""
    if len(days) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    utc_starts = to_utc_seconds(days, starts, timezone)
    utc_ends = to_utc_seconds(days, ends, timezone)
    keep = utc_ends > utc_starts  # a span swallowed whole by a spring-forward gap leaves nothing
    return merge_intervals(utc_starts[keep], utc_ends[keep])


def _place(
    groups: Sequence[np.ndarray], spans_of: Sequence[tuple[Span, ...]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every span of `spans_of[i]` on every date of `groups[i]`: (date ordinals, start minutes, end minutes)."""
    day_parts, start_parts, end_parts = [], [], []
    for days, spans in zip(groups, spans_of, strict=True):
        for span in spans:
            day_parts.append(days)
            start_parts.append(np.full(len(days), span.start, dtype=np.int64))
            end_parts.append(np.full(len(days), span.end, dtype=np.int64))
    if not day_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(day_parts), np.concatenate(start_parts), np.concatenate(end_parts)


def member_availability(member: Member, start: dt.date, end: dt.date) -> Availability:
    """The member's working intervals in UTC for their local dates `start..end` inclusive.

    Each working date contributes the hours its `DayTable` row says are in force (Ramadan hours inside
    Ramadan), placed on that local date and crossing into the next where a span crosses midnight.
    """
    table = day_table(member, start, end)
    groups = [table.ordinals[table.working & (table.hours_index == i)] for i in range(len(table.hours))]
    starts, ends = _spans_to_utc(*_place(groups, table.hours), member.timezone)
    for array in (starts, ends):
        array.setflags(write=False)
    return Availability(member, starts, ends, table)


Intervals = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True, slots=True)
class ComfortBands:
    """A member's local day as UTC intervals, by how comfortable a meeting there is (the cost model's
    bands, see `ranking`): each band contains the ones before it."""

    core: Intervals  # working hours on working dates
    stretch: Intervals  # core plus stretch hours on working dates
    awake: Intervals  # stretch plus 07:00-22:00 local on every date
    off: Intervals  # whole local dates off work (weekend, holiday, away, no hours)
    middays: np.ndarray  # the UTC instant of the middle of each working day, sorted


def _union(*parts: Intervals) -> Intervals:
    return merge_intervals(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))


def comfort_bands(a: Availability) -> ComfortBands:
    """The cost model's bands for one member, converted from their local rules by the IANA rules of
    each date (the only place besides `member_availability` where local time becomes UTC)."""
    member, table = a.member, a.days
    zone, ordinals, working = member.timezone, table.ordinals, table.working
    core = (a.starts, a.ends)
    stretch = core
    if member.stretch:
        weekday_of = (ordinals - 1) % 7
        weekly = [ordinals[working & (weekday_of == weekday)] for weekday in range(7)]
        days, starts, ends = _place(weekly, member.stretch)
        stretch = _union(core, _spans_to_utc(days, starts, ends, zone))
    awake_days = _spans_to_utc(*_place([ordinals], ((AWAKE,),)), zone)
    off = _spans_to_utc(*_place([ordinals[~working]], ((Span(0, MINUTES_PER_DAY),),)), zone)
    mid_days, mid_minutes = _middays(table)
    middays = np.sort(to_utc_seconds(mid_days, mid_minutes, zone)) if len(mid_days) else np.zeros(0, dtype=np.int64)
    return ComfortBands(core, stretch, _union(stretch, awake_days), off, middays)


def _middays(table: DayTable) -> tuple[np.ndarray, np.ndarray]:
    """Each working date and the minute halfway between the start of its first span and the end of its last."""
    day_parts, minute_parts = [], []
    for index, spans in enumerate(table.hours):
        days = table.ordinals[table.working & (table.hours_index == index)]
        day_parts.append(days)
        minute_parts.append(np.full(len(days), (spans[0].start + spans[-1].end) // 2, dtype=np.int64))
    if not day_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(day_parts), np.concatenate(minute_parts)


def schedule_key(member: Member) -> Member:
    """What decides when a member works: the member without their name and attendance. Members with
    equal keys (colleagues in one office) have the same intervals and the same cost bands."""
    return dataclasses.replace(member, name="", required=True)


def team_availability(team: Team, start: dt.date, end: dt.date) -> dict[str, Availability]:
    """Every member's availability, by name, in team order; computed once per distinct schedule."""
    done: dict[Member, Availability] = {}
    result = {}
    for member in team.members:
        key = schedule_key(member)
        shared = done.get(key)
        if shared is None:
            shared = done[key] = member_availability(member, start, end)
        result[member.name] = Availability(member, shared.starts, shared.ends, shared.days)
    return result
