"""Every calendar file the planner writes, read by real consumers (issue 11), must put every meeting on
the planner's instant:

(a) recurring-ical-events (icalendar),
(b) vobject with the file's own VTIMEZONE (dateutil's tzical: no IANA database behind it),
(c) a real CalDAV server: Radicale, started here on 127.0.0.1 with a throw-away store; each UID is
    uploaded as one calendar object with the `caldav` client, then read back with a server-side
    expanded time-range query (CALDAV:expand, RFC 4791 9.6.5).

The matrix: fixed series anchored in London, Los Angeles, Sydney, Dublin (negative DST in tzdata),
Lord Howe (30-minute DST), Santiago, Casablanca and Vancouver across their 2026 changes; weekly,
biweekly and monthly; a skipped first meeting; moved meetings; a series into 2038-2039; a meeting
time inside a spring-forward gap and one in the repeated hour; rotations; windows, slots and the
holiday calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import vobject
import vobject.icalendar

from planner_app import export, ical, zones
from planner_app.ranking import best_slots
from planner_app.series import Series, plan_series
from planner_app.teams import Team, build_team
from planner_app.windows import windows_for

NOW = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
ROUND_THE_CLOCK = {"hours": ["00:00-24:00"], "weekend": []}
Instants = list[tuple[int, int]]


def _team(anchor_zone: str, *, away: list[str] | None = None, others: tuple[str, ...] = ()) -> Team:
    """The anchor in `anchor_zone` and colleagues elsewhere, all working round the clock every day
    (so that only the `away` days move or skip a meeting)."""
    rows: list[dict[str, Any]] = [{"name": "Anchor", "timezone": anchor_zone, **ROUND_THE_CLOCK}]
    if away:
        rows[0]["away"] = away
    rows += [
        {"name": f"M{i}", "timezone": zone, **ROUND_THE_CLOCK}
        for i, zone in enumerate(others or ("America/New_York", "Asia/Kolkata"))
    ]
    return build_team(f"Interop {anchor_zone}", rows)


@dataclass(frozen=True)
class Case:
    id: str
    zone: str
    start: dt.date
    count: int
    cadence: str
    time: str
    away: tuple[str, ...] = ()
    mode: str = "fixed"
    anchor: str = "Anchor"


CASES = [
    Case("london-weekly", "Europe/London", dt.date(2026, 3, 3), 40, "weekly", "10:00"),
    Case("los-angeles-biweekly", "America/Los_Angeles", dt.date(2026, 2, 24), 22, "biweekly", "09:00"),
    Case("sydney-monthly", "Australia/Sydney", dt.date(2026, 1, 13), 12, "monthly", "10:00"),
    Case("dublin-weekly", "Europe/Dublin", dt.date(2026, 3, 10), 35, "weekly", "09:30"),
    Case("lord-howe-weekly", "Australia/Lord_Howe", dt.date(2026, 3, 24), 32, "weekly", "10:00"),
    Case("santiago-biweekly", "America/Santiago", dt.date(2026, 3, 24), 14, "biweekly", "10:00"),
    Case("casablanca-weekly", "Africa/Casablanca", dt.date(2026, 1, 27), 36, "weekly", "10:00"),
    Case("vancouver-weekly", "America/Vancouver", dt.date(2026, 2, 24), 40, "weekly", "10:00"),
    # the first week away (skipped), then single days away (moved within their week)
    Case(
        "london-skipped-first-and-moved",
        "Europe/London",
        dt.date(2026, 3, 17),
        8,
        "weekly",
        "11:00",
        away=("2026-03-16..2026-03-22", "2026-03-31", "2026-04-21", "2026-04-27..2026-05-03"),
    ),
    Case(
        "los-angeles-moved-monthly",
        "America/Los_Angeles",
        dt.date(2026, 1, 20),
        12,
        "monthly",
        "08:00",
        away=("2026-03-17", "2026-11-17"),
    ),
    # 01:30 on Sunday 29 March 2026 does not exist in London; on 25 October it happens twice
    Case("london-spring-gap", "Europe/London", dt.date(2026, 3, 15), 4, "weekly", "01:30"),
    Case("london-repeated-hour", "Europe/London", dt.date(2026, 10, 11), 4, "weekly", "01:30"),
    # anchored in a zone no other case uses: vobject keeps the first VTIMEZONE it sees per TZID
    Case("new-york-2038-2039", "America/New_York", dt.date(2038, 1, 12), 24, "monthly", "10:00"),
    Case("rotate-weekly", "Europe/Berlin", dt.date(2026, 3, 2), 10, "weekly", "10:00", mode="rotate"),
    Case("utc-anchored-biweekly", "Europe/Paris", dt.date(2026, 3, 10), 8, "biweekly", "12:00", anchor="utc"),
]


def _series(case: Case) -> Series:
    hours, minutes = (int(p) for p in case.time.split(":"))
    team = _team(case.zone, away=list(case.away))
    return plan_series(
        team, case.start, case.count, case.cadence, 45, anchor=case.anchor, mode=case.mode, time=hours * 60 + minutes
    )


def _seconds(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def _planned(s: Series) -> Instants:
    """The planner's JSON: every meeting held, as (start, end) UTC seconds."""
    data = json.loads(export.series_json(s))
    return sorted((_seconds(o["start"]), _seconds(o["end"])) for o in data["occurrences"] if not o["skipped"])


def _span(s: Series) -> tuple[dt.datetime, dt.datetime]:
    first = dt.datetime.combine(s.occurrences[0].nominal, dt.time(), dt.UTC) - dt.timedelta(days=8)
    last = dt.datetime.combine(s.occurrences[-1].date, dt.time(), dt.UTC) + dt.timedelta(days=8)
    return first, last


def _stamp(value: dt.datetime | dt.date) -> int:
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, value
        return int(value.timestamp())
    return int(dt.datetime.combine(value, dt.time(), dt.UTC).timestamp())


# -- (a) recurring-ical-events ----------------------------------------------------------------------------


def expand_recurring_ical_events(ics: bytes, start: dt.datetime, end: dt.datetime) -> Instants:
    cal = icalendar.Calendar.from_ical(ics)
    events = recurring_ical_events.of(cal).between(start, end)
    return sorted((_stamp(e["DTSTART"].dt), _stamp(e.end)) for e in events)


# -- (b) vobject with the file's own VTIMEZONE ------------------------------------------------------------


def _forget_vobject_zones() -> None:
    """vobject keeps the first tzinfo it saw for each TZID, process-wide, and falls back to pytz for
    unknown ones: start from nothing so that the file's own VTIMEZONE is what is read."""
    registry = vobject.icalendar.__dict__["__tzidMap"]
    for key in [k for k in registry if k != "UTC"]:
        del registry[key]


def expand_vobject(ics: bytes, start: dt.datetime, end: dt.datetime) -> Instants:
    """vobject resolves a TZID as it reads each event, before the file's VTIMEZONE is registered, and
    falls back to pytz for IANA names; so read the file once, register its own VTIMEZONEs (dateutil's
    tzical built from them, nothing else), then read it again."""
    _forget_vobject_zones()
    text = ics.decode()
    for zone in getattr(vobject.readOne(text), "vtimezone_list", []):
        vobject.icalendar.registerTzid(zone.tzid.value, zone.gettzinfo())
    cal = vobject.readOne(text)
    for event in cal.vevent_list:
        tzinfo = event.dtstart.value.tzinfo if isinstance(event.dtstart.value, dt.datetime) else None
        if tzinfo is not None and "TZID" in event.dtstart.params:
            assert type(tzinfo).__module__.startswith("dateutil"), tzinfo  # the file's VTIMEZONE, not pytz
    masters: dict[str, Any] = {}
    overrides: dict[str, dict[int, Any]] = {}
    for event in cal.vevent_list:
        if hasattr(event, "recurrence_id"):
            overrides.setdefault(event.uid.value, {})[_stamp(event.recurrence_id.value)] = event
        else:
            masters[event.uid.value] = event
    out: Instants = []
    for uid, event in masters.items():
        begin = event.dtstart.value
        length = _stamp(event.dtend.value) - _stamp(begin)
        starts = list(event.getrruleset(addRDate=True)) if hasattr(event, "rrule") else [begin]
        replaced = overrides.get(uid, {})
        for when in starts:
            if _stamp(when) in replaced:
                continue
            out.append((_stamp(when), _stamp(when) + length))
        for override in replaced.values():
            out.append((_stamp(override.dtstart.value), _stamp(override.dtend.value)))
    lo, hi = _stamp(start), _stamp(end)
    return sorted(i for i in out if i[1] > lo and i[0] < hi)


# -- (c) Radicale over CalDAV ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], deadline: float) -> None:
    """Poll the server until it answers HTTP (any status) or exits; no fixed sleep."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (our own local server)
            return
        except urllib.error.HTTPError:
            return  # an HTTP answer, even 401/403, means it is serving
        except OSError:
            time.sleep(0.05)  # poll interval while the port opens
    raise RuntimeError("Radicale did not start listening")


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server of our own on 127.0.0.1, a free port, a throw-away store and no password
    check; stopped (and its store removed by pytest) after the module."""
    folder = tmp_path_factory.mktemp("radicale")
    config = folder / "config"
    port = _free_port()
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_ready(url, process, time.monotonic() + 120)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def expand_radicale(url: str, ics: bytes, start: dt.datetime, end: dt.datetime) -> Instants:
    """Upload one calendar object per UID into a new calendar, then let the server expand."""
    import caldav

    client = caldav.DAVClient(url=url, username="planner", password="unused")
    calendar = client.principal().make_calendar(name=f"interop-{uuid.uuid4().hex[:8]}")
    for obj in ical.split_by_uid(ics):
        assert b"METHOD:" not in obj  # a CalDAV object carries no METHOD
        calendar.save_event(obj.decode())
    found = calendar.search(
        start=start, end=end, event=True, expand=False, server_expand=True, split_expanded=True, post_filter=False
    )
    out: Instants = []
    for item in found:
        for event in item.icalendar_instance.walk("VEVENT"):
            assert "RRULE" not in event, "the server did not expand"
            out.append((_stamp(event["DTSTART"].dt), _stamp(event.end)))
    return sorted(out)


# -- the matrix --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def series_cases() -> dict[str, tuple[Series, bytes]]:
    return {case.id: (s := _series(case), export.series_ics(s, NOW)) for case in CASES}


def test_the_matrix_exercises_what_it_claims(series_cases: dict[str, tuple[Series, bytes]]) -> None:
    """The cases really cross the clock changes, skip, move and hit the gap and the repeated hour."""
    by_id = {k: v[0] for k, v in series_cases.items()}
    skipped_first = by_id["london-skipped-first-and-moved"]
    assert [o.index for o in skipped_first.occurrences if o.skipped] == [1, 7]  # two EXDATEs
    assert sum(o.moved for o in skipped_first.occurrences) == 2
    assert sum(o.moved for o in by_id["los-angeles-moved-monthly"].occurrences) == 2
    for key in ("london-weekly", "dublin-weekly", "lord-howe-weekly", "casablanca-weekly", "sydney-monthly"):
        offsets = {export.local_time(o.times[0], by_id[key].anchor_zone).utcoffset() for o in by_id[key].held}
        assert len(offsets) >= 2, key
    lord_howe = {
        zones.format_offset(zones.utc_offset("Australia/Lord_Howe", o.times[0])) for o in by_id["lord-howe-weekly"].held
    }
    assert lord_howe == {"+11:00", "+10:30"}
    gap = by_id["london-spring-gap"].occurrences[2]
    assert gap.date == dt.date(2026, 3, 29)
    # 01:30 does not exist that night: RFC 5545 and Python's fold=0 take the offset before the change
    assert export.utc_iso(gap.times[0]) == "2026-03-29T01:30:00Z"
    repeated = by_id["london-repeated-hour"].occurrences[2]
    assert export.utc_iso(repeated.times[0]) == "2026-10-25T00:30:00Z"  # the first 01:30 (BST)
    assert by_id["new-york-2038-2039"].occurrences[-1].date.year == 2039
    casablanca = ical.observances("Africa/Casablanca", *_window(by_id["casablanca-weekly"]))
    assert not any(o.rrule for o in casablanca)  # dated: one RDATE per line
    london = ical.observances("Europe/London", *_window(by_id["london-weekly"]))
    assert all(o.rrule for o in london)


def _window(s: Series) -> tuple[int, int]:
    first, last = _span(s)
    return _stamp(first), _stamp(last)


def test_gap_and_repeated_hour_are_written_in_utc(series_cases: dict[str, tuple[Series, bytes]]) -> None:
    for key, when in (("london-spring-gap", "20260329T013000Z"), ("london-repeated-hour", "20261025T003000Z")):
        ics = series_cases[key][1].decode()
        assert f"DTSTART:{when}" in ics
        date = when[:8]
        assert f"RECURRENCE-ID;TZID=Europe/London:{date}T013000" in ics


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_recurring_ical_events_expands_to_the_plan(case: Case, series_cases: dict[str, tuple[Series, bytes]]) -> None:
    s, ics = series_cases[case.id]
    assert expand_recurring_ical_events(ics, *_span(s)) == _planned(s)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_vobject_with_the_files_vtimezone_expands_to_the_plan(
    case: Case, series_cases: dict[str, tuple[Series, bytes]]
) -> None:
    s, ics = series_cases[case.id]
    assert expand_vobject(ics, *_span(s)) == _planned(s)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_radicale_expands_to_the_plan(case: Case, series_cases: dict[str, tuple[Series, bytes]], radicale: str) -> None:
    s, ics = series_cases[case.id]
    assert expand_radicale(radicale, ics, *_span(s)) == _planned(s)


# -- windows, slots and the holiday calendar ----------------------------------------------------------------

WINDOW_TEAM = build_team(
    "Interop windows",
    [
        {"name": "Ann", "timezone": "Europe/London"},
        {"name": "Bob", "timezone": "America/New_York"},
        {"name": "Cat", "timezone": "Europe/Berlin", "required": False},
    ],
)
WINDOW_SPAN = (dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 5, tzinfo=dt.UTC))


def _windows_files() -> dict[str, tuple[bytes, Instants]]:
    plan = windows_for(WINDOW_TEAM, dt.date(2026, 3, 2), dt.date(2026, 4, 3), 60)
    data = json.loads(export.plan_json(plan))
    blocks = sorted((_seconds(w["start"]), _seconds(w["end"])) for w in data["windows"])
    slots = best_slots(plan, limit=5)
    meetings = sorted((slot.start, slot.end) for slot in slots)
    return {
        "available": (export.availability_ics(plan, NOW), blocks),
        "slots": (export.windows_ics(plan, NOW, export.slot_windows(plan, slots)), meetings),
    }


@pytest.fixture(scope="module")
def windows_files() -> dict[str, tuple[bytes, Instants]]:
    return _windows_files()


@pytest.mark.parametrize("kind", ["available", "slots"])
def test_windows_files_in_every_consumer(
    kind: str, windows_files: dict[str, tuple[bytes, Instants]], radicale: str
) -> None:
    ics, planned = windows_files[kind]
    assert len(planned) >= 5
    assert expand_recurring_ical_events(ics, *WINDOW_SPAN) == planned
    assert expand_vobject(ics, *WINDOW_SPAN) == planned
    assert expand_radicale(radicale, ics, *WINDOW_SPAN) == planned


def test_holiday_calendar_in_every_consumer(radicale: str) -> None:
    team = build_team(
        "Interop calendar",
        [
            {"name": "Max", "region": "de-munich", "away": ["2026-05-11..2026-05-15", "2026-05-18"]},
            {"name": "Eve", "region": "gb-london"},
        ],
    )
    start, end = dt.date(2026, 5, 1), dt.date(2026, 5, 31)
    data = json.loads(export.calendar_json(team, start, end))
    holidays = sorted(
        (_stamp(dt.date.fromisoformat(d["date"])), _stamp(dt.date.fromisoformat(d["date"]) + dt.timedelta(days=1)))
        for m in data["members"]
        for d in m["days"]
        if d["status"] == "holiday"
    )
    away = [
        (_stamp(dt.date(2026, 5, 11)), _stamp(dt.date(2026, 5, 16))),
        (_stamp(dt.date(2026, 5, 18)), _stamp(dt.date(2026, 5, 19))),
    ]
    planned = sorted(holidays + away)
    ics = export.calendar_ics(team, start, end, NOW)
    span = (dt.datetime(2026, 4, 30, tzinfo=dt.UTC), dt.datetime(2026, 6, 2, tzinfo=dt.UTC))
    assert expand_recurring_ical_events(ics, *span) == planned
    assert expand_vobject(ics, *span) == planned
    assert expand_radicale(radicale, ics, *span) == planned


def test_calendar_objects_keep_their_timezone_and_drop_method(series_cases: dict[str, tuple[Series, bytes]]) -> None:
    _, ics = series_cases["london-skipped-first-and-moved"]
    assert b"\r\nMETHOD:PUBLISH\r\n" in ics
    (obj,) = ical.split_by_uid(ics)
    cal = icalendar.Calendar.from_ical(obj)
    assert "METHOD" not in cal
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert len(cal.walk("VEVENT")) == 3  # the series and its two moved meetings


def test_the_harness_catches_the_old_comma_separated_rdates(series_cases: dict[str, tuple[Series, bytes]]) -> None:
    """The same series with the VTIMEZONE icalendar's add_missing_timezones() writes (every
    transition as a comma-separated list on one RDATE line): recurring-ical-events does not notice,
    vobject puts the summer meetings an hour off. Radicale is left out: it would keep that zone."""
    s, ics = series_cases["london-weekly"]
    cal = icalendar.Calendar.from_ical(ics)
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    cal.add_missing_timezones()
    old = cal.to_ical()
    assert any(line.startswith("RDATE:") and "," in line for line in old.decode().splitlines())
    planned = _planned(s)
    assert expand_recurring_ical_events(old, *_span(s)) == planned
    wrong = [got for got, want in zip(expand_vobject(old, *_span(s)), planned, strict=True) if got != want]
    assert len(wrong) >= 5
    assert expand_vobject(ics, *_span(s)) == planned
