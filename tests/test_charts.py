"""Chart builders are plain functions: their figures are checked here without a browser."""

from __future__ import annotations

import datetime as dt
import itertools

import colorspacious
import numpy as np

from planner_app.calendars import DayStatus, member_days
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


def days_by_date() -> dict[str, dict[dt.date, DayStatus]]:
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
    assert len(heat.x) == 49  # the edges of the 48 half hours of the Madrid day
    assert len(heat.z[0]) == 48
    # Ana at 10:00 Madrid (slot 20) works; Omar at 10:00 Madrid is 13:00 Dubai: his lunch gap or work
    working = charts.STATUS_ORDER.index("working") + 0.5
    assert heat.z[0][20] == working
    assert heat.z[0][28] == charts.STATUS_ORDER.index("lunch") + 0.5  # Madrid's 14:00-15:00 break
    assert heat.z[0][2] == charts.STATUS_ORDER.index("night") + 0.5
    windows = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(windows) == sum(1 for w in plan.windows if w.start_utc.date() == dt.date(2026, 11, 30))
    # a window is an outline: no fill that would shift the cells' hues into another status's colour
    assert all(s.fillcolor == "rgba(0,0,0,0)" and s.line.width >= 2 for s in windows)


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
    assert [t.name for t in drift.data if t.mode == "lines+markers"] == ["Ana", "Omar", "&lt;b&gt;Eve&lt;/b&gt;"]
    assert any(t.name.startswith("night") for t in drift.data)  # the shaded night band is named
    # Madrid leaves summer time on 25 Oct: the others' local start moves, called out on the chart
    changes = [a for a in drift.layout.annotations if a.text == "clocks change"]
    assert changes
    assert any("Omar" in a.hovertext and "min" in a.hovertext for a in changes)  # who moved, on hover
    assert all(a.textangle == -90 for a in changes)  # upright along the line: neighbours never collide


# --- colours that read right -------------------------------------------------------------------------


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


VISIONS = (None, "deuteranomaly", "protanomaly", "tritanomaly")


def _seen(hex_colour: str, vision: str | None) -> np.ndarray:
    """The colour as a person with full (severity 100) deuteranopia, protanopia or tritanopia sees it:
    colorspacious's Machado, Oliveira & Fernandes (2009) simulation."""
    rgb = _rgb(hex_colour)
    if vision is None:
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    simulated: np.ndarray = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return simulated


def _distances(a: str, b: str) -> list[tuple[str | None, float, float]]:
    """(vision, CAM02-UCS ΔE, CIE76 ΔE*ab) between two colours for each kind of vision."""
    out = []
    for vision in VISIONS:
        x, y = _seen(a, vision), _seen(b, vision)
        ucs = float(colorspacious.deltaE(x, y, input_space="sRGB1"))
        cie76 = float(colorspacious.deltaE(x, y, input_space="sRGB1", uniform_space="CIELab"))
        out.append((vision, ucs, cie76))
    return out


def test_every_pair_of_status_colours_stays_apart_under_colour_blindness() -> None:
    colours = [charts.COLORS[name] for name in charts.STATUS_ORDER]
    assert len(set(colours)) == len(colours)
    for (i, a), (j, b) in itertools.combinations(enumerate(colours), 2):
        for vision, ucs, cie76 in _distances(a, b):
            pair = f"{charts.STATUS_ORDER[i]} vs {charts.STATUS_ORDER[j]} ({vision or 'normal vision'})"
            assert ucs >= 14, f"{pair}: CAM02-UCS ΔE {ucs:.1f}"
            assert cie76 >= 15, f"{pair}: CIE76 ΔE {cie76:.1f}"


def test_the_colour_check_itself_catches_the_old_greys() -> None:
    """The previous palette's off hours / night / weekend greys fail the same check (the issue's complaint)."""
    old = {"off hours": "#E9EDF2", "night": "#C5CCD6", "weekend": "#9AA5B1"}
    worst = min(ucs for a, b in itertools.combinations(old.values(), 2) for _, ucs, _ in _distances(a, b))
    assert worst < 14


def test_presence_colours_stay_apart_under_colour_blindness() -> None:
    for a, b in itertools.combinations(charts.PRESENCE_COLORS.values(), 2):
        assert all(ucs >= 14 for _, ucs, _ in _distances(a, b)), (a, b)


def _legend_colours(fig: object) -> set[str]:
    return {t.marker.color for t in fig.data if t.type == "scatter" and t.showlegend is not False and t.name}  # type: ignore[attr-defined]


def _scale_colours(trace: object) -> set[str]:
    return {colour for _, colour in trace.colorscale}  # type: ignore[attr-defined]


def test_every_colour_of_every_chart_is_in_its_legend() -> None:
    plan = windows_for(TEAM, START, END)
    timeline = charts.timeline_figure(plan, START, "Europe/Madrid", days_by_date())
    assert _scale_colours(timeline.data[0]) <= _legend_colours(timeline)
    assert any("window" in t.name for t in timeline.data if t.type == "scatter")
    heat = charts.heatmap_figure(plan, "Europe/Madrid", days_by_date())
    assert _scale_colours(heat.data[0]) <= _legend_colours(heat)  # the green "everyone in" cells too
    assert not heat.data[0].showscale
    days = {m.name: member_days(m, START, END) for m in TEAM.members}
    calendar = charts.calendar_figure(list(TEAM.members), days)
    assert _scale_colours(calendar.data[0]) <= _legend_colours(calendar)
    assert calendar.data[1].showlegend is not False  # the bars' colour is named too


def test_heatmap_date_labels_sit_on_their_own_columns() -> None:
    """Each x label names the date whose cells it sits over: Christmas Day's label is over the column
    where London's Lena is missing for Christmas Day, not over Thursday's full column."""
    team = build_team(
        "Xmas", [{"name": "Lena", "region": "gb-london"}, {"name": "Omar", "region": "ae-dubai"}], source="t"
    )
    start, end = dt.date(2026, 12, 21), dt.date(2026, 12, 30)
    plan = windows_for(team, start, end)
    member = {
        m.name: {d.date: d for d in member_days(m, start - dt.timedelta(1), end + dt.timedelta(1))}
        for m in team.members
    }
    fig = charts.heatmap_figure(plan, "Europe/London", member)
    heat, axis = fig.data[0], fig.layout.xaxis
    assert axis.type == "category"
    assert axis.tickangle == 0  # a slanted label on a top axis leans over the column to its left
    assert len(axis.tickvals) == len(heat.x) == 10
    assert axis.title.text == "Mon 21 Dec 2026 – Wed 30 Dec 2026"
    for value, text in zip(axis.tickvals, axis.ticktext, strict=True):
        column = list(heat.x).index(value)
        date = start + dt.timedelta(column)
        weekday, day = text.split("<br>")
        assert (weekday, int(day)) == (f"{date:%a}"[:2], date.day), (text, date)
    christmas = list(heat.x).index(list(axis.tickvals)[list(axis.ticktext).index("Fr<br>25")])
    assert heat.z[10][christmas] == 1  # 10:00 London on 25 Dec: Lena is off
    assert "Christmas Day" in heat.hovertext[10][christmas]
    assert heat.z[10][christmas - 1] == 2  # Thursday 24 Dec: both in


def test_timeline_cells_span_their_own_half_hour() -> None:
    """The x values are cell edges: the cell drawn from 10:00 to 10:30 is the one computed for 10:00."""
    plan = windows_for(TEAM, START, END)
    fig = charts.timeline_figure(plan, START, "Europe/Madrid", days_by_date())
    heat = fig.data[0]
    assert (heat.x[20].hour, heat.x[20].minute) == (10, 0)
    assert (heat.x[21].hour, heat.x[21].minute) == (10, 30)
    assert fig.layout.xaxis.dtick is None  # plotly picks the tick step that fits the width
    assert fig.layout.xaxis.tickformat == "%H"  # two characters: never turned on their side at 390 px


def test_timeline_hour_labels_are_spaced_for_a_phone() -> None:
    plan = windows_for(TEAM, START, END)
    fig = charts.timeline_figure(plan, START, "Europe/Madrid", days_by_date())
    for row in fig.data[0].text:
        labelled = [n for n, text in enumerate(row) if text]
        assert labelled, row
        assert all(b - a >= 4 for a, b in itertools.pairwise(labelled))  # at least 2 h apart
        assert all(int(row[n]) % 2 == 0 for n in labelled)
    # India is UTC+05:30: its hours are labelled on the cell that holds the full hour
    eve = fig.data[0].text[2]
    assert eve[19] == "14"  # 09:30 Madrid is 14:00 in Kolkata
    assert eve[18] == ""  # 09:00 Madrid is 13:30 there


def test_every_chart_has_a_text_table() -> None:
    plan = windows_for(TEAM, START, END)
    member = days_by_date()
    timeline = charts.timeline_rows(plan, START, "Europe/Madrid", member)
    assert len(timeline) == 48
    ten = timeline[20]
    assert ten["Time (Madrid)"] == "10:00"
    assert ten["Ana · Madrid"] == "Mon 10:00 working"
    assert ten["Omar · Dubai"].startswith("Mon 13:00")
    window_cells = [r for r in timeline if r["Common window"] == "yes"]
    assert window_cells
    assert all("working" in r["Ana · Madrid"] for r in window_cells)
    heat = charts.heatmap_rows(plan, "Europe/Madrid", member)
    assert len(heat) == 5 * 24
    wed_ten = next(r for r in heat if r["Date"] == "Wed 02 Dec 2026" and r["Hour (Madrid)"] == "10:00")
    assert wed_ten["Required in"] == "1 of 2"
    assert "National Day" in str(wed_ten["Missing"])
    days = {m.name: member_days(m, START, END) for m in TEAM.members}
    calendar = charts.calendar_rows(list(TEAM.members), days)
    assert [r["Members working"] for r in calendar] == [3, 3, 2, 2, 3]
    assert "National Day" in str(calendar[2]["Omar · Dubai"])
    s = plan_series(TEAM, dt.date(2026, 10, 20), 4, "weekly", 30, anchor="Ana", time=9 * 60)
    burden = charts.series_burden_rows(s)
    assert [r["Member"] for r in burden] == ["Ana", "Omar", "<b>Eve</b>"]
    assert burden[0]["Total points"] == s.totals["Ana"]
    drift = charts.series_drift_rows(s)
    assert len(drift) == len(s.held)
    assert str(drift[0]["Ana · Madrid"]).endswith("09:00")
    assert any(r["Clock changes"] for r in drift)


def test_date_labels_are_thinned_for_long_ranges() -> None:
    """At most 14 labels (one a column for a fortnight), each still over its own date."""
    for days in (7, 14, 31, 92):
        dates = [dt.date(2026, 12, 1) + dt.timedelta(n) for n in range(days)]
        values, texts = charts._date_ticks(dates)
        assert len(values) <= charts.MAX_DATE_LABELS
        assert values[0] == dates[0].isoformat()
        for value, text in zip(values, texts, strict=True):
            date = dt.date.fromisoformat(value)
            assert text == f"{date:%a}"[:2] + f"<br>{date.day}"
    fortnight = [dt.date(2026, 12, 1) + dt.timedelta(n) for n in range(14)]
    assert len(charts._date_ticks(fortnight)[0]) == 14
