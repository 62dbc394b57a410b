"""Calendar: who works on which day, a month or a quarter at a glance, with holidays named."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner_app import export
from planner_app.calendars import DayKind, working_per_date
from planner_app.errors import PlannerError
from planner_app.ui import cache, charts, state
from planner_app.ui.components import chart_table, esc, file_stem, show_error


def _month_starts(today: dt.date, count: int = 18) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for n in range(-3, count - 3):
        year, month = divmod(first.month - 1 + n, 12)
        out.append(dt.date(first.year + year, month + 1, 1))
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


def render() -> None:
    s = state.settings()
    st.title("Collaboration calendar")
    st.caption(f"{esc(s.team.name)}: each member's working days, weekends, public holidays and days away.")
    c1, c2, _ = st.columns([1.4, 1.2, 2])
    months = _month_starts(state.today())
    start = c1.selectbox("From", months, index=3, format_func=lambda d: d.strftime("%B %Y"), key="cal_month")
    span = c2.segmented_control("Span", ["Month", "Quarter"], default="Month", key="cal_span") or "Month"
    end = _add_months(start, 1 if span == "Month" else 3) - dt.timedelta(days=1)
    try:
        days = cache.days(s.key, s.team, start, end)
    except PlannerError as exc:
        show_error(str(exc))
        return
    in_range = {
        name: [d for date, d in sorted(by_date.items()) if start <= date <= end] for name, by_date in days.items()
    }
    members = list(s.team.members)
    working = working_per_date({m.name: in_range[m.name] for m in members})
    everyone = sum(1 for w in working if w == len(members))
    holidays = sorted(
        (d.date, m.name, m.place, d.detail) for m in members for d in in_range[m.name] if d.kind is DayKind.HOLIDAY
    )
    k1, k2, k3 = st.columns(3)
    k1.metric("Days everyone works", f"{everyone} of {len(working)}")
    k2.metric("Public holidays in the team", len(holidays))
    away_days = sum(1 for m in members for d in in_range[m.name] if d.kind is DayKind.AWAY)
    k3.metric("Days away", away_days)
    st.plotly_chart(charts.calendar_figure(members, in_range), config={"displayModeBar": False}, key="calendar_chart")
    chart_table("The calendar as a table", charts.calendar_rows(members, in_range), key="calendar_table")
    if holidays:
        st.subheader("Holidays")
        st.dataframe(
            [{"Date": d.strftime("%a %d %b %Y"), "Member": n, "Place": p, "Holiday": h} for d, n, p, h in holidays],
            hide_index=True,
        )
    slug = file_stem(s.team.name)
    a, b, _ = st.columns([1, 1.5, 1.5])
    a.download_button(
        "Calendar (.csv)",
        lambda: export.calendar_csv(s.team, start, end),
        f"{slug}-calendar-{start:%Y-%m}.csv",
        "text/csv",
        icon=":material/table:",
        key="cal_csv",
        on_click="ignore",
    )
    b.download_button(
        "Holidays and days away (.ics)",
        lambda: export.calendar_ics(s.team, start, end, state.now()),
        f"{slug}-blackouts-{start:%Y-%m}.ics",
        "text/calendar",
        icon=":material/event:",
        key="cal_ics",
        on_click="ignore",
        disabled=not (holidays or away_days),
        help=None if holidays or away_days else "Nothing to put in a calendar: no holiday or day away in this range.",
    )
