"""The core's boundaries: no streamlit outside planner_app.ui, and IANA rules from the tzdata package."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import pkgutil
import subprocess
import sys
import zoneinfo
from pathlib import Path

import tzdata

import planner_app
from planner_app import zones

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_CORE = {
    "availability", "briefing", "calendars", "cli", "errors", "export", "fields", "horizon", "hours",
    "ranking", "regions", "teams", "windows", "zones",
}  # fmt: skip
VANCOUVER_WINTER = dt.datetime(2026, 12, 1, 12, 0)


def core_modules() -> list[str]:
    # iter_modules, not walk_packages: listing must not import planner_app.ui (and so streamlit)
    names = [info.name for info in pkgutil.iter_modules(planner_app.__path__, "planner_app.")]
    names = [name for name in names if name != "planner_app.ui"]
    return ["planner_app", *sorted(names)]


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def package_zone(key: str) -> zoneinfo.ZoneInfo:
    """The zone read straight from the tzdata package's file, bypassing zoneinfo's search path."""
    resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
    with resource.open("rb") as handle:
        return zoneinfo.ZoneInfo.from_file(handle, key=key)


def test_every_core_module_is_found() -> None:
    found = {name.removeprefix("planner_app.") for name in core_modules()[1:]}
    assert found >= EXPECTED_CORE, sorted(EXPECTED_CORE - found)
    assert "__main__" in found  # `python -m planner_app`, imported too (it runs main; see below)


def test_core_imports_without_streamlit() -> None:
    modules = [name for name in core_modules() if name != "planner_app.__main__"]
    code = f"""
import importlib, io, json, sys
names = {modules!r}
for name in names:
    importlib.import_module(name)
from planner_app import cli
out, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO())
status = cli.main(["regions", "--format", "json"])
sys.stdout = out
print(json.dumps({{
    "status": status,
    "loaded": sorted(n for n in names if n in sys.modules),
    "streamlit": sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit.")),
}}))
"""
    result = python(code)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == 0
    assert report["loaded"] == sorted(modules)
    assert len(report["loaded"]) >= len(EXPECTED_CORE) + 1
    assert report["streamlit"] == []


def test_python_m_planner_app_does_not_import_streamlit() -> None:
    code = """
import runpy, sys
sys.argv = ["planner", "regions", "--search", "riyadh"]
try:
    runpy.run_module("planner_app", run_name="__main__")
except SystemExit as exc:
    assert exc.code == 0, exc.code
print("streamlit" in sys.modules, file=sys.stderr)
"""
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert "sa-riyadh" in result.stdout
    assert result.stderr.strip() == "False"


def test_tzdata_version_is_the_package() -> None:
    assert zones.TZDATA_VERSION == tzdata.IANA_VERSION
    assert zoneinfo.TZPATH == ()


def test_zoneinfo_reads_the_tzdata_package_in_process() -> None:
    expected = VANCOUVER_WINTER.replace(tzinfo=package_zone("America/Vancouver")).utcoffset()
    assert VANCOUVER_WINTER.replace(tzinfo=zones.zone("America/Vancouver")).utcoffset() == expected
    assert VANCOUVER_WINTER.replace(tzinfo=zoneinfo.ZoneInfo("America/Vancouver")).utcoffset() == expected


def test_importing_planner_app_pins_zoneinfo_to_the_package() -> None:
    """In a fresh interpreter, any `ZoneInfo` and pendulum zone created after `import planner_app`
    follows the package's rules, even where the system's copy (Debian's) says otherwise."""
    code = """
import datetime as dt, json, zoneinfo
import planner_app
import pendulum
from planner_app.export import local_time
moment = dt.datetime(2026, 12, 1, 12, 0)
instant = int(dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC).timestamp())
print(json.dumps({
    "zoneinfo": moment.replace(tzinfo=zoneinfo.ZoneInfo("America/Vancouver")).utcoffset().total_seconds(),
    "pendulum": local_time(instant, "America/Vancouver").utcoffset().total_seconds(),
    "tzpath": list(zoneinfo.TZPATH),
}))
"""
    result = python(code)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    expected = VANCOUVER_WINTER.replace(tzinfo=package_zone("America/Vancouver")).utcoffset()
    assert expected is not None
    assert report["tzpath"] == []
    assert report["zoneinfo"] == expected.total_seconds()
    assert report["pendulum"] == expected.total_seconds()


def test_package_has_the_2026_british_columbia_change() -> None:
    """The reason for pinning (zones.py): the package's rules keep Vancouver on -07:00 in the winter
    of 2026, while an older system copy (Debian's 2025b) still says -08:00. The planner follows the package."""
    package = VANCOUVER_WINTER.replace(tzinfo=package_zone("America/Vancouver")).utcoffset()
    assert package == dt.timedelta(hours=-7)
    assert VANCOUVER_WINTER.replace(tzinfo=zones.zone("America/Vancouver")).utcoffset() == package
    system_file = Path("/usr/share/zoneinfo/America/Vancouver")
    version_file = Path("/usr/share/zoneinfo/tzdata.zi")
    if system_file.exists() and version_file.exists():
        version = version_file.read_text(encoding="utf-8").splitlines()[0]
        with system_file.open("rb") as handle:
            system = VANCOUVER_WINTER.replace(tzinfo=zoneinfo.ZoneInfo.from_file(handle)).utcoffset()
        print(f"system zoneinfo ({version}): {system}; tzdata {tzdata.IANA_VERSION}: {package}")
        if version == "# version 2025b":
            assert system == dt.timedelta(hours=-8)


# -- one owner of each rule, checked in code ----------------------------------------------------------


def _core_sources() -> dict[str, str]:
    package = ROOT / "planner_app"
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*.py"))
        if "migrations" not in path.parts
    }


def test_only_zones_turns_an_instant_into_a_wall_clock() -> None:
    """`zones` owns UTC -> local: no other module converts an instant with astimezone, utcoffset or a
    pendulum time zone (UTC normalisation with `astimezone(dt.UTC)` is not a wall clock)."""
    offenders = []
    for name, text in _core_sources().items():
        if name == "planner_app/zones.py":
            continue
        for number, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            if ("astimezone(" in code and "astimezone(dt.UTC)" not in code) or "pendulum.from_timestamp" in code:
                offenders.append(f"{name}:{number}: {line.strip()}")
            if "fromtimestamp(" in code and "dt.UTC" not in code and "tz=dt.UTC" not in code:
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


def test_only_availability_turns_a_local_time_into_utc() -> None:
    """`availability` owns local -> UTC (with its DST policy); `zones` only lends it the offset tables.
    Calendar files are the exception by design: a recurring event's DTSTART is a wall-clock time with its
    TZID, which the calendar client converts (export/ical never convert it themselves)."""
    users = sorted(
        name
        for name, text in _core_sources().items()
        if "def local_to_utc" not in text
        and "def to_utc_seconds" not in text
        and any(marker in text for marker in ("tzinfo=zones.zone(", "tzinfo=tz)"))
        and name not in ("planner_app/availability.py", "planner_app/zones.py", "planner_app/export.py")
        and name != "planner_app/ical.py"
    )
    assert users == []


def test_the_readme_cost_table_is_the_cost_model() -> None:
    """The README's cost table and its prose state ranking.py's constants, so they cannot drift apart."""
    from planner_app import ranking
    from planner_app.hours import AWAKE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Cost model", 1)[1].split("##", 1)[0]
    rows = {
        cells[0]: cells[1]
        for line in table.splitlines()
        if line.startswith("| ") and "---" not in line
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    assert rows["inside their stretch hours, outside core"] == f"{ranking.STRETCH_POINTS:g}"
    awake = f"{AWAKE.start // 60:02d}:00 and {AWAKE.end // 60:02d}:00"
    assert rows[f"elsewhere between {awake} local"] == f"{ranking.AWAKE_POINTS:g}"
    assert rows[f"at night, {AWAKE.end // 60:02d}:00–{AWAKE.start // 60:02d}:00 local"] == f"{ranking.NIGHT_POINTS:.1f}"
    assert rows["on their weekend, holiday or away day"].startswith(f"+{ranking.DAY_OFF_POINTS:g} ")
    assert f"plus {ranking.MIDDAY_POINTS:g} points per minute" in table
    assert (
        f"(capped at\n{ranking.MIDDAY_CAP_MINUTES // 60} h)" in table
        or f"capped at {ranking.MIDDAY_CAP_MINUTES // 60} h" in table
    )
    assert {0.2: "a fifth"}[ranking.OPTIONAL_WEIGHT] in table


# Functions still above ruff's complexity limits (C901 at 10, PLR0912 branches, PLR0915 statements),
# each excused by a noqa comment on its def line. The set may only shrink: refactor, then delete the entry.
# Empty since the renovation: every function in planner_app is within the limits. Keep it that way.
COMPLEXITY_ALLOW_LIST: set[tuple[str, str, tuple[str, ...]]] = set()
_COMPLEXITY_CODES = {"C901", "PLR0912", "PLR0915"}


def test_complexity_exceptions_only_shrink() -> None:
    import re

    found = set()
    for path in sorted((ROOT / "planner_app").rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\s*(?:async\s+)?def\s+(\w+).*#\s*noqa:\s*([A-Z0-9, ]+)", line)
            if match is None:
                continue
            codes = tuple(sorted(c.strip() for c in match.group(2).split(",") if c.strip() in _COMPLEXITY_CODES))
            if codes:
                found.add((path.relative_to(ROOT).as_posix(), match.group(1), codes))
    assert found <= COMPLEXITY_ALLOW_LIST, f"new complexity exceptions: {sorted(found - COMPLEXITY_ALLOW_LIST)}"
    assert found == COMPLEXITY_ALLOW_LIST, f"refactored: remove {sorted(COMPLEXITY_ALLOW_LIST - found)}"


def test_ruff_enforces_the_complexity_limit() -> None:
    import tomllib

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert {"C90", "PLR0912", "PLR0915"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] == 10
