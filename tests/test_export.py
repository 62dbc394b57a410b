"""Presenters: CSV made safe for spreadsheets, ICS that survives hostile names, plan JSON schema."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import icalendar
import pytest

from planner_app import export
from planner_app.errors import EmptyCalendar, PlannerError
from planner_app.series import Series
from planner_app.teams import Team, build_team
from planner_app.windows import Plan, Window, windows_for

NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
D = dt.date


def plan_for(members: list[dict[str, object]], start: dt.date, end: dt.date, duration: int = 30) -> Plan:
    return windows_for(build_team("Export team", members), start, end, duration)


@pytest.fixture(scope="module")
def offsets_plan() -> Plan:
    """London (GMT) and New York (already on EDT) in the week between the two DST changes,
    with Kolkata (+05:30) and Kathmandu (+05:45) working round the clock; Ann is away on Tuesday."""
    return plan_for(
        [
            {"name": "Ann", "timezone": "Europe/London", "away": ["2026-03-10"]},
            {"name": "Bob", "timezone": "America/New_York"},
            {"name": "Raj", "timezone": "Asia/Kolkata", "hours": ["00:00-24:00"], "weekend": []},
            {"name": "Sita", "timezone": "Asia/Kathmandu", "hours": ["00:00-24:00"], "weekend": [], "required": False},
        ],
        D(2026, 3, 9),
        D(2026, 3, 10),
    )


# -- CSV -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Ann", "Ann"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-5, "'-5"),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert export.safe_cell(value) == expected


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+Bob", "-Bob", "@Bob"])
def test_plan_csv_neutralises_formula_names(name: str) -> None:
    plan = plan_for(
        [{"name": name, "timezone": "Europe/London"}, {"name": "Eve", "timezone": "Europe/Paris"}],
        D(2026, 3, 9),
        D(2026, 3, 9),
    )
    rows = list(csv.DictReader(io.StringIO(export.plan_csv(plan))))
    assert len(rows) == 2 * len(plan.windows) == 2
    assert rows[0]["member"] == "'" + name
    assert rows[1]["member"] == "Eve"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_calendar_csv_neutralises_formula_names() -> None:
    team = build_team("T", [{"name": "=1+1", "region": "de-munich"}])
    rows = list(csv.DictReader(io.StringIO(export.calendar_csv(team, D(2026, 1, 5), D(2026, 1, 6)))))
    assert [(r["member"], r["date"], r["status"], r["detail"]) for r in rows] == [
        ("'=1+1", "2026-01-05", "working", ""),
        ("'=1+1", "2026-01-06", "holiday", "Epiphany"),
    ]
    assert (rows[0]["hours"], rows[1]["hours"]) == ("08:30-17:00", "")


def test_plan_csv_values(offsets_plan: Plan) -> None:
    text = export.plan_csv(offsets_plan)
    assert text.startswith(
        "window_start_utc,window_end_utc,minutes,member,place,timezone,local_start,local_end,"
        "local_weekday,required,attends\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["member"] for r in rows] == ["Ann", "Bob", "Raj", "Sita"]
    bob = rows[1]
    assert (bob["window_start_utc"], bob["window_end_utc"], bob["minutes"]) == (
        "2026-03-09T13:00:00Z",
        "2026-03-09T17:00:00Z",
        "240",
    )
    assert (bob["local_start"], bob["local_end"], bob["local_weekday"]) == (
        "2026-03-09T09:00:00-04:00",
        "2026-03-09T13:00:00-04:00",
        "Monday",
    )
    assert (rows[3]["required"], rows[3]["attends"]) == ("no", "yes")


# -- ICS -------------------------------------------------------------------------------------------------


def _events(ics: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


def test_ics_one_event_per_window_in_utc() -> None:
    plan = plan_for(
        [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Ben", "timezone": "Europe/Berlin"}],
        D(2026, 3, 2),
        D(2026, 3, 8),
    )
    assert len(plan.windows) == 5
    ics = export.windows_ics(plan, NOW)
    events = _events(ics)
    assert len(events) == len(plan.windows)
    for event, window in zip(events, plan.windows, strict=True):
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert start.utcoffset() == dt.timedelta(0)
        assert (start, end) == (window.start_utc, window.end_utc)
        assert str(event["SUMMARY"]) == "Export team: meeting"
        assert event["DTSTAMP"].dt == NOW
    assert b"DTSTART:20260302T090000Z" in ics
    assert b"DTEND:20260302T160000Z" in ics
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == 5
    # the same plan always gives the same UIDs, so re-importing updates instead of duplicating
    assert uids == {str(e["UID"]) for e in _events(export.windows_ics(plan, NOW + dt.timedelta(days=1)))}


def test_ics_with_no_windows_is_not_written() -> None:
    """RFC 5545 forbids an empty VCALENDAR (issue 11): no file, and the reason."""
    plan = plan_for(
        [{"name": "Ann", "region": "au-sydney"}, {"name": "Ben", "region": "gb-london"}], D(2026, 3, 2), D(2026, 3, 6)
    )
    assert plan.windows == ()
    for write in (export.windows_ics, export.availability_ics):
        with pytest.raises(EmptyCalendar, match=r"no calendar file written: .*no overlap between Ann \(Sydney\)"):
            write(plan, NOW)


EVIL = "Evil\nBEGIN:VEVENT;x,y"


def test_ics_hostile_member_name_from_a_team_file() -> None:
    plan = plan_for(
        [{"name": EVIL, "timezone": "Europe/London"}, {"name": "Bob", "timezone": "Europe/Berlin"}],
        D(2026, 3, 2),
        D(2026, 3, 4),
    )
    name = plan.team.members[0].name
    assert name == "Evil BEGIN:VEVENT;x,y"  # whitespace in names is normalised on parsing
    ics = export.windows_ics(plan, NOW)
    events = _events(ics)
    assert len(events) == len(plan.windows) == 3
    assert ics.decode().splitlines().count("BEGIN:VEVENT") == 3  # the name's text stays inside DESCRIPTION
    for event in events:
        assert f"{name}: " in str(event["DESCRIPTION"])


def test_ics_hostile_member_name_with_a_raw_newline() -> None:
    team = build_team("T", [{"name": "x", "timezone": "Europe/London"}, {"name": "Bob", "timezone": "Europe/Berlin"}])
    evil = dataclasses.replace(team.members[0], name=EVIL)
    plan = windows_for(Team("T", (evil, team.members[1])), D(2026, 3, 2), D(2026, 3, 4))
    ics = export.windows_ics(plan, NOW)
    lines = ics.decode().splitlines()
    assert lines.count("BEGIN:VEVENT") == len(plan.windows) == 3
    assert not any(line.startswith("BEGIN:VEVENT;") for line in lines)
    events = _events(ics)
    assert len(events) == 3
    for event, window in zip(events, plan.windows, strict=True):
        description = str(event["DESCRIPTION"])
        assert f"{EVIL}: " in description
        assert description.startswith("Local times\n")
        assert event["DTSTART"].dt == window.start_utc


def test_calendar_ics_all_day_holidays_and_away() -> None:
    team = build_team("T", [{"name": "Max", "region": "de-munich", "away": ["2026-01-08"]}])
    events = _events(export.calendar_ics(team, D(2026, 1, 1), D(2026, 1, 10), NOW))
    got = [(e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in events]
    assert got == [
        (D(2026, 1, 1), D(2026, 1, 2), "Max (Munich): New Year's Day"),
        (D(2026, 1, 6), D(2026, 1, 7), "Max (Munich): Epiphany"),
        (D(2026, 1, 8), D(2026, 1, 9), "Max (Munich): away"),
    ]


# -- plan JSON -------------------------------------------------------------------------------------------


def test_plan_json_schema(offsets_plan: Plan) -> None:
    data = json.loads(export.plan_json(offsets_plan))
    assert set(data) == {"schema", "team", "members", "from", "to", "duration", "windows", "unavailable", "explanation"}
    assert data["schema"] == "culture-planner/windows/v1"
    assert data["members"][1] == {"name": "Bob", "timezone": "America/New_York", "place": "New York", "required": True}
    assert data["members"][3]["required"] is False
    assert (data["team"], data["from"], data["to"], data["duration"]) == ("Export team", "2026-03-09", "2026-03-10", 30)
    assert data["explanation"] is None
    assert len(data["windows"]) == 1
    for window in data["windows"]:
        assert set(window) == {"start", "end", "minutes", "attendees", "local"}
        assert set(window["local"]) == {"Ann", "Bob", "Raj", "Sita"}
        for local in window["local"].values():
            assert set(local) == {"start", "end"}
    assert data["unavailable"] == [{"member": "Ann", "date": "2026-03-10", "reason": "away", "detail": "away"}]
    for entry in data["unavailable"]:
        assert set(entry) == {"member", "date", "reason", "detail"}


def test_plan_json_values_and_local_offsets(offsets_plan: Plan) -> None:
    (window,) = json.loads(export.plan_json(offsets_plan))["windows"]
    # Monday 9 March 2026: New York is on EDT (-04:00) since the 8th, London still on GMT
    assert (window["start"], window["end"], window["minutes"]) == ("2026-03-09T13:00:00Z", "2026-03-09T17:00:00Z", 240)
    assert window["attendees"] == ["Ann", "Bob", "Raj", "Sita"]
    assert window["local"] == {
        "Ann": {"start": "2026-03-09T13:00:00+00:00", "end": "2026-03-09T17:00:00+00:00"},
        "Bob": {"start": "2026-03-09T09:00:00-04:00", "end": "2026-03-09T13:00:00-04:00"},
        "Raj": {"start": "2026-03-09T18:30:00+05:30", "end": "2026-03-09T22:30:00+05:30"},
        "Sita": {"start": "2026-03-09T18:45:00+05:45", "end": "2026-03-09T22:45:00+05:45"},
    }


def test_plan_json_local_offsets_follow_each_date() -> None:
    plan = plan_for(
        [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Bob", "timezone": "America/New_York"}],
        D(2026, 3, 27),
        D(2026, 3, 30),
    )
    data = json.loads(export.plan_json(plan))
    starts = [(w["start"], w["local"]["Ann"]["start"], w["local"]["Bob"]["start"]) for w in data["windows"]]
    assert starts == [
        ("2026-03-27T13:00:00Z", "2026-03-27T13:00:00+00:00", "2026-03-27T09:00:00-04:00"),  # Friday, GMT
        ("2026-03-30T13:00:00Z", "2026-03-30T14:00:00+01:00", "2026-03-30T09:00:00-04:00"),  # Monday, BST
    ]
    assert [w["minutes"] for w in data["windows"]] == [240, 180]
    reasons = {(u["member"], u["date"]): u["detail"] for u in data["unavailable"]}
    assert reasons == {
        ("Ann", "2026-03-28"): "Saturday",
        ("Ann", "2026-03-29"): "Sunday",
        ("Bob", "2026-03-28"): "Saturday",
        ("Bob", "2026-03-29"): "Sunday",
    }


def test_plan_json_keeps_hostile_names_whole() -> None:
    """Names are encoded as JSON strings wherever they appear (the local times are formatted, not
    encoded): quotes, backslashes, markup and non-ASCII letters come back exactly."""
    names = ['Zoë "Z" O\'Neil', "back\\slash \\n\\u0041", "</script>"]
    zones = ["Europe/London", "Asia/Kathmandu", "Europe/Berlin"]
    plan = plan_for(
        [{"name": n, "timezone": z} for n, z in zip(names, zones, strict=True)], D(2026, 3, 9), D(2026, 3, 9)
    )
    (window,) = json.loads(export.plan_json(plan))["windows"]
    assert window["attendees"] == names
    assert list(window["local"]) == names
    assert window["local"][names[1]]["start"].endswith("+05:45")


def test_plan_json_before_1970() -> None:
    """Negative UNIX times: windows end where the hours end, not at the epoch. In March 1969 London
    kept British Standard Time (+01:00 all winter) and New York was on EST (-05:00)."""
    plan = plan_for(
        [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Bob", "timezone": "America/New_York"}],
        D(1969, 3, 3),
        D(1969, 3, 3),
    )
    (window,) = json.loads(export.plan_json(plan))["windows"]
    assert (window["start"], window["end"], window["minutes"]) == ("1969-03-03T14:00:00Z", "1969-03-03T16:00:00Z", 120)
    assert window["local"] == {
        "Ann": {"start": "1969-03-03T15:00:00+01:00", "end": "1969-03-03T17:00:00+01:00"},
        "Bob": {"start": "1969-03-03T09:00:00-05:00", "end": "1969-03-03T11:00:00-05:00"},
    }


def test_plan_json_holiday_reason() -> None:
    plan = plan_for(
        [{"name": "Max", "region": "de-munich"}, {"name": "Eve", "region": "de-berlin"}], D(2026, 1, 6), D(2026, 1, 6)
    )
    data = json.loads(export.plan_json(plan))
    assert data["windows"] == []
    assert data["unavailable"] == [{"member": "Max", "date": "2026-01-06", "reason": "holiday", "detail": "Epiphany"}]
    assert "Max (Munich)" in data["explanation"]


# -- text ------------------------------------------------------------------------------------------------


def test_plan_table(offsets_plan: Plan) -> None:
    text = export.plan_table(offsets_plan)
    lines = text.splitlines()
    assert lines[0] == "Export team: 1 window of at least 30 min, local dates 2026-03-09 to 2026-03-10"
    assert "Mon 2026-03-09 13:00–17:00 UTC  (240 min)" in lines
    assert any(line.startswith("  Bob ") and "Mon 9 Mar 09:00–13:00 (UTC-04:00)" in line for line in lines)
    assert any(line.startswith("  Sita") and "(UTC+05:45)" in line for line in lines)


def test_describe_local_marks_the_next_day() -> None:
    team = build_team("T", [{"name": "Kai", "timezone": "Pacific/Auckland"}])
    start = int(dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC).timestamp())
    # Auckland is on NZDT (+13:00): 23:00 Monday to 01:00 Tuesday
    assert export.describe_local(start, end, team.members[0]) == "Mon 9 Mar 23:00–01:00 (+1 day) (UTC+13:00)"


def test_markdown_escape() -> None:
    assert export.markdown_escape("[x](http://e) *b* <i>") == r"\[x\]\(http://e\) \*b\* \<i\>"


def test_hostile_names_in_series_and_calendar_ics_yield_exactly_the_intended_events() -> None:
    import dataclasses

    import icalendar

    from planner_app.series import plan_series
    from planner_app.teams import build_team

    team = build_team(
        "Evil; team, BEGIN:VCALENDAR",
        [
            {"name": "Ana", "region": "es-madrid", "away": ["2026-06-08"]},
            {"name": "Bob", "region": "gb-london"},
        ],
    )
    hostile = dataclasses.replace(team.members[1], name="Bob\r\nEND:VEVENT\r\nBEGIN:VEVENT;x,y")
    team = dataclasses.replace(team, members=(team.members[0], hostile))
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    s = plan_series(team, dt.date(2026, 6, 2), 4, "weekly", 30, anchor="Ana", time=10 * 60)
    for ics, expected in (
        (export.series_ics(s, now), 1 + sum(o.moved for o in s.occurrences)),
        (export.calendar_ics(team, dt.date(2026, 6, 1), dt.date(2026, 6, 30), now), None),
    ):
        cal = icalendar.Calendar.from_ical(ics)
        events = cal.walk("VEVENT")
        if expected is not None:
            assert len(events) == expected
        assert all("END:VEVENT" not in str(e.get("SUMMARY", "")) or "Bob" in str(e["SUMMARY"]) for e in events)
        assert ics.decode().split("\r\n").count("BEGIN:VEVENT") == len(events)  # no event injected by a name
    calendar = icalendar.Calendar.from_ical(export.calendar_ics(team, dt.date(2026, 6, 1), dt.date(2026, 6, 30), now))
    away = [e for e in calendar.walk("VEVENT") if "away" in str(e["SUMMARY"])]
    assert [str(e["SUMMARY"]) for e in away] == ["Ana (Madrid): away"]
    master = icalendar.Calendar.from_ical(export.series_ics(s, now)).walk("VEVENT")[0]
    assert "END:VEVENT" in str(master["DESCRIPTION"])  # the name survives as text, inside the description
    assert "BEGIN:VEVENT;x,y" in str(master["DESCRIPTION"])


# -- downloads that Outlook and Google import (issue 11) --------------------------------------------------


def _series_for_import(**kwargs: object) -> Series:
    from planner_app.series import plan_series

    team = build_team(
        "NY-LDN",
        [
            {"name": "Leo", "timezone": "Europe/London", "hours": ["00:00-24:00"], "weekend": []},
            {"name": "Nia", "timezone": "America/New_York", "hours": ["00:00-24:00"], "weekend": []},
        ],
    )
    return plan_series(team, D(2026, 3, 3), 6, "weekly", 30, anchor="Leo", time=14 * 60, **kwargs)  # type: ignore[arg-type]


def test_downloads_publish_with_dtend_and_explicit_byday() -> None:
    s = _series_for_import()
    plan = plan_for(
        [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Ben", "timezone": "Europe/Berlin"}],
        D(2026, 3, 2),
        D(2026, 3, 4),
    )
    team = build_team("T", [{"name": "Max", "region": "de-munich"}])
    files = [
        export.series_ics(s, NOW),
        export.windows_ics(plan, NOW),
        export.availability_ics(plan, NOW),
        export.calendar_ics(team, D(2026, 1, 1), D(2026, 1, 10), NOW),
    ]
    for ics in files:
        lines = ics.decode().split("\r\n")
        assert "METHOD:PUBLISH" in lines
        assert not any(line.startswith("DURATION") for line in lines)
        events = _events(ics)
        assert events
        assert all("DTEND" in e for e in events)
    (master,) = [e for e in _events(files[0]) if "RRULE" in e]
    assert master["RRULE"]["BYDAY"] == ["TU"]
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]


def test_series_description_is_true_for_every_meeting() -> None:
    """London anchors 14:00; New York springs forward on 8 March and London on 29 March, so Nia's
    local time is 09:00, then 10:00 for three weeks, then 09:00 again: three clock periods."""
    s = _series_for_import()
    (master,) = [e for e in _events(export.series_ics(s, NOW)) if "RRULE" in e]
    description = str(master["DESCRIPTION"])
    assert description.startswith("Local times (they change with the clocks)")
    for o in s.held:
        nia = f"{export.local_time(o.times[0], 'America/New_York'):%a %H:%M}"
        period = next(part for part in description.split("\n\n")[1:] if _covers(part.splitlines()[0], o.date))
        assert f"Nia: {nia}" in period, (o.date, period)
    assert "Tue 10:00" in description
    assert "Tue 09:00" in description


def _covers(header: str, day: dt.date) -> bool:
    dates = [dt.datetime.strptime(part.strip(" :"), "%a %d %b %Y").date() for part in header.split(" to ")]
    return dates[0] <= day <= dates[-1]


def test_uids_derive_from_the_team_seed_and_sequence_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    s = _series_for_import()
    renamed = dataclasses.replace(s, team=Team("Renamed", s.team.members))
    assert export.series_ids(s).uid != export.series_ids(renamed).uid  # no stable id yet: the name
    monkeypatch.setattr(export, "team_uid_seed", lambda team: "team-42")
    assert export.series_ids(s).uid == export.series_ids(renamed).uid
    events = _events(export.series_ics(s, NOW, sequence=7))
    assert {int(e["SEQUENCE"]) for e in events} == {7}


def test_team_uid_seed_prefers_a_stable_id() -> None:
    from types import SimpleNamespace

    assert export.team_uid_seed(SimpleNamespace(id="t-1", name="Ops")) == "t-1"  # type: ignore[arg-type]
    assert export.team_uid_seed(SimpleNamespace(name="Ops")) == "Ops"  # type: ignore[arg-type]


def test_days_away_in_a_row_are_one_event() -> None:
    team = build_team(
        "T", [{"name": "Max", "region": "de-munich", "away": ["2026-06-08..2026-06-14", "2026-06-16", "2026-06-17"]}]
    )
    events = _events(export.calendar_ics(team, D(2026, 6, 1), D(2026, 6, 30), NOW))
    away = [(e["DTSTART"].dt, e["DTEND"].dt) for e in events if "away" in str(e["SUMMARY"])]
    assert away == [(D(2026, 6, 8), D(2026, 6, 15)), (D(2026, 6, 16), D(2026, 6, 18))]
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in events)


def test_nothing_to_write_raises_with_the_reason() -> None:
    team = build_team("Quiet", [{"name": "Max", "region": "de-munich"}])
    with pytest.raises(EmptyCalendar, match="no holiday or day away from 2026-02-02 to 2026-02-06"):
        export.calendar_ics(team, D(2026, 2, 2), D(2026, 2, 6), NOW)


def test_available_blocks_are_free_and_slots_are_busy() -> None:
    from planner_app.ranking import best_slots

    plan = plan_for(
        [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Ben", "timezone": "Europe/Berlin"}],
        D(2026, 3, 2),
        D(2026, 3, 6),
    )
    blocks = _events(export.availability_ics(plan, NOW))
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in blocks] == [(w.start_utc, w.end_utc) for w in plan.windows]
    assert {str(e["TRANSP"]) for e in blocks} == {"TRANSPARENT"}
    assert {str(e["SUMMARY"]) for e in blocks} == {"Export team: available"}
    slots = best_slots(plan, limit=2)
    meetings = _events(export.windows_ics(plan, NOW, export.slot_windows(plan, slots)))
    assert [(int(e["DTSTART"].dt.timestamp()), int(e["DTEND"].dt.timestamp())) for e in meetings] == [
        (x.start, x.end) for x in slots
    ]
    assert {str(e["TRANSP"]) for e in meetings} == {"OPAQUE"}


# -- CSV for Google Calendar and Outlook -----------------------------------------------------------------


def _app_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so that Excel on Windows reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_google_csv_has_googles_columns_and_the_viewers_wall_clock() -> None:
    plan = plan_for(
        [{"name": "Zoë", "timezone": "Europe/London"}, {"name": "=Bob", "timezone": "Europe/Berlin"}],
        D(2026, 3, 2),
        D(2026, 3, 3),
    )
    data = export.calendar_app_csv(export.windows_entries(plan), "google", "America/New_York")
    assert data.decode("utf-8-sig").splitlines()[0] == (
        "Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description,Location,Private"
    )
    rows = _app_rows(data)
    assert [(r["Subject"], r["Start Date"], r["Start Time"], r["End Time"]) for r in rows] == [
        ("Export team: available", "03/02/2026", "4:00 AM", "11:00 AM"),  # 09:00-16:00 UTC on EST
        ("Export team: available", "03/03/2026", "4:00 AM", "11:00 AM"),
    ]
    assert rows[0]["All Day Event"] == "False"
    assert "Zoë: Mon 2 Mar 09:00–16:00 (UTC+00:00), London" in rows[0]["Description"]
    chosen = export.windows_entries(plan, plan.windows[:1])
    assert [e.subject for e in chosen] == ["Export team: meeting"]


def test_outlook_csv_one_row_per_meeting_held_and_all_day_entries() -> None:
    s = _series_for_import()
    rows = _app_rows(export.calendar_app_csv(export.series_entries(s), "outlook", "Europe/Berlin"))
    assert list(rows[0])[:6] == ["Subject", "Start Date", "Start Time", "End Date", "End Time", "All day event"]
    assert len(rows) == len(s.held)
    # 14:00 London is 15:00 in Berlin all along (both change on 29 March)
    assert {(r["Start Time"], r["End Time"], r["All day event"], r["Show time as"]) for r in rows} == {
        ("3:00:00 PM", "3:30:00 PM", "FALSE", "2")
    }
    assert rows[0]["Start Date"] == "3/3/2026"
    team = build_team("T", [{"name": "+Max", "region": "de-munich", "away": ["2026-01-07..2026-01-09"]}])
    days = _app_rows(
        export.calendar_app_csv(export.calendar_entries(team, D(2026, 1, 1), D(2026, 1, 10)), "outlook", "Etc/UTC")
    )
    assert [(r["Subject"], r["Start Date"], r["End Date"], r["All day event"], r["Show time as"]) for r in days] == [
        ("'+Max (Munich): New Year's Day", "1/1/2026", "1/2/2026", "TRUE", "0"),
        ("'+Max (Munich): Epiphany", "1/6/2026", "1/7/2026", "TRUE", "0"),
        ("'+Max (Munich): away", "1/7/2026", "1/10/2026", "TRUE", "0"),  # Outlook's end is the day after
    ]
    google = _app_rows(
        export.calendar_app_csv(export.calendar_entries(team, D(2026, 1, 7), D(2026, 1, 9)), "google", "Etc/UTC")
    )
    assert [(r["Start Date"], r["End Date"], r["All Day Event"]) for r in google] == [
        ("01/07/2026", "01/09/2026", "True")
    ]


def test_calendar_app_csv_names_its_zone_and_refuses_unknown_ones() -> None:
    assert export.calendar_app_file_name("ops-weekly", "google", "America/New_York") == (
        "ops-weekly-google-America_New_York.csv"
    )
    with pytest.raises(PlannerError, match="unknown time zone"):
        export.calendar_app_csv([], "google", "Mars/Olympus")
    with pytest.raises(PlannerError, match="calendar app must be one of google, outlook"):
        export.calendar_app_csv([], "lotus", "Etc/UTC")


# -- streamed documents -----------------------------------------------------------------------------------


def test_streamed_json_and_csv_are_the_documents_byte_for_byte(offsets_plan: Plan) -> None:
    team = build_team(
        "T", [{"name": "Max", "region": "de-munich", "away": ["2026-01-08"]}, {"name": "Zoë", "region": "gb-london"}]
    )
    empty = plan_for(
        [{"name": "Ann", "region": "au-sydney"}, {"name": "Ben", "region": "gb-london"}], D(2026, 3, 2), D(2026, 3, 6)
    )
    for plan in (offsets_plan, empty):
        text = export.plan_json(plan)
        assert json.loads(text) == export.plan_to_data(plan)
        streamed = io.StringIO()
        export.write_plan_json(plan, streamed)
        assert streamed.getvalue() == text
        # one window per line: a large document can be read (and diffed) record by record
        assert text.count("\n    {") == len(plan.windows) + len(export.plan_to_data(plan)["unavailable"]) + len(
            plan.team.members
        )
    expected = export.calendar_to_data(team, D(2026, 1, 1), D(2026, 1, 10))
    assert json.loads(export.calendar_json(team, D(2026, 1, 1), D(2026, 1, 10))) == expected
    out = io.StringIO()
    export.write_plan_csv(offsets_plan, out)
    assert out.getvalue() == export.plan_csv(offsets_plan)
    assert export.plan_json(empty).count('"windows": []') == 1


def test_ics_of_a_picked_slot_says_who_is_outside_hours() -> None:
    plan = plan_for(
        [{"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"}],
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 5),
    )
    assert not plan.windows
    slot = Window(1780387200, 1780389000, ("Lon",))  # Tue 2 Jun 2026 09:00 London, 18:00 Sydney
    note = "Picked outside the common hours. Required members outside their hours: Syd (Sydney) Tue 18:00, off hours."
    event = icalendar.Calendar.from_ical(export.windows_ics(plan, NOW, [slot], note=note)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)
    assert str(event["DESCRIPTION"]).startswith(note + "\nLocal times\n")
    entry = export.windows_entries(plan, [slot], note=note)[0]
    assert entry.description.startswith(note + "\nLocal times\n")
