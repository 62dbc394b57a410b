"""The `planner` command: every format, zero windows, and every bad input as one line and exit 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from planner_app import cli
from planner_app.cli import main

WriteTeam = Callable[..., Path]
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parent.parent

PAIR = [{"name": "Ann", "timezone": "Europe/London"}, {"name": "Ben", "region": "de-berlin"}]
APART = [{"name": "Ana", "region": "au-sydney"}, {"name": "Ben", "region": "gb-london"}]
WEEK = ["--from", "2026-03-02", "--to", "2026-03-06"]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `planner argv...` (argparse errors exit through SystemExit)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def planner(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m planner_app argv...` in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "planner_app", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


# -- windows in every format ---------------------------------------------------------------------------


def test_windows_table(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Test team: 5 windows of at least 30 min, local dates 2026-03-02 to 2026-03-06"
    # London 09:00-17:00 GMT and Berlin 09:00-17:00 CET share 09:00-16:00 UTC
    assert "Mon 2026-03-02 09:00–16:00 UTC  (420 min)" in lines
    assert "Fri 2026-03-06 09:00–14:30 UTC  (330 min)" in lines  # Berlin stops at 15:30 on Fridays
    assert any("Ann" in line and "Mon 2 Mar 09:00–16:00 (UTC+00:00)" in line for line in lines)
    assert any("Ben" in line and "Mon 2 Mar 10:00–17:00 (UTC+01:00)  Berlin" in line for line in lines)


def test_windows_json(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK, "--format", "json", "--duration", "60")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["team"], data["duration"], len(data["windows"])) == ("Test team", 60, 5)
    assert data["windows"][0]["start"] == "2026-03-02T09:00:00Z"
    assert data["windows"][0]["local"]["Ben"] == {
        "start": "2026-03-02T10:00:00+01:00",
        "end": "2026-03-02T17:00:00+01:00",
    }


def test_windows_csv(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK, "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10
    assert [r["member"] for r in rows[:2]] == ["Ann", "Ben"]
    assert rows[1]["local_start"] == "2026-03-02T10:00:00+01:00"


def test_windows_ics(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK, "--format", "ics")
    assert (code, err) == (0, "")
    events = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert len(events) == 5
    assert events[0]["DTSTART"].dt == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert events[0]["DTSTAMP"].dt == NOW


def test_windows_rank(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK, "--rank")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Test team: the most comfortable 30-minute slots, best first"
    assert lines[2].startswith(" 1. 2026-03-0")
    assert sum(1 for line in lines if line[:3].strip().rstrip(".").isdigit()) == 5  # one slot per window


def test_windows_from_a_csv_roster(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    path = write_team(
        "name,timezone,hours\nAnn,Europe/London,09:00-12:00;13:00-17:00\nBen,Europe/Berlin,\n", "crew.csv"
    )
    code, out, err = run(capsys, "windows", path, *WEEK, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["team"] == "crew"
    assert [(w["start"], w["end"]) for w in data["windows"][:2]] == [
        ("2026-03-02T09:00:00Z", "2026-03-02T12:00:00Z"),
        ("2026-03-02T13:00:00Z", "2026-03-02T16:00:00Z"),
    ]


# -- zero windows is an answer, not an error ---------------------------------------------------------


def test_zero_windows_exits_0_and_says_why(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(APART), *WEEK)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Test team: 0 windows of at least 30 min, local dates 2026-03-02 to 2026-03-06",
        "No common window: no overlap between Ana (Sydney) and Ben (London) working hours.",
    ]


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_zero_windows_in_other_formats(capsys: pytest.CaptureFixture[str], write_team: WriteTeam, fmt: str) -> None:
    code, out, err = run(capsys, "windows", write_team(APART), *WEEK, "--format", fmt)
    if fmt == "ics":  # RFC 5545 forbids an empty calendar: nothing on stdout, the reason on stderr (issue 11)
        assert (code, out) == (0, "")
        assert err == (
            "planner: no calendar file written: Test team has no common window from 2026-03-02 to 2026-03-06 "
            "(no overlap between Ana (Sydney) and Ben (London) working hours)\n"
        )
        return
    assert (code, err) == (0, "")
    if fmt == "json":
        data = json.loads(out)
        assert data["windows"] == []
        assert data["explanation"] == "no overlap between Ana (Sydney) and Ben (London) working hours"
    elif fmt == "csv":
        assert out.count("\r\n") == 1  # the header only
    else:
        raise AssertionError(fmt)


def test_zero_windows_rank_falls_back_to_the_table(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, _ = run(capsys, "windows", write_team(APART), *WEEK, "--rank")
    assert code == 0
    assert "no overlap between Ana (Sydney) and Ben (London)" in out


# -- calendar -------------------------------------------------------------------------------------------


def test_calendar_formats(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    team = write_team(
        [{"name": "Max", "region": "de-munich", "away": ["2026-01-08"]}, {"name": "Eve", "region": "de-berlin"}]
    )
    dates = ["--from", "2026-01-01", "--to", "2026-01-10"]
    code, out, err = run(capsys, "calendar", team, *dates)
    assert (code, err) == (0, "")
    rows = out.splitlines()
    assert "Max  H.ww.H.a.w" in rows  # Thu 1 Jan (New Year) .. Sat 10 Jan
    assert "Eve  H.ww.....w" in rows
    assert "legend: . working  r Ramadan hours  w weekend  H holiday  a away" in out
    assert "  2026-01-06  Max: Epiphany" in out
    assert "Eve: Epiphany" not in out

    code, out, _ = run(capsys, "calendar", team, *dates, "--format", "json")
    data = json.loads(out)
    max_days = {d["date"]: d["status"] for d in data["members"][0]["days"]}
    assert (max_days["2026-01-06"], max_days["2026-01-08"], max_days["2026-01-07"]) == ("holiday", "away", "working")

    code, out, _ = run(capsys, "calendar", team, *dates, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20
    assert code == 0

    code, out, _ = run(capsys, "calendar", team, *dates, "--format", "ics")
    summaries = sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(out).walk("VEVENT"))
    assert summaries == [
        "Eve (Berlin): New Year's Day",
        "Max (Munich): Epiphany",
        "Max (Munich): New Year's Day",
        "Max (Munich): away",
    ]


# -- regions --------------------------------------------------------------------------------------------


def test_regions_json_lists_at_least_60(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "regions", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema"] == "culture-planner/regions/v1"
    assert len(data["regions"]) >= 60
    by_id = {r["id"]: r for r in data["regions"]}
    assert by_id["sa-riyadh"] == {
        "id": "sa-riyadh",
        "name": "Riyadh",
        "country": "SA",
        "country_name": "Saudi Arabia",
        "subdivision": None,
        "timezone": "Asia/Riyadh",
        "weekend": ["fri", "sat"],
        "ramadan_hours": True,
    }
    assert by_id["de-munich"]["subdivision"] == "BY"
    assert [r["id"] for r in data["regions"]] == sorted(by_id)


def test_regions_table_and_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "regions")
    lines = out.splitlines()
    assert code == 0
    assert lines[-1] == f"{len(lines) - 2} regions"
    assert int(lines[-1].split()[0]) >= 60
    riyadh = next(line for line in lines if line.startswith("sa-riyadh "))
    assert "fri+sat" in riyadh
    assert "(Ramadan hours)" in riyadh
    code, out, _ = run(capsys, "regions", "--search", "india")
    assert [line.split()[0] for line in out.splitlines()[1:-1]] == [
        "in-bengaluru",
        "in-chennai",
        "in-delhi",
        "in-hyderabad",
        "in-mumbai",
        "in-pune",
    ]
    assert out.splitlines()[-1] == "6 regions"


def test_region_sa_riyadh_briefing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "region", "sa-riyadh", "--viewer-timezone", "Europe/London")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Riyadh, Saudi Arabia  (sa-riyadh)"
    assert "Local time now: Thu 2026-01-15 15:00 (UTC+03:00, Asia/Riyadh)" in lines
    assert "Offset to Europe/London: +03:00 hours" in lines
    assert "Weekend: Friday, Saturday" in lines
    assert "Working days: Monday, Tuesday, Wednesday, Thursday, Sunday" in lines
    ramadan = lines.index("During Ramadan:")
    assert lines[ramadan + 1] == "  Mon: 10:00-16:00"
    assert "Ramadan (Umm al-Qura calendar; local observance may differ by a day):" in lines
    assert "  2026-02-18 to 2026-03-19" in lines
    assert any(line.startswith("  [ramadan] ") for line in lines)


def test_region_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "region", "sa-riyadh", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Working with Riyadh, Saudi Arabia\n")
    assert "- Weekend: Friday, Saturday" in out
    assert "## Ramadan" in out
    assert "- 2026-02-18 to 2026-03-19 (Umm al-Qura; local observance may differ by a day)" in out


# -- bad input: exit 2, exactly one line on stderr, no traceback --------------------------------------

BAD = [
    pytest.param(["windows", "{missing}", *WEEK], None, "missing.toml: does not exist", id="missing-file"),
    pytest.param(["windows", "{team}", *WEEK], "{dir}", "is a directory", id="directory"),
    pytest.param(
        ["windows", "{team}", *WEEK],
        [{"name": "Raj", "timezone": "Asia/Bangalore"}],
        "unknown time zone",
        id="bad-zone",
    ),
    pytest.param(
        ["windows", "{team}", *WEEK], [{"name": "Raj", "timezone": ["Asia/Kolkata"]}], "'timezone'", id="zone-list"
    ),
    pytest.param(
        ["windows", "{team}", *WEEK], [{"name": "Raj", "region": "in-bangalore"}], "unknown region", id="bad-region"
    ),
    pytest.param(
        ["windows", "{team}", *WEEK],
        [{"name": "Raj", "timezone": "UTC", "hours": ["25:00-26:00"]}],
        "'hours'",
        id="hour-25",
    ),
    pytest.param(["windows", "{team}", *WEEK], "[[members]\nname = 'x'\n", "is not valid TOML", id="malformed-toml"),
    pytest.param(["windows", "{team}", *WEEK], "x = " + "[" * 5000, "is not valid TOML", id="toml-too-deep"),
    pytest.param(["windows", "{team}", *WEEK], "", "'members' must be an array", id="empty-file"),
    pytest.param(
        ["windows", "{team}", *WEEK],
        [{"name": "Raj", "timezone": "UTC", "required": False}],
        "at least one member must be required",
        id="no-required-member",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "2026-03-06", "--to", "2026-03-02"],
        [{"name": "Raj", "timezone": "UTC"}],
        "--to: the end date 2026-03-02 is before the start date 2026-03-06",
        id="to-before-from",
    ),
    pytest.param(
        ["calendar", "{team}", "--from", "2026-03-06", "--to", "2026-03-02"],
        [{"name": "Raj", "timezone": "UTC"}],
        "--to: the end date 2026-03-02 is before the start date 2026-03-06",
        id="calendar-to-before-from",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "2026-01-01", "--to", "2029-12-31"],
        [{"name": "Raj", "timezone": "UTC"}],
        "longer than 3 years",
        id="over-3-years",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "9999-12-30", "--to", "9999-12-31"],
        [{"name": "Raj", "timezone": "UTC"}],
        "dates must lie between",
        id="end-of-calendar",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "2090-01-01", "--to", "2090-01-02"],
        [{"name": "Fatima", "region": "ae-dubai"}],
        "Ramadan dates are known for 1924-2076 only",
        id="ramadan-out-of-range",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "2026-02-30", "--to", "2026-03-02"],
        [{"name": "Raj", "timezone": "UTC"}],
        "invalid date '2026-02-30'",
        id="bad-date",
    ),
    pytest.param(
        ["windows", "{team}", "--from", "2026-03-02"], [{"name": "Raj", "timezone": "UTC"}], "--to", id="missing-to"
    ),
    pytest.param(
        ["windows", "{team}", *WEEK, "--duration", "0"],
        [{"name": "Raj", "timezone": "UTC"}],
        "--duration",
        id="duration-0",
    ),
    pytest.param(
        ["windows", "{team}", *WEEK, "--duration", "1441"],
        [{"name": "Raj", "timezone": "UTC"}],
        "1 to 1440",
        id="duration-long",
    ),
    pytest.param(
        ["windows", "{team}", *WEEK, "--duration", "abc"],
        [{"name": "Raj", "timezone": "UTC"}],
        "invalid number of minutes 'abc'",
        id="duration-text",
    ),
    pytest.param(
        ["windows", "{team}", *WEEK, "--format", "xml"],
        [{"name": "Raj", "timezone": "UTC"}],
        "invalid choice",
        id="bad-format",
    ),
    pytest.param(["region", "sa-riyad"], None, "did you mean sa-riyadh", id="unknown-region-id"),
    pytest.param(
        ["region", "sa-riyadh", "--viewer-timezone", "Mars/Base"],
        None,
        "unknown time zone 'Mars/Base'",
        id="viewer-zone",
    ),
    pytest.param(["regions", "--format", "yaml"], None, "invalid choice", id="regions-format"),
    pytest.param(["teleport"], None, "invalid choice", id="unknown-command"),
    pytest.param([], None, "required", id="no-command"),
]


def _argv(tmp_path: Path, argv: list[str], team: object, write_team: WriteTeam) -> list[str]:
    if team == "{dir}":
        (tmp_path / "team.toml").mkdir()
    elif team is not None:
        write_team(team)
    return [a.format(team=tmp_path / "team.toml", missing=tmp_path / "missing.toml") for a in argv]


@pytest.mark.parametrize(("argv", "team", "fragment"), BAD)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    write_team: WriteTeam,
    argv: list[str],
    team: object,
    fragment: str,
) -> None:
    code, out, err = run(capsys, *_argv(tmp_path, argv, team, write_team))
    assert code == 2
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("planner")
    assert "Traceback" not in err
    assert fragment in err


# -- a real process --------------------------------------------------------------------------------------


def test_subprocess_windows_json(write_team: WriteTeam) -> None:
    result = planner("windows", write_team(PAIR), *WEEK, "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert len(data["windows"]) == 5
    assert data["windows"][0]["local"]["Ann"]["start"] == "2026-03-02T09:00:00+00:00"


def test_subprocess_zero_windows(write_team: WriteTeam) -> None:
    result = planner("windows", write_team(APART), *WEEK)
    assert result.returncode == 0
    assert "no overlap between Ana (Sydney) and Ben (London) working hours" in result.stdout


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (
            ["windows", "{team}", "--from", "2026-03-06", "--to", "2026-03-02"],
            "planner: --to: the end date 2026-03-02 is before the start date",
        ),
        (["windows", "{team}", "--from", "2026-03-02", "--to", "9999-12-31"], "planner: dates must lie between"),
        (["windows", "{team}", *WEEK, "--duration", "abc"], "planner windows: argument --duration"),
        (["windows", "{bad}", *WEEK], "planner: bad.toml: is not valid TOML"),
    ],
)
def test_subprocess_bad_input(tmp_path: Path, write_team: WriteTeam, argv: list[str], fragment: str) -> None:
    team = write_team(PAIR)
    bad = write_team("x = " + "[" * 5000, "bad.toml")
    result = planner(*[a.format(team=team, bad=bad) for a in argv])
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(fragment)


def test_subprocess_regions_json() -> None:
    result = planner("regions", "--format", "json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["regions"]) >= 60


def test_subprocess_ics_is_bytes_exact(write_team: WriteTeam) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner_app", "windows", str(write_team(PAIR)), *WEEK, "--format", "ics"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout.endswith(b"END:VCALENDAR\r\n")
    assert len(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")) == 5


# -- calendar files (issue 11) -------------------------------------------------------------------------


def test_windows_ics_is_free_available_blocks(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    code, out, err = run(capsys, "windows", write_team(PAIR), *WEEK, "--format", "ics")
    assert (code, err) == (0, "")
    events = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert {str(e["TRANSP"]) for e in events} == {"TRANSPARENT"}
    assert {str(e["SUMMARY"]) for e in events} == {"Test team: available"}


def test_windows_ics_slots_are_the_best_slots_as_meetings(
    capsys: pytest.CaptureFixture[str], write_team: WriteTeam
) -> None:
    from planner_app.ranking import best_slots
    from planner_app.teams import load_team
    from planner_app.windows import windows_for

    path = write_team(PAIR)
    code, out, err = run(capsys, "windows", path, *WEEK, "--format", "ics", "--slots", "3")
    assert (code, err) == (0, "")
    events = icalendar.Calendar.from_ical(out).walk("VEVENT")
    slots = best_slots(windows_for(load_team(path), dt.date(2026, 3, 2), dt.date(2026, 3, 6), 30), limit=3)
    assert [int(e["DTSTART"].dt.timestamp()) for e in events] == [s.start for s in slots]
    assert {str(e["TRANSP"]) for e in events} == {"OPAQUE"}
    code, out, err = run(capsys, "windows", path, *WEEK, "--format", "ics", "--slots", "0")
    assert (code, out) == (2, "")
    assert err == "planner: --slots must be a whole number of at least 1 (got 0)\n"


def test_an_empty_calendar_is_not_written(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    team = write_team([{"name": "Max", "region": "de-munich"}])
    code, out, err = run(capsys, "calendar", team, "--from", "2026-02-02", "--to", "2026-02-06", "--format", "ics")
    assert (code, out) == (0, "")
    assert (
        err == "planner: no calendar file written: Test team has no holiday or day away from 2026-02-02 to 2026-02-06\n"
    )


def test_calendar_app_csv_formats(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    team = write_team(PAIR)
    code, out, err = run(capsys, "windows", team, *WEEK, "--format", "google-csv", "--viewer-timezone", "Asia/Tokyo")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert (rows[0]["Start Date"], rows[0]["Start Time"], rows[0]["End Time"]) == ("03/02/2026", "6:00 PM", "1:00 AM")
    assert rows[0]["End Date"] == "03/03/2026"
    code, out, err = run(capsys, "windows", team, *WEEK, "--format", "outlook-csv", "--slots", "2",
                         "--viewer-timezone", "Europe/London")  # fmt: skip
    assert (code, err) == (0, "")
    assert len(list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))) == 2
    code, out, err = run(capsys, "series", team, "--start", "2026-03-03", "--count", "3", "--format", "google-csv")
    assert (code, out) == (2, "")
    assert err == "planner: --format google-csv needs --viewer-timezone ZONE (the zone of the calendar imported into)\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from planner_app import __version__, zones

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"planner {__version__} (tzdata {zones.TZDATA_VERSION})"
