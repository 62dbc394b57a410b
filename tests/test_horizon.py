"""Where the holidays package's data ends, said in one line per member instead of Python warnings."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pytest

from planner_app.calendars import day_table
from planner_app.cli import main
from planner_app.horizon import holiday_data_end, holiday_horizon_notices
from planner_app.teams import build_team

TEAM = build_team(
    "Horizon",
    [
        {"name": "Asha", "region": "in-bengaluru"},
        {"name": "Ana", "region": "es-madrid"},
        {"name": "Kumari", "timezone": "Asia/Colombo", "country": "LK"},
        {"name": "Sam", "timezone": "Europe/London"},  # no country: no holidays, nothing to say
    ],
)


def test_data_ends_where_the_package_tables_stop() -> None:
    india = holiday_data_end("IN", "KA", ("public",), 2036)
    assert india is not None
    assert india[0] == 2035
    assert "Diwali" in india[1]
    assert holiday_data_end("IN", "KA", ("public",), 2035) is None
    sri_lanka = holiday_data_end("LK", None, ("public",), 2027)
    assert sri_lanka is not None
    assert sri_lanka[0] == 2026
    for country in ("ES", "DE", "US", "SA", "FR"):  # fixed dates and computed calendars run on
        assert holiday_data_end(country, None, ("public",), 2045) is None, country


def test_one_line_per_member_and_place() -> None:
    notices = holiday_horizon_notices(TEAM, dt.date(2035, 6, 1), dt.date(2036, 6, 1))
    assert len(notices) == 2
    assert notices[0].startswith(
        "Asha (Bengaluru): holiday data for IN-KA ends in 2035 (no Buddha Purnima, Diwali, Dussehra, … after it)"
    )
    assert notices[0].endswith("; later holidays are not blocked")
    assert notices[1].startswith("Kumari (Colombo): holiday data for LK ends in 2026")
    assert holiday_horizon_notices(TEAM, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_no_python_warning_when_planning_past_the_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = day_table(TEAM.members[0], dt.date(2036, 1, 1), dt.date(2036, 12, 31))
    assert len(table.holidays) > 0  # the fixed-date holidays are still blocked


def test_cli_prints_the_notes_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "team.toml"
    path.write_text('name = "T"\n[[members]]\nname = "Asha"\nregion = "in-bengaluru"\n', encoding="utf-8")
    for command in (["windows", str(path)], ["calendar", str(path)]):
        assert main([*command, "--from", "2036-01-05", "--to", "2036-01-09", "--format", "json"]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("{")
        assert err.splitlines() == [
            "planner: note: Asha (Bengaluru): holiday data for IN-KA ends in 2035 "
            "(no Buddha Purnima, Diwali, Dussehra, … after it); later holidays are not blocked"
        ]
    assert main(["windows", str(path), "--from", "2026-01-05", "--to", "2026-01-09"]) == 0
    assert capsys.readouterr().err == ""
