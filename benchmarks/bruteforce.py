"""The brute-force baseline: the same windows as `planner windows --format json`, found on a minute grid.

    python benchmarks/bruteforce.py TEAM.toml 2026-01-01 2026-12-31 30 > windows.json

A straightforward script a user might write: for each member and each local working date, mark the UTC
minutes of that date's hours on a boolean grid (each local time converted with zoneinfo on its own date),
AND the required members' grids, and print the runs of at least the duration with every member's local
start and end. It reuses the planner's day decisions (weekends, holidays, Ramadan, away) because they are
the same shared work for both; the interval engine and the wall-clock formatting are what is compared.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zoneinfo
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner_app import zones  # noqa: E402,F401  (pins zoneinfo to the tzdata package)
from planner_app.calendars import day_table  # noqa: E402
from planner_app.teams import load_team  # noqa: E402


def _utc_minute(day: dt.date, minute: int, tz: zoneinfo.ZoneInfo) -> int:
    day = day + dt.timedelta(days=minute // 1440)
    minute %= 1440
    local = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)
    return int(local.timestamp()) // 60


def main() -> None:
    team = load_team(sys.argv[1])
    start, end = dt.date.fromisoformat(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])
    duration = int(sys.argv[4])
    base = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp()) // 60 - 2 * 1440
    size = ((end - start).days + 5) * 1440
    common = np.ones(size, dtype=bool)
    for member in team.required:
        grid = np.zeros(size, dtype=bool)
        tz = zoneinfo.ZoneInfo(member.timezone)
        table = day_table(member, start, end)
        for status in table.statuses():
            for span in status.hours:
                a = _utc_minute(status.date, span.start, tz) - base
                b = _utc_minute(status.date, span.end, tz) - base
                grid[max(a, 0) : max(b, 0)] = True
        common &= grid
    edges = np.flatnonzero(np.diff(np.concatenate([[0], common.astype(np.int8), [0]])))
    starts, ends = edges[0::2], edges[1::2]
    keep = ends - starts >= duration
    windows = []
    for s, e in zip((starts[keep] + base).tolist(), (ends[keep] + base).tolist(), strict=True):
        local = {}
        for m in team.members:
            tz = zoneinfo.ZoneInfo(m.timezone)
            local[m.name] = {
                "start": dt.datetime.fromtimestamp(s * 60, tz).isoformat(),
                "end": dt.datetime.fromtimestamp(e * 60, tz).isoformat(),
            }
        windows.append({"start": s * 60, "end": e * 60, "minutes": e - s, "local": local})
    json.dump({"windows": windows}, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
