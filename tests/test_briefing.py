"""Briefings: blocked holidays ahead, the profile's own changes with reasons, side-by-side comparison,
and clock changes on named dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from planner_app.briefing import (
    briefing,
    briefing_markdown,
    briefing_text,
    clock_changes,
    compare,
    document_escape,
    holiday_change_lines,
)
from planner_app.regions import HolidayAdd, Region, Source, get_region, load_region_file
from tests.profile_text import TN_MOVE, shipped_without_holiday_changes


def _tunis(tmp_path: Path) -> Region:
    """The shipped Tunis profile with its own holiday changes replaced by TN_MOVE (known wording)."""
    path = tmp_path / "tn-tunis.toml"
    path.write_text(shipped_without_holiday_changes("tn-tunis") + TN_MOVE, encoding="utf-8")
    return load_region_file(path)


def test_briefing_lists_blocked_added_and_dropped_holidays(tmp_path: Path) -> None:
    region = _tunis(tmp_path)
    b = briefing(region, dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC))
    assert (dt.date(2026, 12, 17), "Revolution and Youth Day") in b.holidays
    assert dt.date(2027, 1, 14) not in dict(b.holidays)
    assert b.dropped == ((dt.date(2027, 1, 14), "Revolution and Youth Day"),)
    assert b.added == frozenset({dt.date(2026, 12, 17)})
    text = briefing_text(b)
    assert "  Thu 2026-12-17  Revolution and Youth Day (added by this profile)" in text
    assert "Not blocked (dropped by this profile):\n  Thu 2027-01-14  Revolution and Youth Day\n" in text
    assert (
        "  Dropped: Revolution and Youth Day (01-14). Why: Presidential Decree 2021-223 made 14 January a "
        "working day. Source: Example: a page <https://example.org/page> (read 2026-11-29)"
    ) in text
    assert "  Added: Revolution and Youth Day (12-17 every year 2021–). Why: Presidential Decree" in text
    assert "- Thu 2027-01-14: Revolution and Youth Day" in briefing_markdown(b)
    markdown = briefing_markdown(b)
    assert "## Changes to the holidays package's list" in markdown
    assert "- Thu 2026-12-17: Revolution and Youth Day (added by this profile)" in markdown


def test_add_dates_are_grouped() -> None:
    add = HolidayAdd(
        "Year end",
        ((None, 12, 29), (None, 12, 30), (2026, 3, 2)),
        "why",
        Source("holidays", "t", "https://e.org", dt.date(2026, 11, 29)),
    )
    region = replace(get_region("jp-tokyo"), holidays_add=(add,))
    (line,) = holiday_change_lines(region)
    assert line.startswith("Added: Year end (12-29, 12-30 every year; 2026-03-02). Why: why Source: t <https://e.org>")


def test_a_profile_without_changes_says_nothing_about_them() -> None:
    region = get_region("de-berlin")
    assert holiday_change_lines(region) == []
    b = briefing(region, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert b.dropped == ()
    assert b.added == frozenset()
    assert [name for _, name in b.holidays][:2] == ["Christmas Day", "Second Day of Christmas"]
    assert "Changes to the holidays package's list" not in briefing_text(b)


def test_compare_shows_each_region_in_the_others_clock() -> None:
    # Monday 2 March 2026: Ramadan in Riyadh (10:00-16:00), CET in Madrid
    c = compare(get_region("es-madrid"), get_region("sa-riyadh"), dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC))
    monday, friday, sunday = c.days[0], c.days[4], c.days[6]
    assert (monday.date, monday.left, monday.left_in_right) == (
        dt.date(2026, 3, 2),
        "09:00–14:00, 15:00–18:30",
        "11:00–16:00, 17:00–20:30",
    )
    assert (monday.right, monday.right_in_left) == ("10:00–16:00", "08:00–14:00")
    assert (friday.right, sunday.left, sunday.right) == ("weekend", "weekend", "10:00–16:00")
    assert c.left.region.id == "es-madrid"
    assert c.right.ramadan


def test_compare_goes_through_each_dates_rules() -> None:
    # the US moves its clocks on 8 March 2026, Britain on 29 March: the gap is 4 hours in between
    c = compare(get_region("us-new-york"), get_region("gb-london"), dt.datetime(2026, 3, 6, 15, tzinfo=dt.UTC))
    by_date = {d.date: d for d in c.days}
    assert by_date[dt.date(2026, 3, 6)].left_in_right == "14:00–23:00"
    assert by_date[dt.date(2026, 3, 9)].left_in_right == "13:00–22:00"
    # across the date line the other clock shows the weekday
    far = compare(get_region("au-sydney"), get_region("us-san-francisco"), dt.datetime(2026, 3, 6, 15, tzinfo=dt.UTC))
    monday = next(d for d in far.days if d.date == dt.date(2026, 3, 9))
    assert (monday.left_in_right, monday.right_in_left) == ("Sun 15:00–23:00", "Tue 03:00–11:30")


def test_clock_changes_on_named_dates() -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    london = clock_changes("Europe/London", start)
    assert [(c.at, c.shift_minutes) for c in london] == [
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), 60),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC), -60),
    ]
    assert london[0].describe("Europe/London") == "Sun 2026-03-29: clocks go forward 60 min (UTC+00:00 to UTC+01:00)"
    lord_howe = clock_changes("Australia/Lord_Howe", start)
    assert [(c.at, c.shift_minutes) for c in lord_howe] == [
        (dt.datetime(2026, 4, 4, 15, 0, tzinfo=dt.UTC), -30),
        (dt.datetime(2026, 10, 3, 15, 30, tzinfo=dt.UTC), 30),
    ]
    assert clock_changes("Asia/Riyadh", start) == ()


def test_a_ramadan_that_ended_is_not_listed() -> None:
    b = briefing(get_region("sa-riyadh"), dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC))
    assert [start.year for start, _ in b.ramadan] == [2027, 2028]  # 2026's ended in March
    assert all(end >= dt.date(2026, 11, 29) for _, end in b.ramadan)
    during = briefing(get_region("sa-riyadh"), dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC))
    assert during.ramadan[0] == (dt.date(2027, 2, 8), dt.date(2027, 3, 8))  # the one under way stays


def test_the_markdown_download_escapes_only_what_would_become_markup() -> None:
    markdown = briefing_markdown(briefing(get_region("sa-riyadh"), dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)))
    assert "- Mon: 08:00-12:00, 13:00-17:00" in markdown  # no "08:00\-12:00"
    assert "\\(" not in markdown
    assert "\\." not in markdown
    assert document_escape("*a* _b_ [c](d) <e>") == "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\>"
