"""Which local dates a member works, and why not: weekends, public holidays, away days, Ramadan.

Holidays come from the `holidays` package (names in English), Ramadan from the Umm al-Qura
calendar through `hijridate`. Where a date is several things at once, the holiday wins over the
weekend, and the weekend over an away day: the most widely shared reason is the one reported.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from planner_app.errors import RangeError
from planner_app.hours import DAY_NAMES, Span
from planner_app.regions import HolidayAdd, HolidayDrop, apply_holiday_changes, package_holidays
from planner_app.teams import Member

MAX_RANGE_DAYS = 3 * 366
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


@dataclass(frozen=True, slots=True)
class DayTable:
    """A member's dates as arrays: proleptic ordinals, `DayKind` codes, Ramadan flags, holiday names."""

    ordinals: np.ndarray
    kinds: np.ndarray
    ramadan: np.ndarray
    holidays: Mapping[int, str]


def check_range(start: dt.date, end: dt.date) -> None:
    """`RangeError` unless `start <= end` and the span is at most three years."""
    if end < start:
        raise RangeError(f"--to {end} is before --from {start}")
    if start < FIRST_DATE or end > LAST_DATE:
        raise RangeError(f"dates must lie between {FIRST_DATE} and {LAST_DATE} (got {start}..{end})")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise RangeError(f"the range {start}..{end} is longer than 3 years; plan at most {MAX_RANGE_DAYS} days")


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
    """The member's local dates `start..end` with their kinds, as arrays the engine can mask."""
    check_range(start, end)
    ordinals = np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)
    weekdays = (ordinals - 1) % 7  # date.fromordinal(1) is a Monday
    kinds = np.zeros(len(ordinals), dtype=np.int8)
    away = member.away_dates()
    if away:
        kinds[np.isin(ordinals, [d.toordinal() for d in away])] = DayKind.AWAY
    if member.weekend:
        kinds[np.isin(weekdays, sorted(member.weekend))] = DayKind.WEEKEND
    names: dict[int, str] = {}
    if member.country:
        table = holiday_names(
            member.country,
            member.subdivision,
            member.holiday_categories,
            tuple(range(start.year, end.year + 1)),
            member.holidays_drop,
            member.holidays_add,
        )
        names = {day.toordinal(): name for day, name in table.items() if start <= day <= end}
        if names:
            kinds[np.isin(ordinals, list(names))] = DayKind.HOLIDAY
    ramadan = np.zeros(len(ordinals), dtype=bool)
    if member.ramadan_hours is not None:
        for begin, last in ramadan_periods(start.year, end.year):
            ramadan |= (ordinals >= begin.toordinal()) & (ordinals <= last.toordinal())
    return DayTable(ordinals, kinds, ramadan, names)


def hours_on(member: Member, weekday: int, ramadan: bool) -> tuple[Span, ...]:
    """The member's spans for a working weekday, Ramadan hours when `ramadan`."""
    if ramadan and member.ramadan_hours is not None:
        return member.ramadan_hours[weekday]
    return member.hours[weekday]


def member_days(member: Member, start: dt.date, end: dt.date) -> list[DayStatus]:
    """Each local date `start..end` for the member: working, weekend, holiday (named) or away."""
    table = day_table(member, start, end)
    away_detail = "away"
    days = []
    for ordinal, kind, ramadan in zip(
        table.ordinals.tolist(), table.kinds.tolist(), table.ramadan.tolist(), strict=True
    ):
        date = dt.date.fromordinal(ordinal)
        kind = DayKind(kind)
        if kind is DayKind.WORKING:
            spans = hours_on(member, date.weekday(), ramadan)
            detail = "Ramadan hours" if ramadan else ""
            if not spans:  # a working day with no hours in this week table is a day off
                kind, detail = DayKind.WEEKEND, f"no working hours on {DAY_NAMES[date.weekday()]}"
        else:
            spans = ()
            detail = {
                DayKind.HOLIDAY: table.holidays.get(ordinal, "public holiday"),
                DayKind.WEEKEND: DAY_NAMES[date.weekday()],
                DayKind.AWAY: away_detail,
            }[kind]
        days.append(DayStatus(date, kind, detail, bool(ramadan) and kind is DayKind.WORKING, spans))
    return days
