"""The working agreement: the protocol's computed facts plus what the team lead fills in.

The lead's part (channels, reply times, meeting etiquette, escalation contacts, language) is kept
as TOML text (`agreement_to_toml` / `agreement_from_toml`) so it can be saved with the team. The
document is exported as Markdown and as a printable HTML page; every user string is escaped for
its format, and the document says when its numbers were computed and for which team version.
"""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields

from planner_app.errors import PlannerError
from planner_app.export import markdown_escape
from planner_app.hours import DAY_NAMES
from planner_app.protocol import Protocol
from planner_app.teams import _toml_value

MAX_FIELD_CHARS = 4000
LEAD_FIELDS: tuple[tuple[str, str], ...] = (
    ("urgent_channel", "Channel for urgent matters"),
    ("normal_channel", "Channel for normal work"),
    ("fyi_channel", "Channel for FYI"),
    ("urgent_reply", "Expected reply: urgent"),
    ("normal_reply", "Expected reply: normal"),
    ("fyi_reply", "Expected reply: FYI"),
    ("meeting_etiquette", "Meeting etiquette"),
    ("escalation", "Escalation contacts"),
    ("language", "Working language"),
)


class AgreementError(PlannerError):
    """An agreement text that cannot be read."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """What the team lead writes into the working agreement."""

    team: str
    urgent_channel: str = "Phone call, then a direct message"
    normal_channel: str = "Team chat channel"
    fyi_channel: str = "Weekly e-mail digest"
    urgent_reply: str = "2 business hours of the recipient"
    normal_reply: str = "Next business day of the recipient"
    fyi_reply: str = "No reply needed"
    meeting_etiquette: str = "Agenda a day ahead; rotate inconvenient slots; notes and decisions in writing."
    escalation: str = ""
    language: str = "English"


def agreement_to_toml(a: Agreement) -> str:
    """The agreement as TOML text (what the store keeps)."""
    return "".join(f"{f.name} = {_toml_value(getattr(a, f.name))}\n" for f in fields(a))


def agreement_from_toml(text: str, *, source: str = "agreement") -> Agreement:
    """An agreement from its TOML text; `AgreementError` naming the field when something is wrong."""
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        raise AgreementError(f"{source}: is not valid TOML ({exc})") from None
    return agreement_from_data(data, source=source)


def agreement_from_data(data: Mapping[str, object], *, source: str = "agreement") -> Agreement:
    known = {f.name for f in fields(Agreement)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise AgreementError(f"{source}: '{unknown[0]}' is not an agreement field (use {', '.join(sorted(known))})")
    for key, value in data.items():
        if not isinstance(value, str):
            raise AgreementError(f"{source}: '{key}' must be text (got {value!r})")
        if len(value) > MAX_FIELD_CHARS:
            raise AgreementError(f"{source}: '{key}' is longer than {MAX_FIELD_CHARS} characters")
    if not str(data.get("team", "")).strip():
        raise AgreementError(f"{source}: 'team' must name the team")
    return Agreement(**{k: str(v) for k, v in data.items()})


def _hours(minutes: int | None) -> str:
    return "no answer within 60 days" if minutes is None else f"{minutes / 60:.1f} h"


def fact_sections(p: Protocol) -> list[tuple[str, list[str]]]:
    """The computed facts as plain-text lines by section (escaped later for each format)."""
    sites = [
        f"{' + '.join(s.names)}: {s.total_minutes / 60:.1f} h shared over the range, "
        f"{s.dips} dip week(s), {len(s.zero_index)} zero-overlap date(s)"
        for s in p.sites
    ] or ["One site only: every member shares the same place."]
    dips = [
        f"{' + '.join(s.names)}, week of {w.week}: {w.minutes / 60:.1f} h. " + "; ".join(c["text"] for c in w.causes)
        for s in p.sites
        for w in s.weeks
        if w.causes
    ] or ["No week falls 25 % or more below its pair's median."]
    hands = [
        f"{h.source} to {h.target}: typically {_gap(h.typical_minutes)}; "
        f"worst {_gap(h.worst_minutes)} on {h.worst_date}"
        for h in p.handoffs
    ] or ["No handoffs (one site)."]
    return [
        ("Shared hours between sites", sites),
        ("Weeks when overlap collapses", dips),
        ("Follow-the-sun order: " + " → ".join(p.site_order), hands),
        ("Focus day and core window", _focus_lines(p)),
        ("Standard reply times (worst case over the range)", _reply_lines(p)),
    ]


def _gap(minutes: int) -> str:
    return f"a gap of {minutes} min" if minutes > 0 else (f"{-minutes} min of overlap" if minutes < 0 else "no gap")


def _focus_lines(p: Protocol) -> list[str]:
    f, c = p.focus_day, p.core_window
    lines = [
        f"No-meeting day: {f.name} in each member's local week ({f.lost_pair_minutes} pair-minutes of shared time lost)"
        if f
        else "No weekday is a working day for every member, so no common focus day."
    ]
    if c:
        lines.append(
            f"Core window: {c.start // 60:02d}:{c.start % 60:02d}-{c.end // 60:02d}:{c.end % 60:02d} UTC, "
            f"holds on {c.holds} of {c.team_days} days with team time"
        )
    else:
        lines.append("Core window: none; the required members never all work at the same time.")
    return lines


def _reply_lines(p: Protocol) -> list[str]:
    worst: dict[tuple[str, str, str], tuple[int, str]] = {}
    for r in p.reply_tables:
        if r.worst_minutes is not None and r.worst_date is not None:
            key = (r.sender, r.recipient, r.expectation)
            if key not in worst or r.worst_minutes > worst[key][0]:
                worst[key] = (
                    r.worst_minutes,
                    f"{r.hour:02d}:00 on {DAY_NAMES[r.worst_date.weekday()][:3]} {r.worst_date}",
                )
    return [f"{a} to {b}, {e}: up to {_hours(m)} (sent {when})" for (a, b, e), (m, when) in sorted(worst.items())] or [
        "No reply table (one site)."
    ]


def _stamp(p: Protocol, computed_at: dt.datetime, team_version: int | None) -> str:
    version = f"version {team_version}" if team_version is not None else "an unsaved version"
    return (
        f"Numbers computed {computed_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC for team {p.team.name} ({version}, "
        f"{len(p.team.members)} members), dates {p.start} to {p.end}. They are recomputed when the team changes."
    )


def agreement_markdown(a: Agreement, p: Protocol, computed_at: dt.datetime, team_version: int | None = None) -> str:
    """The working agreement as Markdown: the lead's fields, then the computed facts."""
    e = markdown_escape
    lines = [
        f"# Working agreement: {e(a.team)}",
        "",
        f"*{e(_stamp(p, computed_at, team_version))}*",
        "",
        "## How we communicate",
        "",
    ]
    lines += [f"- **{label}:** {e(getattr(a, key)) or '(not set)'}" for key, label in LEAD_FIELDS]
    for title, items in fact_sections(p):
        lines += ["", f"## {e(title)}", ""] + [f"- {e(item)}" for item in items]
    return "\n".join(lines) + "\n"


PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #ccc; }
dt { font-weight: 600; } dd { margin: 0 0 0.5rem 0; white-space: pre-wrap; }
.stamp { color: #555; font-size: 0.9rem; }
@media print { body { margin: 0; } a { color: inherit; } }
"""


def agreement_html(a: Agreement, p: Protocol, computed_at: dt.datetime, team_version: int | None = None) -> str:
    """The working agreement as a printable HTML page; every user string is escaped."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Working agreement: {e(a.team)}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>Working agreement: {e(a.team)}</h1>",
        f'<p class="stamp">{e(_stamp(p, computed_at, team_version))}</p>',
        "<h2>How we communicate</h2><dl>",
    ]
    parts += [f"<dt>{e(label)}</dt><dd>{e(getattr(a, key)) or '(not set)'}</dd>" for key, label in LEAD_FIELDS]
    parts.append("</dl>")
    for title, items in fact_sections(p):
        parts.append(f"<h2>{e(title)}</h2><ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
