"""Organisation-scale benchmark: whole `planner` processes on the hard shapes, against a brute-force grid.

    .venv/bin/python benchmarks/scale.py [--runs 3] [--quick]

Prints a table and writes benchmarks/results/scale.json. Not a test: these machines are shared and noisy,
so every figure is the median of `--runs` cold processes, and the brute-force baseline runs in the same
loop so that the ratio compares like with like. The planner runs compiled, as installed, with the holiday
cache filled by an untimed run; the 100-member year is also timed with an empty cache each run (the first
command a user ever runs; benchmarks/processes.py). The shapes (benchmarks/orgteam.py): every member required,
20 zones and 20 countries, about 440 windows a year; "no window" adds one member who never overlaps.

- windows JSON, 100 members x 2026, cold process, vs the brute-force minute grid process (same windows and
  local times, checked); targets <= 0.5 s and <= 0.6x the brute force
- windows JSON, 500 members x 2026-2028: time and peak memory (targets <= 20 s, <= 1 GiB)
- the same with no common window (target <= 3 s)
- series, 500 members x 156 weekly meetings (target <= 15 s)
- growth from 100 to 500 members for each (target within 1.2x of linear)
- `planner regions`, cold (target <= 0.3 s)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.processes import cache_env, compile_tree  # noqa: E402

PLANNER = [sys.executable, "-m", "planner_app"]
YEAR = ["--from", "2026-01-01", "--to", "2026-12-31"]
THREE_YEARS = ["--from", "2026-01-01", "--to", "2028-12-31"]


def measure(command: list[str], runs: int, out: Path | None = None, *, warm: bool = True) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) of `runs` cold runs of the command: with the
    holiday cache an untimed run filled (`warm`), or each run with an empty one (benchmarks/processes.py)."""
    if warm:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(command, cwd=ROOT, env=cache_env(warm=True), check=True, **quiet)  # type: ignore[call-overload]
    seconds, peaks = [], []
    for _ in range(runs):
        sink = out.open("wb") if out else open(os.devnull, "wb")  # noqa: SIM115
        with sink:
            begin = time.perf_counter()
            env = cache_env(warm=warm)
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, cwd=ROOT, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            seconds.append(time.perf_counter() - begin)
            assert process.stderr is not None
            error = process.stderr.read().decode()
            process.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed: {error}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(seconds), max(peaks)


def same_windows(planner_json: Path, brute_json: Path) -> int:
    """The number of windows, after checking both processes found the same windows and local times."""
    import datetime as dt

    ours = json.loads(planner_json.read_text())["windows"]
    theirs = json.loads(brute_json.read_text())["windows"]
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for a, b in zip(ours, theirs, strict=True):
        start = dt.datetime.fromtimestamp(b["start"], dt.UTC).isoformat().replace("+00:00", "Z")
        if a["start"] != start or a["local"] != b["local"]:
            raise SystemExit(f"the planner and the brute force disagree at {start}")
    return len(ours)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the 500-member and series figures")
    args = parser.parse_args()
    from benchmarks.orgteam import team_toml

    compile_tree()
    work = Path(tempfile.mkdtemp(prefix="planner-scale-"))
    teams = {n: work / f"team{n}.toml" for n in (100, 500)}
    for n, path in teams.items():
        path.write_text(team_toml(n), encoding="utf-8")
    for n in (100, 500):
        (work / f"apart{n}.toml").write_text(team_toml(n, no_window=True), encoding="utf-8")
    figures: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "runs": args.runs,
    }

    ours, brute = work / "planner.json", work / "brute.json"
    t_ours, m_ours = measure([*PLANNER, "windows", str(teams[100]), *YEAR, "--format", "json"], args.runs, ours)
    t_brute, _ = measure(
        [sys.executable, "benchmarks/bruteforce.py", str(teams[100]), "2026-01-01", "2026-12-31", "30"],
        args.runs,
        brute,
    )
    count = same_windows(ours, brute)
    t_empty, _ = measure([*PLANNER, "windows", str(teams[100]), *YEAR, "--format", "json"], args.runs, warm=False)
    figures["windows_100x1y"] = {"seconds": t_ours, "peak_mib": m_ours, "windows": count, "empty_cache": t_empty}
    figures["bruteforce_100x1y"] = {"seconds": t_brute, "ratio": t_ours / t_brute}
    figures["regions_cold"] = {"seconds": measure([*PLANNER, "regions"], args.runs)[0]}

    if not args.quick:
        rows = {}
        for n in (100, 500):
            w = measure([*PLANNER, "windows", str(teams[n]), *THREE_YEARS, "--format", "json"], args.runs)
            apart = work / f"apart{n}.toml"
            a = measure([*PLANNER, "windows", str(apart), *THREE_YEARS, "--format", "json"], args.runs)
            series = [*PLANNER, "series", str(teams[n]), "--start", "2026-01-05", "--count", "156", "--format", "json"]
            s = measure(series, args.runs)
            rows[n] = {"windows_3y": w, "no_window_3y": a, "series_156": s}
        for key in ("windows_3y", "no_window_3y", "series_156"):
            t100, t500 = rows[100][key][0], rows[500][key][0]
            figures[f"{key}_500"] = {
                "seconds": t500,
                "peak_mib": rows[500][key][1],
                "seconds_100": t100,
                "growth_vs_linear": t500 / (5 * t100),
            }

    out = ROOT / "benchmarks" / "results" / "scale.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
