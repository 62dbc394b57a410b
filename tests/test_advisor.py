"""The "make it work" advisor: facts in words, and changes whose effects equal windows_for's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from planner_app.advisor import (
    COSTLY_POINTS,
    Effect,
    advise,
    needs_advice,
    stretched_week,
    with_optional,
    with_stretch,
)
from planner_app.hours import Span
from planner_app.ranking import Proposal, propose
from planner_app.teams import Team, build_team, load_team
from planner_app.windows import windows_for

START, END = dt.date(2027, 5, 10), dt.date(2027, 5, 23)  # Eid al-Adha 2027 falls on 16-17 May


@pytest.fixture(scope="module")
def lead_team() -> Team:
    rows: list[dict[str, object]] = [
        {"name": "Alex", "region": "us-new-york", "required": False},
        {"name": "Hannah", "region": "gb-london"},
        {"name": "Faisal", "region": "sa-riyadh"},
        {"name": "Ravi", "region": "in-bengaluru"},
        {"name": "Zoe", "region": "au-sydney", "required": False},
    ]
    return build_team("Partner sync", rows)


@pytest.fixture(scope="module")
def apart() -> Team:
    rows: list[dict[str, object]] = [
        {"name": "Nora", "region": "us-new-york"},
        {"name": "Faisal", "region": "sa-riyadh"},
        {"name": "Mia", "region": "au-sydney"},
    ]
    return build_team("Three continents", rows)


def test_facts_name_the_weekend_the_holiday_and_what_is_left(lead_team: Team) -> None:
    proposal = propose(windows_for(lead_team, START, END, 30))
    first = advise(proposal, "Europe/London").facts[0]
    assert first.startswith("Riyadh's Friday–Saturday weekend and Eid al-Adha")
    assert "leave Monday–Thursday" in first
    assert first.endswith("London on most days.") or first.endswith("London.")


def test_no_window_is_advised_and_explained(apart: Team) -> None:
    proposal = propose(windows_for(apart, START, END, 30))
    assert needs_advice(proposal)
    advice = advise(proposal, "Europe/London")
    assert any(f.startswith("No common window of 30 minutes: no overlap between") for f in advice.facts)
    kinds = [s.kind for s in advice.suggestions]
    assert "optional" in kinds
    assert "split" in kinds
    assert kinds[-1] == "rotate"


def test_every_effect_equals_windows_for_on_the_changed_team(apart: Team, lead_team: Team) -> None:
    for team in (apart, lead_team):
        proposal = propose(windows_for(team, START, END, 30))
        for suggestion in advise(proposal, "Europe/London").suggestions:
            if suggestion.kind == "rotate":  # planned on the Series page, no windows of its own
                assert suggestion.effects == ()
                continue
            for changed, effect in zip(suggestion.teams, suggestion.effects, strict=True):
                again = windows_for(changed, suggestion.start, suggestion.end, 30)
                assert effect == Effect(len(again.windows), sum(w.minutes for w in again.windows))
                assert effect.windows > 0


def test_optional_changes_only_that_member(apart: Team) -> None:
    changed = with_optional(apart, "Mia")
    assert [m.required for m in changed.members] == [True, True, False]
    assert [m.name for m in changed.members] == ["Nora", "Faisal", "Mia"]
    assert changed.members[0] == apart.members[0]


def test_split_keeps_a_bridge_member_in_both_calls(apart: Team) -> None:
    advice = advise(propose(windows_for(apart, START, END, 30)), "Europe/London")
    split = next(s for s in advice.suggestions if s.kind == "split")
    west, east = ({m.name for m in t.members} for t in split.teams)
    assert west & east  # someone carries the news between the calls
    assert west | east == {"Nora", "Faisal", "Mia"}


def test_stretch_widens_hours_inside_the_waking_day() -> None:
    team = build_team("One", [{"name": "Ana", "timezone": "Europe/Madrid", "country": "ES", "hours": ["07:30-18:00"]}])
    assert stretched_week(team.members[0])[0] == (Span(7 * 60, 19 * 60),)
    with_own = build_team(
        "Two",
        [
            {
                "name": "Ana",
                "timezone": "Europe/Madrid",
                "country": "ES",
                "hours": ["09:00-17:00"],
                "stretch": ["17:00-19:00"],
            }
        ],
    )
    assert stretched_week(with_own.members[0])[0] == (Span(9 * 60, 19 * 60),)
    assert with_stretch(with_own).members[0].stretch is None


def test_moving_the_range_reports_the_later_dates(apart: Team) -> None:
    proposal = propose(windows_for(apart, START, END, 30))
    for suggestion in advise(proposal, "Europe/London").suggestions:
        if suggestion.kind == "move":
            assert suggestion.start > START
            assert (suggestion.end - suggestion.start) == (END - START)


def test_optional_members_at_night_do_not_call_the_advisor() -> None:
    demo = load_team(Path(__file__).resolve().parents[1] / "data" / "demo-team.toml")
    proposal = propose(windows_for(demo, dt.date(2026, 12, 1), dt.date(2026, 12, 7), 30))
    best = proposal.slots[0]
    assert best.costs["Sam"] > COSTLY_POINTS  # optional, at night in San Francisco
    assert max(best.costs[m.name] for m in demo.required) <= COSTLY_POINTS
    assert not needs_advice(proposal)


def test_a_required_member_paying_much_calls_the_advisor() -> None:
    demo = load_team(Path(__file__).resolve().parents[1] / "data" / "demo-team.toml")
    proposal = propose(windows_for(demo, dt.date(2026, 12, 1), dt.date(2026, 12, 7), 30))
    best = proposal.slots[0]
    costly = dataclasses.replace(best, costs={**best.costs, "Lena": COSTLY_POINTS + 0.25})
    assert needs_advice(Proposal(proposal.plan, (costly, *proposal.slots[1:])))
    facts = advise(Proposal(proposal.plan, (costly,)), "Europe/London").facts
    assert facts[-1].startswith(
        f"In the best slot Lena pays most of the required members: {COSTLY_POINTS + 0.25:g} points"
    )
