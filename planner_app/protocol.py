"""The communication protocol of a partnership: shared hours, reply-by times, handoffs, a focus day.

Everything here is computed on the members' UTC working intervals from `availability` (the only
local-to-UTC conversion path); wall clocks appear only when results are described.

Definitions (docs/protocol.md explains each number):
- A *site* is the members sharing a region id, or a time zone when they have no region. A site works
  when at least one of its members works.
- A *week* is a UTC week, Monday 00:00Z to the next Monday 00:00Z, labelled by that Monday's date.
  A pair's minutes in a week count only minutes inside each member's local dates `start..end`.
- A *dip* is a full week (its seven UTC dates in the range) whose shared minutes are 25 % or more
  below the pair's median full week.
- A *zero-overlap date* is a UTC date of the range on which one of the pair works and they share
  no minute.
- *Reply-by* (module `reply`): the instant the recipient's N-th working minute ends, counting from
  the send instant, looking ahead at most 60 days.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from planner_app import zones
from planner_app.availability import (
    SECONDS_PER_DAY,
    UNIX_EPOCH_ORDINAL,
    Availability,
    local_to_utc,
    merge_intervals,
    team_availability,
    to_utc_seconds,
)
from planner_app.calendars import DayKind, check_range, hours_on
from planner_app.errors import PlannerError
from planner_app.hours import DAY_NAMES
from planner_app.ranking import overlap
from planner_app.reply import LOOK_AHEAD_DAYS, NEVER, ZeroDay, date_of, day_text, due_instants
from planner_app.teams import Member, Team
from planner_app.windows import common_intervals, intersect

SCHEMA = "culture-planner/protocol/v1"
DIP_FRACTION = 0.25
WEEK_SECONDS = 7 * SECONDS_PER_DAY
MONDAY_1970 = 4 * SECONDS_PER_DAY  # 1970-01-05 00:00Z is a Monday
# (label, business minutes); None is "the next business day": the end of the recipient's next working day
STANDARD_EXPECTATIONS: tuple[tuple[str, int | None], ...] = (
    ("2 business hours", 120),
    ("4 business hours", 240),
    ("8 business hours", 480),
    ("next business day", None),
)
Intervals = tuple[np.ndarray, np.ndarray]


# -- parties: a member or a site ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a pair: a member, or a site (the union of its members' working time)."""

    name: str
    timezone: str
    members: tuple[Availability, ...]
    starts: np.ndarray = field(repr=False)
    ends: np.ndarray = field(repr=False)

    @property
    def intervals(self) -> Intervals:
        return self.starts, self.ends

    @property
    def weekend(self) -> frozenset[int]:
        """The weekdays off for every member of the party."""
        return frozenset.intersection(*(a.member.weekend for a in self.members))


def member_party(a: Availability) -> Party:
    return Party(a.member.name, a.member.timezone, (a,), a.starts, a.ends)


def site_key(member: Member) -> str:
    """Members share a site when they share a region id, else a time zone."""
    return member.region or member.timezone


def site_party(name: str, availabilities: Sequence[Availability]) -> Party:
    starts = np.concatenate([a.starts for a in availabilities])
    ends = np.concatenate([a.ends for a in availabilities])
    merged = merge_intervals(starts, ends)
    return Party(name, availabilities[0].member.timezone, tuple(availabilities), merged[0], merged[1])


def sites_of(availability: dict[str, Availability]) -> list[Party]:
    """The team's sites in order of first appearance, named by place (the key when places repeat)."""
    groups: dict[str, list[Availability]] = {}
    for a in availability.values():
        groups.setdefault(site_key(a.member), []).append(a)
    places = [group[0].member.place for group in groups.values()]
    return [
        site_party(place if places.count(place) == 1 else f"{place} ({key})", group)
        for place, (key, group) in zip(places, groups.items(), strict=True)
    ]


# -- weeks ------------------------------------------------------------------------------------------


def monday_of(seconds: int) -> int:
    """The UTC Monday 00:00Z on or before the instant."""
    return seconds - (seconds - MONDAY_1970) % WEEK_SECONDS


def iso_date(seconds: int) -> str:
    return dt.date.fromordinal(seconds // SECONDS_PER_DAY + UNIX_EPOCH_ORDINAL).isoformat()


@dataclass(frozen=True, slots=True)
class Weeks:
    """The UTC weeks the range's local dates touch; `full` marks those whose seven UTC dates all lie
    in the range (only they make the median)."""

    starts: np.ndarray
    full: np.ndarray

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        return self.starts, self.starts + WEEK_SECONDS


def weeks_for(team: Team, start: dt.date, end: dt.date, availability: dict[str, Availability]) -> Weeks:
    """Every UTC week from the earliest local start of the range to its latest local end."""
    begins = [local_to_utc(start, 0, m.timezone) for m in team.members]
    finishes = [local_to_utc(end + dt.timedelta(days=1), 0, m.timezone) for m in team.members]
    last_work = max((int(a.ends[-1]) for a in availability.values() if len(a.ends)), default=max(finishes))
    first, last = monday_of(min(begins)), monday_of(max(max(finishes), last_work) - 1)
    starts = np.arange(first, last + 1, WEEK_SECONDS, dtype=np.int64)
    first_day = (start.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY
    after_last = (end.toordinal() + 1 - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY
    full = (starts >= first_day) & (starts + WEEK_SECONDS <= after_last)  # its seven UTC dates in the range
    return Weeks(starts, full)


def _median(values: list[int]) -> int:
    """The median of whole numbers, rounded down (0 for none)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if not ordered:
        return 0
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) // 2


def dips(minutes: np.ndarray, weeks: Weeks) -> np.ndarray:
    """Indexes of full weeks 25 % or more below the median full week. Partial weeks at the ends of
    the range are short by construction, so they count only when the range has no full week."""
    candidates = weeks.full if weeks.full.any() else np.ones(len(minutes), dtype=bool)
    median = _median(minutes[candidates].tolist())
    if median <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(candidates & (minutes <= median * (1 - DIP_FRACTION)))


# -- causes of a dip --------------------------------------------------------------------------------


def spans_on(a: Availability, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local ordinal, UTC start, UTC end) of every span the member works, or would work were they
    working days, on these local dates (Ramadan hours inside Ramadan), through the engine's conversion."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    first = int(a.days.ordinals[0]) if len(a.days.ordinals) else 0
    inside = (ordinals >= first) & (ordinals < first + len(a.days.ordinals))
    ramadan = np.zeros(len(ordinals), dtype=bool)
    ramadan[inside] = a.days.ramadan[ordinals[inside] - first]
    weekdays = (ordinals - 1) % 7
    days, starts, ends = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for in_ramadan in (False, True):
        for weekday in range(7):
            chosen = ordinals[(ramadan == in_ramadan) & (weekdays == weekday)]
            for span in hours_on(a.member, weekday, in_ramadan) if len(chosen) else ():
                days.append(chosen)
                starts.append(np.full(len(chosen), span.start, dtype=np.int64))
                ends.append(np.full(len(chosen), span.end, dtype=np.int64))
    d = np.concatenate(days)
    s = to_utc_seconds(d, np.concatenate(starts), a.member.timezone)
    e = to_utc_seconds(d, np.concatenate(ends), a.member.timezone)
    keep = e > s
    return d[keep], s[keep], e[keep]


def intervals_on(a: Availability, ordinals: np.ndarray) -> Intervals:
    """The merged UTC intervals of `spans_on`."""
    _days, starts, ends = spans_on(a, ordinals)
    return merge_intervals(starts, ends)


def _describe_off(a: Availability, ordinal: int, kind: int) -> dict[str, Any]:
    date = dt.date.fromordinal(ordinal).isoformat()
    m = a.member
    if kind == DayKind.HOLIDAY:
        name = a.days.holidays.get(ordinal, "public holiday")
        text = f"{name} ({m.place}, {date}): {m.name} off"
        return {"kind": "holiday", "member": m.name, "name": name, "place": m.place, "date": date, "text": text}
    return {"kind": "away", "member": m.name, "place": m.place, "date": date, "text": f"{m.name} away on {date}"}


_MEMO: dict[tuple[str, int], tuple[Availability, Any]] = {}
MEMO_ENTRIES = 4096


def _memo(kind: str, a: Availability, compute: Callable[[Availability], Any]) -> Any:
    """A result per availability object (kept alive beside it, so its id stays unique)."""
    key = (kind, id(a))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is a:
        return hit[1]
    if len(_MEMO) >= MEMO_ENTRIES:
        _MEMO.clear()
    value = compute(a)
    _MEMO[key] = (a, value)
    return value


def off_spans(a: Availability) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Memoised `_off_spans`."""
    result: tuple[np.ndarray, np.ndarray, np.ndarray] = _memo("off", a, _off_spans)
    return result


def _off_spans(a: Availability) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The spans the member would have worked on their holidays and days away that fall on weekdays
    (a holiday on a weekend takes nothing): (local ordinal, UTC start, UTC end), by start."""
    days = a.days
    off = (days.kinds == DayKind.HOLIDAY) | (days.kinds == DayKind.AWAY)
    off &= ~np.isin((days.ordinals - 1) % 7, sorted(a.member.weekend))
    d, s, e = spans_on(a, days.ordinals[off])
    order = np.argsort(s, kind="stable")
    return d[order], s[order], e[order]


def day_off_causes(a: Availability, other: Intervals, start: int, end: int) -> list[dict[str, Any]]:
    """Holidays and days away of a member that took time the pair would have shared in `[start, end)`."""
    d, s, e = off_spans(a)
    pick = (s < end) & (e > start)
    if not pick.any():
        return []
    lost = overlap(other[0], other[1], np.maximum(s[pick], start), np.minimum(e[pick], end))
    ordinals = sorted(set(d[pick][lost > 0].tolist()))
    return [_describe_off(a, o, date_of(a, o)[0]) for o in ordinals]


def ramadan_spans(a: Availability) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local ordinal, UTC start, UTC end) of the member's working spans on Ramadan hours."""
    result: tuple[np.ndarray, np.ndarray, np.ndarray] = _memo("ramadan", a, _ramadan_spans)
    return result


def _ramadan_spans(a: Availability) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = a.days
    if a.member.ramadan_hours is None:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return spans_on(a, days.ordinals[days.ramadan & (days.kinds == DayKind.WORKING)])


def ramadan_cause(a: Availability, start: int, end: int) -> dict[str, Any] | None:
    """Ramadan hours on the member's working dates inside `[start, end)`, if any."""
    d, s, e = ramadan_spans(a)
    days = sorted(set(d[(s < end) & (e > start)].tolist()))
    if not days:
        return None
    first, last = dt.date.fromordinal(days[0]).isoformat(), dt.date.fromordinal(days[-1]).isoformat()
    text = f"Ramadan hours for {a.member.name} ({a.member.place}) {first} to {last}"
    return {
        "kind": "ramadan",
        "member": a.member.name,
        "place": a.member.place,
        "from": first,
        "to": last,
        "text": text,
    }


def _weekend_text(party: Party) -> str:
    return "-".join(DAY_NAMES[d] for d in sorted(party.weekend)) or "no weekend"


def weekend_cause(parties: Sequence[Party]) -> dict[str, Any] | None:
    """The parties' weekends differ, which leaves fewer days in common in every week."""
    if len({p.weekend for p in parties}) < 2:
        return None
    common = 7 - len(frozenset.union(*(p.weekend for p in parties)))
    text = "weekends differ (" + "; ".join(f"{p.name}: {_weekend_text(p)}" for p in parties) + ")"
    return {"kind": "weekend", "common_working_days": common, "text": f"{text}: {common} weekdays in common"}


format_offset = zones.format_offset


def _offset_at(timezone: str, seconds: int) -> int:
    return zones.utc_offset(timezone, seconds)


@functools.lru_cache(maxsize=256)
def zone_changes(name: str, first_day: int, days: int) -> tuple[tuple[int, int, int], ...]:
    """(UTC instant, offset before, offset after) of each clock change of a zone in `days` days from
    the UTC date `first_day` (days since 1970): daily steps, then halving to the minute."""
    changes = []
    previous = _offset_at(name, first_day * SECONDS_PER_DAY)
    for day in range(first_day + 1, first_day + days + 1):
        current = _offset_at(name, day * SECONDS_PER_DAY)
        if current != previous:
            lo, hi = (day - 1) * SECONDS_PER_DAY, day * SECONDS_PER_DAY
            while hi - lo > 60:
                middle = (lo + hi) // 2 // 60 * 60
                lo, hi = (middle, hi) if _offset_at(name, middle) == previous else (lo, middle)
            changes.append((hi, previous, current))
            previous = current
    return tuple(changes)


def clock_causes(
    zone_names: Sequence[str], week: int, usual: dict[str, int], span: tuple[int, int]
) -> list[dict[str, Any]]:
    """Clock changes that moved a side: a change inside the week, or an offset unlike its usual one."""
    causes = []
    for name in zone_names:
        changes = [c for c in zone_changes(name, *span) if c[0] < week + WEEK_SECONDS]
        inside = [c for c in changes if c[0] >= week]
        if not changes or (not inside and _offset_at(name, week + WEEK_SECONDS // 2) == usual[name]):
            continue
        at, before, after = (inside or changes)[-1]
        local = zones.wall_clock(at, name).date().isoformat()
        text = f"clock change in {name} on {local} (UTC{format_offset(before)} to UTC{format_offset(after)})"
        causes.append({"kind": "clock_change", "zone": name, "date": local, "text": text})
    return causes


def usual_offsets(zone_names: Sequence[str], weeks: Weeks) -> dict[str, int]:
    """Each zone's commonest offset at the middle of the range's full weeks."""
    starts = weeks.starts[weeks.full] if weeks.full.any() else weeks.starts
    usual = {}
    for name in zone_names:
        values = [_offset_at(name, int(w) + WEEK_SECONDS // 2) for w in starts.tolist()]
        usual[name] = max(set(values), key=values.count)
    return usual


def partial_cause(weeks: Weeks, index: int) -> dict[str, Any] | None:
    if bool(weeks.full[index]):
        return None
    return {"kind": "partial_week", "text": "the range covers only part of this UTC week"}


@dataclass(frozen=True)
class Context:
    """What every pair of the protocol shares: the range, its weeks and UTC dates, usual offsets,
    and memos (numbers by the parties' working time, reasons by party and date)."""

    start: dt.date
    end: dt.date
    weeks: Weeks
    usual: dict[str, int]
    reasons: ReasonBook
    cache: dict[tuple[int, ...], Any] = field(default_factory=dict, repr=False)
    # per-party arrays, keyed by id() with the party kept alive beside them
    memo: dict[tuple[str, int], tuple[Any, Party]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def days(self) -> np.ndarray:
        return utc_days(self.start, self.end)

    @functools.cached_property
    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Week and UTC date bounds together, and where each week start and each date bound lies."""
        week_bounds = np.append(self.weeks.starts, self.weeks.starts[-1] + WEEK_SECONDS)
        days = self.days
        edges = np.union1d(week_bounds, days)
        return edges, np.searchsorted(edges, week_bounds), np.searchsorted(edges, days)

    @property
    def change_span(self) -> tuple[int, int]:
        """UTC days searched for clock changes: half a year before the first week to its last."""
        first = int(self.weeks.starts[0]) // SECONDS_PER_DAY - 183
        return first, int(self.weeks.starts[-1]) // SECONDS_PER_DAY + 7 - first

    def fingerprint(self, party: Party) -> int:
        """A key equal for parties with the same working time."""
        key = ("fingerprint", id(party))
        if key not in self.memo:
            self.memo[key] = (hash((party.starts.tobytes(), party.ends.tobytes())), party)
        return int(self.memo[key][0])

    def works_on(self, party: Party) -> np.ndarray:
        """Whether the party works at all in each UTC date of the range."""
        key = ("works", id(party))
        if key not in self.memo:
            self.memo[key] = (daily_seconds(party.intervals, self.days) > 0, party)
        return np.asarray(self.memo[key][0])


def make_context(team: Team, start: dt.date, end: dt.date, availability: dict[str, Availability]) -> Context:
    weeks = weeks_for(team, start, end, availability)
    return Context(start, end, weeks, usual_offsets(sorted({m.timezone for m in team.members}), weeks), ReasonBook())


def week_causes(parties: Sequence[Party], index: int, context: Context) -> list[dict[str, Any]]:
    """Every cause of a dip in week `index` for these parties (two sides of a pair, or the team)."""
    start = int(context.weeks.starts[index])
    end = start + WEEK_SECONDS
    partial = partial_cause(context.weeks, index)
    if partial is not None:  # the missing days explain the dip; other causes would be guesses
        return [partial]
    causes: list[dict[str, Any]] = []
    for party, other in zip(parties, _leave_one_out([p.intervals for p in parties]), strict=True):
        for a in party.members:
            causes += day_off_causes(a, other, start, end)
            causes += [c for c in [ramadan_cause(a, start, end)] if c]
    causes += [c for c in [weekend_cause(parties)] if c]
    causes += clock_causes(sorted({p.timezone for p in parties}), start, context.usual, context.change_span)
    return _unique(causes)


def _unique(causes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for cause in causes:
        if cause["text"] not in seen:
            seen.add(cause["text"])
            out.append(cause)
    return out


def _leave_one_out(intervals: Sequence[Intervals]) -> list[Intervals]:
    """For each list, the common time of all the others (prefix and suffix intersections)."""
    if len(intervals) == 1:
        return [intervals[0]]
    prefix, suffix = [intervals[0]], [intervals[-1]]
    for item in intervals[1:-1]:
        prefix.append(_common([prefix[-1], item]))
    for item in intervals[-2:0:-1]:
        suffix.append(_common([suffix[-1], item]))
    suffix.reverse()
    out = [suffix[0]]
    out += [_common([prefix[i - 1], suffix[i]]) for i in range(1, len(intervals) - 1)]
    return [*out, prefix[-1]]


def _common(intervals: Sequence[Intervals]) -> Intervals:
    starts, ends = intervals[0]
    for s, e in intervals[1:]:
        starts, ends = intersect(starts, ends, s, e)
    return starts, ends


# -- shared time of a pair -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekShare:
    """Shared minutes in one UTC week and, for a dip, every cause."""

    week: dt.date
    minutes: int
    causes: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class PairShare:
    """The shared time of two parties (members or sites), or of the required team, across the range.
    Minutes per week are computed at once; causes and reasons when asked for (`weeks`, `zero_overlap`)."""

    parties: tuple[Party, ...]
    minutes: np.ndarray = field(repr=False)
    dip_index: np.ndarray = field(repr=False)
    zero_index: np.ndarray = field(repr=False)
    shared: Intervals = field(repr=False)
    context: Context = field(repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parties)

    @property
    def total_minutes(self) -> int:
        return int(self.minutes.sum())

    @property
    def dips(self) -> int:
        return len(self.dip_index)

    @property
    def median(self) -> int:
        """The median full week's shared minutes (all weeks when none is full), as dips use it."""
        full = self.context.weeks.full
        return _median((self.minutes[full] if full.any() else self.minutes).tolist())

    @property
    def weeks(self) -> tuple[WeekShare, ...]:
        """Each UTC week's shared minutes, with every cause for the dips."""
        dipped = set(self.dip_index.tolist())
        return tuple(
            WeekShare(
                dt.date.fromisoformat(iso_date(w)),
                m,
                tuple(week_causes(self.parties, i, self.context)) if i in dipped else (),
            )
            for i, (w, m) in enumerate(zip(self.context.weeks.starts.tolist(), self.minutes.tolist(), strict=True))
        )

    @property
    def zero_overlap(self) -> tuple[ZeroDay, ...]:
        """The zero-overlap UTC dates, each with its reason."""
        return tuple(self._zero_day(i) for i in self.zero_index.tolist())

    def _zero_day(self, i: int) -> ZeroDay:
        day = int(self.context.days[i])
        reasons = self.context.reasons
        idle = [p for p in self.parties if not self.context.works_on(p)[i]]
        reason = reasons.idle(idle, day) if idle else reasons.apart(self.parties, day)
        return ZeroDay(dt.date.fromordinal(self.context.start.toordinal() + i), reason)


def share(parties: Sequence[Party], context: Context, shared: Intervals | None = None) -> PairShare:
    """The parties' shared minutes per week, their dips and zero-overlap dates."""
    if shared is not None:
        numbers = _share_numbers(parties, shared, context)
    else:
        key = tuple(context.fingerprint(p) for p in parties)
        if key not in context.cache:  # parties with the same working time share the same numbers
            context.cache[key] = _share_numbers(parties, _common([p.intervals for p in parties]), context)
        numbers = context.cache[key]
    minutes, dip_index, zero, shared = numbers
    return PairShare(tuple(parties), minutes, dip_index, zero, shared, context)


def _share_numbers(
    parties: Sequence[Party], shared: Intervals, context: Context
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Intervals]:
    edges, week_at, day_at = context.edges
    done = covered_before(shared, edges)
    minutes = np.diff(done[week_at]) // 60
    together = np.diff(done[day_at])
    anyone = np.logical_or.reduce([context.works_on(p) for p in parties])
    zero = np.flatnonzero((together == 0) & anyone)
    return minutes, dips(minutes, context.weeks), zero, shared


def covered_before(intervals: Intervals, times: np.ndarray) -> np.ndarray:
    """Seconds of the intervals between the first of the (sorted) instants and each of them."""
    return np.concatenate([[0], np.cumsum(overlap(intervals[0], intervals[1], times[:-1], times[1:]))])


def utc_days(start: dt.date, end: dt.date) -> np.ndarray:
    """UTC midnights (seconds) of the dates `start..end+1`, the bounds of each UTC date."""
    first = (start.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY
    return np.arange(first, first + ((end - start).days + 2) * SECONDS_PER_DAY, SECONDS_PER_DAY, dtype=np.int64)


def daily_seconds(intervals: Intervals, bounds: np.ndarray) -> np.ndarray:
    return overlap(intervals[0], intervals[1], bounds[:-1], bounds[1:])


class ReasonBook:
    """Why a party has no working minute in a UTC date, memoised per party and date."""

    def __init__(self) -> None:
        # keyed by id(): names may repeat between a member and a site; the parties are kept alive
        self._cache: dict[tuple[str, int, int], str] = {}
        self._parties: dict[int, Party] = {}

    def _memo(self, kind: str, party: Party, day: int, compute: Callable[[Party, int], str]) -> str:
        key = (kind, id(party), day)
        text = self._cache.get(key)
        if text is None:
            self._parties[id(party)] = party
            text = self._cache[key] = compute(party, day)
        return text

    def idle(self, parties: Sequence[Party], day: int) -> str:
        return "; ".join(self.off(p, day) for p in parties)

    def off(self, party: Party, day: int) -> str:
        return self._memo("off", party, day, lambda p, d: f"{p.name}: {self._off_text(p, d)}")

    @staticmethod
    def _off_text(party: Party, day: int) -> str:
        a = party.members[0]
        ordinals = {zones.wall_clock(t, party.timezone).date().toordinal() for t in (day, day + SECONDS_PER_DAY - 1)}
        texts = [day_text(a, o) for o in sorted(ordinals)]
        texts = [t for t in texts if t]
        return ", ".join(texts) if texts else "no working hours in this UTC date"

    def apart(self, parties: Sequence[Party], day: int) -> str:
        spans = "; ".join(self._memo("hours", p, day, _utc_hours_of) for p in parties)
        return f"working hours do not meet ({spans})"


def _utc_hours_of(p: Party, day: int) -> str:
    """`Berlin 08:00-16:00 UTC`: the party's working hours within a UTC date."""
    s, e = p.starts, p.ends
    lo = int(np.searchsorted(e, day, side="right"))
    hi = int(np.searchsorted(s, day + SECONDS_PER_DAY, side="left"))
    hours = ", ".join(
        f"{_hhmm(max(int(s[k]), day) - day)}-{_hhmm(min(int(e[k]), day + SECONDS_PER_DAY) - day)}"
        for k in range(lo, hi)
    )
    return f"{p.name} {hours} UTC"


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


# -- standard reply table ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplyRow:
    """For messages sent at `hour` on the sender's working dates: typical and worst calendar minutes."""

    sender: str
    recipient: str
    hour: int
    expectation: str
    typical_minutes: int | None
    worst_minutes: int | None
    worst_date: dt.date | None
    sends: int


def sending_times(party: Party, start: dt.date, end: dt.date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(UTC instants, local hours, local ordinals) of each whole hour inside the party's working dates."""
    a = party.members[0]
    days = a.days
    mask = (days.kinds == DayKind.WORKING) & (days.ordinals >= start.toordinal()) & (days.ordinals <= end.toordinal())
    ordinals, ramadan = days.ordinals[mask], days.ramadan[mask]
    parts_days, parts_minutes = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for in_ramadan in (False, True):
        for weekday in range(7):
            chosen = ordinals[(ramadan == in_ramadan) & ((ordinals - 1) % 7 == weekday)]
            minutes = [
                m for span in hours_on(a.member, weekday, in_ramadan) for m in _whole_hours(span.start, span.end)
            ]
            if len(chosen) and minutes:
                parts_days.append(np.repeat(chosen, len(minutes)))
                parts_minutes.append(np.tile(np.array(minutes, dtype=np.int64), len(chosen)))
    d, m = np.concatenate(parts_days), np.concatenate(parts_minutes)
    order = np.lexsort((m, d))
    d, m = d[order], m[order]
    return to_utc_seconds(d, m, party.timezone), m // 60 % 24, d


def _whole_hours(start: int, end: int) -> range:
    """Minutes after midnight of each whole hour in `[start, end)`."""
    return range(-(-start // 60) * 60, end, 60)


def next_business_day_ends(recipient: Party, sent: np.ndarray) -> np.ndarray:
    """The end of the recipient's first working day that starts after each send instant."""
    starts, ends = recipient.intervals
    if len(starts) == 0:
        return np.full(len(sent), NEVER, dtype=np.int64)
    # a working day is a run of intervals less than 6 hours apart (lunch breaks stay inside one day)
    new_day = np.ones(len(starts), dtype=bool)
    new_day[1:] = starts[1:] - ends[:-1] >= 6 * 3600
    day_starts = starts[new_day]
    day_ends = np.maximum.reduceat(ends, np.flatnonzero(new_day))
    k = np.searchsorted(day_starts, sent, side="right")
    return np.where(k < len(day_starts), day_ends[np.minimum(k, len(day_starts) - 1)], NEVER)


def reply_table(
    sender: Party,
    recipient: Party,
    start: dt.date,
    end: dt.date,
    sends: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[ReplyRow]:
    """The standard expectations for messages sent at each hour of the sender's working day."""
    sent, hours, ordinals = sends if sends is not None else sending_times(sender, start, end)
    rows = []
    for label, minutes in STANDARD_EXPECTATIONS:
        if minutes is None:
            due = next_business_day_ends(recipient, sent)
        else:
            due = due_instants(recipient.intervals, sent, minutes * 60)
        ok = (due != NEVER) & (due <= sent + LOOK_AHEAD_DAYS * SECONDS_PER_DAY)
        spans = np.where(ok, (due - sent) // 60, -1)
        rows += [
            _reply_row(sender, recipient, label, hour, spans[hours == hour], ordinals[hours == hour])
            for hour in sorted(set(hours.tolist()))
        ]
    return rows


def _reply_row(
    sender: Party, recipient: Party, label: str, hour: int, spans: np.ndarray, ordinals: np.ndarray
) -> ReplyRow:
    """Typical and worst calendar minutes of the sends at one hour; sends whose answer falls after
    the range (or beyond 60 days) are left out."""
    known = spans >= 0
    if not known.any():
        return ReplyRow(sender.name, recipient.name, hour, label, None, None, None, len(spans))
    worst = int(np.argmax(np.where(known, spans, -1)))
    return ReplyRow(
        sender.name, recipient.name, hour, label, _median(spans[known].tolist()), int(spans[worst]),
        dt.date.fromordinal(int(ordinals[worst])), len(spans),
    )  # fmt: skip


# -- follow-the-sun ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Handoff:
    """Site `source` ends its day, site `target` takes over: minutes of gap (> 0) or overlap (< 0)."""

    source: str
    target: str
    typical_minutes: int
    worst_minutes: int
    worst_date: dt.date
    days: int


def day_blocks(party: Party) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first start, last end, local ordinal) of each of the party's working dates, in UTC."""
    edges = [_day_edges(a) for a in party.members]
    ordinals = np.concatenate([e[0] for e in edges])
    starts, ends = np.concatenate([e[1] for e in edges]), np.concatenate([e[2] for e in edges])
    if len(ordinals) == 0:
        return starts, ends, ordinals
    unique, group = np.unique(ordinals, return_inverse=True)
    first = np.full(len(unique), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(len(unique), np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first, group, starts)
    np.maximum.at(last, group, ends)
    return first, last, unique


def _day_edges(a: Availability) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local ordinal, UTC start of the first span, UTC end of the last) of each working date with hours."""
    days = a.days
    working = days.kinds == DayKind.WORKING
    spans = [
        hours_on(a.member, (o - 1) % 7, bool(r))
        for o, r in zip(days.ordinals[working].tolist(), days.ramadan[working].tolist(), strict=True)
    ]
    keep = np.array([bool(x) for x in spans], dtype=bool)
    ordinals = days.ordinals[working][keep] if len(spans) else np.zeros(0, dtype=np.int64)
    lo = np.array([x[0].start for x in spans if x], dtype=np.int64)
    hi = np.array([x[-1].end for x in spans if x], dtype=np.int64)
    tz = a.member.timezone
    return ordinals, to_utc_seconds(ordinals, lo, tz), to_utc_seconds(ordinals, hi, tz)


def typical_start(blocks: tuple[np.ndarray, np.ndarray, np.ndarray]) -> int:
    """The commonest UTC minute of the day at which the party's working day starts."""
    if len(blocks[0]) == 0:
        return 24 * 60
    values: list[int] = (blocks[0] % SECONDS_PER_DAY // 60).tolist()
    return max(set(values), key=lambda v: (values.count(v), -v))


def handoff(
    source: Party, target: Party, blocks: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> Handoff | None:
    """The source's end of each working day against the start of the target's next or current day."""
    _s, ends, ordinals = blocks[source.name]
    t_starts, t_ends, _o = blocks[target.name]
    if len(ends) == 0 or len(t_starts) == 0:
        return None
    k = np.searchsorted(t_ends, ends, side="right")  # the target's first day still running or ahead
    valid = k < len(t_starts)
    k = np.minimum(k, len(t_starts) - 1)
    gap = (t_starts[k] - ends) // 60
    valid &= np.abs(gap) < 24 * 60  # the target works the same day: a handoff, not a weekend
    if not valid.any():
        return None
    gaps, dates = gap[valid], ordinals[valid]
    worst = int(np.argmax(gaps))
    return Handoff(
        source.name,
        target.name,
        int(np.median(gaps)),
        int(gaps[worst]),
        dt.date.fromordinal(int(dates[worst])),
        int(valid.sum()),
    )


def handoffs(sites: Sequence[Party]) -> tuple[list[Party], list[Handoff]]:
    """Sites in order of the UTC start of their working day, and each site's handoff to the next."""
    blocks = {p.name: day_blocks(p) for p in sites}
    ordered = sorted(sites, key=lambda p: typical_start(blocks[p.name]))
    if len(ordered) < 2:
        return ordered, []
    pairs = zip(ordered, ordered[1:] + ordered[:1], strict=True)
    return ordered, [h for h in (handoff(x, y, blocks) for x, y in pairs) if h is not None]


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """A stretch of a UTC week in which no site works, with the nearest sites' local times."""

    week: dt.date
    start: int
    end: int
    before: str
    after: str

    @property
    def minutes(self) -> int:
        return (self.end - self.start) // 60


def coverage_gaps(sites: Sequence[Party], weeks: Weeks, working_days_only: bool = True) -> list[CoverageGap]:
    """Gaps in each full week when no site works; with `working_days_only`, gaps of 24 h or more
    (weekends, shared holidays) are left out, since no one hands work over across them."""
    union = merge_intervals(np.concatenate([p.starts for p in sites]), np.concatenate([p.ends for p in sites]))
    owner = _owners(sites)
    gaps = []
    for w in weeks.starts[weeks.full].tolist():
        lo = int(np.searchsorted(union[1], w, side="right"))
        hi = int(np.searchsorted(union[0], w + WEEK_SECONDS, side="left"))
        for k in range(max(lo, 1), min(hi + 1, len(union[0]))):
            start, end = int(union[1][k - 1]), int(union[0][k])
            if start < w or end > w + WEEK_SECONDS or (working_days_only and end - start >= SECONDS_PER_DAY):
                continue
            gaps.append(
                CoverageGap(dt.date.fromisoformat(iso_date(w)), start, end, owner(start, True), owner(end, False))
            )
    return gaps


def _owners(sites: Sequence[Party]) -> Callable[[int, bool], str]:
    """A function naming the site whose working time ends (or starts) at an instant, on its clock."""

    def owner(instant: int, ending: bool) -> str:
        for p in sites:
            edges = p.ends if ending else p.starts
            i = int(np.searchsorted(edges, instant))
            if i < len(edges) and int(edges[i]) == instant:
                local = zones.wall_clock(instant, p.timezone)
                return f"{p.name} {'ends' if ending else 'starts'} {local:%H:%M} local"
        return ""

    return owner


# -- focus day and core window ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FocusDay:
    """The weekday proposed for no meetings: working for everyone, least shared time lost."""

    weekday: int
    lost_pair_minutes: int
    candidates: tuple[tuple[int, int], ...]  # (weekday, pair-minutes lost) for every candidate

    @property
    def name(self) -> str:
        return DAY_NAMES[self.weekday]


def weekday_intervals(a: Availability, weekday: int) -> Intervals:
    """The member's working intervals on their local dates falling on `weekday`."""
    days = a.days
    chosen = days.ordinals[(days.kinds == DayKind.WORKING) & ((days.ordinals - 1) % 7 == weekday)]
    return intervals_on(a, chosen)


def pair_minutes_lost(availabilities: Sequence[Availability], weekday: int) -> int:
    """Pair-minutes of shared time that fall on anyone's local `weekday`: with k members working at a
    moment and j of them on that weekday, C(k,2) - C(k-j,2) pairs lose the moment."""
    all_k = _count_steps([(a.starts, a.ends) for a in availabilities])
    day_k = _count_steps([weekday_intervals(a, weekday) for a in availabilities])
    times = np.union1d(all_k[0], day_k[0])
    if len(times) < 2:
        return 0
    k = _step_values(all_k, times[:-1])
    j = _step_values(day_k, times[:-1])
    pairs = k * (k - 1) // 2 - (k - j) * (k - j - 1) // 2
    return int((pairs * np.diff(times)).sum()) // 60


def _count_steps(intervals: Sequence[Intervals]) -> tuple[np.ndarray, np.ndarray]:
    """How many of the interval lists cover each instant, as (change times, count from each time)."""
    starts = np.concatenate([s for s, _e in intervals] + [np.zeros(0, dtype=np.int64)])
    ends = np.concatenate([e for _s, e in intervals] + [np.zeros(0, dtype=np.int64)])
    times = np.concatenate([starts, ends])
    steps = np.concatenate([np.ones(len(starts), dtype=np.int64), -np.ones(len(ends), dtype=np.int64)])
    order = np.argsort(times, kind="stable")
    times, counts = times[order], np.cumsum(steps[order])
    last = np.ones(len(times), dtype=bool)
    last[:-1] = times[1:] != times[:-1]
    return times[last], counts[last]


def _step_values(steps: tuple[np.ndarray, np.ndarray], at: np.ndarray) -> np.ndarray:
    times, counts = steps
    i = np.searchsorted(times, at, side="right") - 1
    return np.where(i >= 0, counts[np.maximum(i, 0)], 0)


def focus_day(availabilities: Sequence[Availability]) -> FocusDay | None:
    """The weekday working for every member with the fewest pair-minutes of shared time on it."""
    candidates = [d for d in range(7) if all(d not in a.member.weekend and a.member.hours[d] for a in availabilities)]
    if not candidates:
        return None
    lost = [(d, pair_minutes_lost(availabilities, d)) for d in candidates]
    best = min(lost, key=lambda item: (item[1], item[0]))
    return FocusDay(best[0], best[1], tuple(lost))


@dataclass(frozen=True, slots=True)
class CoreWindow:
    """A daily UTC interval `[start, end)` (minutes after 00:00Z) all required members work on most days."""

    start: int
    end: int
    holds: int
    team_days: int
    misses: tuple[ZeroDay, ...]

    @property
    def minutes(self) -> int:
        return self.end - self.start


def core_window(required: Sequence[Party], start: dt.date, end: dt.date, reasons: ReasonBook) -> CoreWindow | None:
    """The longest daily UTC interval covered by the team's common time on at least half of the team's
    days (UTC dates of the range with any common time); None when the team never shares a minute."""
    common = _common([p.intervals for p in required])
    bounds = utc_days(start, end)
    minute_grid = _minute_grid(common, bounds)
    team_days = int(minute_grid.any(axis=1).sum())
    if team_days == 0:
        return None
    run = _longest_run(minute_grid.sum(axis=0) * 2 >= team_days)
    if run is None:
        return None
    lo, hi = run
    held = minute_grid[:, lo:hi].all(axis=1)
    anyone = np.logical_or.reduce([daily_seconds(p.intervals, bounds) > 0 for p in required])
    misses = []
    for i in np.flatnonzero(~held & anyone).tolist():
        day = int(bounds[i])
        idle = [
            p
            for p in required
            if overlap(p.starts, p.ends, np.array([day + lo * 60]), np.array([day + hi * 60]))[0] < (hi - lo) * 60
        ]
        misses.append(ZeroDay(dt.date.fromordinal(start.toordinal() + i), reasons.idle(idle, day)))
    return CoreWindow(lo, hi, int(held.sum()), team_days, tuple(misses))


def _minute_grid(intervals: Intervals, bounds: np.ndarray) -> np.ndarray:
    """A (UTC date x minute of the day) table of whether the intervals cover each minute."""
    days = len(bounds) - 1
    edges = bounds[0] + np.arange(days * 1440 + 1, dtype=np.int64) * 60
    covered = overlap(intervals[0], intervals[1], edges[:-1], edges[1:]) == 60
    return np.asarray(covered.reshape(days, 1440))


def _longest_run(mask: np.ndarray) -> tuple[int, int] | None:
    """The longest run of True minutes (within one UTC day, not wrapping midnight)."""
    best, start = None, None
    for i, value in enumerate([*mask.tolist(), False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


# -- the whole protocol -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Protocol:
    """A team's partnership protocol over local dates `start..end`."""

    team: Team
    start: dt.date
    end: dt.date
    context: Context = field(repr=False)
    pairs: tuple[PairShare, ...]
    sites: tuple[PairShare, ...]
    team_share: PairShare
    site_order: tuple[str, ...]
    handoffs: tuple[Handoff, ...]
    coverage_gaps: tuple[CoverageGap, ...]
    focus_day: FocusDay | None
    core_window: CoreWindow | None
    reply_tables: tuple[ReplyRow, ...]
    site_members: dict[str, tuple[str, ...]] = field(repr=False)

    @property
    def team_weeks(self) -> tuple[WeekShare, ...]:
        """The required members' common minutes (the engine's windows of any length) per week."""
        return self.team_share.weeks

    @property
    def team_zero_overlap(self) -> tuple[ZeroDay, ...]:
        return self.team_share.zero_overlap


def protocol_for(team: Team, start: dt.date, end: dt.date) -> Protocol:
    """Every number of the protocol for the team over local dates `start..end`."""
    check_range(start, end)
    availability = team_availability(team, start, end)
    return protocol_from_availability(team, start, end, availability)


def protocol_from_availability(
    team: Team, start: dt.date, end: dt.date, availability: dict[str, Availability]
) -> Protocol:
    """`protocol_for` on availability already computed."""
    if not team.required:
        raise PlannerError(f"team {team.name!r}: at least one member must be required")
    context = make_context(team, start, end, availability)
    members = [member_party(a) for a in availability.values()]
    sites = sites_of(availability)
    required = [member_party(availability[m.name]) for m in team.required]
    team_common = common_intervals([p.members[0] for p in required])
    ordered, hands = handoffs(sites)
    return Protocol(
        team, start, end, context,
        tuple(share((a, b), context) for a, b in combinations(members, 2)),
        tuple(share((a, b), context) for a, b in combinations(sites, 2)),
        share(required, context, team_common),
        tuple(p.name for p in ordered), tuple(hands),
        tuple(coverage_gaps(sites, context.weeks)) if len(sites) > 1 else (),
        focus_day(list(availability.values())),
        core_window(required, start, end, context.reasons),
        tuple(reply_tables(sites, start, end)),
        {p.name: tuple(a.member.name for a in p.members) for p in sites},
    )  # fmt: skip


def reply_tables(sites: Sequence[Party], start: dt.date, end: dt.date) -> list[ReplyRow]:
    """The standard reply table for every ordered pair of sites."""
    sends = {x.name: sending_times(x, start, end) for x in sites}
    return [row for x in sites for y in sites if x is not y for row in reply_table(x, y, start, end, sends[x.name])]
