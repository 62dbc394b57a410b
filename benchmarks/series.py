"""Series speed: a 52-week `rotate` series for a 12-member team across 8 time zones.

Prints figures; not a test. Target (README): planned in <= 1 s on a 2-core machine.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time

from planner_app.series import plan_series
from planner_app.teams import build_team

REGIONS = [
    "us-san-francisco",
    "us-new-york",
    "br-sao-paulo",
    "gb-london",
    "de-berlin",
    "ae-dubai",
    "in-bengaluru",
    "au-sydney",
]


def main() -> None:
    rows = [{"name": f"member-{n:02d}", "region": REGIONS[n % len(REGIONS)]} for n in range(12)]
    rows[3]["stretch"] = ["07:00-21:00"]
    rows[10]["required"] = False
    team = build_team("Benchmark", rows)
    assert len({m.timezone for m in team.members}) == 8
    times, result = [], None
    for _ in range(5):
        start = time.perf_counter()
        result = plan_series(team, dt.date(2026, 1, 6), 52, "weekly", 30, mode="rotate")
        times.append(time.perf_counter() - start)
    assert result is not None
    fixed = plan_series(team, dt.date(2026, 1, 6), 52, "weekly", 30, mode="fixed")
    worst_rotate = max(result.totals.values())
    worst_fixed = max(fixed.totals.values())
    print(
        f"52-week rotate series, 12 members, 8 zones: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s (first run {times[0]:.3f} s)"
    )
    print(
        f"heaviest burden: rotate {worst_rotate:g} points vs fixed {worst_fixed:g}; "
        f"held {len(result.held)}/52, drift events {len(result.drift)}"
    )
    print(
        json.dumps(
            {
                "series_rotate_median_s": round(statistics.median(times), 3),
                "series_rotate_first_s": round(times[0], 3),
                "rotate_max_burden": worst_rotate,
                "fixed_max_burden": worst_fixed,
            }
        )
    )


if __name__ == "__main__":
    main()
