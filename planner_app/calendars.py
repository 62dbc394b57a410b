"""Which local dates a member works, and why not: weekends, public holidays, away days, Ramadan.

Holidays come from the `holidays` package (names in English), Ramadan from the Umm al-Qura
calendar through `hijridate`. Where a date is several things at once, the holiday wins over the
weekend, and the weekend over an away day: the most widely shared reason is the one reported.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from planner_app.errors import RangeError
from planner_app.hours import DAY_NAMES, Span
from planner_app.regions import HolidayAdd, HolidayDrop, apply_holiday_changes, package_holidays
from planner_app.teams import Member

MAX_RANGE_DAYS = 3 * 366  # what a person may ask to plan at once (windows, calendars, share links)
# What the engine builds a day table for: a series' six years (series.MAX_SERIES_DAYS) and its margins.
MAX_TABLE_DAYS = 6 * 366 + 14
# Hours reach into the next local date and UTC lies up to a day from local time: keep a margin.
FIRST_DATE, LAST_DATE = dt.date.min + dt.timedelta(days=1), dt.date.max - dt.timedelta(days=2)


class DayKind(enum.IntEnum):
    WORKING = 0
    WEEKEND = 1
    HOLIDAY = 2
    AWAY = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class DayStatus:
    """One member's local date: working (perhaps on Ramadan hours) or off, and why."""

    date: dt.date
    kind: DayKind
    detail: str
    ramadan: bool
    hours: tuple[Span, ...]

    @property
    def label(self) -> str:
        if self.kind is DayKind.WORKING:
            return "ramadan hours" if self.ramadan else "working"
        return self.kind.label


_NO_HOURS = -1


@dataclass(frozen=True, slots=True)
class DayTable:
    """A member's local dates, each decided once: its kind (working, weekend, holiday, away), why, and
    the hours in force on it. Everything that asks "does this member work on this date, and when" reads
    this table: the calendar, the engine's intervals, the cost bands, `Plan.unavailable` and series.

    Arrays run over the dates: proleptic `ordinals`, `DayKind` codes in `kinds` (a working weekday on
    which the member's week table has no hours is a `WEEKEND`, with the reason in `details`), `ramadan`
    flags (dates inside Ramadan, for members with Ramadan hours), and `hours_index` into
    `hours`, the distinct sets of spans in force (-1 where the date is off)."""

    ordinals: np.ndarray
    kinds: np.ndarray
    ramadan: np.ndarray
    holidays: Mapping[int, str]
    hours: tuple[tuple[Span, ...], ...]
    hours_index: np.ndarray
    details: Mapping[int, str]

    @property
    def working(self) -> np.ndarray:
        """A boolean per date: the member works on it."""
        working: np.ndarray = self.kinds == DayKind.WORKING
        return working

    def detail(self, ordinal: int, kind: DayKind) -> str:
        """Why the date has its kind: the holiday's name, the weekday, "away", "Ramadan hours" or ""."""
        if ordinal in self.details:
            return self.details[ordinal]
        if kind is DayKind.HOLIDAY:
            return self.holidays.get(ordinal, "public holiday")
        if kind is DayKind.WEEKEND:
            return DAY_NAMES[(ordinal - 1) % 7]  # date.fromordinal(1) is a Monday
        return "away" if kind is DayKind.AWAY else ""

    def statuses(self) -> list[DayStatus]:
        """Every date as a `DayStatus`."""
        rows = []
        for ordinal, kind, ramadan, index in zip(
            self.ordinals.tolist(), self.kinds.tolist(), self.ramadan.tolist(), self.hours_index.tolist(), strict=True
        ):
            kind = DayKind(kind)
            working = kind is DayKind.WORKING
            detail = ("Ramadan hours" if ramadan else "") if working else self.detail(ordinal, kind)
            spans = self.hours[index] if index >= 0 else ()
            rows.append(DayStatus(dt.date.fromordinal(ordinal), kind, detail, bool(ramadan) and working, spans))
        return rows

    def days_off(self) -> list[tuple[dt.date, DayKind, str]]:
        """The dates off work, with their kind and why, in date order."""
        off = np.flatnonzero(self.kinds != DayKind.WORKING)
        return [
            (dt.date.fromordinal(ordinal), DayKind(kind), self.detail(ordinal, DayKind(kind)))
            for ordinal, kind in zip(self.ordinals[off].tolist(), self.kinds[off].tolist(), strict=True)
        ]


def check_range(start: dt.date, end: dt.date, max_days: int = MAX_RANGE_DAYS) -> None:
    """`RangeError` unless `start <= end` and the span is at most `max_days` (three years)."""
    if end < start:
        raise RangeError(f"the end date {end} is before the start date {start}", field="end")
    if start < FIRST_DATE or end > LAST_DATE:
        raise RangeError(f"dates must lie between {FIRST_DATE} and {LAST_DATE} (got {start}..{end})")
    if (end - start).days + 1 > max_days:
        raise RangeError(
            f"the range {start}..{end} is longer than {max_days // 366} years; plan at most {max_days} days"
        )


@functools.lru_cache(maxsize=512)
def holiday_names(
    country: str,
    subdivision: str | None,
    categories: tuple[str, ...],
    years: tuple[int, ...],
    drops: tuple[HolidayDrop, ...] = (),
    adds: tuple[HolidayAdd, ...] = (),
) -> Mapping[dt.date, str]:
    """The days off of a place in the given years, names in English: the `holidays` package's public
    holidays (or the given categories), less a profile's `drops`, plus its `adds`.
    """
    table = package_holidays(country, subdivision, categories, years)
    if not drops and not adds:
        return table
    return apply_holiday_changes(table, years, drops, adds)


@functools.lru_cache(maxsize=64)
def ramadan_periods(first_year: int, last_year: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """Ramadan's first and last Gregorian dates (Umm al-Qura) for periods touching these years."""
    from hijridate import Gregorian, Hijri

    try:
        first = Gregorian(first_year, 1, 1).to_hijri().year - 1
        last = Gregorian(last_year, 12, 31).to_hijri().year + 1
    except (OverflowError, ValueError):
        raise RangeError(f"Ramadan dates are known for 1924-2076 only (asked for {first_year}-{last_year})") from None
    periods = []
    for year in range(first, last + 1):
        try:
            begin = dt.date(*Hijri(year, 9, 1).to_gregorian().datetuple())
            after = dt.date(*Hijri(year, 10, 1).to_gregorian().datetuple())
        except (OverflowError, ValueError):
            continue
        end = after - dt.timedelta(days=1)
        if end.year >= first_year and begin.year <= last_year:
            periods.append((begin, end))
    return tuple(periods)


def day_table(member: Member, start: dt.date, end: dt.date) -> DayTable:
    """The member's local dates `start..end`, each decided once (see `DayTable`)."""
    check_range(start, end, MAX_TABLE_DAYS)
    ordinals = np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)
    weekdays = (ordinals - 1) % 7  # date.fromordinal(1) is a Monday
    kinds = np.zeros(len(ordinals), dtype=np.int8)
    away = member.away_dates()
    if away:
        kinds[np.isin(ordinals, [d.toordinal() for d in away])] = DayKind.AWAY
    if member.weekend:
        kinds[np.isin(weekdays, sorted(member.weekend))] = DayKind.WEEKEND
    names = _holidays_in(member, start, end)
    if names:
        kinds[np.isin(ordinals, list(names))] = DayKind.HOLIDAY
    ramadan = np.zeros(len(ordinals), dtype=bool)
    if member.ramadan_hours is not None:
        for begin, last in ramadan_periods(start.year, end.year):
            ramadan |= (ordinals >= begin.toordinal()) & (ordinals <= last.toordinal())
    hours, hours_index, details = _hours_in_force(member, ordinals, weekdays, kinds, ramadan)
    for array in (ordinals, kinds, ramadan, hours_index):
        array.setflags(write=False)
    return DayTable(ordinals, kinds, ramadan, names, hours, hours_index, details)


def _holidays_in(member: Member, start: dt.date, end: dt.date) -> dict[int, str]:
    """The member's holidays between the dates, by ordinal."""
    if not member.country:
        return {}
    table = holiday_names(
        member.country,
        member.subdivision,
        member.holiday_categories,
        tuple(range(start.year, end.year + 1)),
        member.holidays_drop,
        member.holidays_add,
    )
    return {day.toordinal(): name for day, name in table.items() if start <= day <= end}


def _hours_in_force(
    member: Member, ordinals: np.ndarray, weekdays: np.ndarray, kinds: np.ndarray, ramadan: np.ndarray
) -> tuple[tuple[tuple[Span, ...], ...], np.ndarray, dict[int, str]]:
    """The distinct hour sets, each working date's index into them, and the reason for each weekday that
    the week table leaves without hours (such a date becomes a `WEEKEND` in `kinds`, changed in place)."""
    hours: list[tuple[Span, ...]] = []
    index = np.full(len(ordinals), _NO_HOURS, dtype=np.int16)
    details: dict[int, str] = {}
    for in_ramadan in (False, True):
        for weekday in range(7):
            selected = (kinds == DayKind.WORKING) & (weekdays == weekday) & (ramadan == in_ramadan)
            if not selected.any():
                continue
            spans = hours_on(member, weekday, in_ramadan)
            if spans:
                index[selected] = len(hours)
                hours.append(spans)
                continue
            kinds[selected] = DayKind.WEEKEND  # a working day with no hours in this week table is a day off
            reason = f"no working hours on {DAY_NAMES[weekday]}"
            details.update(dict.fromkeys(ordinals[selected].tolist(), reason))
    return tuple(hours), index, details


def hours_on(member: Member, weekday: int, ramadan: bool) -> tuple[Span, ...]:
    """The member's spans for a working weekday, Ramadan hours when `ramadan`."""
    if ramadan and member.ramadan_hours is not None:
        return member.ramadan_hours[weekday]
    return member.hours[weekday]


def member_days(member: Member, start: dt.date, end: dt.date) -> list[DayStatus]:
    """Each local date `start..end` for the member: working, weekend, holiday (named) or away."""
    return day_table(member, start, end).statuses()


def working_per_date(days: Mapping[str, Sequence[DayStatus]]) -> list[int]:
    """How many of the members work on each date, given each member's statuses for the same dates."""
    return [sum(status.kind is DayKind.WORKING for status in column) for column in zip(*days.values(), strict=True)]
