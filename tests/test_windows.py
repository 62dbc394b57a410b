"""Windows: the sweep's exact semantics, explanations, ranking, and properties over random teams."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner_app.availability import member_availability
from planner_app.errors import PlannerError, RangeError
from planner_app.ranking import best_slots, near_misses
from planner_app.teams import Team, build_team
from planner_app.windows import windows_for

MON = dt.date(2026, 6, 1)  # a Monday with no holidays in play (members below have no country)


def team(*members: dict) -> Team:
    return build_team("T", list(members))


def hhmm(w_start: dt.datetime) -> str:
    return w_start.strftime("%H:%M")


def test_a_window_of_exactly_the_duration_counts() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC", "hours": ["09:00-10:00"]},
        {"name": "B", "timezone": "Etc/UTC", "hours": ["09:30-12:00"]},
    )
    assert [w.minutes for w in windows_for(t, MON, MON, duration=30).windows] == [30]
    assert windows_for(t, MON, MON, duration=31).windows == ()


def test_touching_intervals_do_not_make_a_window() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC", "hours": ["09:00-10:00"]},
        {"name": "B", "timezone": "Etc/UTC", "hours": ["10:00-11:00"]},
    )
    plan = windows_for(t, MON, MON, duration=1)
    assert plan.windows == ()
    assert plan.explanation == "no overlap between A (UTC) and B (UTC) working hours"


def test_windows_are_maximal_across_a_lunch_break() -> None:
    t = team(
        {"name": "A", "timezone": "Europe/Madrid", "hours": ["09:00-14:00", "15:30-18:30"]},
        {"name": "B", "timezone": "Europe/London", "hours": ["09:00-17:30"]},
    )
    plan = windows_for(t, MON, MON)
    # Madrid is UTC+2 and London UTC+1 in June: 08:00-12:00 and 13:30-16:30 UTC overlap London's 08:00-16:30
    assert [(hhmm(w.start_utc), hhmm(w.end_utc)) for w in plan.windows] == [("08:00", "12:00"), ("13:30", "16:30")]


def test_optional_members_never_block_and_are_listed_when_free_throughout() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC", "hours": ["09:00-17:00"]},
        {"name": "B", "timezone": "Etc/UTC", "hours": ["13:00-18:00"]},
        {"name": "Opt", "timezone": "Etc/UTC", "hours": ["13:00-15:00"], "required": False},
        {"name": "Late", "timezone": "Etc/UTC", "hours": ["20:00-22:00"], "required": False},
    )
    (window,) = windows_for(t, MON, MON).windows
    assert (hhmm(window.start_utc), hhmm(window.end_utc)) == ("13:00", "17:00")
    assert window.attendees == ("A", "B")  # Opt is free only 13:00-15:00, not throughout


def test_unavailable_reasons_are_reported() -> None:
    t = team(
        {"name": "A", "timezone": "Europe/Berlin", "country": "DE", "subdivision": "BY", "away": ["2026-06-03"]},
        {"name": "B", "timezone": "Asia/Riyadh", "weekend": ["fri", "sat"]},
    )
    plan = windows_for(t, MON, MON + dt.timedelta(days=6))
    got = {(u.member, u.date.isoformat(), u.reason, u.detail) for u in plan.unavailable}
    assert ("A", "2026-06-03", "away", "away") in got
    assert ("A", "2026-06-04", "holiday", "Corpus Christi") in got
    assert ("B", "2026-06-05", "weekend", "Friday") in got
    assert ("A", "2026-06-06", "weekend", "Saturday") in got
    window_days = {w.start_utc.date() for w in plan.windows}
    assert window_days == {dt.date(2026, 6, 1), dt.date(2026, 6, 2)}


def test_no_overlap_between_sydney_and_london_core_hours() -> None:
    t = team({"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"})
    plan = windows_for(t, dt.date(2026, 6, 1), dt.date(2026, 6, 12))
    assert plan.windows == ()
    assert plan.explanation is not None
    assert plan.explanation.startswith("no overlap between Syd (Sydney) and Lon (London)")


def test_explanation_names_a_member_who_is_away_all_range() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC"},
        {"name": "B", "timezone": "Etc/UTC", "away": ["2026-06-01..2026-06-05"]},
    )
    plan = windows_for(t, MON, MON + dt.timedelta(days=4))
    assert plan.explanation == "B (UTC) has no working time in this range (weekend, holiday or away)"


def test_explanation_when_the_shared_time_is_too_short() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC", "hours": ["09:00-10:00"]},
        {"name": "B", "timezone": "Etc/UTC", "hours": ["09:40-12:00"]},
    )
    plan = windows_for(t, MON, MON, duration=30)
    assert plan.explanation is not None
    assert plan.explanation.startswith("the longest time all required members share is 20 minutes")


def test_bad_ranges_and_durations() -> None:
    t = team({"name": "A", "timezone": "Etc/UTC"})
    with pytest.raises(RangeError, match="before"):
        windows_for(t, MON, MON - dt.timedelta(days=1))
    with pytest.raises(RangeError, match="3 years"):
        windows_for(t, MON, MON + dt.timedelta(days=3 * 366 + 1))
    with pytest.raises(RangeError, match="the meeting length"):
        windows_for(t, MON, MON, duration=0)


def test_a_team_of_only_optional_members_is_refused() -> None:
    with pytest.raises(PlannerError, match="at least one member must be required"):
        windows_for(team({"name": "A", "timezone": "Etc/UTC", "required": False}), MON, MON)


def test_best_slots_prefer_everyones_midday() -> None:
    t = team(
        {"name": "A", "timezone": "Etc/UTC", "hours": ["08:00-16:00"]},  # midday 12:00
        {"name": "B", "timezone": "Etc/UTC", "hours": ["10:00-18:00"]},  # midday 14:00
    )
    plan = windows_for(t, MON, MON + dt.timedelta(days=1), duration=60)
    slots = best_slots(plan)
    assert [hhmm(dt.datetime.fromtimestamp(s.start, dt.UTC)) for s in slots] == [
        "12:30",
        "12:30",
    ]  # mid 13:00: one hour from each midday
    assert slots[0].start < slots[1].start  # equal cost: earlier date first
    assert slots[0].costs["A"] == slots[0].costs["B"] == 3.0  # one hour from each midday at 0.05/min


def test_near_misses_when_there_is_no_window() -> None:
    t = team({"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"})
    plan = windows_for(t, dt.date(2026, 6, 1), dt.date(2026, 6, 5))
    misses = near_misses(plan)
    assert misses
    best = misses[0]
    assert len(best.missing) == 1  # one of the two is outside their hours
    assert min(best.outside.values()) == 0
    # misses are ordered by people outside, then by minutes outside
    keys = [(len(m.missing), sum(m.outside.values())) for m in misses]
    assert keys == sorted(keys)


# -- properties -----------------------------------------------------------------------------------

PROPERTY_ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Pacific/Chatham",
    "America/Los_Angeles",
]


@st.composite
def members(draw: st.DrawFn, name: str) -> dict:
    start = draw(st.integers(0, 23)) * 60 + draw(st.sampled_from([0, 15, 30, 45]))
    length = draw(st.integers(1, 12)) * 60
    end = (start + length) % 1440
    spans = [f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"]
    weekend = draw(st.sampled_from([["sat", "sun"], ["fri", "sat"], ["sun"], []]))
    return {
        "name": name,
        "timezone": draw(st.sampled_from(PROPERTY_ZONES)),
        "hours": spans,
        "weekend": weekend,
        "required": draw(st.booleans()) if name != "m0" else True,
    }


@st.composite
def teams(draw: st.DrawFn) -> tuple[list[dict], dt.date, dt.date]:
    count = draw(st.integers(1, 5))
    rows = [draw(members(f"m{i}")) for i in range(count)]
    start = draw(
        st.sampled_from([dt.date(2026, 3, 5), dt.date(2026, 3, 26), dt.date(2026, 10, 1), dt.date(2026, 10, 29)])
    )
    start += dt.timedelta(days=draw(st.integers(0, 6)))
    return rows, start, start + dt.timedelta(days=draw(st.integers(0, 9)))


def total_minutes(plan) -> int:
    return sum(w.minutes for w in plan.windows)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams(), st.sampled_from([15, 30, 60]))
def test_every_window_lies_inside_every_required_members_availability(case, duration) -> None:
    rows, start, end = case
    plan = windows_for(build_team("P", rows), start, end, duration)
    for w in plan.windows:
        assert w.end - w.start >= duration * 60
        for m in plan.team.required:
            assert plan.availability[m.name].covers(w.start, w.end)
    ends = [w.end for w in plan.windows]
    assert all(a < b.start for a, b in zip(ends, plan.windows[1:], strict=False))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams(), members("extra"))
def test_adding_a_member_never_adds_window_time(case, extra) -> None:
    rows, start, end = case
    before = windows_for(build_team("P", rows), start, end, 15)
    after = windows_for(build_team("P", [*rows, extra]), start, end, 15)
    assert total_minutes(after) <= total_minutes(before)
    for w in after.windows:
        assert any(b.start <= w.start and w.end <= b.end for b in before.windows)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_member_order(case, rnd) -> None:
    rows, start, end = case
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = windows_for(build_team("P", rows), start, end, 30)
    b = windows_for(build_team("P", shuffled), start, end, 30)
    assert [(w.start, w.end, sorted(w.attendees)) for w in a.windows] == [
        (w.start, w.end, sorted(w.attendees)) for w in b.windows
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams())
def test_availability_matches_a_minute_by_minute_wall_clock_check(case) -> None:
    """Independent check: a UTC minute is working time iff the member's wall clock then reads a time
    inside their hours of that local date (or of the day before, for spans crossing midnight).
    Only minutes away from clock changes are compared, where wall-clock reading is unambiguous."""
    rows, start, end = case
    plan = windows_for(build_team("P", rows), start, end, 15)
    for m in plan.team.members:
        a = member_availability(m, start, end)
        tz = zoneinfo.ZoneInfo(m.timezone)
        first = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp()) - 86400
        for t in range(first, first + ((end - start).days + 3) * 86400, 15 * 60):
            local = dt.datetime.fromtimestamp(t, tz)
            near_change = any(
                (dt.datetime.fromtimestamp(t + d, tz).utcoffset() != local.utcoffset()) for d in (-86400, 86400)
            )
            if near_change:
                continue
            minute = local.hour * 60 + local.minute
            working = False
            for back in (0, 1):
                day = local.date() - dt.timedelta(days=back)
                if not start <= day <= end or day.weekday() in m.weekend:
                    continue
                for span in m.hours[day.weekday()]:
                    if span.start <= minute + back * 1440 < span.end:
                        working = True
            assert a.covers(t, t + 1) == working, (m.name, m.timezone, local.isoformat())
