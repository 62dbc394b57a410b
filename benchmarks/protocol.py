"""Benchmark: `planner protocol` for 100 members over 52 weeks, and `planner reply-by`, whole commands.

Targets (issue 14): protocol <= 2 s, reply-by <= 0.3 s. Each figure is the median of a few runs of
the command line in a fresh interpreter (so imports count), compiled as installed and with the holiday
cache filled by an untimed run (reply-by also with an empty cache; benchmarks/processes.py), on this
machine as it is; the conditions are printed with the figures.
Run: `.venv/bin/python benchmarks/protocol.py` (`RUNS=10` for more runs).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONS = (
    "de-berlin", "in-bengaluru", "sa-riyadh", "us-new-york", "gb-london", "jp-tokyo", "au-sydney",
    "us-san-francisco", "ae-dubai", "np-kathmandu",
)  # fmt: skip
RUNS = int(os.environ.get("RUNS", "3"))  # RUNS=10 for a steadier median of the short reply-by

sys.path.insert(0, str(ROOT))
from benchmarks.processes import cache_env, compile_tree  # noqa: E402


def big_team(members: int = 100) -> str:
    """A TOML team of `members` people spread over ten regions, every tenth one away for a week."""
    lines = ['name = "Benchmark partnership"']
    for n in range(members):
        lines += ["", "[[members]]", f'name = "Member {n:03d}"', f'region = "{REGIONS[n % len(REGIONS)]}"']
        if n % 10 == 3:
            lines.append(f'away = ["2026-0{1 + n % 9}-1{n % 10}..2026-0{1 + n % 9}-1{n % 10 + 4}"]')
    return "\n".join(lines) + "\n"


def timed(args: list[str], runs: int = RUNS, *, warm: bool = True) -> tuple[float, int]:
    """Median wall seconds of the command over `runs` runs, and the output size in bytes: with the holiday
    cache an untimed run filled (`warm`), or each run with an empty one (benchmarks/processes.py)."""
    if warm:
        subprocess.run(args, cwd=ROOT, capture_output=True, check=True, env=cache_env(warm=True))
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(args, cwd=ROOT, capture_output=True, check=True, env=cache_env(warm=warm))
        times.append(time.perf_counter() - start)
        size = len(result.stdout)
    return statistics.median(times), size


def main() -> None:
    compile_tree()
    with tempfile.TemporaryDirectory() as tmp:
        team = Path(tmp) / "team.toml"
        team.write_text(big_team(), encoding="utf-8")
        planner = [sys.executable, "-m", "planner_app"]
        print(
            f"python {platform.python_version()} on {platform.machine()}, "
            f"{os.cpu_count()} CPUs (shared), load average {os.getloadavg()[0]:.1f}, median of {RUNS} runs"
        )
        print(
            "team: 100 members in 10 regions (10 sites), 10 of them away for 5 days; 2026-01-05..2027-01-03 (52 weeks)"
        )
        for fmt in ("table", "json"):
            seconds, size = timed(
                [*planner, "protocol", str(team), "--from", "2026-01-05", "--to", "2027-01-03", "--format", fmt],
                RUNS if fmt == "table" else 1,
            )
            print(
                f"protocol --format {fmt:<5}: {seconds:6.2f} s whole command "
                f"({size / 1024:.0f} KiB of output; target <= 2 s; json: one run)"
            )
        reply = [*planner, "reply-by", str(team), "--sender", "Member 000", "--recipient", "Member 002",
                 "--sent", "2026-03-18T16:00", "--within", "480", "--format", "json"]  # fmt: skip
        seconds, _size = timed(reply)
        empty, _size = timed(reply, warm=False)
        print(
            f"reply-by --format json : {seconds:6.2f} s whole command (target <= 0.3 s); "
            f"{empty:.2f} s with an empty holiday cache"
        )
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import planner_app.cli"], cwd=ROOT, check=True)
        print(f"(python start-up and import of planner_app.cli alone: {time.perf_counter() - start:.2f} s)")


if __name__ == "__main__":
    main()
