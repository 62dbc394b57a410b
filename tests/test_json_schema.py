"""The JSON contract (issue 11): every command's JSON carries `"schema": "culture-planner/<kind>/v1"` and
validates against docs/schemas/<kind>.v1.json; the series' UIDs and RECURRENCE-IDs match its ICS."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
import recurring_ical_events

from planner_app import cli, export
from planner_app.series import plan_series
from planner_app.teams import build_team

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
NOW = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
WriteTeam = Callable[..., Path]
TEAM = [
    {"name": "Ann", "timezone": "Europe/London", "away": ["2026-03-09..2026-03-15", "2026-03-24"]},
    {"name": "Ben", "region": "de-berlin"},
    {"name": "Raj", "region": "in-bengaluru", "required": False},
]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)


def _schema(kind: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{kind}.v1.json").read_text(encoding="utf-8")))


def _validate(kind: str, document: Any) -> None:
    schema = _schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema"] == f"culture-planner/{kind}/v1"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Any:
    assert cli.main([str(a) for a in argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_there_is_a_schema_for_every_kind() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(f"{k}.v1.json" for k in export.SCHEMA_KINDS)


@pytest.mark.parametrize(
    ("kind", "argv"),
    [
        ("windows", ["windows", "{team}", "--from", "2026-03-02", "--to", "2026-03-27", "--format", "json"]),
        ("windows", ["windows", "{team}", "--from", "2026-03-10", "--to", "2026-03-10", "--format", "json"]),
        ("calendar", ["calendar", "{team}", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json"]),
        ("series", ["series", "{team}", "--start", "2026-03-03", "--count", "8", "--time", "10:00",
                    "--format", "json"]),
        ("series", ["series", "{team}", "--start", "2026-03-03", "--count", "6", "--anchor", "utc", "--time", "09:00",
                    "--format", "json"]),
        ("series", ["series", "{team}", "--start", "2026-03-03", "--count", "6", "--cadence", "biweekly", "--mode",
                    "rotate", "--format", "json"]),
        ("regions", ["regions", "--format", "json"]),
        ("regions", ["regions", "--search", "nowhere at all", "--format", "json"]),
        ("region", ["region", "sa-riyadh", "--format", "json"]),
        ("region", ["region", "gb-london", "--format", "json", "--viewer-timezone", "Asia/Kolkata"]),
    ],
)  # fmt: skip
def test_every_commands_json_validates(
    capsys: pytest.CaptureFixture[str], write_team: WriteTeam, kind: str, argv: list[str]
) -> None:
    team = write_team(TEAM)
    _validate(kind, _run(capsys, *[a.format(team=team) for a in argv]))


def test_schemas_reject_what_the_contract_forbids(capsys: pytest.CaptureFixture[str], write_team: WriteTeam) -> None:
    team = write_team(TEAM)
    data = _run(capsys, "series", team, "--start", "2026-03-03", "--count", "4", "--time", "10:00", "--format", "json")
    skipped = next(o for o in data["occurrences"] if o["skipped"])
    assert skipped["local"] is None
    skipped["local"] = {}  # the old shape
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema("series"))
    windows = _run(capsys, "windows", team, "--from", "2026-03-02", "--to", "2026-03-08", "--format", "json")
    windows["unavailable"][0]["reason"] = "sick"  # the weekend of 7-8 March is a day off for everyone
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(windows, _schema("windows"))


def test_series_json_ids_match_the_ics() -> None:
    team = build_team("Ids", TEAM)
    for s in (
        plan_series(team, dt.date(2026, 3, 3), 8, "weekly", 30, anchor="Ann", time=10 * 60),
        plan_series(team, dt.date(2026, 3, 3), 5, "weekly", 30, mode="rotate"),
    ):
        data = export.series_to_data(s)
        cal = icalendar.Calendar.from_ical(export.series_ics(s, NOW))
        expanded = recurring_ical_events.of(cal).between(dt.datetime(2026, 2, 1), dt.datetime(2026, 6, 1))
        by_start = {int(e["DTSTART"].dt.timestamp()): e for e in expanded}
        held = [o for o in data["occurrences"] if not o["skipped"]]
        assert len(by_start) == len(held)
        for o in held:
            event = by_start[int(dt.datetime.fromisoformat(o["start"].replace("Z", "+00:00")).timestamp())]
            assert str(event["UID"]) == o["uid"]
            if o["recurrence_id"] is None:
                assert s.mode == "rotate"
                continue
            rid = event["RECURRENCE-ID"].dt
            assert rid.strftime("%Y%m%dT%H%M%S") == o["recurrence_id"]
            assert str(rid.tzinfo) == data["recurrence_tzid"] == "Europe/London"
        skipped = [o for o in data["occurrences"] if o["skipped"]]
        if s.mode == "fixed":
            assert skipped
            exdates = [d.dt.strftime("%Y%m%dT%H%M%S") for d in cal.walk("VEVENT")[0]["EXDATE"].dts]
            assert exdates == [o["recurrence_id"] for o in skipped]


def test_drift_entries_carry_zone_and_local_times() -> None:
    team = build_team("Drift", TEAM)
    s = plan_series(team, dt.date(2026, 3, 3), 6, "weekly", 30, anchor="Ben", time=11 * 60)
    drift = export.series_to_data(s)["dst_drift"]
    raj = [d for d in drift if d["member"] == "Raj"]
    # Berlin springs forward on 29 March; Bengaluru keeps +05:30, so Raj's meeting moves an hour earlier
    assert raj == [
        {
            "date": "2026-03-31",
            "member": "Raj",
            "zone": "Asia/Kolkata",
            "before": "2026-03-23T15:30:00+05:30",  # moved to Monday: Ann is away on the 24th
            "after": "2026-03-31T14:30:00+05:30",
            "shift_minutes": -60,
            "cause": "Europe/Berlin changed its offset",
        }
    ]
