"""Onboarding briefings: what a newcomer should know about working with a region, as data.

`briefing(region, now)` gathers the facts (local time, week, hours, coming holidays, Ramadan, clock
changes, notes, sources); the presenters below turn them into text or Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from planner_app import zones
from planner_app.availability import local_to_utc
from planner_app.calendars import holiday_names, ramadan_periods
from planner_app.hours import DAY_NAMES, DAYS, Span, describe_day
from planner_app.regions import NOTE_TOPICS, HolidayAdd, Region, Source, country_name

HOLIDAY_DAYS_AHEAD = 90
NOTE_TITLES = {
    "working_week": "Working week",
    "punctuality": "Punctuality",
    "meeting_etiquette": "Meeting etiquette",
    "communication": "Communication",
    "decision_making": "Decision making",
    "sensitive_periods": "Sensitive periods",
}


@dataclass(frozen=True, slots=True)
class ClockChange:
    """A change of a zone's UTC offset: the instant, and the offsets before and after (seconds)."""

    at: dt.datetime
    before: int
    after: int

    @property
    def shift_minutes(self) -> int:
        return (self.after - self.before) // 60

    def describe(self, timezone: str) -> str:
        local = zones.wall_clock(int(self.at.timestamp()), timezone)
        sign = "forward" if self.after > self.before else "back"
        return (
            f"{local.strftime('%a %Y-%m-%d')}: clocks go {sign} {abs(self.shift_minutes)} min "
            f"(UTC{format_offset(self.before)} to UTC{format_offset(self.after)})"
        )


@dataclass(frozen=True, slots=True)
class Briefing:
    """The facts of a region briefing at a moment `now`.

    `holidays` are the days off blocked in the next 90 days (the package's list after the profile's
    changes); `dropped` are the package's holidays in that time that the profile does not block.
    """

    region: Region
    now: dt.datetime
    local_now: dt.datetime
    holidays: tuple[tuple[dt.date, str], ...]
    ramadan: tuple[tuple[dt.date, dt.date], ...]
    clock_changes: tuple[ClockChange, ...]
    dropped: tuple[tuple[dt.date, str], ...] = ()
    added: frozenset[dt.date] = frozenset()


format_offset = zones.format_offset


def _offset(timezone: str, moment: dt.datetime) -> int:
    return zones.utc_offset(timezone, int(moment.timestamp()))


def clock_changes(timezone: str, start: dt.datetime, days: int = 366) -> tuple[ClockChange, ...]:
    """Every change of the zone's UTC offset after `start` (aware) within the next `days` days."""
    begin = int(start.timestamp())
    finish = begin + days * zones.SECONDS_PER_DAY
    first, last = (dt.datetime.fromtimestamp(t, dt.UTC).year for t in (begin, finish))
    at, offsets = zones.offset_changes(timezone, first, last)
    return tuple(
        ClockChange(dt.datetime.fromtimestamp(int(at[i]), dt.UTC), int(offsets[i - 1]), int(offsets[i]))
        for i in range(1, len(at))
        if begin < at[i] <= finish
    )


def briefing(region: Region, now: dt.datetime) -> Briefing:
    """Everything a briefing shows for `region` at the aware instant `now`."""
    local_now = zones.wall_clock(int(now.timestamp()), region.timezone)
    today = local_now.date()
    horizon = today + dt.timedelta(days=HOLIDAY_DAYS_AHEAD)
    years = tuple(range(today.year, horizon.year + 1))
    table = holiday_names(
        region.country, region.subdivision, region.holiday_categories, years, region.holidays_drop, region.holidays_add
    )
    coming = tuple((day, name) for day, name in table.items() if today <= day <= horizon)
    package = holiday_names(region.country, region.subdivision, region.holiday_categories, years)
    dropped = tuple(_dropped(package, table, today, horizon))
    # the current or next Ramadan and the one after: one that ended earlier this year is past, not coming
    ramadan = tuple(p for p in ramadan_periods(today.year, today.year + 2) if p[1] >= today)[:2]
    added = frozenset(day for day, _ in coming if day not in package)
    changes = clock_changes(region.timezone, now)
    return Briefing(region, now, local_now, coming, ramadan, changes, dropped, added)


def _dropped(
    package: Mapping[dt.date, str], table: Mapping[dt.date, str], first: dt.date, last: dt.date
) -> list[tuple[dt.date, str]]:
    """The package's holidays between the dates that the profile's list no longer has."""
    out = []
    for day, names in package.items():
        kept = set(table.get(day, "").split("; "))
        gone = [name for name in names.split("; ") if name not in kept]
        if first <= day <= last and gone:
            out.append((day, "; ".join(gone)))
    return out


def holiday_change_lines(region: Region) -> list[str]:
    """What the profile adds to and drops from the package's holiday list, each with why and source:
    `Dropped: Lincoln's Birthday (every year). Why: ... Source: title <url> (read 2026-11-29)`."""
    lines = []
    for drop in region.holidays_drop:
        when = ", ".join(f"{m:02d}-{d:02d}" for m, d in drop.dates) if drop.dates else "every year"
        lines.append(f"Dropped: {drop.name} ({when}). Why: {drop.why} Source: {_cite(drop.source)}")
    for add in region.holidays_add:
        when = _add_dates(add)
        lines.append(f"Added: {add.name} ({when}). Why: {add.why} Source: {_cite(add.source)}")
    return lines


def _cite(source: Source) -> str:
    return f"{source.title} <{source.url}> (read {source.read})"


def _add_dates(add: HolidayAdd) -> str:
    """`12-29, 12-30 every year 2021–; 2026-03-02`: the yearly dates with their years, then the dated ones."""
    yearly = [f"{m:02d}-{d:02d}" for fixed, m, d in add.dates if fixed is None]
    once = [f"{fixed}-{m:02d}-{d:02d}" for fixed, m, d in add.dates if fixed is not None]
    years = f" {add.from_year or ''}–{add.until_year or ''}" if add.from_year or add.until_year else ""
    parts = ([f"{', '.join(yearly)} every year{years}"] if yearly else []) + ([", ".join(once)] if once else [])
    return "; ".join(parts)


COMPARE_DAYS = 7


@dataclass(frozen=True, slots=True)
class ComparedDay:
    """One local date of the left region, with each region's hours in its own and the other's clock."""

    date: dt.date
    left: str
    left_in_right: str
    right: str
    right_in_left: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two regions side by side: their briefings and the coming week in each other's clock."""

    left: Briefing
    right: Briefing
    days: tuple[ComparedDay, ...]


def compare(left: Region, right: Region, now: dt.datetime) -> Comparison:
    """`left` and `right` side by side at the aware instant `now`: weekend, holidays in the next 90
    days, Ramadan and clock changes (their briefings), and the next seven of left's local dates with
    each region's working hours in its own clock and in the other's."""
    a, b = briefing(left, now), briefing(right, now)
    first = a.local_now.date()
    days = []
    for n in range(COMPARE_DAYS):
        day = first + dt.timedelta(days=n)
        mine, theirs = _hours_on(a, day), _hours_on(b, day)
        days.append(
            ComparedDay(
                day,
                _describe(mine, day, left, left),
                _describe(mine, day, left, right),
                _describe(theirs, day, right, right),
                _describe(theirs, day, right, left),
            )
        )
    return Comparison(a, b, tuple(days))


def _hours_on(b: Briefing, day: dt.date) -> tuple[Span, ...] | str:
    """A region's spans on a local date, or why it has none (weekend, a holiday's name)."""
    r = b.region
    holiday = dict(b.holidays).get(day)
    if holiday is not None:
        return f"holiday: {holiday}"
    if day.weekday() in r.weekend:
        return "weekend"
    in_ramadan = r.ramadan_hours is not None and any(start <= day <= end for start, end in b.ramadan)
    spans = (r.ramadan_hours if in_ramadan and r.ramadan_hours else r.hours)[day.weekday()]
    return spans or "no hours"


def _describe(spans: tuple[Span, ...] | str, day: dt.date, owner: Region, viewer: Region) -> str:
    """Spans of `owner` on its local `day`, read on `viewer`'s clock through each zone's rules for the
    date (`Tue 10:00–15:00`); a reason passes through."""
    if isinstance(spans, str):
        return spans
    parts = []
    for span in spans:
        start = zones.wall_clock(local_to_utc(day, span.start, owner.timezone), viewer.timezone)
        end = zones.wall_clock(local_to_utc(day, span.end, owner.timezone), viewer.timezone)
        prefix = "" if start.date() == day else f"{start:%a} "
        suffix = "" if end.date() == start.date() else f" {end:%a}"
        parts.append(f"{prefix}{start:%H:%M}–{end:%H:%M}{suffix}")
    return ", ".join(parts)


def _week_lines(region: Region) -> list[str]:
    working = [d for d in range(7) if d not in region.weekend]
    lines = [
        f"Weekend: {', '.join(DAY_NAMES[d] for d in sorted(region.weekend)) or 'none'}",
        f"Working days: {', '.join(DAY_NAMES[d] for d in working)}",
    ]
    for d in working:
        lines.append(f"  {DAYS[d].title()}: {describe_day(region.hours[d])}")
    if region.ramadan_hours is not None:
        lines.append("During Ramadan:")
        lines += [f"  {DAYS[d].title()}: {describe_day(region.ramadan_hours[d])}" for d in working]
    return lines


def _added_mark(b: Briefing, day: dt.date) -> str:
    return " (added by this profile)" if day in b.added else ""


def briefing_text(b: Briefing, viewer_timezone: str | None = None) -> str:
    """The briefing as plain text for the terminal."""
    r = b.region
    offset = zones.utc_offset(r.timezone, int(b.now.timestamp()))
    lines = [
        f"{r.label}  ({r.id})",
        f"Local time now: {b.local_now.strftime('%a %Y-%m-%d %H:%M')} (UTC{format_offset(offset)}, {r.timezone})",
    ]
    if viewer_timezone:
        diff = offset - _offset(viewer_timezone, b.now)
        lines.append(f"Offset to {viewer_timezone}: {format_offset(diff)} hours")
    sub = f", subdivision {r.subdivision}" if r.subdivision else ""
    lines.append(f"Holidays: {country_name(r.country)}{sub} ({', '.join(r.holiday_categories)})")
    lines.append("")
    lines += _week_lines(r)
    lines += ["", f"Holidays in the next {HOLIDAY_DAYS_AHEAD} days:"]
    lines += [f"  {day:%a %Y-%m-%d}  {name}{_added_mark(b, day)}" for day, name in b.holidays] or ["  none"]
    if b.dropped:
        lines += ["Not blocked (dropped by this profile):"]
        lines += [f"  {day:%a %Y-%m-%d}  {name}" for day, name in b.dropped]
    changes = holiday_change_lines(r)
    if changes:
        lines += ["", "Changes to the holidays package's list:"]
        lines += [f"  {line}" for line in changes]
    lines += ["", "Ramadan (Umm al-Qura calendar; local observance may differ by a day):"]
    lines += [f"  {a:%Y-%m-%d} to {z:%Y-%m-%d}" for a, z in b.ramadan]
    lines += ["", "Clock changes in the next 12 months:"]
    lines += [f"  {c.describe(r.timezone)}" for c in b.clock_changes] or ["  none"]
    lines += ["", "Notes:"]
    for topic in NOTE_TOPICS:
        lines.append(f"  {NOTE_TITLES[topic]}: {r.notes[topic]}")
    if r.weekend_vs_cldr:
        lines.append(f"  Weekend versus CLDR: {r.weekend_vs_cldr}")
    lines += ["", "Sources:"]
    lines += [f"  [{s.topic}] {s.title} <{s.url}> (read {s.read})" for s in r.sources]
    return "\n".join(lines) + "\n"


def document_escape(text: str) -> str:
    """Text for a Markdown document people also read as plain text: only the characters that start
    emphasis, code, links or HTML inside a line are escaped, so `09:00-17:00` and `(observed)` stay as
    written (our lines never begin with user text, so block markers need no escape)."""
    return re.sub(r"([\\`*_\[\]<>~|])", r"\\\1", text)


def briefing_markdown(b: Briefing) -> str:
    """The briefing as a Markdown document to download and share."""
    r = b.region
    esc = document_escape
    offset = zones.utc_offset(r.timezone, int(b.now.timestamp()))
    out = [
        f"# Working with {esc(r.label)}",
        "",
        f"*Local time when this was written: {b.local_now:%a %Y-%m-%d %H:%M} "
        f"(UTC{format_offset(offset)}, {esc(r.timezone)})*",
        "",
        "## Working week and hours",
        "",
    ]
    out += [f"- {esc(line.strip())}" for line in _week_lines(r)]
    out += ["", f"## Public holidays in the next {HOLIDAY_DAYS_AHEAD} days", ""]
    out += [f"- {day:%a %Y-%m-%d}: {esc(name)}{_added_mark(b, day)}" for day, name in b.holidays] or ["- none"]
    if b.dropped:
        out += ["", "Not blocked (dropped by this profile):", ""]
        out += [f"- {day:%a %Y-%m-%d}: {esc(name)}" for day, name in b.dropped]
    changes = holiday_change_lines(r)
    if changes:
        out += ["", "## Changes to the holidays package's list", ""]
        out += [f"- {esc(line)}" for line in changes]
    out += ["", "## Ramadan", ""]
    out += [f"- {a:%Y-%m-%d} to {z:%Y-%m-%d} (Umm al-Qura; local observance may differ by a day)" for a, z in b.ramadan]
    out += ["", "## Clock changes in the next 12 months", ""]
    out += [f"- {esc(c.describe(r.timezone))}" for c in b.clock_changes] or ["- none"]
    out += ["", "## Notes", ""]
    for topic in NOTE_TOPICS:
        out += [f"**{NOTE_TITLES[topic]}.** {esc(r.notes[topic])}", ""]
    if r.weekend_vs_cldr:
        out += [f"**Weekend versus CLDR.** {esc(r.weekend_vs_cldr)}", ""]
    out += ["## Sources", ""]
    out += [f"- {s.topic}: {esc(s.title)}, <{s.url}> (read {s.read})" for s in r.sources]
    return "\n".join(out) + "\n"
