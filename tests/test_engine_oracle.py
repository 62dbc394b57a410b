"""The engine against an independent minute grid (tests/oracle.py), clock-change days included.

Every minute counts: the teams are drawn around the 2026 clock changes of zones that change on different
weeks (US and Europe in March and October/November, the southern hemisphere in April and October, Lord
Howe's half hour, Santiago, Casablanca's Ramadan switch), with night shifts crossing midnight, Fri-Sat and
Saturday-only weekends, Ramadan hours, holidays and away days.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner_app.calendars import member_days
from planner_app.series import plan_series
from planner_app.teams import build_team
from planner_app.windows import windows_for
from tests import oracle

ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Africa/Casablanca",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "America/Los_Angeles",
    "Asia/Riyadh",
    "Pacific/Chatham",
]
COUNTRIES = {"America/New_York": "US", "Europe/London": "GB", "Asia/Riyadh": "SA", "Australia/Sydney": "AU"}
# Weeks holding a clock change somewhere in ZONES, and Ramadan 2026 (18 Feb - 19 Mar).
STARTS = [
    dt.date(2026, 3, 5),  # US changes 8 Mar, Europe 29 Mar
    dt.date(2026, 3, 26),
    dt.date(2026, 4, 1),  # Sydney, Lord Howe, Santiago, Auckland in early April
    dt.date(2026, 2, 12),  # Casablanca's Ramadan switch (15 Feb, 22 Mar)
    dt.date(2026, 9, 2),  # Santiago and Auckland in September
    dt.date(2026, 9, 30),  # Sydney and Lord Howe 4 Oct
    dt.date(2026, 10, 22),  # Europe 25 Oct, US 1 Nov
]


def _clock(minute: int) -> str:
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def member_rows(draw: st.DrawFn, name: str, required: bool | None = None) -> dict:
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.integers(0, 23)) * 60 + draw(st.sampled_from([0, 30]))
    # Around 02:00-03:00 local, when clocks change, on purpose: spans that start or end inside the gap.
    start = draw(st.sampled_from([start, 2 * 60 + 30, 1 * 60 + 30, 22 * 60]))
    length = draw(st.integers(1, 10)) * 60
    spans = [f"{_clock(start)}-{_clock(start + length)}"]
    if draw(st.booleans()) and length >= 4 * 60:  # a lunch break
        lunch = start + draw(st.integers(1, length // 60 - 2)) * 60
        spans = [f"{_clock(start)}-{_clock(lunch)}", f"{_clock(lunch + 45)}-{_clock(start + length)}"]
    row: dict = {
        "name": name,
        "timezone": zone,
        "hours": spans,
        "weekend": draw(st.sampled_from([["sat", "sun"], ["fri", "sat"], ["sat"], []])),
        "required": draw(st.booleans()) if required is None else required,
    }
    if zone in COUNTRIES and draw(st.booleans()):
        row["country"] = COUNTRIES[zone]
    if draw(st.integers(0, 3)) == 0:
        row["ramadan_hours"] = [f"{_clock(start)}-{_clock(start + max(length - 120, 60))}"]
    if draw(st.integers(0, 3)) == 0:
        row["away"] = ["2026-03-09..2026-03-11", "2026-10-26"]
    return row


Case = tuple[list[dict], dt.date, dt.date]


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[dict], dt.date, dt.date]:
    rows = [draw(member_rows("m0", required=True))]
    rows += [draw(member_rows(f"m{i}")) for i in range(1, draw(st.integers(1, 4)))]
    start = draw(st.sampled_from(STARTS)) + dt.timedelta(days=draw(st.integers(0, 3)))
    return rows, start, start + dt.timedelta(days=draw(st.integers(3, 12)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([15, 30, 60]))
def test_windows_equal_the_minute_grid_on_every_minute(case: Case, duration: int) -> None:
    rows, start, end = case
    team = build_team("Oracle", rows)
    plan = windows_for(team, start, end, duration)
    assert [(w.start, w.end) for w in plan.windows] == oracle.windows(team, start, end, duration)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_days_off_equal_the_oracles_day_decisions(case: Case) -> None:
    rows, start, end = case
    team = build_team("Oracle", rows)
    plan = windows_for(team, start, end, 30)
    engine = {(u.member, u.date) for u in plan.unavailable}
    expected = set()
    for m in team.members:
        day = start
        while day <= end:
            if oracle.off_reason(m, day) is not None:
                expected.add((m.name, day))
            day += dt.timedelta(days=1)
    assert engine == expected


def _team_with_a_free_wednesday() -> object:
    return build_team(
        "Wednesdays off",
        [
            {"name": "Ana", "timezone": "Europe/Madrid", "hours": {"default": ["09:00-17:00"], "wed": []}},
            {"name": "Ben", "timezone": "Europe/London", "hours": ["09:00-17:00"]},
        ],
    )


def test_a_weekday_without_hours_is_off_in_the_calendar_the_plan_and_the_series() -> None:
    """`hours = {default = [...], wed = []}`: Wednesday is a day off everywhere, with the same reason."""
    team = _team_with_a_free_wednesday()
    ana = team.member("Ana")  # type: ignore[attr-defined]
    wednesday = dt.date(2026, 3, 4)
    (status,) = member_days(ana, wednesday, wednesday)
    assert (status.kind.label, status.detail, status.hours) == ("weekend", "no working hours on Wednesday", ())
    plan = windows_for(team, dt.date(2026, 3, 2), dt.date(2026, 3, 6), 30)  # type: ignore[arg-type]
    off = [(u.member, u.date, u.reason, u.detail) for u in plan.unavailable if u.member == "Ana"]
    assert ("Ana", wednesday, "weekend", "no working hours on Wednesday") in off
    assert not any(dt.datetime.fromtimestamp(w.start, dt.UTC).date() == wednesday for w in plan.windows)
    series = plan_series(team, wednesday, 3, "weekly", 30, anchor="Ben")  # type: ignore[arg-type]
    for occurrence in series.occurrences:
        assert occurrence.date.weekday() != 2
        assert occurrence.moved
        assert "no working hours on Wednesday" in occurrence.reason


def test_new_york_and_london_share_an_hour_more_while_only_the_us_has_changed() -> None:
    """9-17 in New York and London share 3 hours a day, but 4 between 8 and 29 March 2026."""
    team = build_team(
        "NY-LON",
        [
            {"name": "Ny", "timezone": "America/New_York", "hours": ["09:00-17:00"]},
            {"name": "Lo", "timezone": "Europe/London", "hours": ["09:00-17:00"]},
        ],
    )
    for day, minutes in [(dt.date(2026, 3, 6), 180), (dt.date(2026, 3, 10), 240), (dt.date(2026, 3, 30), 180)]:
        plan = windows_for(team, day, day, 30)
        assert [w.minutes for w in plan.windows] == [minutes]
        assert [(w.start, w.end) for w in plan.windows] == oracle.windows(team, day, day, 30)
