"""Reply-by: when an answer is due, counting only the recipient's working minutes (issue 14).

The due instant is where the recipient's N-th working minute after the send instant ends, on the
recipient's UTC working intervals from `availability` (the only local-to-UTC conversion path), looking
ahead at most 60 days. Only the recipient's look-ahead is computed, and this module imports nothing
the rest of the protocol needs (ranking, windows), so a cold `planner reply-by` stays quick;
`protocol` builds its reply tables on `due_instants`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from planner_app import zones
from planner_app.availability import SECONDS_PER_DAY, Availability, Intervals, local_to_utc, member_availability
from planner_app.calendars import FIRST_DATE, LAST_DATE, DayKind
from planner_app.errors import PlannerError, RangeError
from planner_app.hours import DAY_NAMES
from planner_app.teams import Member, Team

LOOK_AHEAD_DAYS = 60
MAX_WITHIN = LOOK_AHEAD_DAYS * 24 * 60
NEVER = np.iinfo(np.int64).min  # no due instant (instants before 1970 are negative, so not -1)
# `--sent`: the very pattern `datetime.strptime` builds for "%Y-%m-%dT%H:%M" (the same digits, a "T" in
# either case), matched here because importing `_strptime` and building its locale tables costs a cold
# command more than computing the answer. tests/test_reply.py checks both agree.
SENT_PATTERN = re.compile(
    r"(?P<Y>\d\d\d\d)-(?P<m>1[0-2]|0[1-9]|[1-9])-(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
    r"T(?P<H>2[0-3]|[0-1]\d|\d):(?P<M>[0-5]\d|\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ZeroDay:
    """A date and why nobody works on it: a UTC date of a protocol on which a pair (or the team) shares no
    working minute, or a local date a reply-by skips."""

    date: dt.date
    reason: str


def date_of(a: Availability, ordinal: int) -> tuple[int, int]:
    """(kind, index) of a member's local date in their day table; kind -1 outside the range."""
    index = ordinal - int(a.days.ordinals[0]) if len(a.days.ordinals) else -1
    if not 0 <= index < len(a.days.ordinals):
        return -1, -1
    return int(a.days.kinds[index]), index


def day_text(a: Availability, ordinal: int) -> str:
    """Why a member does not work on a local date (`weekend (Sat 2026-03-21)`); empty on a working date."""
    kind, _ = date_of(a, ordinal)
    date = dt.date.fromordinal(ordinal)
    label = f"{DAY_NAMES[date.weekday()][:3]} {date.isoformat()}"
    if kind == DayKind.HOLIDAY:
        return f"{a.days.holidays.get(ordinal, 'public holiday')} ({label})"
    if kind == DayKind.WEEKEND:
        return f"weekend ({label})"
    if kind == DayKind.AWAY:
        return f"away ({label})"
    if kind == -1:
        return f"outside the range ({label})"
    return ""


@dataclass(frozen=True, slots=True)
class Reply:
    """When a message sent at `sent` is due, counting `within` of the recipient's working minutes."""

    sender: str
    recipient: str
    sender_timezone: str
    recipient_timezone: str
    sent: int
    within: int
    due: int | None
    skipped: tuple[ZeroDay, ...]
    reason: str | None = None

    @property
    def calendar_minutes(self) -> int | None:
        return None if self.due is None else (self.due - self.sent) // 60

    def due_local(self, timezone: str) -> dt.datetime | None:
        return None if self.due is None else zones.wall_clock(self.due, timezone)


def due_instants(intervals: Intervals, sent: np.ndarray, seconds: int | np.ndarray) -> np.ndarray:
    """For each send instant, when the working time after it first adds up to `seconds`; `NEVER` if
    the intervals run out first."""
    starts, ends = intervals
    if len(starts) == 0:
        return np.full(len(sent), NEVER, dtype=np.int64)
    lengths = ends - starts
    done_after = np.cumsum(lengths)  # worked seconds at the end of each interval
    done_before = done_after - lengths
    i = np.searchsorted(starts, sent, side="right")
    at_sent = np.where(
        i > 0,
        done_before[np.maximum(i - 1, 0)]
        + np.minimum(sent - starts[np.maximum(i - 1, 0)], lengths[np.maximum(i - 1, 0)]),
        0,
    )
    target = at_sent + seconds
    k = np.searchsorted(done_after, target, side="left")
    found = k < len(starts)
    k = np.minimum(k, len(starts) - 1)
    due = starts[k] + (target - done_before[k])
    return np.where(found, due, NEVER)


def sent_clock(text: str) -> dt.datetime:
    """The naive wall-clock time of `YYYY-MM-DDTHH:MM`, exactly as `datetime.strptime` reads it; ValueError if none."""
    found = SENT_PATTERN.fullmatch(text)
    if found is None:
        raise ValueError(f"not YYYY-MM-DDTHH:MM: {text!r}")
    year, month, day, hour, minute = (int(found[field]) for field in "YmdHM")
    return dt.datetime(year, month, day, hour, minute)  # noqa: DTZ001 - the sender's wall clock


def parse_sent(text: str, timezone: str) -> int:
    """UTC seconds of a sender's local `YYYY-MM-DDTHH:MM` (fold=0 at a clock change)."""
    try:
        local = sent_clock(text.strip())
    except ValueError:
        raise PlannerError(f"--sent must be YYYY-MM-DDTHH:MM in the sender's local time (got {text!r})") from None
    lowest, highest = FIRST_DATE + dt.timedelta(days=2), LAST_DATE - dt.timedelta(days=LOOK_AHEAD_DAYS + 2)
    if not lowest <= local.date() <= highest:
        raise RangeError(f"--sent must lie between {lowest} and {highest} (got {text!r})")
    return local_to_utc(local.date(), local.hour * 60 + local.minute, timezone)


def check_within(within: int) -> None:
    if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= MAX_WITHIN:
        raise RangeError(f"--within must be a whole number of minutes from 1 to {MAX_WITHIN} (got {within!r})")


def _look_ahead(member: Member, sent: int) -> Availability:
    first = zones.wall_clock(sent, member.timezone).date() - dt.timedelta(days=1)
    last = zones.wall_clock(sent + LOOK_AHEAD_DAYS * SECONDS_PER_DAY, member.timezone).date()
    return member_availability(member, first, last)


def skipped_days(a: Availability, sent: int, until: int) -> tuple[ZeroDay, ...]:
    """The recipient's local dates from the send to the due instant that are not working days."""
    zone = a.member.timezone
    first = zones.wall_clock(sent, zone).date().toordinal()
    last = zones.wall_clock(until - 1, zone).date().toordinal() if until > sent else first
    rows = []
    for ordinal in range(first, last + 1):
        text = day_text(a, ordinal)
        kind, _ = date_of(a, ordinal)
        if text and kind != -1:
            rows.append(ZeroDay(dt.date.fromordinal(ordinal), text))
    return tuple(rows)


def reply_by(team: Team, sender: str, recipient: str, sent: str, within: int) -> Reply:
    """When `recipient` owes an answer to a message `sender` sent at local `sent`, `within` working
    minutes of the recipient later (None past the 60-day look-ahead, with the reason)."""
    check_within(within)
    a, b = team.member(sender), team.member(recipient)
    instant = parse_sent(sent, a.timezone)
    availability = _look_ahead(b, instant)
    horizon = instant + LOOK_AHEAD_DAYS * SECONDS_PER_DAY
    due = int(due_instants((availability.starts, availability.ends), np.array([instant]), within * 60)[0])
    reason = None
    if due == NEVER or due > horizon:
        worked = availability.overlap_seconds(instant, horizon) // 60
        reason = f"{b.name} works only {worked} minutes in the {LOOK_AHEAD_DAYS} days after the message"
        due = NEVER
    until = horizon if due == NEVER else due
    skipped = skipped_days(availability, instant, until)
    return Reply(
        a.name, b.name, a.timezone, b.timezone, instant, within, None if due == NEVER else due, skipped, reason
    )
