"""A member's status at an instant, and a start picked by hand, on everyone's clock."""

from __future__ import annotations

import datetime as dt

import pytest

from planner_app import sharing
from planner_app.availability import local_to_utc
from planner_app.errors import PlannerError
from planner_app.ranking import best_slots, loads_for
from planner_app.status import slot_at, status_at
from planner_app.teams import Team, build_team
from planner_app.windows import Plan, windows_for


@pytest.fixture(scope="module")
def team() -> Team:
    rows: list[dict[str, object]] = [
        {"name": "Faisal", "region": "sa-riyadh"},
        {"name": "Ana", "region": "es-madrid"},
        {"name": "Omar", "region": "ae-dubai"},
        {"name": "Mia", "region": "au-sydney", "required": False},
    ]
    return build_team("Status team", rows)


@pytest.fixture(scope="module")
def plan(team: Team) -> Plan:
    return windows_for(team, dt.date(2026, 2, 23), dt.date(2026, 3, 27), 30)


def at(plan: Plan, name: str, date: dt.date, hour: int, minute: int = 0) -> tuple[str, str]:
    member = plan.team.member(name)
    status, detail = status_at(plan.availability[name], local_to_utc(date, hour * 60 + minute, member.timezone))
    return status, detail


def test_riyadh_friday_is_weekend(plan: Plan) -> None:
    assert at(plan, "Faisal", dt.date(2026, 2, 27), 11) == ("weekend", "Friday")


def test_eid_al_fitr_is_a_named_holiday(plan: Plan) -> None:
    status, detail = at(plan, "Faisal", dt.date(2026, 3, 20), 11)
    assert status == "holiday"
    assert "Eid al-Fitr" in detail


def test_dubai_ramadan_hours(plan: Plan) -> None:
    assert at(plan, "Omar", dt.date(2026, 3, 2), 11)[0] == "ramadan hours"
    # after Ramadan hours end (16:00 in the profile) but before 22:00: off hours, not working
    assert at(plan, "Omar", dt.date(2026, 3, 2), 17)[0] == "off hours"


def test_dubai_before_ramadan_is_plain_working(team: Team) -> None:
    before = windows_for(team, dt.date(2026, 2, 2), dt.date(2026, 2, 6), 30)
    status, detail = at(before, "Omar", dt.date(2026, 2, 3), 11)
    assert status == "working"
    assert detail.startswith("until ")


def test_madrid_lunch(plan: Plan) -> None:
    assert at(plan, "Ana", dt.date(2026, 3, 2), 14, 30) == ("lunch", "break 14:00-15:00")
    assert at(plan, "Ana", dt.date(2026, 3, 2), 13, 59)[0] == "working"
    assert at(plan, "Ana", dt.date(2026, 3, 2), 15)[0] == "working"


def test_night_in_sydney(plan: Plan) -> None:
    assert at(plan, "Mia", dt.date(2026, 3, 3), 2) == ("night", "02:00 local")
    assert at(plan, "Mia", dt.date(2026, 3, 3), 21, 59)[0] == "off hours"
    assert at(plan, "Mia", dt.date(2026, 3, 3), 22)[0] == "night"


def test_a_date_outside_the_plan_is_still_read_from_the_rules(plan: Plan) -> None:
    # the plan's day table ends on 27 March; a later date is read from the same rules
    assert at(plan, "Faisal", dt.date(2026, 4, 3), 11) == ("weekend", "Friday")


def test_hours_crossing_midnight_belong_to_the_day_they_start() -> None:
    team = build_team(
        "Night shift", [{"name": "Nell", "timezone": "Europe/London", "country": "GB", "hours": ["22:00-06:00"]}]
    )
    plan = windows_for(team, dt.date(2026, 3, 2), dt.date(2026, 3, 8), 30)
    # Saturday 02:00 is inside Friday's night shift; Sunday 02:00 is after Saturday, a weekend
    assert at(plan, "Nell", dt.date(2026, 3, 7), 2) == ("working", "until 06:00")
    assert at(plan, "Nell", dt.date(2026, 3, 8), 2) == ("weekend", "Sunday")


def test_slot_at_costs_equal_the_rankings(plan: Plan) -> None:
    loads = loads_for(plan)
    for ranked in best_slots(plan, limit=5, loads=loads):
        chosen = slot_at(plan, ranked.start, loads=loads)
        assert chosen.cost == ranked.cost
        assert {m.name: m.cost for m in chosen.members} == ranked.costs
        assert chosen.window is not None
        assert chosen.window.start <= ranked.start


def test_a_start_inside_a_window_other_than_its_first_minute(plan: Plan) -> None:
    window = next(w for w in plan.windows if w.minutes >= 60)
    start = window.start + 17 * 60
    chosen = slot_at(plan, start)
    assert chosen.window == window
    assert chosen.end == start + 30 * 60
    assert not chosen.outside_required
    assert all(m.status in ("working", "ramadan hours") for m in chosen.members if m.required)
    assert chosen.as_window().start == start


def test_a_start_outside_every_window_says_who_is_out(plan: Plan) -> None:
    friday = local_to_utc(dt.date(2026, 2, 27), 11 * 60, "Asia/Riyadh")
    chosen = slot_at(plan, friday)
    assert chosen.window is None
    out = {m.name: (m.status, m.outside_minutes) for m in chosen.outside_required}
    assert out["Faisal"] == ("weekend", 30)
    assert "Faisal" not in chosen.as_window().attendees


def test_a_share_link_carries_the_chosen_start(team: Team) -> None:
    start = local_to_utc(dt.date(2026, 3, 2), 11 * 60 + 15, "Asia/Dubai")
    params = sharing.encode(team, dt.date(2026, 3, 1), dt.date(2026, 3, 14), 45, at=start)
    assert params["at"] == "2026-03-02T07:15Z"
    shared = sharing.decode(params)
    assert (shared.team, shared.duration, shared.at) == (team, 45, start)
    assert sharing.decode(sharing.encode(team, dt.date(2026, 3, 1), dt.date(2026, 3, 14), 45)).at is None


def test_a_damaged_start_in_a_link_is_named(team: Team) -> None:
    params = {**sharing.encode(team, dt.date(2026, 3, 1), dt.date(2026, 3, 14), 45), "at": "tomorrow"}
    with pytest.raises(PlannerError, match="share link: 'at' must be a UTC time"):
        sharing.decode(params)
