"""Organisation-scale teams for the benchmarks: N members in 20 zones and 20 countries, every member required.

Each member's day is 09:00-18:00 UTC of mid-January on their own clock (so it moves with their DST) with one
30-minute break, placed at one of five UTC times by zone: the common time splits into many windows a day,
about 440 over 2026 for any N >= 20 (the hard shape: many windows, many attendees, all required).
`no_window=True` adds one member whose day never meets the others' (Pacific/Kiritimati, 06:00-08:00).

    python benchmarks/orgteam.py 100 > team.toml
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The engine benchmark's 20 regions in 20 countries (weekends, Ramadan hours, odd offsets, DST on many dates).
from benchmarks.engine import REGION_IDS  # noqa: E402
from planner_app import zones  # noqa: E402
from planner_app.regions import get_region  # noqa: E402
from planner_app.teams import build_team, team_to_toml  # noqa: E402

_JANUARY = int(dt.datetime(2026, 1, 15, tzinfo=dt.UTC).timestamp())


def _clock(minute: int) -> str:
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


def member_rows(n: int, *, no_window: bool = False) -> list[dict[str, Any]]:
    """The rows of an N-member organisation team (see the module docstring)."""
    rows: list[dict[str, Any]] = []
    for i in range(n):
        region = get_region(REGION_IDS[i % len(REGION_IDS)])
        offset = zones.utc_offset(region.timezone, _JANUARY) // 60
        start, end = 9 * 60 + offset, 18 * 60 + offset
        pause = start + 60 + (i % 5) * 90
        rows.append(
            {
                "name": f"{region.name} {i:03d}",
                "region": region.id,
                "hours": [f"{_clock(start)}-{_clock(pause)}", f"{_clock(pause + 30)}-{_clock(end)}"],
            }
        )
    if no_window:
        rows = rows[:-1] if len(rows) >= 500 else rows
        rows.append({"name": "Kiritimati", "timezone": "Pacific/Kiritimati", "hours": ["06:00-08:00"]})
    return rows


def team_toml(n: int, *, no_window: bool = False) -> str:
    """The team as a TOML team file."""
    return team_to_toml(build_team(f"Organisation of {n}", member_rows(n, no_window=no_window)))


if __name__ == "__main__":
    sys.stdout.write(team_toml(int(sys.argv[1]), no_window="--no-window" in sys.argv))
