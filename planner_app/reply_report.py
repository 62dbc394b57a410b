"""Presenters of a reply-by answer: the JSON document (`planner reply-by --format json`) and the text
on both clocks. Kept apart from `protocol_report` so a cold `planner reply-by` loads only `reply`.
"""

from __future__ import annotations

import json
from typing import Any

from planner_app import zones
from planner_app.hours import DAY_NAMES
from planner_app.reply import Reply, ZeroDay

WEEKDAY_SHORT = tuple(name[:3] for name in DAY_NAMES)


def zero_data(z: ZeroDay) -> dict[str, str]:
    return {"date": z.date.isoformat(), "reason": z.reason}


def _local_iso(seconds: int, timezone: str) -> str:
    return zones.wall_clock(seconds, timezone).isoformat()


def reply_to_data(r: Reply) -> dict[str, Any]:
    """The reply-by answer as `planner reply-by --format json` prints it."""
    return {
        "sender": r.sender,
        "recipient": r.recipient,
        "sent": _local_iso(r.sent, r.sender_timezone),
        "within": r.within,
        "due": None if r.due is None else _local_iso(r.due, r.recipient_timezone),
        "due_sender": None if r.due is None else _local_iso(r.due, r.sender_timezone),
        "calendar_minutes": r.calendar_minutes,
        "business_minutes": r.within if r.due is not None else None,
        "skipped": [zero_data(z) for z in r.skipped],
        "reason": r.reason,
    }


def reply_json(r: Reply) -> str:
    return json.dumps(reply_to_data(r), indent=2, ensure_ascii=False) + "\n"


def _clock(seconds: int, timezone: str) -> str:
    local = zones.wall_clock(seconds, timezone)
    offset = local.utcoffset()  # of an aware datetime zones made: its own offset, not a conversion
    assert offset is not None
    return f"{local:%a %Y-%m-%d %H:%M} (UTC{zones.format_offset(int(offset.total_seconds()))})"


def reply_text(r: Reply) -> str:
    """The reply-by answer in words, on both clocks."""
    lines = [
        f"Sent by {r.sender}: {_clock(r.sent, r.sender_timezone)}, "
        f"answer within {r.within} working minutes of {r.recipient}"
    ]
    if r.due is None:
        lines.append(f"Due: none within 60 days ({r.reason})")
    else:
        lines.append(f"Due for {r.recipient}: {_clock(r.due, r.recipient_timezone)}")
        lines.append(f"Due for {r.sender}: {_clock(r.due, r.sender_timezone)}")
        minutes = r.calendar_minutes or 0
        lines.append(f"Calendar time: {minutes // 60} h {minutes % 60:02d} min")
    lines += [f"Skipped {z.date} ({WEEKDAY_SHORT[z.date.weekday()]}): {z.reason}" for z in r.skipped]
    return "\n".join(lines) + "\n"
