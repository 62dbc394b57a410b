"""Office hours as data: HH:MM-HH:MM spans, days and week tables."""

from __future__ import annotations

import pytest

from planner_app.hours import (
    DAYS,
    MAX_SPANS_PER_DAY,
    Span,
    describe_day,
    parse_day,
    parse_span,
    parse_week,
    parse_weekday,
    parse_weekend,
    week_to_data,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("09:00-17:00", 540, 1020),
        ("00:00-24:00", 0, 1440),
        ("9:30-13:15", 570, 795),
        (" 08:00 - 12:00 ", 480, 720),
        ("08:00–12:00", 480, 720),  # an en dash, as people type it
        ("23:59-24:00", 1439, 1440),
        ("22:00-06:00", 1320, 1800),  # crosses midnight
        ("18:00-00:00", 1080, 1440),  # end == start of day -> midnight
        ("09:00-09:00", 540, 1980),  # end not after start: a full 24 hours crossing midnight
        ("12:00-11:59", 720, 2159),
    ],
)
def test_parse_span(text: str, start: int, end: int) -> None:
    span = parse_span(text)
    assert span == Span(start, end)
    assert span.minutes == end - start
    assert span.crosses_midnight is (end > 1440)


def test_24_00_is_a_valid_end_but_not_a_start() -> None:
    assert parse_span("17:00-24:00") == Span(1020, 1440)
    assert not parse_span("17:00-24:00").crosses_midnight
    with pytest.raises(ValueError, match="24:00"):
        parse_span("24:00-02:00")


@pytest.mark.parametrize(
    "text",
    [
        "25:00-26:00",
        "09:00-25:00",
        "12:60-13:00",
        "12:00-13:60",
        "24:30-01:00",
        "09:00-24:01",
        "garbage",
        "",
        "9-17",
        "09:00",
        "09:00-17:00-18:00",
        "09.00-17.00",
        "-09:00-17:00",
        "0900-1700",
        "09:000-17:00",
        "ab:cd-ef:gh",
    ],
)
def test_parse_span_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        parse_span(text)


@pytest.mark.parametrize("value", [None, 900, 9.5, ["09:00-17:00"], {"default": "09:00-17:00"}])
def test_parse_span_rejects_non_strings(value: object) -> None:
    with pytest.raises(ValueError, match="must be a string"):
        parse_span(value)


def test_span_str_round_trips() -> None:
    for text in ["09:00-17:00", "22:00-06:00", "00:00-24:00", "09:00-09:00", "23:15-00:45"]:
        assert str(parse_span(text)) == text
        assert parse_span(str(parse_span(text))) == parse_span(text)


def test_parse_day_sorts_and_accepts_touching_intervals() -> None:
    day = parse_day(["14:00-18:00", "09:00-13:00", "13:00-14:00"])
    assert day == (Span(540, 780), Span(780, 840), Span(840, 1080))


def test_parse_day_from_a_string_with_separators() -> None:
    assert parse_day("09:00-13:00;14:00-18:00") == (Span(540, 780), Span(840, 1080))
    assert parse_day("09:00-13:00, 14:00-18:00") == (Span(540, 780), Span(840, 1080))
    assert parse_day([]) == ()
    assert parse_day("") == ()


@pytest.mark.parametrize(
    ("day", "first", "second"),
    [
        (["09:00-12:00", "11:00-13:00"], "09:00-12:00", "11:00-13:00"),
        (["09:00-17:00", "10:00-11:00"], "09:00-17:00", "10:00-11:00"),
        (["22:00-06:00", "23:00-23:30"], "22:00-06:00", "23:00-23:30"),
        (["09:00-10:00", "09:00-10:00"], "09:00-10:00", "09:00-10:00"),
    ],
)
def test_parse_day_rejects_overlaps(day: list[str], first: str, second: str) -> None:
    with pytest.raises(ValueError, match="overlap") as info:
        parse_day(day)
    assert first in str(info.value)
    assert second in str(info.value)


def test_parse_day_interval_limit() -> None:
    eight = [f"{h:02d}:00-{h:02d}:30" for h in range(8, 8 + MAX_SPANS_PER_DAY)]
    assert MAX_SPANS_PER_DAY == 8
    assert len(parse_day(eight)) == 8
    nine = [f"{h:02d}:00-{h:02d}:30" for h in range(8, 17)]
    with pytest.raises(ValueError, match="9 intervals") as info:
        parse_day(nine)
    assert "at most 8" in str(info.value)


@pytest.mark.parametrize("value", [5, None, {"mon": 1}])
def test_parse_day_rejects_non_lists(value: object) -> None:
    with pytest.raises(ValueError, match="must be a list"):
        parse_day(value)


def test_parse_day_rejects_a_bad_item() -> None:
    with pytest.raises(ValueError, match="25:00"):
        parse_day(["09:00-12:00", "25:00-26:00"])


def test_parse_week_from_a_list_is_the_same_every_day() -> None:
    week = parse_week(["09:00-13:00", "14:00-18:00"])
    assert len(week) == 7
    assert all(day == (Span(540, 780), Span(840, 1080)) for day in week)


def test_parse_week_table_with_default_and_overrides() -> None:
    week = parse_week({"default": ["09:00-17:00"], "fri": ["08:00-15:00"], "sun": []})
    assert week[0] == week[1] == week[2] == week[3] == week[5] == (Span(540, 1020),)
    assert week[DAYS.index("fri")] == (Span(480, 900),)
    assert week[DAYS.index("sun")] == ()


def test_parse_week_table_without_default_leaves_other_days_empty() -> None:
    week = parse_week({"mon": ["09:00-12:00"], "wed": "13:00-17:00"})
    assert week == ((Span(540, 720),), (), (Span(780, 1020),), (), (), (), ())


def test_parse_week_rejects_unknown_days_and_names_the_day() -> None:
    with pytest.raises(ValueError, match="unknown day 'monday'"):
        parse_week({"default": ["09:00-17:00"], "monday": ["09:00-12:00"]})
    with pytest.raises(ValueError, match=r"^thu: .*overlap"):
        parse_week({"default": ["09:00-17:00"], "thu": ["09:00-12:00", "11:00-13:00"]})
    with pytest.raises(ValueError, match="25:00"):
        parse_week({"default": ["25:00-26:00"]})


@pytest.mark.parametrize(
    "value",
    [
        ["09:00-17:00"],
        ["09:00-14:00", "15:30-18:30"],
        {"default": ["09:00-17:00"], "fri": ["08:00-15:00"]},
        {"default": ["09:00-14:00", "15:30-18:30"], "fri": ["08:00-15:00"], "sat": [], "sun": []},
        {"mon": ["22:00-06:00"], "tue": ["00:00-24:00"], "wed": ["09:00-09:00"]},
        {"sat": ["10:00-12:00"]},
        [],
        {"default": [], "mon": ["09:00-10:00"], "tue": ["09:00-10:00"]},
    ],
)
def test_week_to_data_round_trip(value: object) -> None:
    week = parse_week(value)
    data = week_to_data(week)
    assert parse_week(data) == week
    assert set(data) <= {"default", *DAYS}
    assert "default" in data


def test_week_to_data_uses_the_commonest_day_as_default() -> None:
    week = parse_week({"default": ["09:00-17:00"], "fri": ["08:00-15:00"], "sat": [], "sun": []})
    assert week_to_data(week) == {"default": ["09:00-17:00"], "fri": ["08:00-15:00"], "sat": [], "sun": []}
    assert week_to_data(parse_week([])) == {"default": []}
    assert week_to_data(parse_week(["22:00-06:00"])) == {"default": ["22:00-06:00"]}


def test_describe_day() -> None:
    assert describe_day(parse_day(["14:00-18:00", "09:00-13:00"])) == "09:00-13:00, 14:00-18:00"
    assert describe_day(()) == "off"


@pytest.mark.parametrize(
    ("text", "day"),
    [("mon", 0), ("Tue", 1), ("WED", 2), ("thursday", 3), ("Friday", 4), ("satur", 5), (" sun ", 6)],
)
def test_parse_weekday(text: str, day: int) -> None:
    assert parse_weekday(text) == day


@pytest.mark.parametrize("text", ["mo", "xyz", "", "sundays", "saturn", 6, None])
def test_parse_weekday_rejects(text: object) -> None:
    with pytest.raises(ValueError, match="weekday"):
        parse_weekday(text)


def test_parse_weekend() -> None:
    assert parse_weekend(["sat", "sun"]) == frozenset({5, 6})
    assert parse_weekend(["fri", "sat"]) == frozenset({4, 5})
    assert parse_weekend("fri;sat") == frozenset({4, 5})
    assert parse_weekend("fri, sat") == frozenset({4, 5})
    assert parse_weekend([]) == frozenset()
    with pytest.raises(ValueError, match="every day"):
        parse_weekend(list(DAYS))
    with pytest.raises(ValueError, match="list of weekdays"):
        parse_weekend(5)
