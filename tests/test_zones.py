"""zones: the one owner of UTC -> wall clock. Checked against zoneinfo instant by instant, on named dates,
and on the assumption its fast path rests on (no two clock changes within a day, in any zone)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from zoneinfo import _zoneinfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner_app import zones
from planner_app.briefing import clock_changes

ALL_ZONES = sorted(zones.available_zones())
Y1900 = -2_208_988_800


def test_no_zone_changes_its_clock_twice_within_two_days_since_1900() -> None:
    """`offset_changes` samples each local midnight and narrows each change found between two of them;
    two changes that cancelled between midnights would be missed. tzdata has none (read with the pure
    Python zoneinfo, whose transition list is independent of the sampling)."""
    closest = min(
        (b - a, key)
        for key in ALL_ZONES
        for a, b in zip(
            _zoneinfo.ZoneInfo.no_cache(key)._trans_utc, _zoneinfo.ZoneInfo.no_cache(key)._trans_utc[1:], strict=False
        )
        if a > Y1900
    )
    assert closest[0] >= 2 * 86_400, closest


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ALL_ZONES), st.lists(st.integers(-2_000_000_000, 4_000_000_000), min_size=1, max_size=30))
def test_offsets_and_iso_text_equal_zoneinfo_at_every_instant(zone: str, instants: list[int]) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    expected = [dt.datetime.fromtimestamp(t, tz) for t in instants]
    got = zones.offsets_at(np.array(instants), zone)
    assert got.tolist() == [int(e.utcoffset().total_seconds()) for e in expected]  # type: ignore[union-attr]
    assert zones.local_isoformats(np.array(instants), zone) == [e.isoformat() for e in expected]


@pytest.mark.parametrize(
    ("zone", "instant", "text"),
    [
        ("Europe/London", "2026-03-29T00:59:59Z", "2026-03-29T00:59:59+00:00"),
        ("Europe/London", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00+01:00"),
        ("Australia/Lord_Howe", "2026-04-04T14:59:00Z", "2026-04-05T01:59:00+11:00"),
        ("Australia/Lord_Howe", "2026-04-04T15:00:00Z", "2026-04-05T01:30:00+10:30"),
        ("Asia/Kathmandu", "2026-06-01T00:00:00Z", "2026-06-01T05:45:00+05:45"),
        ("America/St_Johns", "2026-01-15T12:00:00Z", "2026-01-15T08:30:00-03:30"),
        ("Pacific/Kiritimati", "2026-01-15T12:00:00Z", "2026-01-16T02:00:00+14:00"),
        ("America/Vancouver", "2026-12-15T12:00:00Z", "2026-12-15T05:00:00-07:00"),
    ],
)
def test_named_instants(zone: str, instant: str, text: str) -> None:
    seconds = int(dt.datetime.fromisoformat(instant).timestamp())
    assert zones.local_isoformat(seconds, zone) == text
    assert zones.wall_clock(seconds, zone).isoformat() == text


def test_london_2026_03_29_0100z_is_the_spring_change() -> None:
    changes = clock_changes("Europe/London", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), days=365)
    assert [(c.at.isoformat(), c.before, c.after) for c in changes] == [
        ("2026-03-29T01:00:00+00:00", 0, 3600),
        ("2026-10-25T01:00:00+00:00", 3600, 0),
    ]
    assert changes[0].describe("Europe/London") == "Sun 2026-03-29: clocks go forward 60 min (UTC+00:00 to UTC+01:00)"


def test_lord_howe_changes_by_thirty_minutes() -> None:
    changes = clock_changes("Australia/Lord_Howe", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), days=365)
    assert [(c.at.isoformat(), c.shift_minutes) for c in changes] == [
        ("2026-04-04T15:00:00+00:00", -30),
        ("2026-10-03T15:30:00+00:00", 30),
    ]
    assert changes[0].describe("Australia/Lord_Howe") == (
        "Sun 2026-04-05: clocks go back 30 min (UTC+11:00 to UTC+10:30)"
    )


def test_a_zone_without_changes_has_none() -> None:
    assert clock_changes("Asia/Kolkata", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == ()


def test_clock_changes_start_after_the_given_instant() -> None:
    after_spring = dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)
    changes = clock_changes("Europe/London", after_spring, days=220)
    assert [c.at.date() for c in changes] == [dt.date(2026, 10, 25)]


def test_format_offset_and_labels() -> None:
    assert [zones.format_offset(s) for s in (0, 20700, -12600, 50400)] == ["+00:00", "+05:45", "-03:30", "+14:00"]
    assert zones.zone_label("America/New_York") == "New York"
    assert zones.zone_label("Etc/UTC") == "UTC"
    assert zones.short_local(1_774_746_000, "Europe/London") == "Sun 29 Mar 02:00"
