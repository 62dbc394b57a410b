"""The limits the README states hold, the UTC anchor cannot be shadowed by a member's name, and a
broken installation is reported as the product's problem, not the user's."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import icalendar
import pytest

from planner_app import cli, export, zones
from planner_app.errors import InstallationError, PlannerError, RangeError, UnknownTimezone
from planner_app.series import MAX_OCCURRENCES, UTC_ANCHOR, anchor_member, anchor_token, plan_series
from planner_app.teams import Team, build_team, team_to_toml

NOW = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
PAIR = build_team("Pair", [{"name": "Leo", "region": "gb-london"}, {"name": "Bea", "region": "de-berlin"}])


# -- series up to 260 meetings within 6 years --------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "count"),
    [("weekly", MAX_OCCURRENCES), ("biweekly", 157), ("monthly", 72)],
)
def test_the_longest_series_the_readme_promises_are_planned(cadence: str, count: int) -> None:
    s = plan_series(PAIR, dt.date(2027, 1, 5), count, cadence, 30, anchor="Leo")
    assert len(s.occurrences) == count
    assert len(s.held) > count * 0.9  # a few holiday weeks skip or move; the rest are held
    last = s.occurrences[-1].date
    assert (last - s.occurrences[0].date).days > 3 * 366  # beyond the old three-year day-table limit


@pytest.mark.parametrize(("cadence", "count"), [("biweekly", 158), ("monthly", 73)])
def test_a_series_beyond_six_years_is_refused_in_one_line(cadence: str, count: int) -> None:
    with pytest.raises(RangeError, match=r"^the series spans more than 6 years$") as caught:
        plan_series(PAIR, dt.date(2027, 1, 5), count, cadence, 30)
    assert caught.value.field == "count"


def test_more_than_260_meetings_are_refused() -> None:
    with pytest.raises(RangeError, match="from 1 to 260"):
        plan_series(PAIR, dt.date(2027, 1, 5), 261, "weekly", 30)


# -- the UTC anchor --------------------------------------------------------------------------------


SHADOWS = build_team(
    "Shadows",
    [
        {"name": "UTC", "region": "gb-london"},
        {"name": "member:x", "region": "au-sydney"},
        {"name": "Bea", "region": "de-berlin"},
    ],
)
LOWER = build_team("Lower", [{"name": "utc", "region": "us-new-york"}, {"name": "Bea", "region": "de-berlin"}])


def test_anchor_tokens_round_trip_every_member_name() -> None:
    for m in (*SHADOWS.members, *LOWER.members):
        assert anchor_member(anchor_token(m.name)) == m.name
    assert [anchor_token(m.name) for m in SHADOWS.members] == ["member:UTC", "member:member:x", "Bea"]
    assert anchor_token("utc") == "member:utc"
    assert anchor_member("utc") is None
    assert anchor_member("UTC") is None


@pytest.mark.parametrize("team", [SHADOWS, LOWER], ids=["UTC", "utc"])
@pytest.mark.parametrize("written", ["utc", "UTC", "Utc"])
def test_utc_always_means_utc_even_with_a_member_called_utc(written: str, team: Team) -> None:
    s = plan_series(team, dt.date(2027, 1, 5), 4, "weekly", 30, anchor=written, time=12 * 60)
    assert (s.anchor, s.anchor_zone) == (UTC_ANCHOR, "Etc/UTC")
    event = next(c for c in icalendar.Calendar.from_ical(export.series_ics(s, NOW)).walk("VEVENT"))
    assert event.decoded("DTSTART").tzinfo in (dt.UTC, zoneinfo.ZoneInfo("UTC"))  # written in UTC
    assert event.decoded("DTSTART").hour == 12


@pytest.mark.parametrize(
    ("team", "written", "zone"),
    [
        (SHADOWS, "member:UTC", "Europe/London"),
        (LOWER, "member:utc", "America/New_York"),
        (SHADOWS, "member:member:x", "Australia/Sydney"),
    ],
)
def test_a_member_named_like_utc_is_anchored_by_member_prefix(team: Team, written: str, zone: str) -> None:
    s = plan_series(team, dt.date(2027, 1, 5), 4, "weekly", 30, anchor=written, time=12 * 60)
    assert (s.anchor, s.anchor_zone) == (written, zone)
    event = next(c for c in icalendar.Calendar.from_ical(export.series_ics(s, NOW)).walk("VEVENT"))
    assert str(event["DTSTART"].params["TZID"]) == zone  # on that member's clock, not UTC's
    assert set(s.stable_members) == {UTC_ANCHOR, *(anchor_token(m.name) for m in team.members)}
    assert len(s.stable_members) == len(team.members) + 1  # no member's entry hides UTC's


def test_the_default_anchor_of_a_team_led_by_utc_is_that_member() -> None:
    s = plan_series(SHADOWS, dt.date(2027, 1, 5), 4, "weekly", 30)
    assert (s.anchor, s.anchor_zone) == ("member:UTC", "Europe/London")


def test_an_unknown_anchor_names_both_forms() -> None:
    with pytest.raises(PlannerError, match=r"as NAME or member:NAME\) or 'utc' \(got 'Zed'\)"):
        plan_series(SHADOWS, dt.date(2027, 1, 5), 4, "weekly", 30, anchor="Zed")


def test_the_command_line_anchors_utc_and_a_member_named_utc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shadows.toml"
    path.write_text(team_to_toml(SHADOWS), encoding="utf-8")
    common = ["series", str(path), "--start", "2027-01-05", "--count", "3", "--time", "12:00", "--format", "json"]
    assert cli.main([*common, "--anchor", "utc"]) == 0
    assert json.loads(capsys.readouterr().out)["anchor_timezone"] == "Etc/UTC"
    assert cli.main([*common, "--anchor", "member:UTC"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["anchor"], document["anchor_timezone"]) == ("member:UTC", "Europe/London")


# -- a zone file missing from tzdata is the product's problem ------------------------------------------


@pytest.fixture
def tzdata_without_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """tzdata lists its zones but cannot load their files (a damaged installation)."""

    def missing(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {key}")

    zones._zone.cache_clear()
    monkeypatch.setattr(zones.zoneinfo, "ZoneInfo", missing)
    yield
    zones._zone.cache_clear()


@pytest.mark.usefixtures("tzdata_without_files")
def test_a_listed_zone_without_its_file_is_an_installation_error() -> None:
    with pytest.raises(InstallationError, match=r"the tzdata package .* lists the zone 'Asia/Tokyo' but its file"):
        zones.zone("Asia/Tokyo")
    assert not issubclass(InstallationError, PlannerError)  # never reported as the user's mistake
    with pytest.raises(UnknownTimezone, match="unknown time zone 'Mars/Olympus'"):
        zones.zone("Mars/Olympus")  # a name tzdata does not list still is


@pytest.mark.usefixtures("tzdata_without_files")
def test_the_command_line_reports_a_broken_installation_with_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.toml"
    path.write_text('name = "T"\n[[members]]\nname = "A"\ntimezone = "Asia/Tokyo"\n', encoding="utf-8")
    assert cli.main(["windows", str(path), "--from", "2027-01-04", "--to", "2027-01-05"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("planner: installation problem: the tzdata package")
    assert err.count("\n") == 1
