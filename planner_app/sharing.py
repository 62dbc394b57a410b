"""Share links: a plan (team, dates, duration) as URL query parameters, and back.

The team travels as compressed JSON, base64url-encoded: plain data, parsed by the same validator as
a team file. Nothing in a link can name a file on the server or run code.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from planner_app.errors import PlannerError
from planner_app.teams import MAX_FILE_BYTES, Team, team_from_data, team_to_data
from planner_app.windows import check_duration

MAX_LINK_CHARS = 32_000
SOURCE = "share link"


@dataclass(frozen=True, slots=True)
class SharedPlan:
    team: Team
    start: dt.date
    end: dt.date
    duration: int
    at: int | None = None  # a chosen meeting start, UTC seconds since 1970


def _at_text(at: int) -> str:
    return dt.datetime.fromtimestamp(at, tz=dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def encode(team: Team, start: dt.date, end: dt.date, duration: int, at: int | None = None) -> dict[str, str]:
    """Query parameters that `decode` turns back into this plan (and its chosen start `at`, UTC
    seconds, written as `2026-03-02T07:15Z`: whole minutes, the only starts the app offers)."""
    raw = json.dumps(team_to_data(team), separators=(",", ":"), ensure_ascii=False).encode()
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")
    params = {"team": packed, "from": start.isoformat(), "to": end.isoformat(), "duration": str(duration)}
    if at is not None:
        params["at"] = _at_text(at)
    return params


def _decode_at(value: object) -> int | None:
    """The chosen start in a link's `at`, or None when the link has none."""
    if value is None or value == "":
        return None
    text = str(value)
    try:
        when = dt.datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.UTC)
    except ValueError:
        raise _fail("at", f"must be a UTC time YYYY-MM-DDTHH:MMZ (got {text!r})") from None
    return int(when.timestamp())


def _fail(field: str, message: str) -> PlannerError:
    return PlannerError(f"{SOURCE}: '{field}' {message}")


def decode(params: Mapping[str, str]) -> SharedPlan:
    """The plan in a share link's parameters; a `PlannerError` naming the parameter otherwise."""
    packed = params.get("team", "")
    if not isinstance(packed, str) or not packed or len(packed) > MAX_LINK_CHARS:
        raise _fail("team", f"must be a team packed by the planner (at most {MAX_LINK_CHARS} characters)")
    try:
        compressed = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, MAX_FILE_BYTES)
        if inflater.unconsumed_tail:
            raise _fail("team", "unpacks to more than 1 MiB")
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        raise _fail("team", "is damaged (copy the whole link again)") from None
    team = team_from_data(data, source=SOURCE)
    dates = {}
    for key in ("from", "to"):
        try:
            dates[key] = dt.date.fromisoformat(str(params.get(key, "")))
        except ValueError:
            raise _fail(key, f"must be a date YYYY-MM-DD (got {params.get(key)!r})") from None
    try:
        duration = int(str(params.get("duration", "30")))
        check_duration(duration)
    except (ValueError, PlannerError):
        raise _fail("duration", f"must be minutes from 1 to 1440 (got {params.get('duration')!r})") from None
    from planner_app.calendars import check_range

    check_range(dates["from"], dates["to"])
    return SharedPlan(team, dates["from"], dates["to"], duration, _decode_at(params.get("at")))
