"""Series: a recurring meeting, at a fixed time or rotating so that nobody always takes the night."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from planner_app import export
from planner_app.errors import PlannerError
from planner_app.series import Series, plan_series
from planner_app.teams import Team
from planner_app.ui import charts, state
from planner_app.ui.components import esc, file_stem, show_error
from planner_app.ui.views.plan import calendar_app_downloads, save_plan_form

TIMES = [None, *range(0, 24 * 60, 15)]


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _series(
    key: str,
    _team: Team,
    start: dt.date,
    count: int,
    cadence: str,
    duration: int,
    anchor: str,
    mode: str,
    time: int | None,
) -> Series:
    return plan_series(_team, start, count, cadence, duration, anchor=anchor, mode=mode, time=time)


def _table(s: Series) -> Any:
    import pandas as pd

    rows, costs = [], []
    for o in s.occurrences:
        row: dict[str, Any] = {"#": o.index, "Date": o.date.strftime("%a %d %b %Y")}
        cost_row: dict[str, float | None] = {}
        for m in s.team.members:
            label = f"{m.name} · {m.place}"
            if o.start is None or o.end is None:
                row[label] = "—"
                cost_row[label] = None
            else:
                start = export.local_time(o.start, m.timezone)
                row[label] = f"{start.format('ddd HH:mm')} · {o.costs[m.name]:g}"
                cost_row[label] = o.costs[m.name]
        row["Note"] = ("skipped: " if o.skipped else "") + o.reason
        rows.append(row)
        costs.append(cost_row)
    frame = pd.DataFrame(rows)
    cost_frame = pd.DataFrame(costs)

    def colour(column: Any) -> list[str]:
        out = []
        for value in cost_frame[column.name]:
            if value is None or value != value:
                out.append("color: #9CA3AF")
            elif value < 15:
                out.append("background-color: #DCFCE7")
            elif value < 45:
                out.append("background-color: #FEF3C7")
            else:
                out.append("background-color: #FEE2E2")
        return out

    return frame.style.apply(colour, subset=list(cost_frame.columns))


def render() -> None:
    s = state.settings()
    team = s.team
    st.title("Recurring meeting")
    st.caption(
        f"{esc(team.name)}: plan a weekly, fortnightly or monthly meeting. Fixed keeps one time on the anchor's clock; "
        "rotate moves it so the early mornings and late nights are shared."
    )
    c1, c2, c3, c4 = st.columns([1.2, 0.8, 1.3, 1.2])
    start = c1.date_input("First meeting", value=state.today() + dt.timedelta(days=1), key="series_start")
    count = int(c2.number_input("Meetings", min_value=1, max_value=104, value=12, step=1, key="series_count"))
    cadence = c3.segmented_control("Every", ["weekly", "biweekly", "monthly"], default="weekly", key="series_cadence")
    duration = c4.select_slider("Length (min)", options=[15, 30, 45, 60, 90], value=30, key="series_duration")
    c5, c6, c7 = st.columns([1.3, 1.2, 1.2])
    anchors = [m.name for m in team.members] + ["utc"]
    first_required = next((i for i, m in enumerate(team.members) if m.required), 0)
    anchor = c5.selectbox(
        "Anchor (whose clock holds the time)",
        anchors,
        index=first_required,
        key="series_anchor",
        format_func=lambda a: "UTC" if a == "utc" else f"{a} ({team.member(a).place})",
    )
    mode = c6.segmented_control("Mode", ["fixed", "rotate"], default="fixed", key="series_mode") or "fixed"
    time = c7.selectbox(
        "Time on the anchor's clock",
        TIMES,
        key="series_time",
        disabled=mode == "rotate",
        format_func=lambda t: "best for the team" if t is None else f"{t // 60:02d}:{t % 60:02d}",
    )
    if not isinstance(start, dt.date):
        return
    try:
        series = _series(
            s.key,
            team,
            start,
            count,
            cadence or "weekly",
            int(duration),
            anchor,
            mode,
            None if mode == "rotate" else time,
        )
    except PlannerError as exc:
        show_error(str(exc))
        return
    held = series.held
    worst = max(series.totals, key=series.totals.__getitem__)
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("Meetings held", f"{len(held)} of {len(series.occurrences)}")
    k2.metric("Moved / skipped", f"{sum(o.moved for o in series.occurrences)} / {len(series.occurrences) - len(held)}")
    k3.metric("Heaviest burden", f"{worst} · {series.shares[worst]:.0%}")
    if series.time is not None:
        k4.metric(
            "Fixed time",
            f"{series.time // 60:02d}:{series.time % 60:02d} "
            f"{'UTC' if series.anchor == 'utc' else series.anchor_zone.rsplit('/', 1)[-1].replace('_', ' ')}",
        )
    else:
        k4.metric("Clock changes", len({d.date for d in series.drift}))
    st.subheader("Meetings")
    st.caption("Each member's local start and cost (green comfortable, amber stretched, red night or far from hours).")
    st.dataframe(_table(series), hide_index=True, key="series_table")
    left, right = st.columns(2)
    with left:
        st.subheader("Who carries the burden")
        st.plotly_chart(charts.series_burden_figure(series), config={"displayModeBar": False})
    with right:
        st.subheader("Local times and clock changes")
        st.plotly_chart(charts.series_drift_figure(series), config={"displayModeBar": False})
    if series.drift:
        for d in series.drift:
            st.warning(
                f"{d.date:%a %d %b}: {d.member}'s meeting moves from {d.before} to {d.after} "
                f"({d.shift_minutes:+d} min; {d.cause}).",
                icon=":material/schedule:",
            )
        best = series.stable_anchor
        best_label = "UTC" if best == "utc" else best
        st.info(
            f"An anchor of {best_label} keeps the local time stable for {series.stable_members[best]} of "
            f"{len(team.members)} members.",
            icon=":material/lightbulb:",
        )
    slug = file_stem(team.name)
    a, b, c, _ = st.columns([1, 1, 1, 1])
    a.download_button(
        "Series (.ics)",
        lambda: export.series_ics(series, state.now()),
        f"{slug}-{series.cadence}.ics",
        "text/calendar",
        icon=":material/event_repeat:",
        key="series_ics",
        on_click="ignore",
        disabled=not series.held,
        help=None if series.held else "Nothing to put in a calendar: every meeting of this series is skipped.",
    )
    b.download_button(
        "Series (.csv)",
        lambda: export.series_csv(series),
        f"{slug}-{series.cadence}.csv",
        "text/csv",
        icon=":material/table:",
        key="series_csv",
        on_click="ignore",
    )
    calendar_app_downloads(
        "series", lambda: export.series_entries(series), f"{slug}-{series.cadence}", bool(series.held)
    )
    with c.popover("Save series", icon=":material/bookmark_add:"):
        params = {
            "start": start.isoformat(),
            "count": count,
            "cadence": series.cadence,
            "duration": series.duration,
            "anchor": series.anchor,
            "mode": series.mode,
            "time": series.time,
        }
        slots = [{"start": o.start, "end": o.end} for o in series.held if o.start is not None and o.end is not None]
        base = str(getattr(st.context, "url", "") or "").split("?")[0]
        save_plan_form("series", params, slots, base)
