"""`make run` installs only what the app needs and says where the app is; `make test` brings the toolchain."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(tmp_path: Path, *args: str) -> str:
    """What make would run on a fresh checkout (no .venv yet), without running it."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    done = subprocess.run([make, "-n", *args], cwd=tmp_path, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_run_installs_the_app_only_and_prints_its_url(tmp_path: Path) -> None:
    out = _dry_run(tmp_path, "run", "PORT=8600")
    assert "python3 -m venv .venv" in out
    assert "pip install --disable-pip-version-check --progress-bar on -e .\n" in out
    assert ".[test]" not in out  # no Playwright, mypy or ruff before the app can start
    assert "open http://localhost:8600" in out
    assert "--server.port 8600" in out


def test_make_unit_installs_the_test_toolchain(tmp_path: Path) -> None:
    out = _dry_run(tmp_path, "unit")
    assert '-e ".[test]"' in out
