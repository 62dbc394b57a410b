"""Local time to UTC, on named dates and places (the DST policy is RFC 5545's: gap -> forward,
ambiguous -> first occurrence)."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import zoneinfo

import numpy as np
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner_app.availability import (
    local_to_utc,
    member_availability,
    merge_intervals,
    to_utc_seconds,
    utc_datetime,
)
from planner_app.teams import parse_member


def utc(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.UTC).timestamp())


def intervals(member_fields: dict, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    a = member_availability(parse_member(member_fields), start, end)
    return [
        (utc_datetime(s).strftime("%Y-%m-%d %H:%M"), utc_datetime(e).strftime("%Y-%m-%d %H:%M"))
        for s, e in zip(a.starts.tolist(), a.ends.tolist(), strict=True)
    ]


def test_paris_2013_03_31_0230_in_the_gap_moves_forward_to_0330_cest() -> None:
    assert local_to_utc(dt.date(2013, 3, 31), 2 * 60 + 30, "Europe/Paris") == utc(2013, 3, 31, 1, 30)


def test_paris_2013_10_27_0230_ambiguous_takes_the_first_occurrence() -> None:
    assert local_to_utc(dt.date(2013, 10, 27), 2 * 60 + 30, "Europe/Paris") == utc(2013, 10, 27, 0, 30)


def test_pendulum_default_would_pick_the_second_occurrence() -> None:
    # Why the policy is stated explicitly: pendulum 3's default fold=1 gives the later instant.
    later = pendulum.datetime(2013, 10, 27, 2, 30, tz="Europe/Paris")
    assert int(later.timestamp()) == utc(2013, 10, 27, 1, 30)
    assert local_to_utc(dt.date(2013, 10, 27), 150, "Europe/Paris") != int(later.timestamp())


def test_kathmandu_0545_offset() -> None:
    assert local_to_utc(dt.date(2026, 6, 1), 10 * 60, "Asia/Kathmandu") == utc(2026, 6, 1, 4, 15)


def test_chatham_1345_in_southern_summer_and_1245_in_winter() -> None:
    assert local_to_utc(dt.date(2026, 1, 15), 9 * 60, "Pacific/Chatham") == utc(2026, 1, 14, 19, 15)
    assert local_to_utc(dt.date(2026, 7, 15), 9 * 60, "Pacific/Chatham") == utc(2026, 7, 14, 20, 15)


def test_lord_howe_2026_04_05_half_hour_fall_back() -> None:
    # Lord Howe: +11 in summer, +10:30 in winter; at 02:00 on 2026-04-05 clocks go back to 01:30.
    assert local_to_utc(dt.date(2026, 4, 3), 9 * 60, "Australia/Lord_Howe") == utc(2026, 4, 2, 22, 0)
    assert local_to_utc(dt.date(2026, 4, 6), 9 * 60, "Australia/Lord_Howe") == utc(2026, 4, 5, 22, 30)
    # 01:45 happens twice; the first is at +11
    assert local_to_utc(dt.date(2026, 4, 5), 105, "Australia/Lord_Howe") == utc(2026, 4, 4, 14, 45)


def test_new_york_and_london_change_on_different_weeks_in_march_2026() -> None:
    ny = {"name": "Nia", "timezone": "America/New_York", "hours": ["09:00-17:00"]}
    ldn = {"name": "Leo", "timezone": "Europe/London", "hours": ["09:00-17:00"]}
    from planner_app.teams import build_team
    from planner_app.windows import windows_for

    plan = windows_for(build_team("NY-LDN", [ny, ldn]), dt.date(2026, 3, 2), dt.date(2026, 4, 3))
    spans = {w.start_utc.date(): (w.start_utc.strftime("%H:%M"), w.end_utc.strftime("%H:%M")) for w in plan.windows}
    assert spans[dt.date(2026, 3, 6)] == ("14:00", "17:00")  # both on standard time
    assert spans[dt.date(2026, 3, 9)] == ("13:00", "17:00")  # US on EDT since 03-08, UK still GMT
    assert spans[dt.date(2026, 3, 27)] == ("13:00", "17:00")
    assert spans[dt.date(2026, 3, 30)] == ("13:00", "16:00")  # UK on BST since 03-29
    assert len(plan.windows) == 25  # 5 weeks of weekdays


def test_sydney_2026_04_05_end_of_daylight_saving() -> None:
    sydney = {"name": "Sam", "timezone": "Australia/Sydney", "hours": ["09:00-17:00"]}
    got = intervals(sydney, dt.date(2026, 4, 2), dt.date(2026, 4, 7))
    assert got == [
        ("2026-04-01 22:00", "2026-04-02 06:00"),  # Thu, AEDT +11
        ("2026-04-02 22:00", "2026-04-03 06:00"),  # Fri
        ("2026-04-05 23:00", "2026-04-06 07:00"),  # Mon, AEST +10
        ("2026-04-06 23:00", "2026-04-07 07:00"),  # Tue
    ]


def test_night_shift_across_us_spring_forward_is_one_hour_shorter() -> None:
    nurse = {"name": "Ned", "timezone": "America/New_York", "hours": ["22:00-06:00"], "weekend": []}
    got = intervals(nurse, dt.date(2026, 3, 7), dt.date(2026, 3, 7))
    assert got == [("2026-03-08 03:00", "2026-03-08 10:00")]  # 22:00 EST to 06:00 EDT: 7 hours


def test_night_shift_across_us_fall_back_is_one_hour_longer() -> None:
    nurse = {"name": "Ned", "timezone": "America/New_York", "hours": ["22:00-06:00"], "weekend": []}
    got = intervals(nurse, dt.date(2026, 10, 31), dt.date(2026, 10, 31))
    assert got == [("2026-11-01 02:00", "2026-11-01 11:00")]  # 22:00 EDT to 06:00 EST: 9 hours


def test_span_ending_at_2400_meets_the_next_day() -> None:
    late = {"name": "Lu", "timezone": "Asia/Tokyo", "hours": ["18:00-24:00"], "weekend": []}
    assert intervals(late, dt.date(2026, 5, 1), dt.date(2026, 5, 1)) == [("2026-05-01 09:00", "2026-05-01 15:00")]


def test_date_line_honolulu_monday_is_kiritimati_tuesday() -> None:
    from planner_app.teams import build_team
    from planner_app.windows import windows_for

    team = build_team(
        "Pacific",
        [
            {"name": "Hana", "timezone": "Pacific/Honolulu", "hours": ["09:00-17:00"]},
            {"name": "Kiri", "timezone": "Pacific/Kiritimati", "hours": ["09:00-17:00"]},
        ],
    )
    plan = windows_for(team, dt.date(2026, 3, 2), dt.date(2026, 3, 6))  # Mon..Fri locally for both
    # Honolulu Mon-Thu only: its Friday is Kiritimati's Saturday, Kiritimati's Monday is its Sunday.
    assert [(w.start_utc.isoformat(), w.minutes) for w in plan.windows] == [
        ("2026-03-02T19:00:00+00:00", 480),
        ("2026-03-03T19:00:00+00:00", 480),
        ("2026-03-04T19:00:00+00:00", 480),
        ("2026-03-05T19:00:00+00:00", 480),
    ]


def test_samoa_skipped_2011_12_30_adds_no_working_time() -> None:
    apia = {"name": "Ana", "timezone": "Pacific/Apia", "hours": ["09:00-17:00"], "weekend": []}
    got = intervals(apia, dt.date(2011, 12, 29), dt.date(2011, 12, 31))
    # 2011-12-30 never happened in Apia: its hours fall onto the 31st's (fold=0 moves them forward a day).
    assert got == [("2011-12-29 19:00", "2011-12-30 03:00"), ("2011-12-30 19:00", "2011-12-31 03:00")]


def test_casablanca_uses_the_bundled_tzdata_rules() -> None:
    path = importlib.resources.files("tzdata.zoneinfo").joinpath("Africa", "Casablanca")
    with path.open("rb") as handle:
        package = zoneinfo.ZoneInfo.from_file(handle)
    for day in (dt.date(2026, 9, 21), dt.date(2027, 3, 1), dt.date(2027, 6, 1)):
        expected = dt.datetime(day.year, day.month, day.day, 10, tzinfo=package).timestamp()
        assert local_to_utc(day, 600, "Africa/Casablanca") == int(expected)


ZONES = [
    "Europe/Paris",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Santiago",
    "Asia/Tehran",
    "Africa/Casablanca",
    "America/St_Johns",
    "Pacific/Apia",
    "Asia/Kolkata",
    "America/Havana",
    "Europe/London",
    "America/Sao_Paulo",
]


@settings(max_examples=400, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    day=st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)),
    minute=st.integers(0, 1440),
)
def test_local_to_utc_agrees_with_pendulum_under_the_rfc_5545_rule(zone: str, day: dt.date, minute: int) -> None:
    """pendulum as an independent oracle. Its two folds differ only at a clock change: for an
    ambiguous time both readings show the asked wall time and we want the earlier; inside a gap
    pendulum's fold=1 moves forward (RFC 5545) while its fold=0 moves *backward*, so we want fold=1.
    Found by this test: Sydney 2012-10-07 02:00 (gap) is 03:00 AEDT, not pendulum fold=0's 01:00 AEST."""
    local = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute)
    fields = (local.year, local.month, local.day, local.hour, local.minute)
    first = pendulum.datetime(*fields, tz=zone, fold=0)
    second = pendulum.datetime(*fields, tz=zone, fold=1)
    shown = {first.naive().replace(tzinfo=None), second.naive().replace(tzinfo=None)}
    if shown == {local}:
        expected = min(first.timestamp(), second.timestamp())  # ambiguous (or ordinary): the first occurrence
    else:
        expected = second.timestamp()  # a gap: moved forward by its length
        assert second.naive() > local
    assert local_to_utc(day, minute, zone) == int(expected)


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 1)),
    minutes=st.lists(st.integers(0, 2879), min_size=1, max_size=40),
)
def test_vectorised_conversion_equals_one_by_one(zone: str, start: dt.date, minutes: list[int]) -> None:
    ordinals = np.array([start.toordinal() + i % 30 for i in range(len(minutes))], dtype=np.int64)
    got = to_utc_seconds(ordinals, np.array(minutes, dtype=np.int64), zone)
    expected = [local_to_utc(dt.date.fromordinal(int(o)), m, zone) for o, m in zip(ordinals, minutes, strict=True)]
    assert got.tolist() == expected


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 200)), max_size=30))
def test_merge_intervals_is_the_exact_union(pairs: list[tuple[int, int]]) -> None:
    starts = np.array([s for s, _ in pairs], dtype=np.int64)
    ends = np.array([s + n for s, n in pairs], dtype=np.int64)
    ms, me = merge_intervals(starts, ends)
    covered = {t for s, e in zip(starts.tolist(), ends.tolist(), strict=True) for t in range(s, e)}
    merged = {t for s, e in zip(ms.tolist(), me.tolist(), strict=True) for t in range(s, e)}
    assert merged == covered
    assert all(e0 < s1 for e0, s1 in zip(me[:-1].tolist(), ms[1:].tolist(), strict=True))


def test_ramadan_hours_apply_inside_ramadan_only() -> None:
    dubai = {"name": "Dana", "region": "ae-dubai"}
    member = parse_member(dubai)
    assert member.ramadan_hours is not None
    inside = member_availability(member, dt.date(2026, 3, 2), dt.date(2026, 3, 2))  # Mon, Ramadan 1447
    outside = member_availability(member, dt.date(2026, 4, 6), dt.date(2026, 4, 6))  # Mon after Eid
    assert inside.total_seconds < outside.total_seconds
    ramadan_minutes = sum(s.minutes for s in member.ramadan_hours[0])
    assert inside.total_seconds == ramadan_minutes * 60


@pytest.mark.parametrize(
    ("day", "minute", "zone", "expected"),
    [
        (dt.date(2026, 3, 8), 150, "America/New_York", utc(2026, 3, 8, 7, 30)),  # gap 02:30 -> 03:30 EDT
        (dt.date(2026, 11, 1), 90, "America/New_York", utc(2026, 11, 1, 5, 30)),  # 01:30 EDT, first
        (dt.date(2026, 10, 4), 150, "Australia/Sydney", utc(2026, 10, 3, 16, 30)),  # gap 02:30 -> 03:30 AEDT
        (dt.date(2026, 4, 5), 150, "Australia/Sydney", utc(2026, 4, 4, 15, 30)),  # 02:30 AEDT, first
    ],
)
def test_named_transitions_2026(day: dt.date, minute: int, zone: str, expected: int) -> None:
    assert local_to_utc(day, minute, zone) == expected
