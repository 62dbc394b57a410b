"""Presenters of the partnership protocol: the JSON document, a text table, Markdown and CSV.

The JSON shape is fixed by issue 14 (`culture-planner/protocol/v1`); the other formats show the
same numbers. User text is escaped for each format (Markdown specials, CSV formula starts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from planner_app.hours import DAY_NAMES
from planner_app.protocol import (
    SCHEMA,
    CoreWindow,
    CoverageGap,
    FocusDay,
    Handoff,
    PairShare,
    Protocol,
    ReplyRow,
    WeekShare,
)
from planner_app.reply_report import zero_data


def utc_iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat().replace("+00:00", "Z")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}" if minutes < 1440 else "24:00"


def week_data(w: WeekShare) -> dict[str, Any]:
    return {"week": w.week.isoformat(), "minutes": w.minutes, "causes": [dict(c) for c in w.causes]}


def pair_data(p: PairShare, key: str) -> dict[str, Any]:
    return {
        key: list(p.names),
        "total_minutes": p.total_minutes,
        "weeks": [week_data(w) for w in p.weeks],
        "zero_overlap": [zero_data(z) for z in p.zero_overlap],
    }


def handoff_data(h: Handoff) -> dict[str, Any]:
    return {
        "from": h.source,
        "to": h.target,
        "typical_minutes": h.typical_minutes,
        "worst_minutes": h.worst_minutes,
        "worst_date": h.worst_date.isoformat(),
        "days": h.days,
        "meaning": "positive: gap (minutes nobody of the two works); negative: overlap",
    }


def utc_hours(start: int, end: int) -> str:
    """`Mon 22:00-Tue 04:00 UTC`."""
    first, last = dt.datetime.fromtimestamp(start, dt.UTC), dt.datetime.fromtimestamp(end, dt.UTC)
    return f"{first:%a %H:%M}-{last:%a %H:%M} UTC"


def gap_data(g: CoverageGap) -> dict[str, Any]:
    return {
        "week": g.week.isoformat(),
        "start": utc_iso(g.start),
        "end": utc_iso(g.end),
        "minutes": g.minutes,
        "utc_hours": utc_hours(g.start, g.end),
        "before": g.before,
        "after": g.after,
    }


def focus_data(f: FocusDay | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "weekday": f.name,
        "lost_pair_minutes": f.lost_pair_minutes,
        "candidates": [{"weekday": DAY_NAMES[d], "lost_pair_minutes": m} for d, m in f.candidates],
    }


def core_data(c: CoreWindow | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "start_utc": _hhmm(c.start),
        "end_utc": _hhmm(c.end),
        "minutes": c.minutes,
        "holds_days": c.holds,
        "team_days": c.team_days,
        "not_held": [zero_data(z) for z in c.misses],
    }


def reply_row_data(r: ReplyRow) -> dict[str, Any]:
    return {
        "from": r.sender,
        "to": r.recipient,
        "sent_hour": f"{r.hour:02d}:00",
        "expectation": r.expectation,
        "typical_minutes": r.typical_minutes,
        "worst_minutes": r.worst_minutes,
        "worst_date": r.worst_date.isoformat() if r.worst_date else None,
        "sends": r.sends,
    }


def protocol_to_data(p: Protocol) -> dict[str, Any]:
    """The protocol as the JSON document `planner protocol --format json` prints."""
    return {
        "schema": SCHEMA,
        "team": p.team.name,
        "from": p.start.isoformat(),
        "to": p.end.isoformat(),
        "pairs": [pair_data(x, "members") for x in p.pairs],
        "sites": [pair_data(x, "sites") for x in p.sites],
        "site_members": {k: list(v) for k, v in p.site_members.items()},
        "team_weeks": [week_data(w) for w in p.team_weeks],
        "team_zero_overlap": [zero_data(z) for z in p.team_zero_overlap],
        "site_order": list(p.site_order),
        "handoffs": [handoff_data(h) for h in p.handoffs],
        "coverage_gaps": [gap_data(g) for g in p.coverage_gaps],
        "focus_day": focus_data(p.focus_day),
        "core_window": core_data(p.core_window),
        "reply_tables": [reply_row_data(r) for r in p.reply_tables],
    }


def protocol_json(p: Protocol) -> str:
    return json.dumps(protocol_to_data(p), indent=2, ensure_ascii=False) + "\n"


def _hours(minutes: int | None) -> str:
    return "-" if minutes is None else f"{minutes / 60:.1f} h"


def _pair_lines(pairs: Sequence[PairShare], title: str) -> list[str]:
    lines = [title, f"{'pair':<44} {'total':>9} {'median wk':>10} {'dips':>5} {'zero days':>10}"]
    for p in pairs:
        median = p.median
        name = " + ".join(p.names)
        lines.append(
            f"{name:<44} {_hours(p.total_minutes):>9} {_hours(median):>10} {p.dips:>5} {len(p.zero_index):>10}"
        )
    return lines


def _dip_lines(pairs: Sequence[PairShare]) -> list[str]:
    lines = ["Dips (weeks 25 % or more below the median)"]
    for p in pairs:
        for w in p.weeks:
            if w.causes:
                causes = "; ".join(c["text"] for c in w.causes)
                lines.append(f"  {' + '.join(p.names)}, week of {w.week}: {_hours(w.minutes)} - {causes}")
    return lines if len(lines) > 1 else [*lines, "  none"]


def _summary_lines(p: Protocol) -> list[str]:
    lines = [f"Follow the sun: {' -> '.join(p.site_order)}"]
    for h in p.handoffs:
        lines.append(
            f"  {h.source} -> {h.target}: typical {_signed(h.typical_minutes)}, "
            f"worst {_signed(h.worst_minutes)} on {h.worst_date}"
        )
    lines.append(f"Coverage gaps (no site works, working days): {len(p.coverage_gaps)}")
    lines += [f"  {gap_data(g)['utc_hours']} ({g.minutes} min): {g.before} / {g.after}" for g in p.coverage_gaps[:10]]
    f, c = p.focus_day, p.core_window
    lines.append(f"Focus day: {f.name} ({f.lost_pair_minutes} pair-minutes lost)" if f else "Focus day: none")
    if c:
        lines.append(f"Core window: {_hhmm(c.start)}-{_hhmm(c.end)} UTC, holds on {c.holds} of {c.team_days} team days")
    else:
        lines.append("Core window: none (the required members never share a minute)")
    return lines


def _signed(minutes: int) -> str:
    return f"gap {minutes} min" if minutes > 0 else (f"overlap {-minutes} min" if minutes < 0 else "no gap")


def protocol_table(p: Protocol) -> str:
    """The protocol as text: pairs, sites, dips, team weeks, handoffs, focus day and core window."""
    lines = [f"{p.team.name}: partnership protocol {p.start}..{p.end} (UTC weeks from Monday 00:00Z)", ""]
    lines += [*_pair_lines(p.sites, "Sites"), "", *_pair_lines(p.pairs, "Members"), ""]
    lines += [*_dip_lines(p.sites), ""]
    lines.append("Team common time per week: " + ", ".join(f"{w.week}: {_hours(w.minutes)}" for w in p.team_weeks))
    lines.append(f"Team zero-overlap dates: {len(p.team_share.zero_index)}")
    lines += ["", *_summary_lines(p)]
    return "\n".join(lines) + "\n"


def protocol_markdown(p: Protocol) -> str:
    """The protocol as Markdown (the facts part of the working agreement)."""
    from planner_app.export import markdown_escape  # only here: export brings pendulum and icalendar

    e = markdown_escape
    lines = [
        f"## Shared hours per week ({p.start} to {p.end}, UTC weeks)",
        "",
        "| Sites | Total | Dips | Zero-overlap dates |",
        "|---|---:|---:|---:|",
    ]
    for s in p.sites:
        lines.append(f"| {e(' + '.join(s.names))} | {_hours(s.total_minutes)} | {s.dips} | {len(s.zero_index)} |")
    lines += ["", "### Dips and their causes", ""]
    dips = [(s, w) for s in p.sites for w in s.weeks if w.causes]
    lines += [
        f"- {e(' + '.join(s.names))}, week of {w.week}: {_hours(w.minutes)}. "
        + e("; ".join(c["text"] for c in w.causes))
        for s, w in dips
    ] or ["- none"]
    lines += ["", "## Follow the sun", "", f"Order: {e(' → '.join(p.site_order))}", ""]
    lines += [
        f"- {e(h.source)} → {e(h.target)}: typical {_signed(h.typical_minutes)}, "
        f"worst {_signed(h.worst_minutes)} on {h.worst_date}"
        for h in p.handoffs
    ] or ["- no handoffs (one site)"]
    lines += ["", "## Focus day and core window", ""] + [f"- {e(x)}" for x in _summary_lines(p)[-2:]]
    return "\n".join(lines) + "\n"


def protocol_csv(p: Protocol) -> str:
    """One row per pair (members and sites) and week: minutes and causes."""
    from planner_app.export import _csv

    rows = []
    for kind, pairs in (("site", p.sites), ("member", p.pairs)):
        for x in pairs:
            rows += [
                [kind, x.names[0], x.names[1], w.week.isoformat(), w.minutes, "; ".join(c["text"] for c in w.causes)]
                for w in x.weeks
            ]
    rows += [
        ["team", "required members", "", w.week.isoformat(), w.minutes, "; ".join(c["text"] for c in w.causes)]
        for w in p.team_weeks
    ]
    return _csv(["kind", "a", "b", "week", "minutes", "causes"], rows)
