"""How comfortable a slot is for each member: the cost model every ranking in the product uses.

A member's cost for a slot, in points (lower is better):

| minutes of the slot that fall ...                          | points per minute |
|------------------------------------------------------------|-------------------|
| inside their core (office) hours                            | 0                 |
| inside their stretch hours, outside core                    | 0.2               |
| elsewhere between 07:00 and 22:00 local                     | 0.6               |
| at night, 22:00-07:00 local                                 | 2.0               |
| on their weekend, holiday or away day                       | 3 (never proposed for a required member) |

plus 0.05 points per minute the slot's middle lies from the middle of their working day (capped at
12 hours), so among slots inside everyone's hours the one nearest everyone's midday wins. A slot's
cost is the sum over members, optional members counting a fifth (they join when it suits them).
Equal sums go to the slot whose worst-off member pays least (the burden shared), then to the
earlier slot.
Every boundary above is a local time converted through the IANA rules of its date (availability.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from planner_app.availability import SECONDS_PER_DAY, UNIX_EPOCH_ORDINAL, Availability, comfort_bands
from planner_app.windows import Plan, Window

STRETCH_POINTS = 0.2
AWAKE_POINTS = 0.6
NIGHT_POINTS = 2.0
DAY_OFF_POINTS = 3.0
MIDDAY_POINTS = 0.05
MIDDAY_CAP_MINUTES = 12 * 60
OPTIONAL_WEIGHT = 0.2


def _covered(starts: np.ndarray, ends: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Seconds of the disjoint sorted intervals that lie before each of `times`."""
    if len(starts) == 0:
        return np.zeros(len(times), dtype=np.int64)
    lengths = np.concatenate([[0], np.cumsum(ends - starts)])
    i = np.searchsorted(starts, times, side="right")  # intervals starting at or before t
    partial = np.where(
        i > 0, np.minimum(times - starts[np.maximum(i - 1, 0)], (ends - starts)[np.maximum(i - 1, 0)]), 0
    )
    covered: np.ndarray = lengths[np.maximum(i - 1, 0)] * (i > 0) + partial
    return covered


def overlap(starts: np.ndarray, ends: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Seconds each slot `[a, b)` shares with the intervals."""
    return _covered(starts, ends, b) - _covered(starts, ends, a)


def _band_overlap(starts: np.ndarray, ends: np.ndarray) -> Callable[[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """How to measure the seconds each slot shares with a band: `overlap`, or, for evenly spaced slots
    whose length is a whole number of steps (the series' quarter-hour grid), one pass over the grid
    extended by that many steps, since every slot's end is then a later slot's start."""
    n = len(starts)
    if n > 1:
        step, length = int(starts[1] - starts[0]), int(ends[0] - starts[0])
        if step > 0 and length % step == 0 and (ends - starts == length).all() and (np.diff(starts) == step).all():
            k = length // step
            times = np.concatenate([starts, starts[-1] + step * np.arange(1, k + 1, dtype=starts.dtype)])

            def on_grid(band: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
                covered = _covered(*band, times)
                difference: np.ndarray = covered[k:] - covered[:n]
                return difference

            return on_grid
    return lambda band: overlap(*band, starts, ends)


@dataclass(frozen=True, slots=True)
class MemberLoad:
    """A member's day split into cost bands, each as UTC intervals, over a planning span."""

    name: str
    required: bool
    core: tuple[np.ndarray, np.ndarray]
    stretch: tuple[np.ndarray, np.ndarray]  # stretch and core together
    awake: tuple[np.ndarray, np.ndarray]  # 07:00-22:00 local, stretch and core together
    off: tuple[np.ndarray, np.ndarray]  # whole local dates off work
    middays: np.ndarray  # UTC instants of the middle of each working day


def member_load(a: Availability) -> MemberLoad:
    """Cost bands for one member, from the bands `availability` converted to UTC."""
    bands = comfort_bands(a)
    return MemberLoad(
        a.member.name, a.member.required, bands.core, bands.stretch, bands.awake, bands.off, bands.middays
    )


class Terms(NamedTuple):
    """A member's cost of each slot, with the seconds of each slot in their bands that went into it."""

    cost: np.ndarray  # points
    core: np.ndarray  # seconds inside their core hours
    awake: np.ndarray  # seconds inside their awake band
    off: np.ndarray  # seconds on their whole days off


def member_terms(load: MemberLoad, starts: np.ndarray, ends: np.ndarray) -> Terms:
    """The member's cost in points for each slot `[starts[i], ends[i])`, with the seconds in their core
    hours, awake band and days off (callers that also judge nights and days off need not look again)."""
    length = ends - starts
    band_overlap = _band_overlap(starts, ends)
    core, stretch, awake = band_overlap(load.core), band_overlap(load.stretch), band_overlap(load.awake)
    on_days_off = band_overlap(load.off)
    outside = length - core
    off = np.minimum(on_days_off, outside)
    night = length - awake
    cost = ((stretch - core) * STRETCH_POINTS + (awake - stretch) * AWAKE_POINTS + night * NIGHT_POINTS) / 60.0
    cost += off * (DAY_OFF_POINTS / 60.0)
    if len(load.middays):
        middle = (starts + ends) // 2
        i = np.clip(np.searchsorted(load.middays, middle), 1, len(load.middays) - 1) if len(load.middays) > 1 else None
        if i is None:
            distance = np.abs(middle - load.middays[0])
        else:
            distance = np.minimum(np.abs(middle - load.middays[i - 1]), np.abs(middle - load.middays[i]))
        cost += np.minimum(distance / 60.0, MIDDAY_CAP_MINUTES) * MIDDAY_POINTS
    else:
        cost += MIDDAY_CAP_MINUTES * MIDDAY_POINTS
    return Terms(cost, core, awake, on_days_off)


@dataclass(frozen=True, slots=True)
class Slot:
    """A proposed meeting time with each member's cost and who would be outside their hours."""

    start: int
    end: int
    cost: float
    costs: dict[str, float]
    outside: dict[str, int]  # member -> minutes of the slot outside their core hours (required only)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, minutes in self.outside.items() if minutes > 0)


def _score(
    loads: Sequence[MemberLoad], starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    terms = [member_terms(load, starts, ends) for load in loads]
    per_member = [t.cost for t in terms]
    weights = np.array([1.0 if load.required else OPTIONAL_WEIGHT for load in loads])
    total = (np.vstack(per_member) * weights[:, None]).sum(axis=0) if per_member else np.zeros(len(starts))
    outside = [(ends - starts) - t.core for t in terms]
    return total, np.vstack(per_member), outside


def _slots(loads: Sequence[MemberLoad], starts: np.ndarray, duration: int, order: np.ndarray) -> list[Slot]:
    ends = starts + duration * 60
    total, per_member, outside = _score(loads, starts, ends)
    slots = []
    for i in order.tolist():
        slots.append(
            Slot(
                int(starts[i]),
                int(ends[i]),
                round(float(total[i]), 2),
                {load.name: round(float(per_member[k][i]), 2) for k, load in enumerate(loads)},
                {load.name: int(outside[k][i]) // 60 for k, load in enumerate(loads) if load.required},
            )
        )
    return slots


def loads_for(plan: Plan) -> list[MemberLoad]:
    return [member_load(plan.availability[m.name]) for m in plan.team.members]


def slot_of(plan: Plan, start: int, *, loads: Sequence[MemberLoad] | None = None) -> Slot:
    """The slot of the plan's length starting at `start` (UTC seconds), scored exactly as the ranked
    slots are: the total cost, each member's cost and each required member's minutes outside hours."""
    loads = loads if loads is not None else loads_for(plan)
    return _slots(loads, np.array([start], dtype=np.int64), plan.duration, np.array([0], dtype=np.int64))[0]


def best_slots(plan: Plan, *, limit: int = 10, step: int = 15, loads: Sequence[MemberLoad] | None = None) -> list[Slot]:
    """The most comfortable slot of each window, best first (ties: earlier first).

    Candidates start at the window's start and at every `step` minutes of UTC inside it (quarter
    hours are quarter hours in every zone in use today, +05:45 included).
    """
    loads = loads if loads is not None else loads_for(plan)
    duration_s = plan.duration * 60
    candidates, owner = [], []
    for index, window in enumerate(plan.windows):
        first = -(-window.start // (step * 60)) * step * 60
        times = np.unique(np.concatenate([[window.start], np.arange(first, window.end - duration_s + 1, step * 60)]))
        times = times[times + duration_s <= window.end]
        candidates.append(times)
        owner.append(np.full(len(times), index))
    if not candidates:
        return []
    starts, owners = np.concatenate(candidates), np.concatenate(owner)
    total, per_member, _ = _score(loads, starts, starts + duration_s)
    total, worst = np.round(total, 6), np.round(per_member.max(axis=0), 6)
    order = np.lexsort((starts, worst, total)).tolist()  # by cost, then the worst-off member, then time
    best: dict[int, int] = {}
    for i in order:
        best.setdefault(int(owners[i]), i)
    rank = {i: n for n, i in enumerate(order)}
    chosen = sorted(best.values(), key=rank.__getitem__)[:limit]
    return _slots(loads, starts, plan.duration, np.array(chosen, dtype=np.int64))


def near_misses(plan: Plan, *, limit: int = 5, step: int = 30, loads: Sequence[MemberLoad] | None = None) -> list[Slot]:
    """When no window exists: slots with the fewest required members outside their hours, by the
    fewest minutes, then the lowest cost; at most one slot per UTC hour of the range."""
    loads = loads if loads is not None else loads_for(plan)
    required = [load for load in loads if load.required]
    # every local date of the range lies within 14 hours of the same UTC date (UTC-12 to UTC+14)
    begin = (plan.start.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY - 14 * 3600
    finish = (plan.end.toordinal() - UNIX_EPOCH_ORDINAL + 1) * SECONDS_PER_DAY + 14 * 3600
    starts = np.arange(begin, finish - plan.duration * 60 + 1, step * 60, dtype=np.int64)
    ends = starts + plan.duration * 60
    outside = np.vstack([(ends - starts) - overlap(*load.core, starts, ends) for load in required])
    count = (outside > 0).sum(axis=0)
    minutes = outside.sum(axis=0) // 60
    total, _, _ = _score(loads, starts, ends)
    # a slot that needs a required member on a day off is never proposed
    day_off = np.zeros(len(starts), dtype=bool)
    for load in required:
        day_off |= overlap(*load.off, starts, ends) > 0
    order = np.lexsort((starts, total, minutes, count))
    order = order[~day_off[order]]
    picked: list[int] = []
    for i in order.tolist():
        if all(abs(int(starts[i]) - int(starts[j])) >= 3 * 3600 for j in picked):
            picked.append(i)
        if len(picked) == limit:
            break
    return _slots(loads, starts, plan.duration, np.array(picked, dtype=np.int64))


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the Plan page and `windows --rank` show: the plan, and its best slots when there are windows
    or its nearest misses when there are none."""

    plan: Plan
    slots: tuple[Slot, ...]

    @property
    def misses(self) -> bool:
        """True when the slots are near misses (no common window exists)."""
        return not self.plan.windows

    @property
    def total_minutes(self) -> int:
        return sum(w.minutes for w in self.plan.windows)

    def window_for(self, slot: Slot) -> Window:
        """The slot as a meeting: its time and everyone who works throughout it."""
        availability = self.plan.availability
        attendees = tuple(m.name for m in self.plan.team.members if availability[m.name].covers(slot.start, slot.end))
        return Window(slot.start, slot.end, attendees)


def propose(plan: Plan, *, loads: Sequence[MemberLoad] | None = None, best: int = 12, misses: int = 6) -> Proposal:
    """The plan with its ranked slots: the `best` most comfortable, or the `misses` nearest misses."""
    loads = loads if loads is not None else loads_for(plan)
    if plan.windows:
        return Proposal(plan, tuple(best_slots(plan, limit=best, loads=loads)))
    return Proposal(plan, tuple(near_misses(plan, limit=misses, loads=loads)))
