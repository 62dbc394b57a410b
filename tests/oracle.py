"""An independent minute-grid oracle for the engine, written the naive way on purpose.

It shares nothing with the engine but the parsed `Member`: it decides each local date itself (weekday in
the weekend, an away range, the `holidays` package asked directly, Ramadan from `hijridate` directly),
converts each local time with `zoneinfo` on its own date (fold=0: a time in a spring-forward gap takes
the offset before the gap, an ambiguous time its first occurrence, RFC 5545's rule), and marks UTC
minutes on a boolean grid. Windows are then runs of minutes where every required member's grid is set.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import holidays
import numpy as np
from hijridate import Gregorian, Hijri

from planner_app import zones  # noqa: F401  (pins zoneinfo to the tzdata package, as the product does)
from planner_app.hours import Span
from planner_app.teams import Member, Team

MINUTE = 60


@functools.cache
def _ramadan_dates(year: int) -> frozenset[dt.date]:
    """Every Gregorian date of `year` inside Ramadan (Umm al-Qura, through hijridate directly)."""
    days: set[dt.date] = set()
    for hijri_year in range(Gregorian(year, 1, 1).to_hijri().year, Gregorian(year, 12, 31).to_hijri().year + 1):
        begin = dt.date(*Hijri(hijri_year, 9, 1).to_gregorian().datetuple())
        after = dt.date(*Hijri(hijri_year, 10, 1).to_gregorian().datetuple())
        days.update(begin + dt.timedelta(n) for n in range((after - begin).days))
    return frozenset(d for d in days if d.year == year)


def in_ramadan(day: dt.date) -> bool:
    return day in _ramadan_dates(day.year)


@functools.cache
def _holidays(country: str, subdivision: str | None, categories: tuple[str, ...], year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year, categories=categories))


def off_reason(member: Member, day: dt.date) -> str | None:
    """Why the member does not work on their local date (None when they do)."""
    if member.country and day in _holidays(member.country, member.subdivision, member.holiday_categories, day.year):
        return "holiday"
    if day.weekday() in member.weekend:
        return "weekend"
    if any(first <= day <= last for first, last in member.away):
        return "away"
    if not hours_of(member, day):
        return "weekend"
    return None


def hours_of(member: Member, day: dt.date) -> tuple[Span, ...]:
    if member.ramadan_hours is not None and in_ramadan(day):
        return member.ramadan_hours[day.weekday()]
    return member.hours[day.weekday()]


def utc_minute(day: dt.date, minute: int, timezone: str) -> int:
    """Minutes since 1970 (UTC) of the local time `minute` minutes after `day`'s midnight, fold=0."""
    day += dt.timedelta(days=minute // 1440)
    minute %= 1440
    local = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zoneinfo.ZoneInfo(timezone))
    return int(local.timestamp()) // MINUTE


def member_grid(member: Member, start: dt.date, end: dt.date, base: int, size: int) -> np.ndarray:
    """The member's working minutes from `base` (UTC minutes since 1970), `size` minutes long."""
    grid = np.zeros(size, dtype=bool)
    day = start
    while day <= end:
        if off_reason(member, day) is None:
            for span in hours_of(member, day):
                a = utc_minute(day, span.start, member.timezone) - base
                b = utc_minute(day, span.end, member.timezone) - base
                if b > a:
                    grid[max(a, 0) : max(b, 0)] = True
        day += dt.timedelta(days=1)
    return grid


def grid_span(start: dt.date, end: dt.date) -> tuple[int, int]:
    """A UTC minute range that holds every local date of start..end in any zone (two days' margin)."""
    base = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp()) // MINUTE - 2 * 1440
    return base, ((end - start).days + 5) * 1440


def windows(team: Team, start: dt.date, end: dt.date, duration: int) -> list[tuple[int, int]]:
    """The team's common windows as (start, end) UTC seconds, found on the minute grid."""
    base, size = grid_span(start, end)
    common = np.ones(size, dtype=bool)
    for member in team.required:
        common &= member_grid(member, start, end, base, size)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], common.astype(np.int8), [0]])))
    runs = zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True)
    return [((s + base) * MINUTE, (e + base) * MINUTE) for s, e in runs if e - s >= duration]


def shared_minutes(a: Member, b: Member, start: dt.date, end: dt.date) -> int:
    """Minutes both members work over their local dates start..end."""
    base, size = grid_span(start, end)
    return int((member_grid(a, start, end, base, size) & member_grid(b, start, end, base, size)).sum())
