"""What each member is doing at a chosen instant, and a chosen slot on everyone's clock.

A member's status at an instant is read from their `DayTable` (the date's kind, the holiday's name,
the hours in force, Ramadan hours) on their own wall clock (`zones.wall_clock`), and from the AWAKE
band (07:00-22:00 local) that separates off hours from night. Hours that cross midnight are found on
the previous local date. A chosen slot reuses the ranking's cost model (`ranking.slot_of`), so the
cost shown for a start picked by hand equals the cost the ranking gives that start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from planner_app import zones
from planner_app.availability import Availability
from planner_app.calendars import DayKind, DayTable, day_table
from planner_app.hours import AWAKE, MINUTES_PER_DAY, Span
from planner_app.ranking import MemberLoad, slot_of
from planner_app.teams import Member
from planner_app.windows import Plan, Window

WORKING, RAMADAN, LUNCH, OFF_HOURS, NIGHT = "working", "ramadan hours", "lunch", "off hours", "night"


class MemberStatus(NamedTuple):
    """A status (working, ramadan hours, lunch, off hours, night, weekend, holiday, away) and why."""

    status: str
    detail: str


@dataclass(frozen=True, slots=True)
class _Day:
    kind: DayKind
    detail: str
    ramadan: bool
    hours: tuple[Span, ...]


def _day(member: Member, table: DayTable, date: dt.date) -> _Day:
    """The date's row in the table, or a row computed for it when the table does not reach it."""
    ordinal = date.toordinal()
    first = int(table.ordinals[0]) if len(table.ordinals) else ordinal + 1
    if not first <= ordinal <= first + len(table.ordinals) - 1:
        table, first = day_table(member, date, date), ordinal
    i = ordinal - first
    kind = DayKind(int(table.kinds[i]))
    index = int(table.hours_index[i])
    hours = table.hours[index] if index >= 0 else ()
    ramadan = bool(table.ramadan[i]) and kind is DayKind.WORKING
    return _Day(kind, table.detail(ordinal, kind), ramadan, hours)


def _clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _working(day: _Day, span: Span) -> MemberStatus:
    until = f"until {_clock(span.end)}"
    return MemberStatus(RAMADAN, f"Ramadan hours, {until}") if day.ramadan else MemberStatus(WORKING, until)


def status_at(availability: Availability, instant: int) -> MemberStatus:
    """What the member is doing at the instant (UTC seconds), on their own wall clock: `working` or
    `ramadan hours` (inside the hours in force), `lunch` (between two spans of a working day),
    `weekend` / `holiday` / `away` (a day off, the holiday by name), else `night` (22:00-07:00 local)
    or `off hours`."""
    member, table = availability.member, availability.days
    local = zones.wall_clock(instant, member.timezone)
    minute = local.hour * 60 + local.minute
    yesterday = _day(member, table, local.date() - dt.timedelta(days=1))
    if yesterday.kind is DayKind.WORKING:  # hours that cross midnight belong to the day they started
        for span in yesterday.hours:
            if span.start <= minute + MINUTES_PER_DAY < span.end:
                return _working(yesterday, span)
    today = _day(member, table, local.date())
    if today.kind is not DayKind.WORKING:
        return MemberStatus(today.kind.label, today.detail)
    for span in today.hours:
        if span.start <= minute < span.end:
            return _working(today, span)
    for before, after in zip(today.hours, today.hours[1:], strict=False):
        if before.end <= minute < after.start:
            return MemberStatus(LUNCH, f"break {_clock(before.end)}-{_clock(after.start)}")
    if not AWAKE.start <= minute < AWAKE.end:
        return MemberStatus(NIGHT, f"{local:%H:%M} local")
    return MemberStatus(OFF_HOURS, f"{local:%H:%M} local")


@dataclass(frozen=True, slots=True)
class MemberAt:
    """One member during a chosen slot: their local start and end, status at the start, and cost."""

    name: str
    place: str
    timezone: str
    required: bool
    start: dt.datetime
    end: dt.datetime
    status: str
    detail: str
    cost: float
    outside_minutes: int  # minutes of the slot outside their working hours

    @property
    def in_hours(self) -> bool:
        return self.outside_minutes == 0


@dataclass(frozen=True, slots=True)
class ChosenSlot:
    """A start picked by hand: everyone's local time, status and cost, and the window it lies in."""

    start: int
    end: int
    cost: float
    members: tuple[MemberAt, ...]
    window: Window | None  # the common window holding the whole slot, if any

    @property
    def outside_required(self) -> tuple[MemberAt, ...]:
        """Required members not working throughout the slot."""
        return tuple(m for m in self.members if m.required and not m.in_hours)

    def as_window(self) -> Window:
        """The slot as a meeting: its time and everyone who works throughout it."""
        return Window(self.start, self.end, tuple(m.name for m in self.members if m.in_hours))


def window_holding(plan: Plan, start: int, end: int) -> Window | None:
    """The plan's common window that contains `[start, end)`, if one does."""
    for window in plan.windows:
        if window.start <= start and end <= window.end:
            return window
    return None


def slot_at(plan: Plan, start: int, *, loads: Sequence[MemberLoad] | None = None) -> ChosenSlot:
    """The plan's meeting length starting at `start` (UTC seconds, any minute, inside a window or
    not): every member's local time, status and cost under the ranking's cost model."""
    end = start + plan.duration * 60
    scored = slot_of(plan, start, loads=loads)
    members = []
    for m in plan.team.members:
        availability = plan.availability[m.name]
        status, detail = status_at(availability, start)
        worked = availability.overlap_seconds(start, end)
        members.append(
            MemberAt(
                m.name,
                m.place,
                m.timezone,
                m.required,
                zones.wall_clock(start, m.timezone),
                zones.wall_clock(end, m.timezone),
                status,
                detail,
                scored.costs[m.name],
                (end - start - worked) // 60,
            )
        )
    return ChosenSlot(start, end, scored.cost, tuple(members), window_holding(plan, start, end))
