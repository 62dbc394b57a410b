"""One broken profile does not hide the others: the listing names it in one line and lists the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner_app import regions
from planner_app.cli import main
from planner_app.regions import DATA_DIR, load_regions, load_regions_lenient


def _directory(tmp_path: Path) -> Path:
    for region_id in ("sa-riyadh", "es-madrid", "de-berlin"):
        shutil.copy(DATA_DIR / f"{region_id}.toml", tmp_path)
    broken = (DATA_DIR / "es-madrid.toml").read_text(encoding="utf-8").replace('id = "es-madrid"', 'id = "es-madri"')
    (tmp_path / "es-madrid.toml").write_text(broken, encoding="utf-8")
    return tmp_path


def test_lenient_load_reports_the_broken_one(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    found, problems = load_regions_lenient(directory)
    assert list(found) == ["de-berlin", "sa-riyadh"]
    assert problems == ("es-madrid.toml: 'id' must match the file name 'es-madrid' (got 'es-madri')",)
    with pytest.raises(regions.RegionError, match=r"es-madrid\.toml: 'id' must match"):
        load_regions(directory)  # the strict loader (used by the data tests) still refuses the set


def test_cli_lists_the_rest_and_says_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _directory(tmp_path)
    listing = regions.region_index
    monkeypatch.setattr(regions, "region_index", lambda: listing(directory))
    assert main(["regions"]) == 0
    out, err = capsys.readouterr()
    assert err == (
        "planner: skipped a broken profile: "
        "es-madrid.toml: 'id' must match the file name 'es-madrid' (got 'es-madri')\n"
    )
    assert [line.split()[0] for line in out.splitlines()] == ["id", "de-berlin", "sa-riyadh", "2"]
