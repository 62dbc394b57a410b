"""The "make it work" advisor: what blocks a plan, in words, and changes that would unblock it.

When nothing fits (or the best slot is costly) the lead needs two things: the facts that narrow the
common time ("Riyadh's Friday-Saturday weekend and Eid al-Adha leave Monday-Thursday 10:00-11:00
London") and changes they can make at once, each with its effect computed by `windows_for` on the
changed team or range *before* anyone clicks: make a member optional, use stretch hours, split into
two regional calls that share a bridge member, rotate the time in a series, or move the range.
Every changed team goes through the team validator again (`team_from_data`), so what the page
applies is a team like any other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from planner_app import zones
from planner_app.availability import local_to_utc
from planner_app.calendars import DayKind
from planner_app.hours import AWAKE, DAY_NAMES, Span, WeekHours, week_to_data
from planner_app.ranking import Proposal
from planner_app.teams import Member, Team, team_from_data, team_to_data
from planner_app.windows import Plan, windows_for

# A best slot in which a required member pays more than this (five hours from their midday, or a
# 30-minute meeting outside their hours) is worth improving; fewer windows than FEW_WINDOWS leaves the
# lead no real choice. Optional members join when it suits them and never call the advisor.
COSTLY_POINTS = 15.0
FEW_WINDOWS = 2
MOVE_WEEKS = (1, 2, 4)
STRETCH_MINUTES = 60
MAX_SPLIT_MEMBERS = 12
SOURCE = "advisor"


@dataclass(frozen=True, slots=True)
class Effect:
    """What a plan would hold: its number of common windows and their total minutes."""

    windows: int
    minutes: int

    @classmethod
    def of(cls, plan: Plan) -> Effect:
        return cls(len(plan.windows), sum(w.minutes for w in plan.windows))

    def __str__(self) -> str:
        return f"{self.windows} window{'' if self.windows == 1 else 's'}, {self.minutes / 60:.1f} h"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One change: what it is in words, the changed team(s) and range, and the plan each would give.

    A split has two teams (the two calls); a rotation has no effect here (the Series page plans it)."""

    kind: str  # "optional", "stretch", "split", "move" or "rotate"
    text: str
    teams: tuple[Team, ...]
    start: dt.date
    end: dt.date
    effects: tuple[Effect, ...]


@dataclass(frozen=True, slots=True)
class Advice:
    facts: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


def needs_advice(proposal: Proposal) -> bool:
    """True when nothing fits, when there are fewer than FEW_WINDOWS windows, or when a required
    member pays more than COSTLY_POINTS in the best slot."""
    plan = proposal.plan
    if proposal.misses or len(plan.windows) < FEW_WINDOWS or not proposal.slots:
        return True
    costs = proposal.slots[0].costs
    return max(costs[m.name] for m in plan.team.required) > COSTLY_POINTS


# --- facts -----------------------------------------------------------------------------------------


def _days_phrase(days: Sequence[int]) -> str:
    """`Friday–Saturday` for a run of weekdays, `Monday, Wednesday and Friday` otherwise."""
    days = sorted(set(days))
    names = [DAY_NAMES[d] for d in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[0]}–{names[-1]}"
    if len(days) == 2 and days[1] == days[0] + 1:
        return f"{names[0]}–{names[1]}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _member_blocks(plan: Plan, member: Member) -> list[str]:
    """What narrows this member's working time in the plan's range: an unusual weekend, holidays
    by name, away days, Ramadan hours."""
    table = plan.availability[member.name].days
    parts = []
    if member.weekend and member.weekend != frozenset({5, 6}):
        parts.append(f"{_days_phrase(sorted(member.weekend))} weekend")
    off = table.days_off()
    # a holiday on a weekend day takes nothing away; "X Holiday (observed)" is X again
    holidays = list(
        dict.fromkeys(
            detail.removesuffix(" (observed)").removesuffix(" Holiday")
            for date, kind, detail in off
            if kind is DayKind.HOLIDAY and date.weekday() not in member.weekend
        )
    )
    parts += holidays
    away = [date for date, kind, _ in off if kind is DayKind.AWAY]
    if away:
        parts.append(f"away {away[0]:%d %b}" + (f"–{away[-1]:%d %b}" if len(away) > 1 else ""))
    if bool((table.ramadan & table.working).any()):
        parts.append("Ramadan hours")
    return parts


def _blockers(plan: Plan) -> list[str]:
    """`Riyadh's Friday–Saturday weekend and Eid al-Adha` for each place of a required member that
    has something narrowing the common time (members in one place named once)."""
    seen: dict[str, list[str]] = {}
    for member in plan.team.required:
        parts = _member_blocks(plan, member)
        if parts and member.place not in seen:
            seen[member.place] = parts
    return [f"{place}'s {_and(parts)}" for place, parts in seen.items()]


def _joined(blockers: Sequence[str]) -> str:
    """Places' blockers in one phrase: `A's x and y; B's z`."""
    return blockers[0] if len(blockers) == 1 else f"{'; '.join(blockers[:-1])}; and {blockers[-1]}"


def _verb(blockers: Sequence[str], verb: str) -> str:
    """`leave` for several blockers, `leaves` for a single one."""
    single = len(blockers) == 1 and " and " not in blockers[0] and ", " not in blockers[0]
    return f"{verb}s" if single else verb


def _common_time(plan: Plan, reference: str) -> str:
    """`Monday–Thursday 10:00–11:00 London`: the weekdays with a window and the commonest window."""
    label = zones.zone_label(reference)
    days: set[int] = set()
    times: Counter[tuple[str, str]] = Counter()
    for w in plan.windows:
        start, end = zones.wall_clock(w.start, reference), zones.wall_clock(w.end, reference)
        days.add(start.weekday())
        times[(f"{start:%H:%M}", f"{end:%H:%M}")] += 1
    (first, last), count = times.most_common(1)[0]
    most = "" if count == len(plan.windows) else " on most days"
    return f"{_days_phrase(sorted(days))} {first}–{last} {label}{most}"


def facts(proposal: Proposal, reference: str) -> list[str]:
    """The facts that narrow the common time, in words, for the lead (reference) zone."""
    plan = proposal.plan
    blockers = _blockers(plan)
    said = []
    if plan.windows:
        common = _common_time(plan, reference)
        verb = _verb(blockers, "leave")
        said.append(f"{_joined(blockers)} {verb} {common}." if blockers else f"The common time is {common}.")
    else:
        if blockers:
            said.append(f"{_joined(blockers)} {_verb(blockers, 'leave')} no common time.")
        said.append(f"No common window of {plan.duration} minutes: {plan.explanation}.")
    if proposal.slots and not proposal.misses:
        best = proposal.slots[0]
        member = max(plan.team.required, key=lambda m: best.costs[m.name])
        local = zones.short_local(best.start, member.timezone, date=False)
        said.append(
            f"In the best slot {member.name} pays most of the required members: "
            f"{best.costs[member.name]:g} points ({local} in {member.place})."
        )
    return said


# --- changes ---------------------------------------------------------------------------------------


def changed_team(team: Team, change: Callable[[str, dict[str, Any]], None]) -> Team:
    """The team with `change(name, fields)` applied to each member's fields, validated again."""
    data = team_to_data(team)
    for fields in data["members"]:
        change(fields["name"], fields)
    return team_from_data(data, source=SOURCE)


def with_optional(team: Team, name: str) -> Team:
    """The team with `name` optional."""

    def change(who: str, fields: dict[str, Any]) -> None:
        if who == name:
            fields["required"] = False

    return changed_team(team, change)


def _merged(spans: Sequence[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in sorted(spans):
        if out and span.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return tuple(out)


def _widened(span: Span) -> Span:
    """The span an hour longer at each end, but not past 07:00-22:00 (night spans stay as they are)."""
    start = min(span.start, max(AWAKE.start, span.start - STRETCH_MINUTES))
    end = max(span.end, min(AWAKE.end, span.end + STRETCH_MINUTES))
    return Span(start, end)


def stretched_week(member: Member) -> WeekHours:
    """The member's hours joined with their stretch hours, or an hour wider at each end (inside
    07:00-22:00) when they have none."""
    if member.stretch:
        return tuple(_merged([*day, *extra]) for day, extra in zip(member.hours, member.stretch, strict=True))
    return tuple(_merged([_widened(span) for span in day]) for day in member.hours)


def with_stretch(team: Team) -> Team:
    """The team with every required member on their stretch hours."""
    required = {m.name: m for m in team.required}

    def change(who: str, fields: dict[str, Any]) -> None:
        if who in required:
            fields["hours"] = week_to_data(stretched_week(required[who]))
            fields.pop("stretch", None)

    return changed_team(team, change)


def sub_team(team: Team, names: Sequence[str], label: str) -> Team:
    """The members called `names`, as a team named `<team> (<label>)`."""
    data = team_to_data(team)
    data["name"] = f"{team.name} ({label})"
    data.pop("id", None)
    data["members"] = [fields for fields in data["members"] if fields["name"] in names]
    return team_from_data(data, source=SOURCE)


def _by_offset(plan: Plan) -> list[Member]:
    instant = local_to_utc(plan.start, 12 * 60, "Etc/UTC")
    return sorted(plan.team.members, key=lambda m: zones.utc_offset(m.timezone, instant))


def _split_candidates(plan: Plan) -> list[tuple[list[str], list[str], str | None]]:
    """West and east groups along the members' UTC offsets, each cut with and without a bridge
    member (the one at the cut, who attends both calls); every group keeps a required member."""
    ordered = [m.name for m in _by_offset(plan)]
    required = {m.name for m in plan.team.required}
    out = []
    for cut in range(1, len(ordered)):
        for bridge in (ordered[cut - 1], None):
            west = ordered[:cut]
            east = ordered[cut - 1 :] if bridge else ordered[cut:]
            if required & set(west) and required & set(east) and len(west) > 1 and len(east) > 1:
                out.append((west, east, bridge))
    return out


def _split(plan: Plan, start: dt.date, end: dt.date) -> Suggestion | None:
    """The best two regional calls: both with windows, a bridge member if possible, then the most
    common time in the weaker call."""
    if len(plan.team.members) > MAX_SPLIT_MEMBERS or len(plan.team.required) < 2:
        return None
    best: tuple[tuple[bool, int], Suggestion] | None = None
    for west, east, bridge in _split_candidates(plan):
        teams = (sub_team(plan.team, west, "west call"), sub_team(plan.team, east, "east call"))
        effects = tuple(Effect.of(windows_for(t, start, end, plan.duration)) for t in teams)
        if not all(e.windows for e in effects):
            continue
        score = (bridge is not None, min(e.minutes for e in effects))
        if best is not None and best[0] >= score:
            continue
        joint = f"; {bridge} joins both" if bridge else ""
        text = f"Split into two regional calls: {_and(west)} ({effects[0]}) and {_and(east)} ({effects[1]}){joint}"
        best = (score, Suggestion("split", text, teams, start, end, effects))
    return best[1] if best else None


def _optional(plan: Plan, current: Effect) -> list[Suggestion]:
    """Making one required member optional, for the two members whose absence frees most time."""
    if len(plan.team.required) < 2:
        return []
    found = []
    for member in plan.team.required:
        team = with_optional(plan.team, member.name)
        effect = Effect.of(windows_for(team, plan.start, plan.end, plan.duration))
        if effect.minutes > current.minutes:
            text = f"Make {member.name} ({member.place}) optional: {effect}"
            found.append(Suggestion("optional", text, (team,), plan.start, plan.end, (effect,)))
    found.sort(key=lambda s: -s.effects[0].minutes)
    return found[:2]


def _stretch(plan: Plan, current: Effect) -> list[Suggestion]:
    team = with_stretch(plan.team)
    effect = Effect.of(windows_for(team, plan.start, plan.end, plan.duration))
    if effect.minutes <= current.minutes:
        return []
    how = (
        "their stretch hours"
        if any(m.stretch for m in plan.team.required)
        else f"up to {STRETCH_MINUTES} minutes either side of their hours (within 07:00–22:00)"
    )
    text = f"Ask required members to use {how}: {effect}"
    return [Suggestion("stretch", text, (team,), plan.start, plan.end, (effect,))]


def _move(plan: Plan, current: Effect) -> list[Suggestion]:
    """The first later range of the same length (1, 2 or 4 weeks on) that holds more common time."""
    for weeks in MOVE_WEEKS:
        start, end = plan.start + dt.timedelta(weeks=weeks), plan.end + dt.timedelta(weeks=weeks)
        effect = Effect.of(windows_for(plan.team, start, end, plan.duration))
        if effect.minutes > current.minutes:
            text = f"Move the dates {weeks} week{'s' if weeks > 1 else ''} later ({start:%d %b}–{end:%d %b}): {effect}"
            return [Suggestion("move", text, (plan.team,), start, end, (effect,))]
    return []


def _rotate(plan: Plan) -> Suggestion:
    text = "Rotate the time from meeting to meeting so that early and late hours are shared: plan a series"
    return Suggestion("rotate", text, (plan.team,), plan.start, plan.end, ())


def suggestions(plan: Plan) -> list[Suggestion]:
    """Changes that would give the team more common time, each with its effect (windows and hours,
    from `windows_for` on the changed team or range), most useful kinds first."""
    current = Effect.of(plan)
    found = [*_optional(plan, current), *_stretch(plan, current)]
    split = _split(plan, plan.start, plan.end) if not plan.windows else None
    if split is not None:
        found.append(split)
    found += _move(plan, current)
    if len(plan.team.required) > 1:
        found.append(_rotate(plan))
    return found


def advise(proposal: Proposal, reference: str) -> Advice:
    """The facts and the changes for a plan whose common time is missing, scarce or costly."""
    return Advice(tuple(facts(proposal, reference)), tuple(suggestions(proposal.plan)))
