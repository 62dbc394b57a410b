"""Recurring meetings: a fixed time in an anchor's zone, or a rotation that shares the burden.

- `fixed`: one wall-clock time in the anchor's zone (a member's, or UTC); each occurrence is that
  time on its date, through the IANA rules of that date.
- `rotate`: each occurrence may take any quarter hour of its date; the series minimises the largest
  cumulative cost (ranking.py's cost model) any required member carries, then the total. It starts
  from the best fixed series over every anchor and only ever improves on it.
- An occurrence that would fall on a required member's weekend, holiday or away day moves to the
  nearest acceptable date in the same week (Monday to Sunday of its nominal date, in both modes), or is
  skipped; both say why.
- People first: a fixed time never puts a required member at night (outside 07:00-22:00 local and their own
  hours) to rescue a blocked week. Each fixed time skips up to `NIGHT_SKIPS` meetings (a clock change's
  weeks) rather than hold them at night, and the times that keep every required member out of the night
  rank before any other, then by meetings held, then by burden. `series_alternatives` sets the most
  comfortable time beside the one that holds the most meetings, with the trade-off in words, and a series
  that puts a required member at night carries a warning.
- Drift: whenever a member's UTC offset changes relative to the anchor's between two occurrences, the
  member's local time of a fixed meeting moves; each such change is reported, with the anchor that
  would keep the time stable for the most members.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from planner_app import zones
from planner_app.availability import (
    SECONDS_PER_DAY,
    UNIX_EPOCH_ORDINAL,
    Availability,
    schedule_key,
    team_availability,
    to_utc_seconds,
)
from planner_app.calendars import DayKind, DayTable
from planner_app.errors import PlannerError, RangeError
from planner_app.hours import DAY_NAMES, clock_text
from planner_app.ranking import OPTIONAL_WEIGHT, MemberLoad, member_load, member_terms
from planner_app.teams import Member, Team
from planner_app.windows import check_duration

Cadence = Literal["weekly", "biweekly", "monthly"]
Mode = Literal["fixed", "rotate"]
CADENCES: tuple[str, ...] = ("weekly", "biweekly", "monthly")
MODES: tuple[str, ...] = ("fixed", "rotate")
MAX_OCCURRENCES = 260
MAX_SERIES_DAYS = 6 * 366  # from the first meeting's Monday to the last one's Sunday
STEP_MINUTES = 15
UTC_ANCHOR = "utc"
# A fixed time gives up at most this many meetings (typically the weeks between two zones' clock changes)
# to keep required members out of the night; a time that would lose more is a night time, held and warned.
NIGHT_SKIPS = 2

# `--anchor utc` (any case) always means UTC; a member whose name would read as UTC (or as this
# prefix) is anchored as "member:NAME", so no member name can shadow the UTC anchor.
MEMBER_ANCHOR = "member:"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One meeting of a series: when it is (UTC seconds), each member's cost, and any move or skip."""

    index: int
    nominal: dt.date  # the date the cadence gives, in the anchor's calendar
    date: dt.date  # the date it is held (same as nominal unless moved)
    start: int | None  # UTC seconds; None when skipped
    end: int | None
    costs: dict[str, float] = field(default_factory=dict)
    moved: bool = False
    skipped: bool = False
    reason: str = ""
    night: tuple[str, ...] = ()  # required members at night (outside 07:00-22:00 local and their own hours)

    @property
    def times(self) -> tuple[int, int]:
        """(start, end) in UTC seconds of an occurrence that is held."""
        if self.start is None or self.end is None:
            raise ValueError(f"occurrence {self.index} is skipped and has no time")
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class Drift:
    """A member's local time of the meeting shifts because a UTC offset changed between occurrences."""

    date: dt.date
    member: str
    before: str
    after: str
    shift_minutes: int
    cause: str


@dataclass(frozen=True, slots=True)
class Alternative:
    """A fixed time the lead may pick instead, with its trade-off: how many meetings it holds, which weeks
    it skips and why, and which required members it puts at night (with their local start times)."""

    kind: str  # "comfortable" (nobody required at night) or "hold every meeting"
    time: int  # minutes after the anchor's midnight
    place: str  # the anchor's clock: "London", "UTC"
    held: int
    count: int
    moved: int
    skipped: tuple[str, ...]  # for each skipped meeting, what blocks its week
    night: tuple[tuple[str, tuple[str, ...]], ...]  # (required member, their local starts at night)

    @property
    def comfortable(self) -> bool:
        """True when no held meeting puts a required member at night."""
        return not self.night

    @property
    def label(self) -> str:
        """`10:30 London`: the time on the anchor's clock."""
        return f"{self.time // 60:02d}:{self.time % 60:02d} {self.place}"

    @property
    def summary(self) -> str:
        """The trade-off in words: `10:30 London: 11 held, 1 skipped (week of 17 May: Eid al-Adha)`."""
        parts = [f"{self.held} held"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped ({'; '.join(dict.fromkeys(self.skipped))})")
        parts += [f"{name} at {' or '.join(times)}" for name, times in self.night]
        return f"{self.label}: {', '.join(parts)}"


@dataclass(frozen=True, slots=True)
class Series:
    """A planned series with its occurrences, each member's burden, and the DST drift report."""

    team: Team
    mode: Mode
    cadence: Cadence
    anchor: str  # "utc", or the member's anchor token (see `anchor_token`)
    anchor_zone: str
    duration: int
    time: int | None  # fixed: minutes after the anchor's midnight
    occurrences: tuple[Occurrence, ...]
    totals: dict[str, float]
    drift: tuple[Drift, ...]
    stable_anchor: str
    stable_members: dict[str, int]
    alternatives: tuple[Alternative, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def burdens(self) -> dict[str, float]:
        """Each member's cost over the series as the cost model weighs it: optional members count
        `OPTIONAL_WEIGHT` (a fifth), since they join when it suits them."""
        weight = {m.name: 1.0 if m.required else OPTIONAL_WEIGHT for m in self.team.members}
        return {name: cost * weight[name] for name, cost in self.totals.items()}

    @property
    def shares(self) -> dict[str, float]:
        """Each member's fraction of the team's weighted burden (0..1; optional members weigh a fifth)."""
        burdens = self.burdens
        total = sum(burdens.values())
        return {name: (cost / total if total else 0.0) for name, cost in burdens.items()}

    @property
    def heaviest(self) -> str:
        """The member who carries the largest weighted burden (the first in team order on ties)."""
        burdens = self.burdens
        return max(burdens, key=burdens.__getitem__)

    @property
    def held(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if not o.skipped)


def nominal_dates(start: dt.date, count: int, cadence: str) -> list[dt.date]:
    """The dates the cadence gives: every week, every other week, or the same nth weekday monthly."""
    if cadence == "weekly":
        return [start + dt.timedelta(weeks=k) for k in range(count)]
    if cadence == "biweekly":
        return [start + dt.timedelta(weeks=2 * k) for k in range(count)]
    if cadence != "monthly":
        raise PlannerError(f"the cadence must be one of {', '.join(CADENCES)} (got {cadence!r})", field="cadence")
    nth = monthly_nth(start)
    out = []
    for k in range(count):
        year, month = divmod(start.month - 1 + k, 12)
        out.append(nth_weekday(start.year + year, month + 1, start.weekday(), nth))
    return out


def monthly_nth(start: dt.date) -> int:
    """Which weekday of its month `start` is: 1..4, or -1 for the fifth (held on the last)."""
    nth = (start.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _week_candidates(nominal: dt.date) -> list[dt.date]:
    """Dates of the nominal date's Monday-to-Sunday week, nearest first (earlier first on ties)."""
    monday = nominal - dt.timedelta(days=nominal.weekday())
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    return sorted(week, key=lambda d: (abs((d - nominal).days), d))


def anchor_token(name: str) -> str:
    """How `anchor=` names the member `name`: the name itself, or "member:NAME" when the bare name
    would mean UTC (or start with the prefix)."""
    return f"{MEMBER_ANCHOR}{name}" if name.lower() == UTC_ANCHOR or name.startswith(MEMBER_ANCHOR) else name


def anchor_member(token: str) -> str | None:
    """The member's name an anchor token names, or None for the UTC anchor."""
    if token.startswith(MEMBER_ANCHOR):
        return token[len(MEMBER_ANCHOR) :]
    return None if token.lower() == UTC_ANCHOR else token


def _anchor(team: Team, anchor: str | None) -> tuple[str, str]:
    """The anchor's token and zone: "utc" (any case) is UTC, "member:NAME" or a bare NAME a member."""
    if anchor is None:
        first = team.required[0] if team.required else team.members[0]
        return anchor_token(first.name), first.timezone
    name = anchor_member(anchor)
    if name is None:
        return UTC_ANCHOR, "Etc/UTC"
    for m in team.members:
        if m.name == name:
            return anchor_token(m.name), m.timezone
    raise PlannerError(
        f"the anchor must be a member of {team.name!r} (as NAME or member:NAME) or 'utc' (got {anchor!r})",
        field="anchor",
    )


class _Costs:
    """Each member's cost, and whether a required member is off, for every quarter hour of UTC over
    the series. Every anchor's candidate starts fall on this grid (zone offsets in use since 1972
    are whole quarter hours), so the costs are computed once, whatever the anchor."""

    def __init__(
        self, loads: list[MemberLoad], counts: np.ndarray, first: dt.date, last: dt.date, duration: int
    ) -> None:
        step = STEP_MINUTES * 60
        self.loads, self.counts, self.duration, self.step = loads, counts, duration, step
        self.base = (first.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY - 15 * 3600
        finish = (last.toordinal() - UNIX_EPOCH_ORDINAL + 1) * SECONDS_PER_DAY + 15 * 3600
        starts = np.arange(self.base, finish, step, dtype=np.int64)
        self.costs, self.blocked, self.night = self._compute(starts)

    def _compute(self, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ends = starts + self.duration * 60
        terms = [member_terms(load, starts, ends) for load in self.loads]
        costs = np.stack([t.cost for t in terms])
        blocked = np.zeros(len(starts), dtype=bool)
        for load, t in zip(self.loads, terms, strict=True):
            if load.required:
                blocked |= t.off > 0
        # at night: some minute of the meeting outside the member's awake band (07:00-22:00 local, or their
        # hours); asked only of the members whose nights count (the required, or everyone when nobody is)
        judged = [load.required for load in self.loads] if any(load.required for load in self.loads) else None
        night = np.zeros((len(self.loads), len(starts)), dtype=bool)
        for i, t in enumerate(terms):
            if judged is None or judged[i]:
                night[i] = t.awake < ends - starts
        return costs, blocked, night

    def gather(self, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        offsets = starts - self.base
        index = offsets // self.step
        if (offsets % self.step).any() or index.min() < 0 or index.max() >= self.costs.shape[1]:
            return self._compute(starts)  # an old zone with an odd offset: compute directly
        return self.costs[:, index], self.blocked[index], self.night[:, index]


class _Grid:
    """Every candidate start (dates of the span x quarter hours of the anchor's day) with each
    member's cost and whether a required member would be on a day off."""

    def __init__(self, costs: _Costs, dates: list[dt.date], zone: str, duration: int) -> None:
        self.dates, self.zone, self.duration = dates, zone, duration
        self.index = {d: i for i, d in enumerate(dates)}
        self.times = np.arange(0, 1440, STEP_MINUTES, dtype=np.int64)  # a late start may end after midnight
        ordinals = np.repeat(np.array([d.toordinal() for d in dates], dtype=np.int64), len(self.times))
        minutes = np.tile(self.times, len(dates))
        starts = to_utc_seconds(ordinals, minutes, zone)
        shape = (len(dates), len(self.times))
        self.starts = starts.reshape(shape)
        member_cost, blocked, night = costs.gather(starts)
        self.costs = member_cost.reshape((len(costs.loads), *shape))
        self.blocked = blocked.reshape(shape)
        # Rows are schedules (members who pay the same costs), each standing for `counts` members.
        self.required = np.array([load.required for load in costs.loads])
        self.counts = costs.counts
        self.weights = np.where(self.required, 1.0, OPTIONAL_WEIGHT) * self.counts
        self.judged = self.required if self.required.any() else np.ones(len(self.required), dtype=bool)
        self.night_by = night.reshape((len(costs.loads), *shape))  # each schedule at night
        self.night = self.night_by[self.judged].any(axis=0)  # some judged member at night

    def keys(self, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For totals of shape (schedules, candidates): the worst-off judged member's burden, the weighted
        sum, and the sum of squares over judged members (the tie-break that shares the burden)."""
        judged = totals[self.judged]
        squares = (judged**2 * self.counts[self.judged][:, None]).sum(axis=0)
        return judged.max(axis=0), (totals * self.weights[:, None]).sum(axis=0), squares


def _objective(grid: _Grid, totals: np.ndarray) -> tuple[float, float, float]:
    worst, weighted, squares = grid.keys(totals[:, None])
    return (round(float(worst[0]), 6), round(float(weighted[0]), 6), round(float(squares[0]), 6))


def _place_all(grid: _Grid, nominal: list[dt.date], acceptable: np.ndarray) -> np.ndarray:
    """For every fixed time (grid column), each occurrence's date row: the nominal date, else the nearest
    date of its week where the cell is `acceptable`; -1 where none is. Shape (occurrences, columns)."""
    rows = np.full((len(nominal), len(grid.times)), -1, dtype=np.int64)
    for k, day in enumerate(nominal):
        for candidate in reversed(_week_candidates(day)):  # nearest last, so it wins
            row = grid.index[candidate]
            rows[k, acceptable[row]] = row
    return rows


def _spots(rows: np.ndarray, column: int) -> list[tuple[int, int] | None]:
    return [(int(r), column) if r >= 0 else None for r in rows[:, column]]


@dataclass(frozen=True, slots=True)
class _Fixed:
    """Every fixed time of the anchor's day (grid columns) as a series: each occurrence's date row (-1:
    skipped), the meetings held, the held meetings with a judged member at night, and the burden keys."""

    rows: np.ndarray  # (occurrences, columns)
    held: np.ndarray
    nights: np.ndarray
    worst: np.ndarray
    weighted: np.ndarray
    squares: np.ndarray

    @property
    def comfortable(self) -> np.ndarray:
        """The times that hold meetings and never put a judged member at night."""
        comfortable: np.ndarray = (self.nights == 0) & (self.held > 0)
        return comfortable

    def best(self, *, comfort_first: bool = True) -> int:
        """The column that keeps everyone out of the night, then holds the most, then has the fewest
        meetings at night (when no time keeps everyone out of it), then burdens least; with
        `comfort_first=False`, the one that holds the most meetings, then has the fewest at night."""
        columns = np.arange(len(self.held))
        tie = (columns, self.squares, self.weighted, self.worst)
        primary = (self.nights, -self.held, ~self.comfortable) if comfort_first else (self.nights, -self.held)
        return int(np.lexsort((*tie, *primary))[0])


def _fixed_all(grid: _Grid, nominal: list[dt.date]) -> _Fixed:
    """Every fixed time's series. A time avoids the night (moving or skipping those meetings) when that costs
    at most `NIGHT_SKIPS` meetings; otherwise it is a night time and holds its meetings."""
    plain = _place_all(grid, nominal, ~grid.blocked)
    calm = _place_all(grid, nominal, ~(grid.blocked | grid.night))
    held_plain, held_calm = (plain >= 0).sum(axis=0), (calm >= 0).sum(axis=0)
    keep_calm = held_calm >= np.maximum(1, held_plain - NIGHT_SKIPS)
    rows = np.where(keep_calm[None, :], calm, plain)
    held = rows >= 0
    columns = np.arange(rows.shape[1])[None, :]
    safe = np.where(held, rows, 0)
    nights = (grid.night[safe, columns] & held).sum(axis=0)
    per = grid.costs[:, safe, columns] * held[None, :, :]  # (schedules, occurrences, columns)
    worst, weighted, squares = grid.keys(per.sum(axis=1))
    return _Fixed(rows, held.sum(axis=0), nights, worst.round(6), weighted, squares)


def _column(grid: _Grid, fixed: _Fixed, time: int | None) -> int:
    """The fixed time's grid column: the lead's `time`, or the best for the team."""
    return fixed.best() if time is None else int(np.searchsorted(grid.times, time))


def _fixed_best(grid: _Grid, nominal: list[dt.date], time: int | None) -> tuple[int, list[tuple[int, int] | None]]:
    fixed = _fixed_all(grid, nominal)
    column = _column(grid, fixed, time)
    return column, _spots(fixed.rows, column)


def _in_week(date: dt.date, nominal: dt.date) -> bool:
    return date - dt.timedelta(days=date.weekday()) == nominal - dt.timedelta(days=nominal.weekday())


def _first_free_day(grid: _Grid, day: dt.date) -> list[tuple[int, int]]:
    """Every acceptable start on the nearest date of the week that has one."""
    for candidate in _week_candidates(day):
        row = grid.index[candidate]
        free = np.flatnonzero(~grid.blocked[row])
        if len(free):
            return [(row, int(c)) for c in free]
    return []


def _cheapest(grid: _Grid, spots: list[tuple[int, int]]) -> tuple[int, int] | None:
    if not spots:
        return None
    rows, cols = np.array([s[0] for s in spots]), np.array([s[1] for s in spots])
    return spots[int((grid.costs[:, rows, cols] * grid.weights[:, None]).sum(axis=0).argmin())]


def _descend(
    grid: _Grid, options: list[list[tuple[int, int]]], choice: list[tuple[int, int] | None]
) -> list[tuple[int, int] | None]:
    """Coordinate descent: move one meeting at a time to the start that lowers the objective most."""
    choice = list(choice)
    totals = _totals(grid, choice)
    for _ in range(25):
        improved = False
        for k, spots in enumerate(options):
            spot = choice[k]
            if not spots or spot is None:
                continue
            rows, cols = np.array([s[0] for s in spots]), np.array([s[1] for s in spots])
            trial = (totals - grid.costs[:, spot[0], spot[1]])[:, None] + grid.costs[:, rows, cols]
            worst, weighted, squares = grid.keys(trial)
            pick = int(np.lexsort((squares, weighted, worst))[0])
            if _objective(grid, trial[:, pick]) < _objective(grid, totals):
                totals, choice[k], improved = trial[:, pick], spots[pick], True
        if not improved:
            break
    return choice


def _greedy(grid: _Grid, options: list[list[tuple[int, int]]]) -> list[tuple[int, int] | None]:
    """Each meeting in turn at the start that keeps the running worst burden lowest."""
    greedy: list[tuple[int, int] | None] = []
    totals = np.zeros(len(grid.weights))
    for spots in options:
        if not spots:
            greedy.append(None)
            continue
        rows, cols = np.array([s[0] for s in spots]), np.array([s[1] for s in spots])
        trial = totals[:, None] + grid.costs[:, rows, cols]
        worst, weighted, _ = grid.keys(trial)
        pick = int(np.lexsort((weighted, worst))[0])
        greedy.append(spots[pick])
        totals = trial[:, pick]
    return greedy


def _rotate(grid: _Grid, nominal: list[dt.date], seed: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:
    """Greedy rotation, then coordinate descent; the better of that and the seed, polished. Every meeting
    stays in its nominal week: a seed start from another anchor's week is replaced by the cheapest start
    of this week."""
    options = [_first_free_day(grid, day) for day in nominal]
    seed = list(seed)
    for k, day in enumerate(nominal):
        spot = seed[k]
        if spot is not None and not _in_week(grid.dates[spot[0]], day):
            seed[k] = _cheapest(grid, options[k])
        elif spot is not None and spot not in options[k]:
            options[k].append(spot)
    candidates = [_descend(grid, options, seed), _descend(grid, options, _greedy(grid, options))]
    return min(candidates, key=lambda c: (-sum(1 for s in c if s), *_objective(grid, _totals(grid, c))))


def _why_blocked(ctx: _Context, start: int) -> str:
    """Which required members are off at this instant, and why, read from their DayTables. Colleagues
    off for the same reason are named together (`Ana, Ben and 20 more (Riyadh) weekend`)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m, off in _offs(ctx, start):
        groups.setdefault((m.place, off), []).append(m.name)
    reasons = []
    for (place, why), names in groups.items():
        shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        reasons.append(f"{shown} ({place}) {why}")
    return "; ".join(reasons) or "no acceptable time"


def _offs(ctx: _Context, start: int) -> list[tuple[Member, str]]:
    """The required members off work during a meeting at `start`, each with why; asked once per schedule."""
    by_schedule: dict[int, str | None] = {}
    offs = []
    for i, m in enumerate(ctx.team.members):
        if not m.required:
            continue
        row = ctx.row_of[i]
        if row not in by_schedule:
            by_schedule[row] = _off_at(ctx.availability[m.name].days, m.timezone, start, ctx.duration)
        off = by_schedule[row]
        if off is not None:
            offs.append((m, off))
    return offs


def _off_at(table: DayTable, timezone: str, start: int, duration: int) -> str | None:
    """Why the member is off during the meeting ("weekend", "holiday: Eid al-Fitr"), None if working."""
    first = int(table.ordinals[0])
    for instant in (start, start + duration * 60):
        ordinal = zones.wall_clock(instant, timezone).date().toordinal()
        if not first <= ordinal < first + len(table.ordinals):
            continue
        kind = DayKind(int(table.kinds[ordinal - first]))
        if kind is DayKind.WORKING:
            continue
        detail = table.detail(ordinal, kind)
        # the holiday's name, or why a weekday is off; a plain weekend or away day needs no more words
        plain = detail in (DAY_NAMES[(ordinal - 1) % 7], "away")
        return kind.label if plain else f"{kind.label}: {detail}"
    return None


def _drift(team: Team, anchor_zone: str, held: list[Occurrence]) -> tuple[list[Drift], dict[str, int]]:
    """Every date on which a member's local time of the meeting moves against the anchor's clock, and for
    each possible anchor how many members keep one local time all series. Offsets are looked up once per
    zone for all meetings, so this grows with members plus zones squared, not members squared."""
    instants = np.array([o.start for o in held if o.start is not None], dtype=np.int64)
    zone_names = list(dict.fromkeys(["Etc/UTC", anchor_zone, *(m.timezone for m in team.members)]))
    offsets = {zone: zones.offsets_at(instants, zone) for zone in zone_names}
    events: list[Drift] = []
    for k in range(1, len(instants)):
        for m in team.members:
            before = offsets[m.timezone][k - 1] - offsets[anchor_zone][k - 1]
            after = offsets[m.timezone][k] - offsets[anchor_zone][k]
            if before == after:
                continue
            changed = [z for z in dict.fromkeys([m.timezone, anchor_zone]) if offsets[z][k - 1] != offsets[z][k]]
            shift = int(after - before) // 60
            local = zones.wall_clock(int(instants[k]), m.timezone)
            earlier = local - dt.timedelta(minutes=shift)
            reason = ", ".join(f"{z} changed its offset" for z in changed)
            events.append(Drift(held[k].date, m.name, f"{earlier:%H:%M}", f"{local:%H:%M}", shift, reason))
    steady = {  # zone pairs whose difference never changes over the series
        (a, b): len(np.unique(offsets[a] - offsets[b])) <= 1 for a in zone_names for b in zone_names
    }
    members_in = collections.Counter(m.timezone for m in team.members)
    candidates = {UTC_ANCHOR: "Etc/UTC", **{anchor_token(m.name): m.timezone for m in team.members}}
    by_zone = {zone: sum(n for z, n in members_in.items() if steady[(z, zone)]) for zone in set(candidates.values())}
    return events, {label: by_zone[zone] for label, zone in candidates.items()}


def _check_arguments(count: int, duration: int, mode: str, time: int | None) -> None:
    """`RangeError`/`PlannerError` naming the field, unless the series' arguments are usable."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_OCCURRENCES:
        raise RangeError(
            f"the number of meetings must be a whole number from 1 to {MAX_OCCURRENCES} (got {count!r})", field="count"
        )
    check_duration(duration)
    if mode not in MODES:
        raise PlannerError(f"the mode must be one of {', '.join(MODES)} (got {mode!r})", field="mode")
    if time is not None and not 0 <= time < 1440:
        raise RangeError("the meeting time must be a time of day from 00:00 to 23:45", field="time")
    if time is not None and time % STEP_MINUTES:
        raise RangeError(f"the meeting time must be on a quarter hour (got {clock_text(time)})", field="time")


def _schedules(team: Team, availability: Mapping[str, Availability]) -> tuple[list[MemberLoad], np.ndarray, list[int]]:
    """Colleagues with one schedule and attendance pay the same costs, so the cost grid keeps one row
    for them: placing a series grows with distinct schedules, not with members. Returns each row's
    cost bands, how many members it stands for, and each member's row."""
    keys = [(schedule_key(m), m.required) for m in team.members]
    row_by_key = {key: row for row, key in enumerate(dict.fromkeys(keys))}
    row_of = [row_by_key[key] for key in keys]
    first_member = {row: n for n, row in reversed(list(enumerate(row_of)))}
    loads = [member_load(availability[team.members[first_member[row]].name]) for row in range(len(row_by_key))]
    counts = np.bincount(np.array(row_of), minlength=len(loads)).astype(float)
    return loads, counts, row_of


@dataclass(frozen=True, slots=True)
class _Context:
    """What every way of placing one series shares: the team, the dates, and the anchor's cost grid."""

    team: Team
    availability: Mapping[str, Availability]
    row_of: list[int]  # each member's schedule row
    nominal: list[dt.date]
    costs: _Costs
    grid: _Grid
    anchor: str
    duration: int

    @property
    def place(self) -> str:
        return "UTC" if self.anchor == UTC_ANCHOR else zones.zone_label(self.grid.zone)


def _prepare(team: Team, start: dt.date, count: int, cadence: str, duration: int, anchor: str | None) -> _Context:
    anchor_name, anchor_zone = _anchor(team, anchor)
    nominal = nominal_dates(start, count, cadence)
    first = nominal[0] - dt.timedelta(days=nominal[0].weekday())
    last = nominal[-1] + dt.timedelta(days=6 - nominal[-1].weekday())
    if (last - first).days + 1 > MAX_SERIES_DAYS:
        raise RangeError("the series spans more than 6 years", field="count")
    availability = team_availability(team, first - dt.timedelta(days=2), last + dt.timedelta(days=2))
    loads, counts, row_of = _schedules(team, availability)
    # a day either side, so that every anchor's instants also lie on this anchor's grid
    dates = [first + dt.timedelta(days=n) for n in range(-1, (last - first).days + 2)]
    costs = _Costs(loads, counts, dates[0], dates[-1], duration)
    grid = _Grid(costs, dates, anchor_zone, duration)
    return _Context(team, availability, row_of, nominal, costs, grid, anchor_name, duration)


def _best_rotation(ctx: _Context, spots: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:
    """A rotation seeded with the best fixed series over every anchor, so rotating can only share better."""
    grid, team = ctx.grid, ctx.team
    seeds = [spots]
    for other_zone in sorted({"Etc/UTC", *(m.timezone for m in team.members)} - {grid.zone}):
        other_grid = _Grid(ctx.costs, grid.dates, other_zone, ctx.duration)
        _, other_spots = _fixed_best(other_grid, ctx.nominal, None)
        seeds.append(_translate(other_grid, grid, other_spots))
    seed = min(seeds, key=lambda s: (-sum(1 for x in s if x), *_objective(grid, _totals(grid, s))))
    return _rotate(grid, ctx.nominal, seed)


def plan_series(
    team: Team,
    start: dt.date,
    count: int,
    cadence: str = "weekly",
    duration: int = 30,
    *,
    anchor: str | None = None,
    mode: str = "fixed",
    time: int | None = None,
) -> Series:
    """The series of `count` meetings from `start` (a date in the anchor's calendar), with the fixed-time
    alternatives worth comparing and a warning whenever it puts a required member at night."""
    _check_arguments(count, duration, mode, time)
    ctx = _prepare(team, start, count, cadence, duration, anchor)
    fixed = _fixed_all(ctx.grid, ctx.nominal)
    column = _column(ctx.grid, fixed, time)
    spots = _spots(fixed.rows, column)
    if mode == "rotate" and time is None:
        spots = _best_rotation(ctx, spots)
    elif mode == "rotate":
        spots = _rotate(ctx.grid, ctx.nominal, spots)
    occurrences = _occurrences(ctx, spots, column)
    totals = {m.name: 0.0 for m in team.members}
    for o in occurrences:
        for name, cost in o.costs.items():
            totals[name] = round(totals[name] + cost, 2)
    drift, stable = _drift(team, ctx.grid.zone, [o for o in occurrences if not o.skipped])
    alternatives = _alternatives(ctx, fixed, {column: occurrences} if mode != "rotate" else {})
    fixed_time = int(ctx.grid.times[column]) if mode != "rotate" else None
    chosen = "The rotation" if fixed_time is None else f"{fixed_time // 60:02d}:{fixed_time % 60:02d} {ctx.place}"
    return Series(
        team,
        "rotate" if mode == "rotate" else "fixed",
        "monthly" if cadence == "monthly" else ("biweekly" if cadence == "biweekly" else "weekly"),
        ctx.anchor,
        ctx.grid.zone,
        duration,
        fixed_time,
        tuple(occurrences),
        totals,
        tuple(drift),
        max(stable, key=lambda label: (stable[label], label == ctx.anchor)),
        stable,
        tuple(alternatives),
        _warnings(team, chosen, occurrences, alternatives),
    )


def series_alternatives(
    team: Team, start: dt.date, count: int, cadence: str = "weekly", duration: int = 30, *, anchor: str | None = None
) -> list[Alternative]:
    """The fixed times worth comparing, each with its trade-off in words: the best time that keeps every
    required member out of the night, and the time that holds the most meetings when it holds more."""
    _check_arguments(count, duration, "fixed", None)
    ctx = _prepare(team, start, count, cadence, duration, anchor)
    return _alternatives(ctx, _fixed_all(ctx.grid, ctx.nominal), {})


def _alternatives(ctx: _Context, fixed: _Fixed, known: Mapping[int, list[Occurrence]]) -> list[Alternative]:
    """The comfortable time and the time that holds the most, each built once (`known`: built already)."""
    columns = [("comfortable", fixed.best())] if fixed.comfortable.any() else []
    most = fixed.best(comfort_first=False)
    if not columns or fixed.held[most] > fixed.held[columns[0][1]]:
        columns.append(("hold every meeting", most))
    return [
        _alternative(ctx, kind, column, known.get(column) or _occurrences(ctx, _spots(fixed.rows, column), column))
        for kind, column in columns
    ]


def _alternative(ctx: _Context, kind: str, column: int, occurrences: list[Occurrence]) -> Alternative:
    held = [o for o in occurrences if not o.skipped]
    nights = _night_times(ctx.team, held)
    return Alternative(
        kind,
        int(ctx.grid.times[column]),
        ctx.place,
        len(held),
        len(occurrences),
        sum(o.moved for o in occurrences),
        tuple(_week_cause(ctx, o.nominal, column) for o in occurrences if o.skipped),
        tuple((name, tuple(dict.fromkeys(times))) for name, times in nights.items()),
    )


def _night_times(team: Team, held: list[Occurrence]) -> dict[str, list[str]]:
    """Each required member at night, with their local time (`00:00-00:45`) of every such meeting."""
    zone_of = {m.name: m.timezone for m in team.members}
    local: dict[tuple[str, int], str] = {}  # colleagues in one zone share their local times
    times: dict[str, list[str]] = {}
    for o in held:
        for name in o.night:
            key = (zone_of[name], o.times[0])
            if key not in local:
                start, end = (zones.wall_clock(t, key[0]) for t in o.times)
                local[key] = f"{start:%H:%M}-{end:%H:%M}"
            times.setdefault(name, []).append(local[key])
    return times


def _warnings(
    team: Team, chosen: str, occurrences: list[Occurrence], alternatives: list[Alternative]
) -> tuple[str, ...]:
    """A warning when the series puts a required member at night, naming who, when and a way out."""
    held = [o for o in occurrences if not o.skipped]
    nights = _night_times(team, held)
    if not nights:
        return ()
    who = "; ".join(
        f"{name} at {' or '.join(dict.fromkeys(times))} ({len(times)} of {len(held)} meetings)"
        for name, times in nights.items()
    )
    whom = "required members" if team.required else "members"  # with nobody required, everyone's nights count
    text = f"{chosen} puts {whom} at night (outside 07:00-22:00 local): {who}."
    calm = next((a for a in alternatives if a.comfortable), None)
    if calm is not None:
        return (f"{text} {calm.summary} keeps everyone out of the night.",)
    return (f"{text} No fixed time keeps every required member out of the night: make someone optional or rotate.",)


def _occurrences(ctx: _Context, spots: list[tuple[int, int] | None], column: int) -> list[Occurrence]:
    return [
        _occurrence(ctx, k + 1, day, spot, column) for k, (day, spot) in enumerate(zip(ctx.nominal, spots, strict=True))
    ]


def _occurrence(ctx: _Context, index: int, day: dt.date, spot: tuple[int, int] | None, column: int) -> Occurrence:
    """The meeting of the nominal `day`: skipped, held that day, or moved within its week, with why and
    what each member pays."""
    grid = ctx.grid
    if spot is None:
        return Occurrence(index, day, day, None, None, skipped=True, reason=_skip_reason(ctx, day, column))
    row, col = spot
    held_on = grid.dates[row]
    begin = int(grid.starts[row, col])
    moved = held_on != day
    reason = f"moved from {day:%a %Y-%m-%d}: {_why_not(ctx, grid.index[day], col)}" if moved else ""
    members = ctx.team.members
    paid = {m.name: round(float(grid.costs[ctx.row_of[i], row, col]), 2) for i, m in enumerate(members)}
    night = _at_night(ctx, row, col)
    return Occurrence(index, day, held_on, begin, begin + ctx.duration * 60, paid, moved, False, reason, night)


def _at_night(ctx: _Context, row: int, col: int) -> tuple[str, ...]:
    """The judged members (required, or everyone when nobody is) at night in this cell of the grid."""
    at_night = (ctx.grid.night_by[:, row, col] & ctx.grid.judged).tolist()  # by schedule
    return tuple(m.name for i, m in enumerate(ctx.team.members) if at_night[ctx.row_of[i]])


def _night_words(ctx: _Context, row: int, col: int) -> str:
    """`Ravi at 01:00`: who would be at night in this cell, at their local start."""
    start = int(ctx.grid.starts[row, col])
    names = _at_night(ctx, row, col)
    zone_of = {m.name: m.timezone for m in ctx.team.members}
    return ", ".join(f"{n} at {zones.wall_clock(start, zone_of[n]):%H:%M}" for n in names)


def _why_not(ctx: _Context, row: int, col: int) -> str:
    """Why a meeting is not held in this cell: who is off and why, or who would be at night."""
    start = int(ctx.grid.starts[row, col])
    if ctx.grid.blocked[row, col]:
        return _why_blocked(ctx, start)
    return f"{_night_words(ctx, row, col)} (night)"


def _skip_reason(ctx: _Context, day: dt.date, column: int) -> str:
    """Why no date of the week works: the nominal date's reason and any other holidays of that week, or
    the night it would put someone in."""
    grid = ctx.grid
    week = [grid.index[d] for d in _week_candidates(day)]
    open_rows = [row for row in week if not grid.blocked[row, column]]
    if open_rows:
        return f"no date that week keeps everyone out of the night: {_night_words(ctx, open_rows[0], column)}"
    reason = _why_blocked(ctx, int(grid.starts[grid.index[day], column]))
    holidays = [cause for cause in _week_holidays(ctx, day, column) if not cause.endswith(" away")]
    others = [name for name in holidays if name not in reason]
    return f"no acceptable date that week: {reason}" + (f"; that week also {', '.join(others)}" if others else "")


def _week_holidays(ctx: _Context, day: dt.date, column: int) -> list[str]:
    """The holidays (and away days, by member) that fall on the nominal week at this time."""
    monday = day - dt.timedelta(days=day.weekday())
    causes: dict[str, None] = {}
    for n in range(7):
        start = int(ctx.grid.starts[ctx.grid.index[monday + dt.timedelta(days=n)], column])
        for m, off in _offs(ctx, start):
            if off.startswith("holiday: "):
                causes[_holiday_name(off.removeprefix("holiday: "))] = None
            elif off == "away":
                causes[f"{m.name} away"] = None
    return list(causes)


def _holiday_name(detail: str) -> str:
    """The holiday's name without qualifiers: `Eid al-Adha` for `Eid al-Adha Holiday (observed)`."""
    return re.sub(r"\s*\([^)]*\)", "", detail).removesuffix(" Holiday").strip() or detail


def _week_cause(ctx: _Context, day: dt.date, column: int) -> str:
    """What blocks a skipped meeting's week, briefly: `week of 17 May: Eid al-Adha Holiday, Buddha Purnima`."""
    grid = ctx.grid
    week = [grid.index[d] for d in _week_candidates(day)]
    open_rows = [row for row in week if not grid.blocked[row, column]]
    monday = day - dt.timedelta(days=day.weekday())
    if open_rows:
        return f"week of {monday.day} {monday:%b}: {_night_words(ctx, open_rows[0], column)}"
    causes = _week_holidays(ctx, day, column) or ["weekends"]
    return f"week of {monday.day} {monday:%b}: {', '.join(causes)}"


def _totals(grid: _Grid, spots: list[tuple[int, int] | None]) -> np.ndarray:
    total = np.zeros(len(grid.weights))
    for spot in spots:
        if spot is not None:
            total += grid.costs[:, spot[0], spot[1]]
    return total


def _translate(src: _Grid, dst: _Grid, spots: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:
    """The same UTC instants on another anchor's grid (skipped where that grid has no such start)."""
    flat = dst.starts.ravel()
    order = np.argsort(flat)
    out: list[tuple[int, int] | None] = []
    for spot in spots:
        if spot is None:
            out.append(None)
            continue
        instant = src.starts[spot]
        i = int(np.searchsorted(flat[order], instant))
        if i < len(flat) and flat[order][i] == instant:
            row, col = divmod(int(order[i]), dst.starts.shape[1])
            out.append(None if dst.blocked[row, col] else (row, col))
        else:
            out.append(None)
    return out
