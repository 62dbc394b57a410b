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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from planner_app import zones
from planner_app.calendars import DayKind, DayStatus, member_days
from planner_app.hours import DAY_NAMES
from planner_app.series import UTC_ANCHOR, Alternative, Occurrence, Series, monthly_nth
from planner_app.teams import Member, Team
from planner_app.windows import Plan, Window

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
PRODID = "-//culture-planner//meeting planner//EN"


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (or tab/CR) gets a `'` in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
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


def describe_local(seconds_start: int, seconds_end: int, member: Member) -> str:
    """`Tue 10 Mar 15:00–16:30 (UTC+01:00)`, with `+1 day` marks where the end is on another date."""
    start, end = local_time(seconds_start, member.timezone), local_time(seconds_end, member.timezone)
    days = (end.date() - start.date()).days
    tail = f" (+{days} day)" if days == 1 else (f" (+{days} days)" if days > 1 else "")
    offset = start.utcoffset()
    assert offset is not None
    when = zones.short_local(seconds_start, member.timezone)
    return f"{when}–{end:%H:%M}{tail} (UTC{zones.format_offset(int(offset.total_seconds()))})"


# -- windows -----------------------------------------------------------------------------------


class RawJSON(str):
    """Text that already is JSON: `json_chunks` writes it as it is."""

    __slots__ = ()


_dump = functools.partial(json.dumps, ensure_ascii=False)


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as the JSON document `planner windows --format json` prints, its long lists lazy.

    A three-year plan for 500 members is hundreds of MB of JSON, so it is written as it is made, and
    the parts members share are encoded once: each zone's local times per window (colleagues in one
    zone read the same clock) and each schedule's days off (colleagues in one office share them)."""
    members = plan.team.members
    starts = np.array([w.start for w in plan.windows], dtype=np.int64)
    ends = np.array([w.end for w in plan.windows], dtype=np.int64)
    local_text = {
        zone: [
            _dump({"start": a, "end": b})
            for a, b in zip(zones.local_isoformats(starts, zone), zones.local_isoformats(ends, zone), strict=True)
        ]
        for zone in dict.fromkeys(m.timezone for m in members)
    }
    names = [(_dump(m.name), m.timezone) for m in members]

    def windows() -> Iterator[RawJSON]:
        for i, w in enumerate(plan.windows):
            local = ", ".join(f"{name}: {local_text[zone][i]}" for name, zone in names)
            head = _dump({"start": utc_iso(w.start), "end": utc_iso(w.end), "minutes": w.minutes})
            yield RawJSON(f'{head[:-1]}, "attendees": {_dump(list(w.attendees))}, "local": {{{local}}}}}')

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
        "team": plan.team.name,
        "from": plan.start.isoformat(),
        "to": plan.end.isoformat(),
        "duration": plan.duration,
        "windows": windows(),
        "unavailable": unavailable(),
        "explanation": plan.explanation,
    }


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan's JSON document as plain data: exactly what `planner windows --format json` prints."""
    data: dict[str, Any] = json.loads(plan_json(plan))
    return data


def json_chunks(document: Mapping[str, Any]) -> Iterator[str]:
    """A JSON document as text, piece by piece: top-level keys one per line, each element of a top-level
    list on a line of its own. Each piece goes through the json module's C encoder (an indented dump
    falls back to pure Python, about ten times slower); `RawJSON` pieces are written as they are."""
    yield "{"
    for n, (key, value) in enumerate(document.items()):
        yield ("\n" if n == 0 else ",\n") + f"  {_dump(key)}: "
        if isinstance(value, Iterator | list | tuple):
            yield "["
            empty = True
            for item in value:
                yield ("\n    " if empty else ",\n    ") + (item if isinstance(item, RawJSON) else _dump(item))
                empty = False
            yield "]" if empty else "\n  ]"
        else:
            yield _dump(value)
    yield "\n}\n"


def plan_json(plan: Plan) -> str:
    return "".join(json_chunks(plan_document(plan)))


def plan_csv(plan: Plan) -> str:
    """One row per window and member, each member's local start and end."""
    header = [
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
    ]
    rows = []
    for w in plan.windows:
        for m in plan.team.members:
            start, end = local_time(w.start, m.timezone), local_time(w.end, m.timezone)
            rows.append(
                [
                    utc_iso(w.start),
                    utc_iso(w.end),
                    w.minutes,
                    m.name,
                    m.place,
                    m.timezone,
                    start.isoformat(),
                    end.isoformat(),
                    DAY_NAMES[start.weekday()],
                    "yes" if m.required else "no",
                    "yes" if m.name in w.attendees else "no",
                ]
            )
    return _csv(header, rows)


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


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"{digest}@culture-planner"


def _calendar() -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal


def windows_ics(
    plan: Plan, now: dt.datetime, windows: Sequence[Window] | None = None, title: str | None = None
) -> bytes:
    """An iCalendar file with one event per window (UTC times); each member's local time in the description."""
    from icalendar import Event

    cal = _calendar()
    cal.add("x-wr-calname", f"{plan.team.name}: meeting windows")
    for w in plan.windows if windows is None else windows:
        event = Event()
        event.add("uid", _uid(plan.team.name, w.start, w.end))
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", w.start_utc)
        event.add("dtend", w.end_utc)
        event.add("summary", title or f"{plan.team.name}: meeting")
        lines = [f"{m.name}: {describe_local(w.start, w.end, m)}, {m.place}" for m in plan.team.members]
        event.add("description", "Local times\n" + "\n".join(lines))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return bytes(cal.to_ical())


# -- calendar ----------------------------------------------------------------------------------

_CODES = {"working": ".", "ramadan hours": "r", "weekend": "w", "holiday": "H", "away": "a"}


def team_days(team: Team, start: dt.date, end: dt.date) -> dict[str, list[DayStatus]]:
    """Each member's status for each of their local dates."""
    return {m.name: member_days(m, start, end) for m in team.members}


def calendar_to_data(team: Team, start: dt.date, end: dt.date) -> dict[str, Any]:
    days = team_days(team, start, end)
    return {
        "team": team.name,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "members": [
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
                    for d in days[m.name]
                ],
            }
            for m in team.members
        ],
    }


def calendar_json(team: Team, start: dt.date, end: dt.date) -> str:
    return json.dumps(calendar_to_data(team, start, end), indent=2, ensure_ascii=False) + "\n"


def calendar_csv(team: Team, start: dt.date, end: dt.date) -> str:
    header = ["member", "place", "timezone", "date", "weekday", "status", "detail", "hours"]
    rows = []
    for m in team.members:
        for d in member_days(m, start, end):
            rows.append(
                [
                    m.name,
                    m.place,
                    m.timezone,
                    d.date.isoformat(),
                    DAY_NAMES[d.date.weekday()],
                    d.label,
                    d.detail,
                    " ".join(str(s) for s in d.hours),
                ]
            )
    return _csv(header, rows)


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
    working = [sum(1 for m in team.members if days[m.name][i].kind is DayKind.WORKING) for i in range(len(dates))]
    busiest = max(working)
    lines.append(f"members working per date: {min(working)} to {busiest} of {len(team.members)}")
    holidays = [(d.date, name, d.detail) for name, ds in days.items() for d in ds if d.kind is DayKind.HOLIDAY]
    if holidays:
        lines.append("holidays:")
        lines += [f"  {date}  {name}: {detail}" for date, name, detail in sorted(holidays)]
    return "\n".join(lines) + "\n"


def calendar_ics(team: Team, start: dt.date, end: dt.date, now: dt.datetime) -> bytes:
    """Holidays and other blackout days (away) as all-day events, one per member and date."""
    from icalendar import Event

    cal = _calendar()
    cal.add("x-wr-calname", f"{team.name}: holidays and days away")
    for m in team.members:
        for d in member_days(m, start, end):
            if d.kind not in (DayKind.HOLIDAY, DayKind.AWAY):
                continue
            event = Event()
            event.add("uid", _uid(team.name, m.name, d.date, d.kind.label))
            event.add("dtstamp", now.astimezone(dt.UTC))
            event.add("dtstart", d.date)
            event.add("dtend", d.date + dt.timedelta(days=1))
            what = d.detail if d.kind is DayKind.HOLIDAY else "away"
            event.add("summary", f"{m.name} ({m.place}): {what}")
            event.add("transp", "TRANSPARENT")
            event.add("categories", [d.kind.label])
            cal.add_component(event)
    return bytes(cal.to_ical())


def markdown_escape(text: str) -> str:
    """Text that Markdown shows literally (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)


# -- series ------------------------------------------------------------------------------------


def series_to_data(s: Series) -> dict[str, Any]:
    """The series as the JSON document `planner series --format json` prints."""
    members = s.team.members
    occurrences = []
    for o in s.occurrences:
        entry: dict[str, Any] = {
            "index": o.index,
            "nominal_date": o.nominal.isoformat(),
            "date": o.date.isoformat(),
            "start": utc_iso(o.start) if o.start is not None else None,
            "end": utc_iso(o.end) if o.end is not None else None,
            "moved": o.moved,
            "skipped": o.skipped,
            "reason": o.reason or None,
            "local": {},
        }
        if o.start is not None and o.end is not None:
            entry["local"] = {m.name: {**local_range(o.start, o.end, m), "cost": o.costs[m.name]} for m in members}
        occurrences.append(entry)
    return {
        "team": s.team.name,
        "mode": s.mode,
        "cadence": s.cadence,
        "anchor": s.anchor,
        "anchor_timezone": s.anchor_zone,
        "time": f"{s.time // 60:02d}:{s.time % 60:02d}" if s.time is not None else None,
        "duration": s.duration,
        "occurrences": occurrences,
        "totals": {name: {"cost": cost, "share": round(s.shares[name], 4)} for name, cost in s.totals.items()},
        "dst_drift": [
            {
                "date": d.date.isoformat(),
                "member": d.member,
                "before": d.before,
                "after": d.after,
                "shift_minutes": d.shift_minutes,
                "cause": d.cause,
            }
            for d in s.drift
        ],
        "stable_anchor": {"anchor": s.stable_anchor, "members_stable": s.stable_members},
        "alternatives": [alternative_to_data(a) for a in s.alternatives],
        "warnings": list(s.warnings),
    }


def alternative_to_data(a: Alternative) -> dict[str, Any]:
    """A fixed time the lead may pick instead, with its trade-off, as JSON."""
    return {
        "kind": a.kind,
        "time": f"{a.time // 60:02d}:{a.time % 60:02d}",
        "clock": a.place,
        "held": a.held,
        "count": a.count,
        "moved": a.moved,
        "skipped": list(a.skipped),
        "night": {name: list(times) for name, times in a.night},
        "summary": a.summary,
    }


def series_json(s: Series) -> str:
    return json.dumps(series_to_data(s), indent=2, ensure_ascii=False) + "\n"


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
    when = f" at {s.time // 60:02d}:{s.time % 60:02d} {s.anchor_zone}" if s.time is not None else ""
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


def series_ics(s: Series, now: dt.datetime) -> bytes:  # noqa: PLR0915
    """`fixed` series: one VEVENT with RRULE (EXDATE for skipped, RECURRENCE-ID overrides for moved)
    and a VTIMEZONE for the anchor's zone. `rotate` series: one VEVENT per occurrence."""
    from icalendar import Event

    from planner_app import zones

    cal = _calendar()
    cal.add("x-wr-calname", f"{s.team.name}: {s.cadence} meeting")
    summary = f"{s.team.name}: {s.cadence} meeting"
    uid = _uid(s.team.name, s.cadence, s.mode, s.occurrences[0].nominal, s.anchor_zone)
    duration = dt.timedelta(minutes=s.duration)

    def described(o: Occurrence) -> str:
        return "Local times\n" + "\n".join(
            f"{m.name}: {describe_local(*o.times, m)}, {m.place}" for m in s.team.members
        )

    if s.mode == "rotate" or s.time is None:
        for o in s.held:
            event = Event()
            event.add("uid", _uid(uid, o.index))
            event.add("dtstamp", now.astimezone(dt.UTC))
            event.add("dtstart", dt.datetime.fromtimestamp(o.times[0], dt.UTC))
            event.add("dtend", dt.datetime.fromtimestamp(o.times[1], dt.UTC))
            event.add("summary", summary)
            event.add("description", described(o))
            cal.add_component(event)
        return bytes(cal.to_ical())

    tz = dt.UTC if s.anchor == UTC_ANCHOR else zones.zone(s.anchor_zone)
    hour, minute = divmod(s.time, 60)

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)

    first = s.occurrences[0]
    master = Event()
    master.add("uid", uid)
    master.add("dtstamp", now.astimezone(dt.UTC))
    master.add("dtstart", at(first.nominal))
    master.add("duration", duration)
    master.add("summary", summary)
    rule: dict[str, Any] = {"count": len(s.occurrences)}
    if s.cadence == "monthly":
        nth = monthly_nth(first.nominal)
        rule.update(freq="monthly", byday=f"{nth}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[first.nominal.weekday()]}")
    else:
        rule.update(freq="weekly", interval=2 if s.cadence == "biweekly" else 1)
    master.add("rrule", rule)
    skipped = [at(o.nominal) for o in s.occurrences if o.skipped]
    if skipped:
        master.add("exdate", skipped)
    held = [o for o in s.held if not o.moved]
    master.add("description", described(held[0]) if held else "")
    cal.add_component(master)
    for o in s.occurrences:
        if not o.moved:
            continue
        override = Event()
        override.add("uid", uid)
        override.add("dtstamp", now.astimezone(dt.UTC))
        override.add("recurrence-id", at(o.nominal))
        override.add("dtstart", at(o.date))
        override.add("duration", duration)
        override.add("summary", summary)
        override.add("description", f"{o.reason}\n{described(o)}")
        cal.add_component(override)
    if tz is not dt.UTC:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())
