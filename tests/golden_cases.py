"""The export files pinned as golden files in tests/golden/ (scripts/generate-golden rewrites them).

One small team across the hard cases: London and New York changing clocks on different weeks of March
2026, Riyadh's Friday-Saturday weekend and Ramadan hours, Kathmandu's +05:45, a day away, and a
member named with characters that every format must escape. A change to any presenter shows up as a
reviewable diff of these files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from planner_app import export
from planner_app.ranking import best_slots
from planner_app.series import plan_series
from planner_app.teams import Team, build_team
from planner_app.windows import windows_for

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 20)


def team() -> Team:
    return build_team(
        'Golden, "Core"; R&D',
        [
            {"name": "Lena", "region": "gb-london"},
            {"name": "Nia", "region": "us-new-york", "hours": ["07:00-15:00"]},
            {"name": "Faisal", "region": "sa-riyadh", "away": ["2026-03-10"]},
            {"name": "=Sum(A1)", "region": "np-kathmandu", "required": False},
        ],
    )


def cases() -> dict[str, Callable[[], bytes]]:
    """File name -> what the product writes for it."""
    t = team()

    def plan() -> object:
        return windows_for(t, START, END, 30)

    def series() -> object:
        return plan_series(t, dt.date(2026, 3, 3), 6, "weekly", 30, anchor="Lena", time=13 * 60)

    def slots() -> bytes:
        p = windows_for(t, START, END, 30)
        return export.windows_ics(p, NOW, export.slot_windows(p, best_slots(p, limit=3)), title="Golden meeting")

    text: dict[str, Callable[[], str]] = {
        "windows.json": lambda: export.plan_json(plan()),  # type: ignore[arg-type]
        "windows.csv": lambda: export.plan_csv(plan()),  # type: ignore[arg-type]
        "calendar.json": lambda: export.calendar_json(t, START, END),
        "calendar.csv": lambda: export.calendar_csv(t, START, END),
        "series.json": lambda: export.series_json(series()),  # type: ignore[arg-type]
        "series.csv": lambda: export.series_csv(series()),  # type: ignore[arg-type]
    }
    binary: dict[str, Callable[[], bytes]] = {
        "windows-available.ics": lambda: export.availability_ics(plan(), NOW),  # type: ignore[arg-type]
        "windows-slots.ics": slots,
        "calendar.ics": lambda: export.calendar_ics(t, START, END, NOW),
        "series.ics": lambda: export.series_ics(series(), NOW),  # type: ignore[arg-type]
        "series-outlook.csv": lambda: export.calendar_app_csv(
            export.series_entries(series()),
            "outlook",
            "Europe/London",  # type: ignore[arg-type]
        ),
    }
    return {
        **{name: (lambda make=make: make().encode("utf-8")) for name, make in text.items()},
        **binary,
    }
