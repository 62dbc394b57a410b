"""Recurring meetings: a fixed time in an anchor's zone, or a rotation that shares the burden.

- `fixed`: one wall-clock time in the anchor's zone (a member's, or UTC); each occurrence is that
  time on its date, through the IANA rules of that date.
- `rotate`: each occurrence may take any quarter hour of its date; the series minimises the largest
  cumulative cost (ranking.py's cost model) any required member carries, then the total. It starts
  from the best fixed series over every anchor and only ever improves on it.
- An occurrence that would fall on a required member's weekend, holiday or away day moves to the
  nearest acceptable date in the same week (Monday to Sunday), or is skipped; both say why.
- Drift: whenever a member's UTC offset changes relative to the anchor's between two occurrences, the
  member's local time of a fixed meeting moves; each such change is reported, with the anchor that
  would keep the time stable for the most members.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
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
from planner_app.hours import DAY_NAMES
from planner_app.ranking import OPTIONAL_WEIGHT, MemberLoad, member_costs, member_load, overlap
from planner_app.teams import Team
from planner_app.windows import check_duration

Cadence = Literal["weekly", "biweekly", "monthly"]
Mode = Literal["fixed", "rotate"]
CADENCES: tuple[str, ...] = ("weekly", "biweekly", "monthly")
MODES: tuple[str, ...] = ("fixed", "rotate")
MAX_OCCURRENCES = 260
MAX_SERIES_DAYS = 6 * 366  # from the first meeting's Monday to the last one's Sunday
STEP_MINUTES = 15
UTC_ANCHOR = "utc"
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

    @property
    def shares(self) -> dict[str, float]:
        """Each member's fraction of the team's total burden (0..1)."""
        total = sum(self.totals.values())
        return {name: (cost / total if total else 0.0) for name, cost in self.totals.items()}

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
        self.costs, self.blocked = self._compute(starts)

    def _compute(self, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ends = starts + self.duration * 60
        costs = np.stack([member_costs(load, starts, ends) for load in self.loads])
        blocked = np.zeros(len(starts), dtype=bool)
        for load in self.loads:
            if load.required:
                blocked |= overlap(*load.off, starts, ends) > 0
        return costs, blocked

    def gather(self, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        offsets = starts - self.base
        index = offsets // self.step
        if (offsets % self.step).any() or index.min() < 0 or index.max() >= self.costs.shape[1]:
            return self._compute(starts)  # an old zone with an odd offset: compute directly
        return self.costs[:, index], self.blocked[index]


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
        member_cost, blocked = costs.gather(starts)
        self.costs = member_cost.reshape((len(costs.loads), *shape))
        self.blocked = blocked.reshape(shape)
        # Rows are schedules (members who pay the same costs), each standing for `counts` members.
        self.required = np.array([load.required for load in costs.loads])
        self.counts = costs.counts
        self.weights = np.where(self.required, 1.0, OPTIONAL_WEIGHT) * self.counts
        self.judged = self.required if self.required.any() else np.ones(len(self.required), dtype=bool)

    def keys(self, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For totals of shape (schedules, candidates): the worst-off judged member's burden, the weighted
        sum, and the sum of squares over judged members (the tie-break that shares the burden)."""
        judged = totals[self.judged]
        squares = (judged**2 * self.counts[self.judged][:, None]).sum(axis=0)
        return judged.max(axis=0), (totals * self.weights[:, None]).sum(axis=0), squares


def _objective(grid: _Grid, totals: np.ndarray) -> tuple[float, float, float]:
    worst, weighted, squares = grid.keys(totals[:, None])
    return (round(float(worst[0]), 6), round(float(weighted[0]), 6), round(float(squares[0]), 6))


def _place_all(grid: _Grid, nominal: list[dt.date]) -> np.ndarray:
    """For every fixed time (grid column), each occurrence's date row: the nominal date, else the
    nearest acceptable date of its week; -1 where the whole week is blocked. Shape (occurrences, columns)."""
    rows = np.full((len(nominal), len(grid.times)), -1, dtype=np.int64)
    for k, day in enumerate(nominal):
        for candidate in reversed(_week_candidates(day)):  # nearest last, so it wins
            row = grid.index[candidate]
            rows[k, ~grid.blocked[row]] = row
    return rows


def _spots(rows: np.ndarray, column: int) -> list[tuple[int, int] | None]:
    return [(int(r), column) if r >= 0 else None for r in rows[:, column]]


def _fixed_best(grid: _Grid, nominal: list[dt.date], time: int | None) -> tuple[int, list[tuple[int, int] | None]]:
    rows = _place_all(grid, nominal)
    columns = np.arange(len(grid.times)) if time is None else np.array([int(np.searchsorted(grid.times, time))])
    held = (rows[:, columns] >= 0).sum(axis=0)
    safe = np.where(rows[:, columns] >= 0, rows[:, columns], 0)
    per = grid.costs[:, safe, columns[None, :]] * (rows[:, columns] >= 0)[None, :, :]  # (schedules, occ, cols)
    worst, weighted, squares = grid.keys(per.sum(axis=1))
    order = np.lexsort((columns, squares, weighted, worst.round(6), -held))
    best = int(columns[order[0]])
    return best, _spots(rows, best)


def _rotate(grid: _Grid, nominal: list[dt.date], seed: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:  # noqa: C901
    """Greedy rotation, then coordinate descent; the better of that and the seed, polished."""
    options: list[list[tuple[int, int]]] = []
    for k, day in enumerate(nominal):
        spots: list[tuple[int, int]] = []
        for candidate in _week_candidates(day):
            row = grid.index[candidate]
            free = np.flatnonzero(~grid.blocked[row])
            if len(free):
                spots = [(row, int(c)) for c in free]
                break
        if seed[k] is not None and seed[k] not in spots:
            spots.append(seed[k])  # type: ignore[arg-type]
        options.append(spots)

    def descend(choice: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:
        choice = list(choice)
        totals = _totals(grid, choice)
        for _ in range(25):
            improved = False
            for k, spots in enumerate(options):
                if not spots or choice[k] is None:
                    continue
                current = grid.costs[:, choice[k][0], choice[k][1]]  # type: ignore[index]
                rows, cols = np.array([s[0] for s in spots]), np.array([s[1] for s in spots])
                trial = (totals - current)[:, None] + grid.costs[:, rows, cols]
                worst, weighted, squares = grid.keys(trial)
                pick = int(np.lexsort((squares, weighted, worst))[0])
                if _objective(grid, trial[:, pick]) < _objective(grid, totals):
                    totals = trial[:, pick]
                    choice[k] = spots[pick]
                    improved = True
            if not improved:
                break
        return choice

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
    candidates = [descend(seed), descend(greedy)]
    return min(candidates, key=lambda c: (-sum(1 for s in c if s), *_objective(grid, _totals(grid, c))))


def _why_blocked(team: Team, availability: Mapping[str, Availability], start: int, duration: int) -> str:
    """Which required members are off at this instant, and why, read from their DayTables. Colleagues
    off for the same reason are named together (`Ana, Ben and 20 more (Riyadh) weekend`)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m in team.required:
        off = _off_at(availability[m.name].days, m.timezone, start, duration)
        if off is not None:
            groups.setdefault((m.place, off), []).append(m.name)
    reasons = []
    for (place, why), names in groups.items():
        shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        reasons.append(f"{shown} ({place}) {why}")
    return "; ".join(reasons) or "no acceptable time"


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
        raise RangeError(
            f"the meeting time must be on a quarter hour (got {time // 60:02d}:{time % 60:02d})", field="time"
        )


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


def _best_rotation(
    team: Team, costs: _Costs, grid: _Grid, nominal: list[dt.date], spots: list[tuple[int, int] | None]
) -> list[tuple[int, int] | None]:
    """A rotation seeded with the best fixed series over every anchor, so rotating can only share better."""
    seeds = [spots]
    for other_zone in sorted({"Etc/UTC", *(m.timezone for m in team.members)} - {grid.zone}):
        other_grid = _Grid(costs, grid.dates, other_zone, costs.duration)
        _, other_spots = _fixed_best(other_grid, nominal, None)
        seeds.append(_translate(other_grid, grid, other_spots))
    seed = min(seeds, key=lambda s: (-sum(1 for x in s if x), *_objective(grid, _totals(grid, s))))
    return _rotate(grid, nominal, seed)


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
    """The series of `count` meetings from `start` (a date in the anchor's calendar)."""
    _check_arguments(count, duration, mode, time)
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
    column, spots = _fixed_best(grid, nominal, time)
    if mode == "rotate" and time is None:
        spots = _best_rotation(team, costs, grid, nominal, spots)
    elif mode == "rotate":
        spots = _rotate(grid, nominal, spots)
    occurrences = [
        _occurrence(k + 1, day, spot, column, grid, lambda at: _why_blocked(team, availability, at, duration))
        for k, (day, spot) in enumerate(zip(nominal, spots, strict=True))
    ]
    occurrences = [_with_costs(o, grid, spot, team, row_of) for o, spot in zip(occurrences, spots, strict=True)]
    totals = {m.name: 0.0 for m in team.members}
    for o in occurrences:
        for name, cost in o.costs.items():
            totals[name] = round(totals[name] + cost, 2)
    drift, stable = _drift(team, anchor_zone, [o for o in occurrences if not o.skipped])
    return Series(
        team,
        "rotate" if mode == "rotate" else "fixed",
        "monthly" if cadence == "monthly" else ("biweekly" if cadence == "biweekly" else "weekly"),
        anchor_name,
        anchor_zone,
        duration,
        int(grid.times[column]) if mode == "fixed" else None,
        tuple(occurrences),
        totals,
        tuple(drift),
        max(stable, key=lambda label: (stable[label], label == anchor_name)),
        stable,
    )


def _occurrence(
    index: int,
    day: dt.date,
    spot: tuple[int, int] | None,
    column: int,
    grid: _Grid,
    why_blocked: Callable[[int], str],
) -> Occurrence:
    """The meeting of the nominal `day`: skipped, held that day, or moved within its week, with why."""
    if spot is None:
        blocked_at = int(grid.starts[grid.index[day], column])
        reason = f"no acceptable date that week: {why_blocked(blocked_at)}"
        return Occurrence(index, day, day, None, None, skipped=True, reason=reason)
    row, col = spot
    held_on = grid.dates[row]
    begin = int(grid.starts[row, col])
    moved = held_on != day
    reason = f"moved from {day:%a %Y-%m-%d}: {why_blocked(int(grid.starts[grid.index[day], col]))}" if moved else ""
    return Occurrence(index, day, held_on, begin, begin + grid.duration * 60, {}, moved, False, reason)


def _with_costs(
    occurrence: Occurrence, grid: _Grid, spot: tuple[int, int] | None, team: Team, row_of: list[int]
) -> Occurrence:
    """The occurrence with what each member pays for it (nothing when it is skipped)."""
    if spot is None:
        return occurrence
    row, col = spot
    paid = {m.name: round(float(grid.costs[row_of[i], row, col]), 2) for i, m in enumerate(team.members)}
    return dataclasses.replace(occurrence, costs=paid)


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
