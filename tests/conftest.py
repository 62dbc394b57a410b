"""Shared fixtures for the core unit tests: team files in tmp_path and a member factory."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from planner_app.teams import Member, parse_member

ROOT = Path(__file__).resolve().parent.parent

# The holiday cache (planner_app.holiday_cache) lives in a folder of this test run, never in the home
# folder: every run starts empty, so the code that asks the holidays package runs, and the servers the
# tests start inherit the same folder. The planner reads the variable when it first asks for a holiday.
os.environ["PLANNER_CACHE_DIR"] = tempfile.mkdtemp(prefix="planner-test-cache-")
atexit.register(shutil.rmtree, os.environ["PLANNER_CACHE_DIR"], ignore_errors=True)

# Hypothesis profiles: `dev` explores new examples on every run; `ci` (chosen when CI is set, or with
# HYPOTHESIS_PROFILE=ci) replays a fixed, derandomised set so a busy CI machine gives the same verdict
# every time. Neither has a deadline: the machines are shared and timings say nothing here.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def make_member(**fields: Any) -> Member:
    """A validated member from keyword fields (name defaults to 'Alex')."""
    fields.setdefault("name", "Alex")
    return parse_member(fields, source="test")


def toml_value(value: Any) -> str:
    """A TOML literal for the simple values team files use (independent of planner_app's writer)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def team_toml(name: str, members: Sequence[Mapping[str, Any]]) -> str:
    """The text of a TOML team file with these member tables."""
    lines = [f"name = {toml_value(name)}"]
    for fields in members:
        lines += ["", "[[members]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def member() -> Callable[..., Member]:
    """`member(region="es-madrid", hours=[...])` -> a parsed `Member`."""
    return make_member


@pytest.fixture
def write_team(tmp_path: Path) -> Callable[..., Path]:
    """`write_team(text, name="team.toml")` writes a team file into tmp_path and returns its path.

    `text` may also be a list of member tables, written as TOML (or JSON for a `.json` name).
    """

    def write(text: str | Sequence[Mapping[str, Any]], name: str = "team.toml", team: str = "Test team") -> Path:
        if not isinstance(text, str):
            if name.endswith(".json"):
                text = json.dumps({"name": team, "members": list(text)})
            else:
                text = team_toml(team, text)
        else:
            text = textwrap.dedent(text)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process app runs (AppTest) have no browser to report that the first chart is on screen, so
    they draw the whole page in the first run (planner_app/ui/first_view.py; tests/test_first_view.py
    checks the staged first view itself)."""
    monkeypatch.setattr("planner_app.ui.first_view.STAGED", False)
