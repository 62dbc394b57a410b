"""Presenters: plans, calendars and briefings as text tables, JSON, CSV, ICS and Markdown.

Everything here turns results into output and nothing else. User text is made safe for each format:
CSV cells that a spreadsheet would run as a formula are neutralised, ICS text is escaped by the
icalendar library, Markdown special characters are escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

from planner_app import ical, zones
from planner_app.calendars import DayKind, DayStatus, member_days, working_per_date
from planner_app.errors import EmptyCalendar, PlannerError
from planner_app.hours import DAY_NAMES, DAYS, WeekHours, clock_text
from planner_app.ranking import Slot
from planner_app.regions import Region, RegionSummary, country_name, summarise
from planner_app.series import UTC_ANCHOR, Alternative, Occurrence, Series, monthly_nth
from planner_app.teams import Member, Team
from planner_app.windows import Plan, Window

if TYPE_CHECKING:  # briefing.py imports this module's Markdown escaping
    from planner_app.briefing import Briefing

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
PRODID = ical.PRODID


SCHEMA_KINDS: tuple[str, ...] = ("windows", "calendar", "series", "regions", "region")


def schema_id(kind: str) -> str:
    """The `schema` value of a JSON document (docs/schemas/<kind>.v1.json describes it)."""
    return f"culture-planner/{kind}/v1"


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (or tab/CR) gets a `'` in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    _csv_rows(out, header, rows)
    return out.getvalue()


def local_time(seconds: int, timezone: str) -> dt.datetime:
    """The instant `seconds` (UTC since 1970) on the member's wall clock."""
    return zones.wall_clock(seconds, timezone)


def utc_iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat().replace("+00:00", "Z")


def local_range(seconds_start: int, seconds_end: int, member: Member) -> dict[str, str]:
    return {
        "start": zones.local_isoformat(seconds_start, member.timezone),
        "end": zones.local_isoformat(seconds_end, member.timezone),
    }


def describe_local(seconds_start: int, seconds_end: int, member: Member, *, date: bool = True) -> str:
    """`Tue 10 Mar 15:00–16:30 (UTC+01:00)` (`Tue 15:00–16:30 (UTC+01:00)` without the date), with
    `+1 day` marks where the end is on another date."""
    start, end = local_time(seconds_start, member.timezone), local_time(seconds_end, member.timezone)
    days = (end.date() - start.date()).days
    tail = f" (+{days} day)" if days == 1 else (f" (+{days} days)" if days > 1 else "")
    offset = zones.format_offset(zones.utc_offset(member.timezone, seconds_start))
    return f"{zones.short_local(seconds_start, member.timezone, date=date)}–{end:%H:%M}{tail} (UTC{offset})"


def _zone_isoformats(
    starts: Sequence[int], ends: Sequence[int], members: Sequence[Member]
) -> dict[str, tuple[list[str], list[str]]]:
    """Each member zone's ISO local times of the given instants, looked up once per zone in one array step."""
    first, last = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    return {
        zone: (zones.local_isoformats(first, zone), zones.local_isoformats(last, zone))
        for zone in dict.fromkeys(m.timezone for m in members)
    }


# -- windows -----------------------------------------------------------------------------------


class RawJSON(str):
    """Text that already is JSON: `_write_json` writes it as it is."""

    __slots__ = ()


_dump = functools.partial(json.dumps, ensure_ascii=False)


def _write_json(out: TextIO, fields: dict[str, Any]) -> None:
    """A JSON document: top-level keys one per line, each item of a list or iterator on a line of its
    own, written one at a time (a three-year plan for 500 members never sits in memory). Each piece goes
    through the json module's C encoder (an indented dump falls back to pure Python, ten times slower);
    `RawJSON` items are written as they are."""
    out.write("{")
    for n, (key, value) in enumerate(fields.items()):
        out.write(("," if n else "") + "\n  " + _dump(key) + ": ")
        if not isinstance(value, Iterator | list | tuple):
            out.write(_dump(value))
            continue
        empty = True
        for item in value:
            out.write(("[\n    " if empty else ",\n    ") + (item if isinstance(item, RawJSON) else _dump(item)))
            empty = False
        out.write("[]" if empty else "\n  ]")
    out.write("\n}\n")


def _materialised(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in fields.items()}


def _to_text(write: Callable[[TextIO], None]) -> str:
    out = io.StringIO()
    write(out)
    return out.getvalue()


def _plan_fields(plan: Plan) -> dict[str, Any]:
    """The windows document's fields, its long lists lazy. What colleagues share is encoded once: each
    zone's local times per window (one clock) and each schedule's days off (one office)."""
    members = plan.team.members
    by_zone = _zone_isoformats([w.start for w in plan.windows], [w.end for w in plan.windows], members)
    # ISO 8601 times hold only digits, "-", ":", "T", "+" and "Z", which JSON writes as they are: these
    # pieces are formatted, not encoded (450 windows x 100 members is 45,000 of them).
    local_text = {
        zone: [f'{{"start": "{a}", "end": "{b}"}}' for a, b in zip(starts, ends, strict=True)]
        for zone, (starts, ends) in by_zone.items()
    }
    name_json = {m.name: _dump(m.name) for m in members}
    prefixes = [(f"{name_json[m.name]}: ", local_text[m.timezone]) for m in members]

    def windows() -> Iterator[RawJSON]:
        for i, w in enumerate(plan.windows):
            local = ", ".join([prefix + times[i] for prefix, times in prefixes])
            attendees = ", ".join([name_json[name] for name in w.attendees])
            yield RawJSON(
                f'{{"start": "{utc_iso(w.start)}", "end": "{utc_iso(w.end)}", "minutes": {int(w.minutes)}, '
                f'"attendees": [{attendees}], "local": {{{local}}}}}'
            )

    def unavailable() -> Iterator[RawJSON]:
        encoded: dict[int, list[str]] = {}  # DayTable (shared by colleagues) -> its days off as JSON tails
        for a in plan.availability.values():
            tails = encoded.get(id(a.days))
            if tails is None:
                tails = encoded[id(a.days)] = [
                    _dump({"date": day.isoformat(), "reason": kind.label, "detail": detail})[1:]
                    for day, kind, detail in a.days.days_off()
                ]
            name = _dump(a.member.name)
            for tail in tails:
                yield RawJSON(f'{{"member": {name}, {tail}')

    return {
        "schema": schema_id("windows"),
        "team": plan.team.name,
        "members": [
            {"name": m.name, "timezone": m.timezone, "place": m.place, "required": m.required} for m in members
        ],
        "from": plan.start.isoformat(),
        "to": plan.end.isoformat(),
        "duration": plan.duration,
        "windows": windows(),
        "unavailable": unavailable(),
        "explanation": plan.explanation,
    }


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: exactly the JSON document `planner windows --format json` prints."""
    data: dict[str, Any] = json.loads(plan_json(plan))
    return data


def write_plan_json(plan: Plan, out: TextIO) -> None:
    """Write the plan's JSON document to `out`, window by window."""
    _write_json(out, _plan_fields(plan))


def plan_json(plan: Plan) -> str:
    """The plan's JSON document (see `write_plan_json`)."""
    return _to_text(functools.partial(write_plan_json, plan))


def _csv_rows(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


_PLAN_CSV_HEADER = (
    "window_start_utc",
    "window_end_utc",
    "minutes",
    "member",
    "place",
    "timezone",
    "local_start",
    "local_end",
    "local_weekday",
    "required",
    "attends",
)


def _plan_rows(plan: Plan) -> Iterator[list[object]]:
    members = plan.team.members
    by_zone = _zone_isoformats([w.start for w in plan.windows], [w.end for w in plan.windows], members)
    for i, w in enumerate(plan.windows):
        for m in members:
            start, end = by_zone[m.timezone][0][i], by_zone[m.timezone][1][i]
            yield [
                utc_iso(w.start),
                utc_iso(w.end),
                w.minutes,
                m.name,
                m.place,
                m.timezone,
                start,
                end,
                DAY_NAMES[dt.date.fromisoformat(start[:10]).weekday()],
                "yes" if m.required else "no",
                "yes" if m.name in w.attendees else "no",
            ]


def write_plan_csv(plan: Plan, out: TextIO) -> None:
    """Write one row per window and member (each member's local start and end) to `out`, row by row."""
    _csv_rows(out, _PLAN_CSV_HEADER, _plan_rows(plan))


def plan_csv(plan: Plan) -> str:
    """One row per window and member, each member's local start and end (see `write_plan_csv`)."""
    return _to_text(functools.partial(write_plan_csv, plan))


def plan_table(plan: Plan, *, limit: int | None = None) -> str:
    """A readable table: each window in UTC, then in every member's local time."""
    team = plan.team
    lines = [
        f"{team.name}: {len(plan.windows)} window{'s' if len(plan.windows) != 1 else ''} of at least "
        f"{plan.duration} min, local dates {plan.start} to {plan.end}",
    ]
    if not plan.windows:
        lines.append(f"No common window: {plan.explanation}.")
        return "\n".join(lines) + "\n"
    width = max(len(m.name) for m in team.members)
    shown = plan.windows if limit is None else plan.windows[:limit]
    for w in shown:
        lines.append("")
        lines.append(
            f"{w.start_utc.strftime('%a %Y-%m-%d %H:%M')}–{w.end_utc.strftime('%H:%M')} UTC  ({w.minutes} min)"
        )
        for m in team.members:
            mark = "" if m.name in w.attendees else "  (optional, busy)"
            lines.append(f"  {m.name:<{width}}  {describe_local(w.start, w.end, m)}  {m.place}{mark}")
    if limit is not None and len(plan.windows) > limit:
        lines.append(f"\n... and {len(plan.windows) - limit} more (use --format json or csv for all)")
    return "\n".join(lines) + "\n"


def team_uid_seed(team: Team) -> str:
    """What every UID of a team's events derives from: the team's stable id where it has one, so
    that renaming a team updates its events in people's calendars instead of duplicating them."""
    return str(getattr(team, "id", None) or team.name)


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"{digest}@culture-planner"


def _event(uid: str, now: dt.datetime, summary: str, sequence: int | None) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(dt.UTC))
    if sequence is not None:
        event.add("sequence", sequence)
    event.add("summary", ical.text(summary))
    return event


def _finish(cal: Any, what: str) -> bytes:
    if not cal.walk("VEVENT"):
        raise EmptyCalendar(f"no calendar file written: {what}")
    return ical.serialise(cal)


def slot_windows(plan: Plan, slots: Sequence[Slot]) -> list[Window]:
    """Chosen slots as meetings: each slot's time with the members who work throughout it."""
    return [
        Window(
            slot.start,
            slot.end,
            tuple(m.name for m in plan.team.members if plan.availability[m.name].covers(slot.start, slot.end)),
        )
        for slot in slots
    ]


def windows_ics(
    plan: Plan,
    now: dt.datetime,
    windows: Sequence[Window] | None = None,
    title: str | None = None,
    *,
    sequence: int | None = None,
    note: str | None = None,
) -> bytes:
    """An iCalendar file with one busy meeting per chosen slot (UTC times; all windows when none are
    given); each member's local time in the description, after `note` when one is given (a time the
    lead chose outside the common hours says who is outside them). Raises `EmptyCalendar` when there
    is none."""
    team = plan.team
    cal = ical.new_calendar(f"{team.name}: meeting", publish=True)
    for w in plan.windows if windows is None else windows:
        event = _event(_uid(team_uid_seed(team), w.start, w.end), now, title or f"{team.name}: meeting", sequence)
        event.add("dtstart", w.start_utc)
        event.add("dtend", w.end_utc)
        lines = [f"{m.name}: {describe_local(w.start, w.end, m)}, {m.place}" for m in team.members]
        head = f"{note}\n" if note else ""
        event.add("description", ical.text(head + "Local times\n" + "\n".join(lines)))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return _finish(cal, f"{team.name} has no meeting to write ({plan.explanation or 'no slot chosen'})")


def availability_ics(plan: Plan, now: dt.datetime, *, sequence: int | None = None) -> bytes:
    """Every common window as a free (TRANSP:TRANSPARENT) "available" block, so that importing the
    file books nobody; who can attend and each member's local time in the description. Raises
    `EmptyCalendar` when there is no window."""
    team = plan.team
    cal = ical.new_calendar(f"{team.name}: when everyone is available", publish=True)
    for w in plan.windows:
        event = _event(_uid(team_uid_seed(team), "available", w.start, w.end), now, f"{team.name}: available", sequence)
        event.add("dtstart", w.start_utc)
        event.add("dtend", w.end_utc)
        lines = [f"{m.name}: {describe_local(w.start, w.end, m)}, {m.place}" for m in team.members]
        attending = ", ".join(w.attendees)
        event.add(
            "description",
            ical.text(
                f"Everyone required is working ({w.minutes} min). Can attend: {attending}\nLocal times\n"
                + "\n".join(lines)
            ),
        )
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["available"])
        cal.add_component(event)
    return _finish(cal, f"{team.name} has no common window from {plan.start} to {plan.end} ({plan.explanation})")


# -- calendar ----------------------------------------------------------------------------------

_CODES = {"working": ".", "ramadan hours": "r", "weekend": "w", "holiday": "H", "away": "a"}


def team_days(team: Team, start: dt.date, end: dt.date) -> dict[str, list[DayStatus]]:
    """Each member's status for each of their local dates."""
    return {m.name: member_days(m, start, end) for m in team.members}


def _calendar_fields(team: Team, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        "schema": schema_id("calendar"),
        "team": team.name,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "members": (
            {
                "name": m.name,
                "timezone": m.timezone,
                "place": m.place,
                "days": [
                    {
                        "date": d.date.isoformat(),
                        "status": d.label,
                        "detail": d.detail,
                        "hours": [str(s) for s in d.hours],
                    }
                    for d in member_days(m, start, end)
                ],
            }
            for m in team.members
        ),
    }


def calendar_to_data(team: Team, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The calendar as the JSON document `planner calendar --format json` prints."""
    return _materialised(_calendar_fields(team, start, end))


def write_calendar_json(team: Team, start: dt.date, end: dt.date, out: TextIO) -> None:
    """Write the calendar's JSON document to `out`, member by member."""
    _write_json(out, _calendar_fields(team, start, end))


def calendar_json(team: Team, start: dt.date, end: dt.date) -> str:
    """The calendar's JSON document (see `write_calendar_json`)."""
    return _to_text(functools.partial(write_calendar_json, team, start, end))


def _calendar_rows(team: Team, start: dt.date, end: dt.date) -> Iterator[list[object]]:
    for m in team.members:
        for d in member_days(m, start, end):
            yield [
                m.name,
                m.place,
                m.timezone,
                d.date.isoformat(),
                DAY_NAMES[d.date.weekday()],
                d.label,
                d.detail,
                " ".join(str(s) for s in d.hours),
            ]


def write_calendar_csv(team: Team, start: dt.date, end: dt.date, out: TextIO) -> None:
    """Write one row per member and local date to `out`, row by row."""
    header = ("member", "place", "timezone", "date", "weekday", "status", "detail", "hours")
    _csv_rows(out, header, _calendar_rows(team, start, end))


def calendar_csv(team: Team, start: dt.date, end: dt.date) -> str:
    """One row per member and local date (see `write_calendar_csv`)."""
    return _to_text(functools.partial(write_calendar_csv, team, start, end))


def calendar_table(team: Team, start: dt.date, end: dt.date) -> str:
    """A grid with one row per member and one character per date, then the holidays by name."""
    days = team_days(team, start, end)
    dates = [start + dt.timedelta(n) for n in range((end - start).days + 1)]
    width = max(len(m.name) for m in team.members)
    lines = [f"{team.name}: {start} to {end}", "legend: . working  r Ramadan hours  w weekend  H holiday  a away", ""]
    for chunk in range(0, len(dates), 42):
        part = dates[chunk : chunk + 42]
        lines.append(" " * (width + 2) + "".join(d.strftime("%d")[0] for d in part))
        lines.append(" " * (width + 2) + "".join(d.strftime("%d")[1] for d in part))
        lines.append(" " * (width + 2) + "".join("MTWTFSS"[d.weekday()] for d in part))
        for m in team.members:
            row = days[m.name][chunk : chunk + 42]
            lines.append(f"{m.name:<{width}}  " + "".join(_CODES[d.label] for d in row))
        lines.append("")
    working = working_per_date(days)
    busiest = max(working)
    lines.append(f"members working per date: {min(working)} to {busiest} of {len(team.members)}")
    holidays = [(d.date, name, d.detail) for name, ds in days.items() for d in ds if d.kind is DayKind.HOLIDAY]
    if holidays:
        lines.append("holidays:")
        lines += [f"  {date}  {name}: {detail}" for date, name, detail in sorted(holidays)]
    return "\n".join(lines) + "\n"


def _runs(dates: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive dates as (first, last) runs."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(dates):
        if runs and day == runs[-1][1] + dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def calendar_ics(team: Team, start: dt.date, end: dt.date, now: dt.datetime, *, sequence: int | None = None) -> bytes:
    """Holidays as all-day events (one per member and date) and days away as one all-day event per
    run of consecutive days. Raises `EmptyCalendar` when the range has neither."""
    cal = ical.new_calendar(f"{team.name}: holidays and days away", publish=True)
    seed = team_uid_seed(team)
    for m in team.members:
        events: list[tuple[dt.date, dt.date, str, str]] = [
            (d.date, d.date, d.detail, "holiday") for d in member_days(m, start, end) if d.kind is DayKind.HOLIDAY
        ]
        away = [d for d in m.away_dates() if start <= d <= end]
        events += [(first, last, "away", "away") for first, last in _runs(away)]
        for first, last, what, kind in sorted(events):
            event = _event(_uid(seed, m.name, first, kind), now, f"{m.name} ({m.place}): {what}", sequence)
            event.add("dtstart", first)
            event.add("dtend", last + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            event.add("categories", [kind])
            cal.add_component(event)
    return _finish(cal, f"{team.name} has no holiday or day away from {start} to {end}")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows literally (no links, emphasis, HTML or `$...$` math)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


# -- series ------------------------------------------------------------------------------------


def series_to_data(s: Series) -> dict[str, Any]:
    """The series as the JSON document `planner series --format json` prints; each occurrence's `uid`
    and `recurrence_id` are those of the ICS (`recurrence_tzid` names the zone of the latter)."""
    members = s.team.members
    ids = series_ids(s)
    held = s.held
    by_zone = _zone_isoformats([o.times[0] for o in held], [o.times[1] for o in held], members)
    position = {o.index: k for k, o in enumerate(held)}
    occurrences = []
    for o, (uid, recurrence_id) in zip(s.occurrences, ids.occurrences, strict=True):
        local = None
        if o.index in position:
            k = position[o.index]
            local = {
                m.name: {"start": by_zone[m.timezone][0][k], "end": by_zone[m.timezone][1][k], "cost": o.costs[m.name]}
                for m in members
            }
        occurrences.append(
            {
                "index": o.index,
                "nominal_date": o.nominal.isoformat(),
                "date": o.date.isoformat(),
                "start": utc_iso(o.start) if o.start is not None else None,
                "end": utc_iso(o.end) if o.end is not None else None,
                "moved": o.moved,
                "skipped": o.skipped,
                "reason": o.reason or None,
                "uid": uid,
                "recurrence_id": recurrence_id,
                "local": local,
            }
        )
    return {
        "schema": schema_id("series"),
        "team": s.team.name,
        "mode": s.mode,
        "cadence": s.cadence,
        "anchor": s.anchor,
        "anchor_timezone": s.anchor_zone,
        "time": clock_text(s.time) if s.time is not None else None,
        "duration": s.duration,
        "uid": ids.uid if ids.occurrences and ids.occurrences[0][1] is not None else None,
        "recurrence_tzid": ids.tzid,
        "occurrences": occurrences,
        "totals": {name: {"cost": cost, "share": round(s.shares[name], 4)} for name, cost in s.totals.items()},
        "dst_drift": _drift_data(s),
        "stable_anchor": {"anchor": s.stable_anchor, "members_stable": s.stable_members},
        "alternatives": [alternative_to_data(a) for a in s.alternatives],
        "warnings": list(s.warnings),
    }


def alternative_to_data(a: Alternative) -> dict[str, Any]:
    """A fixed time the lead may pick instead, with its trade-off, as JSON."""
    return {
        "kind": a.kind,
        "time": clock_text(a.time),
        "clock": a.place,
        "held": a.held,
        "count": a.count,
        "moved": a.moved,
        "skipped": list(a.skipped),
        "night": {name: list(times) for name, times in a.night},
        "summary": a.summary,
    }


def _drift_data(s: Series) -> list[dict[str, Any]]:
    """Each drift: the member's local start at the meeting before the change and at the one after."""
    held = s.held
    position = {o.date: k for k, o in enumerate(held)}
    out = []
    for d in s.drift:
        after = held[position[d.date]]
        before = held[position[d.date] - 1]
        zone = s.team.member(d.member).timezone
        out.append(
            {
                "date": d.date.isoformat(),
                "member": d.member,
                "zone": zone,
                "before": zones.local_isoformat(before.times[0], zone),
                "after": zones.local_isoformat(after.times[0], zone),
                "shift_minutes": d.shift_minutes,
                "cause": d.cause,
            }
        )
    return out


def series_json(s: Series) -> str:
    return _to_text(functools.partial(_write_json, fields=series_to_data(s)))


def series_csv(s: Series) -> str:
    """One row per occurrence and member."""
    header = [
        "index",
        "nominal_date",
        "date",
        "start_utc",
        "end_utc",
        "member",
        "local_start",
        "local_end",
        "cost",
        "moved",
        "skipped",
        "reason",
    ]
    rows = []
    for o in s.occurrences:
        for m in s.team.members:
            if o.start is None:
                rows.append([o.index, o.nominal, o.date, "", "", m.name, "", "", "", "no", "yes", o.reason])
                continue
            rows.append(
                [
                    o.index,
                    o.nominal,
                    o.date,
                    utc_iso(o.times[0]),
                    utc_iso(o.times[1]),
                    m.name,
                    local_time(o.times[0], m.timezone).isoformat(),
                    local_time(o.times[1], m.timezone).isoformat(),
                    o.costs[m.name],
                    "yes" if o.moved else "no",
                    "no",
                    o.reason,
                ]
            )
    return _csv(header, rows)


def series_table(s: Series) -> str:
    """A readable table: each occurrence in UTC and in every member's local time, then the burden."""
    team = s.team
    width = max(len(m.name) for m in team.members)
    when = f" at {clock_text(s.time)} {s.anchor_zone}" if s.time is not None else ""
    lines = [
        f"{team.name}: {len(s.occurrences)} {s.cadence} meetings of {s.duration} min, {s.mode}{when} "
        f"(anchor: {s.anchor})",
    ]
    for o in s.occurrences:
        lines.append("")
        if o.start is None:
            lines.append(f"#{o.index:<3} {o.nominal:%a %Y-%m-%d}  SKIPPED: {o.reason}")
            continue
        moved = f"  ({o.reason})" if o.moved else ""
        start, end = o.times
        lines.append(f"#{o.index:<3} {utc_iso(start)}{moved}")
        for m in team.members:
            lines.append(f"     {m.name:<{width}}  {describe_local(start, end, m)}  cost {o.costs[m.name]:g}")
    lines += ["", "Burden over the series (cost points; share of the team's total, optional members weighing a fifth):"]
    for name, cost in s.totals.items():
        lines.append(f"  {name:<{width}}  {cost:>8g}  {s.shares[name]:>6.1%}")
    lines += ["", "Fixed times to choose from:"]
    lines += [f"  {a.kind:<18}  {a.summary}" for a in s.alternatives] or ["  none: no fixed time holds a meeting"]
    lines += [f"WARNING: {w}" for w in s.warnings]
    lines += ["", "DST drift:"]
    lines += [
        f"  {d.date:%a %Y-%m-%d}  {d.member}: {d.before} -> {d.after} ({d.shift_minutes:+d} min; {d.cause})"
        for d in s.drift
    ] or ["  none: every member's local time stays the same"]
    best = s.stable_anchor
    lines.append(
        f"An anchor of {best!r} keeps the local time stable for {s.stable_members[best]} "
        f"of {len(team.members)} members."
    )
    return "\n".join(lines) + "\n"


_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _described(s: Series, o: Occurrence) -> str:
    return "Local times\n" + "\n".join(f"{m.name}: {describe_local(*o.times, m)}, {m.place}" for m in s.team.members)


def _periods_described(s: Series, held: Sequence[Occurrence]) -> str:
    """Each member's local time per clock period (a run of meetings in which nobody's time moves),
    so that the one description of a recurring event is true for every meeting it stands for."""
    runs: list[tuple[dt.date, dt.date, tuple[str, ...]]] = []
    for o in held:
        clocks = tuple(f"{m.name}: {describe_local(*o.times, m, date=False)}, {m.place}" for m in s.team.members)
        if runs and runs[-1][2] == clocks:
            runs[-1] = (runs[-1][0], o.date, clocks)
        else:
            runs.append((o.date, o.date, clocks))
    if len(runs) == 1:
        return "Local times\n" + "\n".join(runs[0][2])
    parts = ["Local times (they change with the clocks)"]
    for first, last, clocks in runs:
        span = f"{first:%a %d %b %Y}" if first == last else f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"
        parts.append(f"\n{span}:")
        parts += [f"  {line}" for line in clocks]
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class SeriesIds:
    """How a series appears in calendar files: the master UID, and each occurrence's UID and
    RECURRENCE-ID value (the same in the ICS and the JSON)."""

    uid: str
    tzid: str | None  # the zone RECURRENCE-IDs are written in; None for UTC values or no master
    occurrences: tuple[tuple[str | None, str | None], ...]


def _fixed_zone(s: Series) -> dt.tzinfo | None:
    """The anchor's zone when the series is one recurring event, else None."""
    if s.mode == "rotate" or s.time is None:
        return None
    return dt.UTC if s.anchor == UTC_ANCHOR else zones.zone(s.anchor_zone)


def _nominal_start(s: Series, day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    hour, minute = divmod(s.time or 0, 60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _ical_value(when: dt.datetime) -> str:
    return when.strftime("%Y%m%dT%H%M%S") + ("Z" if when.tzinfo is dt.UTC else "")


def series_ids(s: Series) -> SeriesIds:
    """The series' UIDs and RECURRENCE-IDs: a fixed series is one event (every occurrence, skipped
    ones included, has its RECURRENCE-ID), a rotation one event per meeting held."""
    uid = _uid(team_uid_seed(s.team), s.cadence, s.mode, s.occurrences[0].nominal, s.anchor_zone)
    tz = _fixed_zone(s)
    if tz is None:
        ids = tuple((None, None) if o.skipped else (_uid(uid, o.index), None) for o in s.occurrences)
        return SeriesIds(uid, None, ids)
    occurrences = tuple((uid, _ical_value(_nominal_start(s, o.nominal, tz))) for o in s.occurrences)
    return SeriesIds(uid, None if tz is dt.UTC else s.anchor_zone, occurrences)


def _in_clock_change(when: dt.datetime) -> bool:
    """Whether this wall time falls in a spring-forward gap or a repeated hour of its zone."""
    return when.replace(fold=0).utcoffset() != when.replace(fold=1).utcoffset()


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _rotation_ics(s: Series, ids: SeriesIds, now: dt.datetime, sequence: int | None) -> bytes:
    summary = f"{s.team.name}: {s.cadence} meeting"
    cal = ical.new_calendar(summary, publish=True)
    for o, (uid, _) in zip(s.occurrences, ids.occurrences, strict=True):
        if uid is None:
            continue
        event = _event(uid, now, summary, sequence)
        event.add("dtstart", _utc(o.times[0]))
        event.add("dtend", _utc(o.times[1]))
        event.add("description", ical.text(_described(s, o)))
        cal.add_component(event)
    return _finish(cal, f"every meeting of {s.team.name}'s series is skipped")


def _master(
    s: Series,
    ids: SeriesIds,
    nominal: list[dt.datetime],
    plain: list[Occurrence],
    now: dt.datetime,
    sequence: int | None,
) -> Any:
    first, tz = s.occurrences[0].nominal, nominal[0].tzinfo
    master = _event(ids.uid, now, f"{s.team.name}: {s.cadence} meeting", sequence)
    master.add("dtstart", nominal[0])
    # DTEND, not DURATION; every instance then lasts exactly DTEND - DTSTART (RFC 5545 3.8.5.3)
    master.add("dtend", (nominal[0].astimezone(dt.UTC) + dt.timedelta(minutes=s.duration)).astimezone(tz))
    weekday = _BYDAY[first.weekday()]
    if s.cadence == "monthly":
        rule: dict[str, Any] = {"freq": "monthly", "byday": f"{monthly_nth(first)}{weekday}"}
    else:
        rule = {"freq": "weekly", "interval": 2 if s.cadence == "biweekly" else 1, "byday": weekday}
    rule["count"] = len(s.occurrences)
    master.add("rrule", rule)
    skipped = [when for when, o in zip(nominal, s.occurrences, strict=True) if o.skipped]
    if skipped:
        # one EXDATE line with every date: Radicale reads only the first of several EXDATE lines
        master.add("exdate", skipped)
    master.add("description", ical.text(_periods_described(s, plain) if plain else _described(s, s.held[0])))
    return master


def series_ics(s: Series, now: dt.datetime, *, sequence: int | None = None) -> bytes:
    """`fixed` series: one VEVENT with RRULE (explicit BYDAY; EXDATE for skipped meetings;
    RECURRENCE-ID overrides for moved meetings and for those whose wall time falls in a clock
    change, the latter with an explicit UTC start) and a VTIMEZONE for the anchor's zone built from
    tzdata. `rotate` series: one VEVENT per meeting. Raises `EmptyCalendar` when none is held;
    `sequence` (the saved version, when known) lets calendar apps take a changed series as an update."""
    ids = series_ids(s)
    tz = _fixed_zone(s)
    if tz is None:
        return _rotation_ics(s, ids, now, sequence)
    if not s.held:
        raise EmptyCalendar(f"no calendar file written: every meeting of {s.team.name}'s series is skipped")
    nominal = [_nominal_start(s, o.nominal, tz) for o in s.occurrences]
    overridden = [
        o.moved or (not o.skipped and _in_clock_change(when)) for o, when in zip(s.occurrences, nominal, strict=True)
    ]
    plain = [o for o, over in zip(s.occurrences, overridden, strict=True) if not o.skipped and not over]
    cal = ical.new_calendar(f"{s.team.name}: {s.cadence} meeting", publish=True)
    if tz is not dt.UTC:
        instants = [int(w.timestamp()) for w in nominal] + [t for o in s.held for t in o.times]
        cal.add_component(ical.vtimezone(s.anchor_zone, min(instants) - 86400, max(instants) + 86400))
    cal.add_component(_master(s, ids, nominal, plain, now, sequence))
    for o, when, over in zip(s.occurrences, nominal, overridden, strict=True):
        if over:
            cal.add_component(_override(s, ids.uid, o, when, now, sequence))
    return ical.serialise(cal)


def _override(s: Series, uid: str, o: Occurrence, when: dt.datetime, now: dt.datetime, sequence: int | None) -> Any:
    """A moved meeting, or one whose wall time the clocks skip or repeat (then written in UTC, so
    that a client which gets clock changes wrong still lands on the planner's instant)."""
    start, end = _utc(o.times[0]), _utc(o.times[1])
    if when.tzinfo is not dt.UTC:  # on the anchor's clock, unless that clock skips or repeats the time
        local_start, local_end = (zones.wall_clock(t, s.anchor_zone) for t in o.times)
        if not any(_in_clock_change(t) for t in (when, local_start, local_end)):
            start, end = local_start, local_end
    override = _event(uid, now, f"{s.team.name}: {s.cadence} meeting", sequence)
    override.add("recurrence-id", when)
    override.add("dtstart", start)
    override.add("dtend", end)
    note = o.reason or "written in UTC: the clocks change around this meeting's wall time"
    override.add("description", ical.text(f"{note}\n{_described(s, o)}"))
    return override


# -- CSV for calendar apps ---------------------------------------------------------------------

CALENDAR_APPS: tuple[str, ...] = ("google", "outlook")
_APP_HEADERS = {
    # Google Calendar's import columns (Calendar help: "Create or edit a CSV file")
    "google": (
        "Subject",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
        "All Day Event",
        "Description",
        "Location",
        "Private",
    ),
    # the columns Outlook's own calendar export writes, in its order, that the import wizard maps by name
    "outlook": (
        "Subject",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
        "All day event",
        "Reminder on/off",
        "Categories",
        "Description",
        "Location",
        "Private",
        "Show time as",
    ),
}


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One meeting (UTC seconds) or all-day entry (dates, `last` inclusive) for a calendar app."""

    subject: str
    first: int | dt.date
    last: int | dt.date
    description: str = ""
    location: str = ""
    busy: bool = True
    category: str = ""


def windows_entries(
    plan: Plan, windows: Sequence[Window] | None = None, *, note: str | None = None
) -> list[CalendarEntry]:
    """The plan's windows as free "available" entries, or the given windows (chosen slots) as meetings
    (with `note` first in each description when one is given)."""
    team, chosen = plan.team, windows is not None
    head = f"{note}\n" if note else ""
    out = []
    for w in plan.windows if windows is None else windows:
        lines = [f"{m.name}: {describe_local(w.start, w.end, m)}, {m.place}" for m in team.members]
        out.append(
            CalendarEntry(
                f"{team.name}: {'meeting' if chosen else 'available'}",
                w.start,
                w.end,
                head + "Local times\n" + "\n".join(lines),
                busy=chosen,
                category="" if chosen else "available",
            )
        )
    return out


def series_entries(s: Series) -> list[CalendarEntry]:
    """Every meeting of the series that is held, each with its own local times."""
    summary = f"{s.team.name}: {s.cadence} meeting"
    return [
        CalendarEntry(summary, o.times[0], o.times[1], (f"{o.reason}\n" if o.moved else "") + _described(s, o))
        for o in s.held
    ]


def calendar_entries(team: Team, start: dt.date, end: dt.date) -> list[CalendarEntry]:
    """Holidays (one per member and date) and runs of days away, as free all-day entries."""
    out = []
    for m in team.members:
        found = [(d.date, d.date, d.detail, "holiday") for d in member_days(m, start, end) if d.kind is DayKind.HOLIDAY]
        found += [(a, b, "away", "away") for a, b in _runs(d for d in m.away_dates() if start <= d <= end)]
        out += [
            CalendarEntry(f"{m.name} ({m.place}): {what}", a, b, busy=False, category=kind)
            for a, b, what, kind in sorted(found)
        ]
    return out


def _app_date(day: dt.date, app: str) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}" if app == "google" else f"{day.month}/{day.day}/{day.year}"


def _app_time(when: dt.datetime, app: str) -> str:
    hour = when.hour % 12 or 12
    suffix = "AM" if when.hour < 12 else "PM"
    return f"{hour}:{when.minute:02d} {suffix}" if app == "google" else f"{hour}:{when.minute:02d}:00 {suffix}"


def _app_row(entry: CalendarEntry, app: str, viewer_timezone: str) -> list[object]:
    if isinstance(entry.first, int) and isinstance(entry.last, int):
        start, end = local_time(entry.first, viewer_timezone), local_time(entry.last, viewer_timezone)
        dates = [_app_date(start.date(), app), _app_time(start, app), _app_date(end.date(), app), _app_time(end, app)]
        all_day = False
    else:
        assert isinstance(entry.first, dt.date)
        assert isinstance(entry.last, dt.date)
        # Outlook's all-day end is the next day (as its own export writes it); Google's is the last day
        last = entry.last + dt.timedelta(days=1) if app == "outlook" else entry.last
        dates, all_day = [_app_date(entry.first, app), "", _app_date(last, app), ""], True
    flag = ("True" if all_day else "False") if app == "google" else ("TRUE" if all_day else "FALSE")
    if app == "google":
        return [entry.subject, *dates, flag, entry.description, entry.location, "False"]
    show_as = "2" if entry.busy else "0"  # Outlook: 0 free, 2 busy
    return [entry.subject, *dates, flag, "FALSE", entry.category, entry.description, entry.location, "FALSE", show_as]


def calendar_app_csv(entries: Iterable[CalendarEntry], app: str, viewer_timezone: str) -> bytes:
    """A CSV that Google Calendar (`app="google"`) or Outlook (`"outlook"`) imports: one row per entry,
    times on the wall clock of `viewer_timezone` (the zone of the calendar imported into), UTF-8 with
    a byte-order mark so that Excel on Windows reads names such as Zoë. Cells a spreadsheet would run
    as a formula get a leading apostrophe, as in every CSV of the planner."""
    if app not in _APP_HEADERS:
        raise PlannerError(f"calendar app must be one of {', '.join(CALENDAR_APPS)} (got {app!r})")
    zones.zone(viewer_timezone)
    rows = [_app_row(e, app, viewer_timezone) for e in entries]
    return ("\ufeff" + _csv(_APP_HEADERS[app], rows)).encode("utf-8")


def calendar_app_file_name(stem: str, app: str, viewer_timezone: str) -> str:
    """`team-series-google-Europe_London.csv`: the file says which zone its times are in."""
    return f"{stem}-{app}-{viewer_timezone.replace('/', '_')}.csv"


# -- regions -----------------------------------------------------------------------------------


def regions_to_data(regions: Iterable[Region | RegionSummary]) -> dict[str, Any]:
    """The region list as the JSON document `planner regions --format json` prints."""
    rows = [r if isinstance(r, RegionSummary) else summarise(r) for r in regions]
    return {
        "schema": schema_id("regions"),
        "regions": [
            {
                "id": r.id,
                "name": r.name,
                "country": r.country,
                "country_name": r.country_name,
                "subdivision": r.subdivision,
                "timezone": r.timezone,
                "weekend": list(r.weekend),
                "ramadan_hours": r.ramadan_hours,
            }
            for r in rows
        ],
    }


def _week(hours: WeekHours) -> dict[str, list[str]]:
    return {DAYS[d]: [str(span) for span in spans] for d, spans in enumerate(hours)}


def briefing_to_data(b: Briefing, viewer_timezone: str | None = None) -> dict[str, Any]:
    """A region's briefing as the JSON document `planner region ID --format json` prints."""
    r = b.region
    instant = int(b.now.timestamp())
    offset = zones.utc_offset(r.timezone, instant)
    viewer = None
    if viewer_timezone:
        difference = offset - zones.utc_offset(viewer_timezone, instant)
        viewer = {"timezone": viewer_timezone, "offset_minutes": difference // 60}
    return {
        "schema": schema_id("region"),
        "id": r.id,
        "name": r.name,
        "label": r.label,
        "country": r.country,
        "country_name": country_name(r.country),
        "subdivision": r.subdivision,
        "timezone": r.timezone,
        "local_now": b.local_now.isoformat(),
        "viewer": viewer,
        "holiday_categories": list(r.holiday_categories),
        "weekend": [DAYS[d] for d in sorted(r.weekend)],
        "hours": _week(r.hours),
        "ramadan_hours": _week(r.ramadan_hours) if r.ramadan_hours is not None else None,
        "holidays": [{"date": day.isoformat(), "name": name} for day, name in b.holidays],
        "ramadan": [{"start": a.isoformat(), "end": z.isoformat()} for a, z in b.ramadan],
        "clock_changes": [
            {
                "at": c.at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                "utc_offset_before_minutes": c.before // 60,
                "utc_offset_after_minutes": c.after // 60,
                "shift_minutes": c.shift_minutes,
            }
            for c in b.clock_changes
        ],
        "notes": dict(r.notes),
        "weekend_vs_cldr": r.weekend_vs_cldr,
        "sources": [{"topic": x.topic, "title": x.title, "url": x.url, "read": x.read.isoformat()} for x in r.sources],
    }


def dump_json(data: Any) -> str:
    """A JSON document as every command prints it: indented, UTF-8 text, one final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
