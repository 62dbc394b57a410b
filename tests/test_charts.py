"""Chart builders are plain functions: their figures are checked here without a browser."""

from __future__ import annotations

import datetime as dt

from planner_app.calendars import member_days
from planner_app.series import plan_series
from planner_app.teams import build_team
from planner_app.ui import charts
from planner_app.windows import windows_for

TEAM = build_team(
    "Charts",
    [
        {"name": "Ana", "region": "es-madrid"},
        {"name": "Omar", "region": "ae-dubai"},
        {"name": "<b>Eve</b>", "timezone": "Asia/Kolkata", "required": False},
    ],
)
START, END = dt.date(2026, 11, 30), dt.date(2026, 12, 4)  # Mon..Fri; 2-3 Dec are UAE National Day


def days_by_date() -> dict[str, dict[dt.date, object]]:
    return {
        m.name: {d.date: d for d in member_days(m, START - dt.timedelta(1), END + dt.timedelta(1))}
        for m in TEAM.members
    }


def test_timeline_has_a_row_per_member_with_each_local_status() -> None:
    plan = windows_for(TEAM, START, END)
    fig = charts.timeline_figure(plan, dt.date(2026, 11, 30), "Europe/Madrid", days_by_date())
    heat = fig.data[0]
    assert len(heat.y) == 3
    assert "&lt;b&gt;Eve&lt;/b&gt;" in heat.y[2]  # user text is escaped, never markup
    assert len(heat.x) == 48  # half hours of the Madrid day
    # Ana at 10:00 Madrid (slot 20) works; Omar at 10:00 Madrid is 13:00 Dubai: his lunch gap or work
    working = charts.STATUS_ORDER.index("working") + 0.5
    assert heat.z[0][20] == working
    assert heat.z[0][28] == charts.STATUS_ORDER.index("lunch") + 0.5  # Madrid's 14:00-15:00 break
    assert heat.z[0][2] == charts.STATUS_ORDER.index("night") + 0.5
    windows = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(windows) == sum(1 for w in plan.windows if w.start_utc.date() == dt.date(2026, 11, 30))


def test_heatmap_counts_required_members_and_names_who_is_missing() -> None:
    plan = windows_for(TEAM, START, END)
    fig = charts.heatmap_figure(plan, "Europe/Madrid", days_by_date())
    heat = fig.data[0]
    assert len(heat.z) == 24
    assert len(heat.z[0]) == 5
    assert heat.z[10][0] == 2  # Monday 10:00 Madrid: Ana and Omar both work
    assert heat.z[10][2] == 1  # Wednesday 2 Dec: Omar is on a public holiday
    assert "Omar" in heat.hovertext[10][2]
    assert "National Day" in heat.hovertext[10][2]


def test_calendar_figure_marks_holidays_and_counts_workers() -> None:
    days = {m.name: member_days(m, START, END) for m in TEAM.members}
    fig = charts.calendar_figure(list(TEAM.members), days)
    heat, bars = fig.data[0], fig.data[1]
    holiday = charts.CALENDAR_ORDER.index("holiday") + 0.5
    assert heat.z[1][2] == holiday  # Omar, Wed 2 Dec
    assert list(bars.y) == [3, 3, 2, 2, 3]


def test_series_figures() -> None:
    s = plan_series(TEAM, dt.date(2026, 10, 20), 4, "weekly", 30, anchor="Ana", time=9 * 60)
    burden = charts.series_burden_figure(s)
    assert len([t for t in burden.data if t.type == "bar"]) == len(s.held)
    drift = charts.series_drift_figure(s)
    assert [t.name for t in drift.data] == ["Ana", "Omar", "&lt;b&gt;Eve&lt;/b&gt;"]
    # Madrid leaves summer time on 25 Oct: the others' local start moves, called out on the chart
    assert any("clocks change" in a.text for a in drift.layout.annotations)
