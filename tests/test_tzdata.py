"""The tzdata in use carries the 2026 rule changes the README relies on, and the floors hold."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import re
import tomllib
import zoneinfo
from pathlib import Path

import pytest

from planner_app import zones
from planner_app.briefing import clock_changes

ROOT = Path(__file__).parent.parent


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def _offset_hours(zone: str, local: dt.datetime) -> float:
    offset = local.replace(tzinfo=zones.zone(zone)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def test_zoneinfo_reads_the_package_not_the_system_copy() -> None:
    assert zoneinfo.TZPATH == ()
    assert _version(importlib.metadata.version("tzdata")) >= (2026, 3)


@pytest.mark.parametrize(
    ("zone", "local", "hours"),
    [
        # British Columbia keeps UTC-7 all year from the March 2026 change (tzdata 2026.2+)
        ("America/Vancouver", dt.datetime(2026, 1, 15, 12), -8),
        ("America/Vancouver", dt.datetime(2026, 7, 15, 12), -7),
        ("America/Vancouver", dt.datetime(2026, 12, 15, 12), -7),
        ("America/Vancouver", dt.datetime(2027, 12, 15, 12), -7),
        # Morocco is on UTC+0 all year from 20 September 2026 (tzdata 2026.3+), Ramadan 2027 included
        ("Africa/Casablanca", dt.datetime(2026, 9, 19, 12), 1),
        ("Africa/Casablanca", dt.datetime(2026, 9, 21, 12), 0),
        ("Africa/Casablanca", dt.datetime(2027, 2, 19, 12), 0),
        ("Africa/Casablanca", dt.datetime(2027, 6, 1, 12), 0),
    ],
)
def test_2026_rule_changes(zone: str, local: dt.datetime, hours: int) -> None:
    assert _offset_hours(zone, local) == hours


def test_no_clock_changes_after_the_2026_moves() -> None:
    vancouver = clock_changes("America/Vancouver", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 2 * 366)
    assert [(c.at, c.before, c.after) for c in vancouver] == [
        (dt.datetime(2026, 3, 8, 10, 0, tzinfo=dt.UTC), -8 * 3600, -7 * 3600)
    ]
    casablanca = clock_changes("Africa/Casablanca", dt.datetime(2026, 6, 1, tzinfo=dt.UTC), 2 * 366)
    assert [(c.at, c.before, c.after) for c in casablanca] == [(dt.datetime(2026, 9, 20, 1, 0, tzinfo=dt.UTC), 3600, 0)]


def test_dependency_floors() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = dict(re.match(r"([A-Za-z0-9_\-\[\]]+)>=(.+)", dep).groups() for dep in project["dependencies"])  # type: ignore[union-attr]
    assert _version(floors["tzdata"]) >= (2026, 3)
    assert _version(floors["holidays"]) >= (0, 109)
    assert _version(importlib.metadata.version("holidays")) >= _version(floors["holidays"])
