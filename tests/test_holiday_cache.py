"""The holiday cache: answers stored on disk give the same tables as asking the `holidays` package, a
process whose answers are cached never imports the package, and an upgrade or a broken file never
serves a stale or wrong answer."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import holidays
import pytest

from planner_app import holiday_cache, regions

ROOT = Path(__file__).resolve().parent.parent


def _clear() -> None:
    holiday_cache._folder.cache_clear()
    holiday_cache.package_fingerprint.cache_clear()
    regions.package_holidays.cache_clear()
    regions.country_facts.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(holiday_cache.ENVIRONMENT, str(tmp_path / "cache"))
    _clear()
    yield tmp_path / "cache"
    _clear()


def test_a_cached_table_equals_the_package_answer(cache: Path) -> None:
    first = dict(regions.package_holidays("DE", "BY", ("public",), (2026,)))
    files = sorted(p.name for p in next(cache.iterdir()).iterdir())
    assert any(name.startswith("holidays-") for name in files)
    regions.package_holidays.cache_clear()
    again = dict(regions.package_holidays("DE", "BY", ("public",), (2026,)))  # read back from the file
    direct = holidays.country_holidays("DE", subdiv="BY", years=2026, language="en_US")
    assert first == again == dict(sorted(direct.items()))
    assert again[dt.date(2026, 1, 6)] == "Epiphany"  # Bavaria's, not Berlin's


def test_country_facts_round_trip_and_an_unknown_country_is_remembered_as_unknown(cache: Path) -> None:
    facts = regions.country_facts("SA")
    assert facts is not None
    assert facts.weekend == frozenset({4, 5})
    regions.country_facts.cache_clear()
    assert regions.country_facts("SA") == facts
    assert regions.country_facts("ZZ") is None
    regions.country_facts.cache_clear()
    assert regions.country_facts("ZZ") is None
    assert "unknown country 'ZZ'" in (regions.check_holiday_place("ZZ", None, ("public",)) or "")


def test_a_stored_answer_is_what_is_served(cache: Path) -> None:
    """Proof that the second ask reads the file: an edited file's answer comes back."""
    regions.package_holidays("FR", None, ("public",), (2026,))
    (path,) = next(cache.iterdir()).glob("holidays-*.json")
    data = json.loads(path.read_text())
    data["value"] = [["2026-05-01", "Edited in the cache"]]
    path.write_text(json.dumps(data))
    regions.package_holidays.cache_clear()
    assert regions.package_holidays("FR", None, ("public",), (2026,)) == {dt.date(2026, 5, 1): "Edited in the cache"}


def test_a_broken_or_foreign_file_is_computed_again(cache: Path) -> None:
    expected = dict(regions.package_holidays("JP", None, ("public",), (2026,)))
    (path,) = next(cache.iterdir()).glob("holidays-*.json")
    for broken in ("{not json", json.dumps({"key": ["JP", None, ["public"], [2027]], "value": []})):
        path.write_text(broken)
        regions.package_holidays.cache_clear()
        assert regions.package_holidays("JP", None, ("public",), (2026,)) == expected
        assert json.loads(path.read_text())["key"] == ["JP", None, ["public"], [2026]]  # rewritten whole


def test_another_package_version_starts_a_new_folder_and_removes_the_old(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regions.package_holidays("US", None, ("public",), (2026,))
    (old,) = cache.iterdir()
    _clear()
    monkeypatch.setattr(holiday_cache, "FORMAT", holiday_cache.FORMAT + 1)  # as an upgrade changes the digest
    regions.package_holidays("US", None, ("public",), (2026,))
    (new,) = cache.iterdir()
    assert new != old
    assert not old.exists()


def test_an_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(holiday_cache.ENVIRONMENT, "")
    _clear()
    try:
        assert holiday_cache.cache_root() is None
        assert regions.package_holidays("IN", None, ("public",), (2026,))
    finally:
        _clear()


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(holiday_cache.ENVIRONMENT, str(blocker / "cache"))  # cannot be created
    _clear()
    try:
        table = regions.package_holidays("GB", "ENG", ("public",), (2026,))
        assert table[dt.date(2026, 12, 25)] == "Christmas Day"
    finally:
        _clear()


def test_a_process_whose_answers_are_cached_never_imports_the_holidays_package(tmp_path: Path) -> None:
    team = tmp_path / "team.toml"
    team.write_text(
        'name = "Two"\n[[members]]\nname = "Ana"\nregion = "de-munich"\n'
        '[[members]]\nname = "Omar"\nregion = "sa-riyadh"\n'
        '[[members]]\nname = "Lee"\ncountry = "GB"\nsubdivision = "ENG"\ntimezone = "Europe/London"\n'
        'hours = { default = ["09:00-17:00"] }\n'
    )
    probe = (
        "import sys, runpy; sys.argv = ['planner', 'windows', sys.argv[1], '--from', '2026-01-01', "
        "'--to', '2026-03-31', '--format', 'json'];\n"
        "try:\n    runpy.run_module('planner_app', run_name='__main__')\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('HOLIDAYS-IMPORTED' if 'holidays' in sys.modules else 'HOLIDAYS-NOT-IMPORTED', file=sys.stderr)\n"
    )
    env = {**os.environ, holiday_cache.ENVIRONMENT: str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", probe, str(team)], capture_output=True, text=True, env=env, cwd=ROOT)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stderr.strip().endswith("HOLIDAYS-IMPORTED")  # the first process asked the package
    assert runs[1].stderr.strip().endswith("HOLIDAYS-NOT-IMPORTED")
    assert runs[0].stdout == runs[1].stdout
    assert json.loads(runs[1].stdout)["windows"]
