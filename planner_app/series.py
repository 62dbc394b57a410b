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

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from planner_app import zones
from planner_app.availability import SECONDS_PER_DAY, UNIX_EPOCH_ORDINAL, team_availability, to_utc_seconds
from planner_app.calendars import DayKind, member_days
from planner_app.errors import PlannerError, RangeError
from planner_app.ranking import OPTIONAL_WEIGHT, MemberLoad, member_costs, member_load, overlap
from planner_app.teams import Member, Team
from planner_app.windows import check_duration

Cadence = Literal["weekly", "biweekly", "monthly"]
Mode = Literal["fixed", "rotate"]
CADENCES: tuple[str, ...] = ("weekly", "biweekly", "monthly")
MODES: tuple[str, ...] = ("fixed", "rotate")
MAX_OCCURRENCES = 260
STEP_MINUTES = 15
UTC_ANCHOR = "utc"


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
    anchor: str  # a member's name, or "utc"
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
        raise PlannerError(f"--cadence must be one of {', '.join(CADENCES)} (got {cadence!r})")
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


def _anchor(team: Team, anchor: str | None) -> tuple[str, str]:
    if anchor is None:
        first = team.required[0] if team.required else team.members[0]
        return first.name, first.timezone
    if anchor.lower() == UTC_ANCHOR:
        return UTC_ANCHOR, "Etc/UTC"
    for m in team.members:
        if m.name == anchor:
            return m.name, m.timezone
    raise PlannerError(f"--anchor must be a member of {team.name!r} or 'utc' (got {anchor!r})")


class _Costs:
    """Each member's cost, and whether a required member is off, for every quarter hour of UTC over
    the series. Every anchor's candidate starts fall on this grid (zone offsets in use since 1972
    are whole quarter hours), so the costs are computed once, whatever the anchor."""

    def __init__(self, loads: list[MemberLoad], first: dt.date, last: dt.date, duration: int) -> None:
        step = STEP_MINUTES * 60
        self.loads, self.duration, self.step = loads, duration, step
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
        self.dates = dates
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
        self.required = np.array([load.required for load in costs.loads])
        self.weights = np.where(self.required, 1.0, OPTIONAL_WEIGHT)


def _objective(totals: np.ndarray, required: np.ndarray, weights: np.ndarray) -> tuple[float, float, float]:
    req = totals[required] if required.any() else totals
    return (round(float(req.max()), 6), round(float((totals * weights).sum()), 6), round(float((req**2).sum()), 6))


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
    per = grid.costs[:, safe, columns[None, :]] * (rows[:, columns] >= 0)[None, :, :]  # (members, occ, cols)
    totals = per.sum(axis=1)  # (members, cols)
    req = totals[grid.required] if grid.required.any() else totals
    order = np.lexsort(
        (columns, (req**2).sum(axis=0), (totals * grid.weights[:, None]).sum(axis=0), req.max(axis=0).round(6), -held)
    )
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
                req = trial[grid.required] if grid.required.any() else trial
                keys = np.lexsort(((req**2).sum(axis=0), (trial * grid.weights[:, None]).sum(axis=0), req.max(axis=0)))
                pick = int(keys[0])
                if _objective(trial[:, pick], grid.required, grid.weights) < _objective(
                    totals, grid.required, grid.weights
                ):
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
        req = trial[grid.required] if grid.required.any() else trial
        pick = int(np.lexsort(((trial * grid.weights[:, None]).sum(axis=0), req.max(axis=0)))[0])
        greedy.append(spots[pick])
        totals = trial[:, pick]
    candidates = [descend(seed), descend(greedy)]
    return min(
        candidates, key=lambda c: (-sum(1 for s in c if s), *_objective(_totals(grid, c), grid.required, grid.weights))
    )


def _why_blocked(team: Team, start: int, duration: int) -> str:
    """Which required members are off at this instant, and why (their local date's status)."""
    reasons = []
    for m in team.required:
        local = dt.datetime.fromtimestamp(start, dt.UTC).astimezone(zones.zone(m.timezone))
        day = member_days(m, local.date(), local.date())[0]
        end_local = dt.datetime.fromtimestamp(start + duration * 60, dt.UTC).astimezone(zones.zone(m.timezone))
        if day.kind is DayKind.WORKING and end_local.date() != local.date():
            day = member_days(m, end_local.date(), end_local.date())[0]
        if day.kind is not DayKind.WORKING:
            detail = f": {day.detail}" if day.kind is DayKind.HOLIDAY else ""
            reasons.append(f"{m.name} ({m.place}) {day.kind.label}{detail}")
    return "; ".join(reasons) or "no acceptable time"


def _offset(zone: str, instant: int) -> int:
    offset = dt.datetime.fromtimestamp(instant, dt.UTC).astimezone(zones.zone(zone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _drift(team: Team, anchor_zone: str, held: list[Occurrence]) -> tuple[list[Drift], dict[str, int]]:
    events: list[Drift] = []
    for before, after in itertools.pairwise(held):
        assert before.start is not None
        assert after.start is not None
        for m in team.members:
            delta_before = _offset(m.timezone, before.start) - _offset(anchor_zone, before.start)
            delta_after = _offset(m.timezone, after.start) - _offset(anchor_zone, after.start)
            if delta_before == delta_after:
                continue
            changed = [
                z
                for z in dict.fromkeys([m.timezone, anchor_zone])
                if _offset(z, before.start) != _offset(z, after.start)
            ]
            shift = (delta_after - delta_before) // 60
            local_time = dt.datetime.fromtimestamp(after.start, dt.UTC).astimezone(zones.zone(m.timezone))
            earlier = local_time - dt.timedelta(minutes=shift)
            events.append(
                Drift(
                    after.date,
                    m.name,
                    earlier.strftime("%H:%M"),
                    local_time.strftime("%H:%M"),
                    shift,
                    ", ".join(f"{z} changed its offset" for z in changed),
                )
            )
    stable: dict[str, int] = {}
    candidates = {UTC_ANCHOR: "Etc/UTC", **{m.name: m.timezone for m in team.members}}
    instants = [o.start for o in held if o.start is not None]
    for label, zone in candidates.items():
        stable[label] = sum(
            1 for m in team.members if len({_offset(m.timezone, t) - _offset(zone, t) for t in instants}) <= 1
        )
    return events, stable


def plan_series(  # noqa: C901
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
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_OCCURRENCES:
        raise RangeError(f"--count must be a whole number from 1 to {MAX_OCCURRENCES} (got {count!r})")
    check_duration(duration)
    if mode not in MODES:
        raise PlannerError(f"--mode must be one of {', '.join(MODES)} (got {mode!r})")
    if time is not None and not 0 <= time < 1440:
        raise RangeError("--time must be a time of day from 00:00 to 23:45")
    if time is not None and time % STEP_MINUTES:
        raise RangeError(f"--time must be on a quarter hour (got {time // 60:02d}:{time % 60:02d})")
    anchor_name, anchor_zone = _anchor(team, anchor)
    nominal = nominal_dates(start, count, cadence)
    first = nominal[0] - dt.timedelta(days=nominal[0].weekday())
    last = nominal[-1] + dt.timedelta(days=6 - nominal[-1].weekday())
    if (last - first).days > 6 * 366:
        raise RangeError("the series spans more than 6 years")
    availability = team_availability(team, first - dt.timedelta(days=2), last + dt.timedelta(days=2))
    loads = [member_load(availability[m.name]) for m in team.members]
    # a day either side, so that every anchor's instants also lie on this anchor's grid
    dates = [first + dt.timedelta(days=n) for n in range(-1, (last - first).days + 2)]
    costs = _Costs(loads, dates[0], dates[-1], duration)
    grid = _Grid(costs, dates, anchor_zone, duration)
    column, spots = _fixed_best(grid, nominal, time)
    if mode == "rotate":
        # the seed is the best fixed series over every anchor, so rotating can only share better
        seeds = [spots]
        other_zones = {"Etc/UTC", *(m.timezone for m in team.members)} - {anchor_zone} if time is None else set()
        for other_zone in sorted(other_zones):
            other_grid = _Grid(costs, dates, other_zone, duration)
            _, other_spots = _fixed_best(other_grid, nominal, None)
            seeds.append(_translate(other_grid, grid, other_spots))
        seed = min(
            seeds, key=lambda s: (-sum(1 for x in s if x), *_objective(_totals(grid, s), grid.required, grid.weights))
        )
        spots = _rotate(grid, nominal, seed)
    occurrences = []
    for k, (day, spot) in enumerate(zip(nominal, spots, strict=True)):
        if spot is None:
            blocked_at = int(grid.starts[grid.index[day], column])
            occurrences.append(
                Occurrence(
                    k + 1,
                    day,
                    day,
                    None,
                    None,
                    skipped=True,
                    reason=f"no acceptable date that week: {_why_blocked(team, blocked_at, duration)}",
                )
            )
            continue
        row, col = spot
        held_on = dates[row]
        begin = int(grid.starts[row, col])
        paid = {m.name: round(float(grid.costs[i, row, col]), 2) for i, m in enumerate(team.members)}
        moved = held_on != day
        reason = ""
        if moved:
            reason = (
                f"moved from {day:%a %Y-%m-%d}: {_why_blocked(team, int(grid.starts[grid.index[day], col]), duration)}"
            )
        occurrences.append(Occurrence(k + 1, day, held_on, begin, begin + duration * 60, paid, moved, False, reason))
    totals = {m.name: 0.0 for m in team.members}
    for o in occurrences:
        for name, cost in o.costs.items():
            totals[name] = round(totals[name] + cost, 2)
    held = [o for o in occurrences if not o.skipped]
    drift, stable = _drift(team, anchor_zone, held)
    best_anchor = max(stable, key=lambda label: (stable[label], label == anchor_name))
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
        best_anchor,
        stable,
    )


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


def member_local(series: Series, occurrence: Occurrence, member: Member) -> tuple[dt.datetime, dt.datetime] | None:
    """The member's local start and end of an occurrence (None when skipped)."""
    if occurrence.start is None or occurrence.end is None:
        return None
    tz = zones.zone(member.timezone)
    return (
        dt.datetime.fromtimestamp(occurrence.start, dt.UTC).astimezone(tz),
        dt.datetime.fromtimestamp(occurrence.end, dt.UTC).astimezone(tz),
    )
