"""VTIMEZONEs built from tzdata's TZif files: the right shape for each kind of zone, and the same UTC
offset as zoneinfo at every instant they claim to cover, read by dateutil's RFC 5545 parser."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
from dateutil import tz as dateutil_tz

from planner_app import ical
from planner_app.errors import UnknownTimezone

ZONES = [
    "Europe/London", "America/Los_Angeles", "Australia/Sydney", "Europe/Dublin", "Australia/Lord_Howe",
    "America/Santiago", "Africa/Casablanca", "America/Vancouver", "America/New_York", "Asia/Gaza",
    "America/Nuuk", "Pacific/Chatham", "Asia/Tehran", "America/Asuncion", "Pacific/Auckland",
    "Antarctica/Troll", "Asia/Kolkata", "Asia/Kathmandu", "Etc/UTC", "America/Havana",
]  # fmt: skip
SPANS = [((2026, 1, 10), (2026, 12, 20)), ((2037, 6, 1), (2039, 12, 1))]


def ts(*parts: int) -> int:
    return int(dt.datetime(*parts, tzinfo=dt.UTC).timestamp())


def _text(zone: str, first: int, last: int) -> str:
    return ical.vtimezone(zone, first, last).to_ical().decode()


@pytest.mark.parametrize("zone", ZONES)
def test_vtimezone_gives_zoneinfos_offset_at_every_instant_it_covers(zone: str) -> None:
    reference = zoneinfo.ZoneInfo(zone)
    for start, end in SPANS:
        first, last = ts(*start), ts(*end)
        parsed = dateutil_tz.tzical(io.StringIO(_text(zone, first, last))).get()
        changes = ical.zone_rules(zone).transitions(first, last)
        probes = list(range(first, last, 6 * 3600)) + [c.at + d for c in changes for d in (-3600, -1, 0, 1, 3600)]
        observances = ical.observances(zone, first, last)
        if not observances[0].rrule and changes and changes[0].after.offset < changes[0].before.offset:
            # a dated zone whose first change sets the clocks back: dateutil shows the hour before it
            # as the repeated hour's later pass (see ical._dated); meetings there are written in UTC
            step = changes[0].before.offset - changes[0].after.offset
            probes = [p for p in probes if not changes[0].at - step <= p < changes[0].at]
        for instant in probes:
            utc = dt.datetime.fromtimestamp(instant, dt.UTC)
            assert utc.astimezone(parsed).utcoffset() == utc.astimezone(reference).utcoffset(), (zone, utc)


def _blocks(zone: str, first: int, last: int) -> list[icalendar.Component]:
    return (
        icalendar.Calendar.from_ical("BEGIN:VCALENDAR\r\n" + _text(zone, first, last) + "END:VCALENDAR\r\n")
        .walk("VTIMEZONE")[0]
        .subcomponents
    )


def test_a_regular_zone_is_two_open_ended_rules_with_byday() -> None:
    text = _text("Europe/London", ts(2026, 3, 1), ts(2026, 12, 1))
    assert "RDATE" not in text
    assert "UNTIL" not in text  # no 2038 end
    assert "COUNT" not in text
    daylight, standard = _blocks("Europe/London", ts(2026, 3, 1), ts(2026, 12, 1))
    assert (daylight.name, standard.name) == ("DAYLIGHT", "STANDARD")
    # the onset is the wall time in the offset being replaced: 01:00 GMT, 02:00 BST
    assert daylight["DTSTART"].dt == dt.datetime(1996, 3, 31, 1, 0)
    assert standard["DTSTART"].dt == dt.datetime(1996, 10, 27, 2, 0)
    assert daylight["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert (daylight["TZOFFSETFROM"].td, daylight["TZOFFSETTO"].td) == (dt.timedelta(0), dt.timedelta(hours=1))


def test_dublin_keeps_the_summer_offset_in_daylight_and_lord_howe_its_half_hour() -> None:
    daylight = [b for b in _blocks("Europe/Dublin", ts(2026, 3, 1), ts(2026, 12, 1)) if b.name == "DAYLIGHT"]
    assert [str(b["TZNAME"]) for b in daylight] == ["IST"]
    assert daylight[0]["TZOFFSETTO"].td == dt.timedelta(hours=1)
    lord_howe = {b.name: b["TZOFFSETTO"].td for b in _blocks("Australia/Lord_Howe", ts(2026, 3, 1), ts(2026, 12, 1))}
    assert lord_howe == {"DAYLIGHT": dt.timedelta(hours=11), "STANDARD": dt.timedelta(hours=10, minutes=30)}


def test_santiagos_saturday_midnight_rule_is_the_sunday_after_the_first_saturday() -> None:
    blocks = _blocks("America/Santiago", ts(2026, 3, 1), ts(2026, 12, 1))
    rules = {b.name: b["RRULE"] for b in blocks}
    assert rules["DAYLIGHT"] == {"FREQ": ["YEARLY"], "BYMONTH": [9], "BYMONTHDAY": list(range(2, 9)), "BYDAY": ["SU"]}


def test_an_irregular_zone_lists_one_rdate_per_line_for_exactly_the_exported_years() -> None:
    first, last = ts(2026, 1, 27), ts(2026, 10, 1)
    text = _text("Africa/Casablanca", first, last)
    assert "RRULE" not in text
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert all("," not in line for line in rdates)
    starts = [b["DTSTART"].dt for b in _blocks("Africa/Casablanca", first, last)]
    onsets = sorted(starts + [dt.datetime.strptime(line.split(":")[1], "%Y%m%dT%H%M%S") for line in rdates])
    # the offset in force on 1 January, then exactly the changes of 2026
    assert onsets[0] == dt.datetime(2026, 1, 1)
    changes = ical.zone_rules("Africa/Casablanca").transitions(ts(2025, 12, 31), ts(2027, 1, 1))
    assert len(changes) >= 2
    assert onsets[1:] == [t.local_onset for t in changes]


def test_vancouver_is_dated_in_2026_and_a_single_offset_after_its_change() -> None:
    in_2026 = ical.observances("America/Vancouver", ts(2026, 2, 1), ts(2026, 12, 1))
    assert not any(o.rrule for o in in_2026)
    later = ical.observances("America/Vancouver", ts(2027, 2, 1), ts(2027, 12, 1))
    assert [(o.offset_from, o.offset_to) for o in later] == [(-7 * 3600, -7 * 3600)]


def test_a_fixed_offset_zone_is_one_standard_block() -> None:
    (block,) = _blocks("Asia/Kolkata", ts(2026, 1, 1), ts(2026, 6, 1))
    assert block.name == "STANDARD"
    assert block["TZOFFSETTO"].td == dt.timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("text", "std", "dst"),
    [
        ("<+0330>-3:30", 12600, None),
        ("EST5EDT,M3.2.0,M11.1.0", -18000, -14400),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", -7200, -3600),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 37800, 39600),
        ("AAA3BBB,J60/2,300/3", -10800, -7200),
    ],
)
def test_posix_tz_strings(text: str, std: int, dst: int | None) -> None:
    parsed = ical.parse_posix_tz(text)
    assert parsed.std.offset == std
    assert (parsed.dst.offset if parsed.dst else None) == dst


def test_posix_rules_dates() -> None:
    nuuk = ical.parse_posix_tz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0")
    assert nuuk.to_dst is not None
    assert nuuk.to_dst.local(2026) == dt.datetime(2026, 3, 28, 23, 0)  # Saturday 23:00 before the last Sunday
    julian = ical.parse_posix_tz("AAA3BBB,J60/2,300/3")
    assert julian.to_dst is not None
    assert julian.to_std is not None
    assert julian.to_dst.date(2024) == dt.date(2024, 3, 1)  # J60 never counts 29 February
    assert julian.to_std.date(2024) == dt.date(2024, 10, 27)  # day 300 from 0, 29 February counted


@pytest.mark.parametrize("name", ["Nowhere/City", "../etc/passwd", "", "Europe"])
def test_unknown_zones_are_refused(name: str) -> None:
    with pytest.raises(UnknownTimezone):
        ical.zone_rules(name)


def test_control_characters_never_reach_the_file_and_names_are_escaped() -> None:
    import vobject

    cal = ical.new_calendar('Ops, "Core"; R&D\x07\x1b\x7f\x00', publish=True)
    raw = ical.serialise(cal)
    assert not any(c in raw for c in b"\x00\x07\x1b\x7f")
    assert b'X-WR-CALNAME:Ops\\, "Core"\\; R&D\r\n' in raw
    assert vobject.readOne(raw.decode()).x_wr_calname.value == 'Ops, "Core"; R&D'
