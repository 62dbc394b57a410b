"""The built wheel works outside the checkout: it carries the region profiles and the demo team.

The wheel is built from a copy of the sources (so the checkout gains no `build/`), installed into a
fresh virtual environment in a temporary directory, and its `planner` command is run there. To avoid
downloading every dependency again, the new environment sees this environment's site-packages through
a `.pth` line; a path added that way does not run the `.pth` files inside it, so the editable install
of this checkout is not active there, and the test asserts that `planner_app` is the wheel's copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from planner_app.regions import DATA_DIR

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
TEAM = """\
name = "Wheel team"

[[members]]
name = "Ana"
region = "es-madrid"

[[members]]
name = "Noura"
region = "sa-riyadh"

[[members]]
name = "Omar"                # no profile: weekend and Ramadan hours from the packaged countries.toml
timezone = "Asia/Riyadh"
country = "SA"
"""


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a fresh virtual environment with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "planner_app", source / "planner_app", ignore=shutil.ignore_patterns("__pycache__"))
    dist = work / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, source], work
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("culture_planner-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], work
    )
    assert install.returncode == 0, install.stderr
    return env_dir / "bin"


def test_the_wheel_is_what_gets_imported(installed: Path, tmp_path: Path) -> None:
    found = _run([installed / "python", "-c", "import planner_app; print(planner_app.__file__)"], tmp_path)
    assert found.returncode == 0, found.stderr
    path = Path(found.stdout.strip())
    assert path.is_relative_to(installed.parent), path
    assert not path.is_relative_to(ROOT)


def test_planner_regions_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    listed = _run([installed / "planner", "regions"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    lines = listed.stdout.splitlines()
    count = len(list(DATA_DIR.glob("*.toml")))
    assert lines[-1] == f"{count} regions"
    riyadh = next(line for line in lines if line.startswith("sa-riyadh "))
    assert riyadh.split()[1:4] == ["Riyadh", "Asia/Riyadh", "fri+sat"]


def test_planner_windows_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "team.toml").write_text(TEAM, encoding="utf-8")
    args: list[str | Path] = [installed / "planner", "windows", "team.toml", "--from", "2026-03-02"]
    result = _run([*args, "--to", "2026-03-06", "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    windows = json.loads(result.stdout)["windows"]
    # Ramadan 2026: Riyadh works 10:00-16:00 (07:00-13:00 UTC), Madrid 09:00-14:00 CET (08:00-13:00 UTC);
    # Friday is Riyadh's weekend
    assert [(w["start"], w["end"]) for w in windows] == [
        (f"2026-03-0{day}T08:00:00Z", f"2026-03-0{day}T13:00:00Z") for day in (2, 3, 4, 5)
    ]
    assert windows[0]["local"]["Noura"] == {"start": "2026-03-02T11:00:00+03:00", "end": "2026-03-02T16:00:00+03:00"}
    assert windows[0]["local"]["Omar"] == windows[0]["local"]["Noura"]
