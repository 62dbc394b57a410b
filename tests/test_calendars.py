"""Which local dates a member works: holidays by subdivision, weekends, away days, Ramadan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hijridate import Hijri

from planner_app.calendars import (
    FIRST_DATE,
    LAST_DATE,
    MAX_RANGE_DAYS,
    MAX_TABLE_DAYS,
    DayKind,
    DayStatus,
    check_range,
    day_table,
    holiday_names,
    member_days,
    ramadan_periods,
)
from planner_app.errors import PlannerError, RangeError
from planner_app.hours import Span
from planner_app.teams import Member

MemberFactory = Callable[..., Member]
D = dt.date


def day(member: Member, date: dt.date) -> DayStatus:
    (status,) = member_days(member, date, date)
    assert status.date == date
    return status


# -- holidays by subdivision -------------------------------------------------------------------------


def test_bavaria_has_epiphany_and_corpus_christi_berlin_does_not(member: MemberFactory) -> None:
    munich, berlin = member(region="de-munich"), member(region="de-berlin")
    assert (munich.subdivision, berlin.subdivision) == ("BY", "BE")
    for date, name in [(D(2026, 1, 6), "Epiphany"), (D(2026, 6, 4), "Corpus Christi")]:
        bavaria = day(munich, date)
        assert (bavaria.kind, bavaria.detail, bavaria.hours) == (DayKind.HOLIDAY, name, ())
        assert bavaria.label == "holiday"
        capital = day(berlin, date)
        assert capital.kind is DayKind.WORKING
        assert capital.hours == berlin.hours[date.weekday()]
        assert capital.hours != ()


def test_berlin_has_womens_day_bavaria_does_not(member: MemberFactory) -> None:
    womens_day = D(2026, 3, 8)  # a Sunday in 2026
    assert womens_day.weekday() == 6
    assert "Women's Day" in holiday_names("DE", "BE", ("public",), (2026,))[womens_day]
    assert womens_day not in holiday_names("DE", "BY", ("public",), (2026,))
    berlin = day(member(region="de-berlin"), womens_day)
    assert berlin.kind is DayKind.HOLIDAY
    assert "Women's Day" in berlin.detail
    munich = day(member(region="de-munich"), womens_day)
    assert (munich.kind, munich.detail) == (DayKind.WEEKEND, "Sunday")


def test_holiday_names_are_in_english() -> None:
    assert holiday_names("DE", "BY", ("public",), (2026,))[D(2026, 12, 25)] == "Christmas Day"
    assert holiday_names("ES", "MD", ("public",), (2026,))[D(2026, 1, 1)] == "New Year's Day"


def test_a_member_without_country_has_no_holidays(member: MemberFactory) -> None:
    m = member(timezone="Europe/Berlin")
    days = member_days(m, D(2026, 1, 1), D(2026, 12, 31))
    assert all(status.kind is not DayKind.HOLIDAY for status in days)
    assert sum(status.kind is DayKind.WORKING for status in days) == 261  # the weekdays of 2026


# -- precedence: holiday beats weekend beats away ----------------------------------------------------


def test_holiday_beats_weekend_beats_away(member: MemberFactory) -> None:
    berlin = member(region="de-berlin", away=["2026-03-06..2026-03-09"])
    days = member_days(berlin, D(2026, 3, 5), D(2026, 3, 10))
    assert [(s.date.day, s.kind, s.detail) for s in days] == [
        (5, DayKind.WORKING, ""),
        (6, DayKind.AWAY, "away"),  # Friday
        (7, DayKind.WEEKEND, "Saturday"),  # away and weekend
        (8, DayKind.HOLIDAY, "Women's Day"),  # away, Sunday and a Berlin holiday
        (9, DayKind.AWAY, "away"),
        (10, DayKind.WORKING, ""),
    ]
    assert [s.label for s in days] == ["working", "away", "weekend", "holiday", "away", "working"]


def test_holiday_beats_away_on_a_weekday(member: MemberFactory) -> None:
    munich = member(region="de-munich", away=["2026-01-05..2026-01-07"])
    kinds = [s.kind for s in member_days(munich, D(2026, 1, 5), D(2026, 1, 7))]
    assert kinds == [DayKind.AWAY, DayKind.HOLIDAY, DayKind.AWAY]


def test_day_table_codes(member: MemberFactory) -> None:
    munich = member(region="de-munich", away=["2026-01-05"])
    table = day_table(munich, D(2026, 1, 1), D(2026, 1, 7))
    assert table.ordinals.tolist() == list(range(D(2026, 1, 1).toordinal(), D(2026, 1, 7).toordinal() + 1))
    # Thu 1 (New Year), Fri 2, Sat 3, Sun 4, Mon 5 (away), Tue 6 (Epiphany), Wed 7
    assert table.kinds.tolist() == [2, 0, 1, 1, 3, 2, 0]
    assert table.ramadan.tolist() == [False] * 7
    assert table.holidays == {D(2026, 1, 1).toordinal(): "New Year's Day", D(2026, 1, 6).toordinal(): "Epiphany"}


def test_weekday_without_hours_is_a_day_off(member: MemberFactory) -> None:
    m = member(timezone="UTC", hours={"default": ["09:00-17:00"], "wed": []})
    status = day(m, D(2026, 3, 4))  # a Wednesday
    assert (status.kind, status.detail, status.hours) == (DayKind.WEEKEND, "no working hours on Wednesday", ())


def test_custom_weekend(member: MemberFactory) -> None:
    riyadh = member(region="sa-riyadh")
    kinds = {s.date.strftime("%a"): s.kind for s in member_days(riyadh, D(2026, 1, 4), D(2026, 1, 10))}
    assert kinds == {
        "Sun": DayKind.WORKING,
        "Mon": DayKind.WORKING,
        "Tue": DayKind.WORKING,
        "Wed": DayKind.WORKING,
        "Thu": DayKind.WORKING,
        "Fri": DayKind.WEEKEND,
        "Sat": DayKind.WEEKEND,
    }


# -- Ramadan ------------------------------------------------------------------------------------------


def test_ramadan_1447_umm_al_qura() -> None:
    assert ramadan_periods(2026, 2026) == ((D(2026, 2, 18), D(2026, 3, 19)),)
    assert D(*Hijri(1447, 9, 1).to_gregorian().datetuple()) == D(2026, 2, 18)
    assert D(*Hijri(1447, 10, 1).to_gregorian().datetuple()) == D(2026, 3, 20)
    # the next Ramadan, 1448, starts in February 2027
    periods = ramadan_periods(2026, 2027)
    assert periods[0] == (D(2026, 2, 18), D(2026, 3, 19))
    assert len(periods) == 2
    assert periods[1][0] == D(*Hijri(1448, 9, 1).to_gregorian().datetuple())
    assert periods[1][0].year == 2027


def test_ramadan_outside_the_umm_al_qura_table_is_a_range_error(member: MemberFactory) -> None:
    with pytest.raises(RangeError, match="1924-2076"):
        ramadan_periods(1900, 1900)
    dubai = member(region="ae-dubai")
    with pytest.raises(RangeError, match="Ramadan dates are known for 1924-2076 only"):
        member_days(dubai, D(2090, 1, 1), D(2090, 1, 2))
    # a member without Ramadan hours does not need the table
    assert len(member_days(member(region="gb-london"), D(2090, 1, 1), D(2090, 1, 2))) == 2


def test_dubai_working_day_inside_ramadan_uses_ramadan_hours(member: MemberFactory) -> None:
    dubai = member(region="ae-dubai")
    normal, fasting = (Span(540, 1080),), (Span(540, 960),)  # 09:00-18:00, 09:00-16:00
    before = day(dubai, D(2026, 2, 17))  # Tuesday, the day before Ramadan
    assert (before.kind, before.ramadan, before.hours, before.label) == (DayKind.WORKING, False, normal, "working")
    first = day(dubai, D(2026, 2, 18))  # Wednesday, 1 Ramadan 1447
    assert (first.kind, first.ramadan, first.hours) == (DayKind.WORKING, True, fasting)
    assert (first.label, first.detail) == ("ramadan hours", "Ramadan hours")
    friday = day(dubai, D(2026, 3, 6))
    assert friday.ramadan
    assert friday.hours == (Span(540, 750), Span(810, 960))  # Friday in Ramadan: free for the 12:45 prayer
    last = day(dubai, D(2026, 3, 18))
    assert (last.ramadan, last.hours) == (True, fasting)
    eid = day(dubai, D(2026, 3, 19))  # the last day of Ramadan is already an Eid holiday in the UAE
    assert (eid.kind, eid.ramadan, eid.hours) == (DayKind.HOLIDAY, False, ())
    after = day(dubai, D(2026, 3, 23))
    assert (after.kind, after.ramadan, after.hours) == (DayKind.WORKING, False, normal)


def test_ramadan_weekend_is_still_a_weekend(member: MemberFactory) -> None:
    status = day(member(region="ae-dubai"), D(2026, 2, 21))  # Saturday inside Ramadan
    assert (status.kind, status.ramadan, status.hours) == (DayKind.WEEKEND, False, ())


def test_members_without_ramadan_hours_keep_their_hours(member: MemberFactory) -> None:
    london = member(region="gb-london")
    status = day(london, D(2026, 2, 18))
    assert (status.kind, status.ramadan) == (DayKind.WORKING, False)
    assert status.hours == london.hours[2]
    table = day_table(london, D(2026, 2, 18), D(2026, 2, 20))
    assert not table.ramadan.any()


def test_ramadan_hours_given_to_a_member_without_region(member: MemberFactory) -> None:
    m = member(timezone="Europe/London", ramadan_hours=["08:00-14:00"])
    table = day_table(m, D(2026, 2, 16), D(2026, 3, 22))
    in_ramadan = [
        D.fromordinal(o) for o, flag in zip(table.ordinals.tolist(), table.ramadan.tolist(), strict=True) if flag
    ]
    assert (in_ramadan[0], in_ramadan[-1], len(in_ramadan)) == (D(2026, 2, 18), D(2026, 3, 19), 30)
    assert day(m, D(2026, 2, 18)).hours == (Span(480, 840),)


# -- ranges ---------------------------------------------------------------------------------------------


def test_range_to_before_from(member: MemberFactory) -> None:
    with pytest.raises(RangeError) as info:
        check_range(D(2026, 3, 10), D(2026, 3, 9))
    assert str(info.value) == "the end date 2026-03-09 is before the start date 2026-03-10"
    assert info.value.field == "end"
    assert isinstance(info.value, PlannerError)
    with pytest.raises(RangeError, match="before"):
        member_days(member(timezone="UTC"), D(2026, 3, 10), D(2026, 3, 9))


def test_range_over_three_years(member: MemberFactory) -> None:
    start = D(2026, 1, 1)
    assert MAX_RANGE_DAYS == 1098
    check_range(start, start)  # one day is fine
    check_range(start, start + dt.timedelta(days=MAX_RANGE_DAYS - 1))  # exactly 1098 days
    with pytest.raises(RangeError, match="longer than 3 years") as info:
        check_range(start, start + dt.timedelta(days=MAX_RANGE_DAYS))
    assert "2026-01-01" in str(info.value)
    # the engine's day tables reach a series' six years (and its margins), never more
    assert len(day_table(member(timezone="UTC"), D(2026, 1, 1), D(2030, 1, 1)).ordinals) == 1462
    with pytest.raises(RangeError, match="longer than 6 years"):
        day_table(member(timezone="UTC"), D(2026, 1, 1), D(2026, 1, 1) + dt.timedelta(days=MAX_TABLE_DAYS))


def test_range_near_the_ends_of_the_calendar() -> None:
    assert (D(1, 1, 2), D(9999, 12, 29)) == (FIRST_DATE, LAST_DATE)
    check_range(FIRST_DATE, FIRST_DATE)
    check_range(LAST_DATE, LAST_DATE)
    with pytest.raises(RangeError, match="dates must lie between 0001-01-02 and 9999-12-29"):
        check_range(D(9999, 12, 30), D(9999, 12, 31))
    with pytest.raises(RangeError, match="dates must lie between"):
        check_range(D(1, 1, 1), D(1, 1, 3))


def test_member_days_counts(member: MemberFactory) -> None:
    days = member_days(member(region="gb-london"), D(2026, 1, 1), D(2026, 12, 31))
    assert len(days) == 365
    holidays = [s for s in days if s.kind is DayKind.HOLIDAY]
    assert [s.date for s in holidays][:2] == [D(2026, 1, 1), D(2026, 4, 3)]  # New Year, Good Friday
    assert all(s.hours == () for s in days if s.kind is not DayKind.WORKING)
