"""Onboarding briefings: what a newcomer should know about working with a region, as data.

`briefing(region, now)` gathers the facts (local time, week, hours, coming holidays, Ramadan, clock
changes, notes, sources); the presenters below turn them into text or Markdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner_app import zones
from planner_app.calendars import holiday_names, ramadan_periods
from planner_app.export import markdown_escape
from planner_app.hours import DAY_NAMES, DAYS, describe_day
from planner_app.regions import NOTE_TOPICS, Region, country_name

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
        local = self.at.astimezone(zones.zone(timezone))
        sign = "forward" if self.after > self.before else "back"
        return (
            f"{local.strftime('%a %Y-%m-%d')}: clocks go {sign} {abs(self.shift_minutes)} min "
            f"(UTC{format_offset(self.before)} to UTC{format_offset(self.after)})"
        )


@dataclass(frozen=True, slots=True)
class Briefing:
    """The facts of a region briefing at a moment `now`."""

    region: Region
    now: dt.datetime
    local_now: dt.datetime
    holidays: tuple[tuple[dt.date, str], ...]
    ramadan: tuple[tuple[dt.date, dt.date], ...]
    clock_changes: tuple[ClockChange, ...]


def format_offset(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _offset(timezone: str, moment: dt.datetime) -> int:
    offset = moment.astimezone(zones.zone(timezone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def clock_changes(timezone: str, start: dt.datetime, days: int = 366) -> tuple[ClockChange, ...]:
    """Every change of the zone's UTC offset from `start` (aware) over the next `days` days."""
    changes = []
    hour = dt.timedelta(hours=1)
    moment = start.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    last = _offset(timezone, moment)
    for _ in range(days * 4):  # 6-hour steps, then narrow to the minute
        step = moment + 6 * hour
        current = _offset(timezone, step)
        if current != last:
            lo, hi = moment, step
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if _offset(timezone, mid) == last:
                    lo = mid
                else:
                    hi = mid
            changes.append(ClockChange(hi.replace(second=0, microsecond=0), last, current))
            last = current
        moment = step
    return tuple(changes)


def briefing(region: Region, now: dt.datetime) -> Briefing:
    """Everything a briefing shows for `region` at the aware instant `now`."""
    local_now = now.astimezone(zones.zone(region.timezone))
    today = local_now.date()
    horizon = today + dt.timedelta(days=HOLIDAY_DAYS_AHEAD)
    years = tuple(range(today.year, horizon.year + 1))
    table = holiday_names(
        region.country, region.subdivision, region.holiday_categories, years, region.holidays_drop, region.holidays_add
    )
    coming = tuple((day, name) for day, name in table.items() if today <= day <= horizon)
    ramadan = ramadan_periods(today.year, today.year + 1)
    ramadan = tuple(p for p in ramadan if p[0].year in (today.year, today.year + 1))
    return Briefing(region, now, local_now, coming, ramadan, clock_changes(region.timezone, now))


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


def briefing_text(b: Briefing, viewer_timezone: str | None = None) -> str:
    """The briefing as plain text for the terminal."""
    r = b.region
    offset = int(b.local_now.utcoffset().total_seconds())  # type: ignore[union-attr]
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
    lines += [f"  {day:%a %Y-%m-%d}  {name}" for day, name in b.holidays] or ["  none"]
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


def briefing_markdown(b: Briefing) -> str:
    """The briefing as a Markdown document to download and share."""
    r = b.region
    esc = markdown_escape
    offset = int(b.local_now.utcoffset().total_seconds())  # type: ignore[union-attr]
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
    out += [f"- {day:%a %Y-%m-%d}: {esc(name)}" for day, name in b.holidays] or ["- none"]
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
