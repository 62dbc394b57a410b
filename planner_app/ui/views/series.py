"""Series: a recurring meeting, at a fixed time or rotating so that nobody always takes the night."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st

from planner_app import export, zones
from planner_app.errors import PlannerError
from planner_app.hours import clock_text
from planner_app.series import (
    CADENCES,
    MAX_OCCURRENCES,
    MODES,
    UTC_ANCHOR,
    Alternative,
    Series,
    anchor_member,
    anchor_token,
    plan_series,
)
from planner_app.teams import Team
from planner_app.ui import charts, saved, state
from planner_app.ui.components import calendar_app_downloads, esc, file_stem, show_error

TIMES = [None, *range(0, 24 * 60, 15)]
DURATIONS = [15, 30, 45, 60, 90, 120]
KINDS = {"comfortable": "Everyone out of the night", "hold every meeting": "Holds the most meetings"}


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
                row[label] = f"{zones.short_local(o.start, m.timezone, date=False)} · {o.costs[m.name]:g}"
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


@dataclass(frozen=True, slots=True)
class _Request:
    """What the lead asked for: the arguments of `plan_series`."""

    start: dt.date
    count: int
    cadence: str
    duration: int
    anchor: str
    mode: str
    time: int | None


def render() -> None:
    s = state.settings()
    st.title("Recurring meeting")
    st.caption(
        f"{esc(s.team.name)}: plan a weekly, fortnightly or monthly meeting. Fixed keeps one time on the anchor's "
        "clock; rotate moves it so the early mornings and late nights are shared."
    )
    request = _controls(s.team)
    if request is None:
        return
    try:
        series = _series(
            s.key,
            s.team,
            request.start,
            request.count,
            request.cadence,
            request.duration,
            request.anchor,
            request.mode,
            request.time,
        )
    except PlannerError as exc:
        show_error(str(exc))
        return
    _summary(series)
    _alternatives(series)
    st.subheader("Meetings")
    st.caption("Each member's local start and cost (green comfortable, amber stretched, red night or far from hours).")
    st.dataframe(_table(series), hide_index=True, key="series_table")
    left, right = st.columns(2)
    with left:
        st.subheader("Who carries the burden")
        st.plotly_chart(charts.series_burden_figure(series), config={"displayModeBar": False}, key="burden_chart")
    with right:
        st.subheader("Local times and clock changes")
        st.plotly_chart(charts.series_drift_figure(series), config={"displayModeBar": False}, key="drift_chart")
    _drift(series)
    _downloads(series, request)


def _controls(team: Team) -> _Request | None:
    """The series controls; None until the first date is a date."""
    c1, c2, c3, c4 = st.columns([1.2, 0.8, 1.3, 1.2])
    start = c1.date_input("First meeting", value=state.today() + dt.timedelta(days=1), key="series_start")
    count = c2.number_input("Meetings", min_value=1, max_value=MAX_OCCURRENCES, value=12, step=1, key="series_count")
    cadence = c3.segmented_control("Every", list(CADENCES), default="weekly", key="series_cadence")
    duration = c4.select_slider("Length (min)", options=DURATIONS, value=30, key="series_duration")
    c5, c6, c7 = st.columns([1.3, 1.2, 1.2])
    anchors = [anchor_token(m.name) for m in team.members] + [UTC_ANCHOR]  # a member "UTC" is not UTC
    first_required = next((i for i, m in enumerate(team.members) if m.required), 0)
    anchor = c5.selectbox(
        "Anchor (whose clock holds the time)",
        anchors,
        index=first_required,
        key="series_anchor",
        format_func=lambda a: (
            "UTC" if a == UTC_ANCHOR else f"{anchor_member(a)} ({team.member(anchor_member(a) or a).place})"
        ),
    )
    if "series_mode" not in st.session_state:  # state, not default=: an alternative's button sets it too
        st.session_state["series_mode"] = "fixed"
    mode = c6.segmented_control("Mode", list(MODES), key="series_mode") or "fixed"
    time = c7.selectbox(
        "Time on the anchor's clock",
        TIMES,
        key="series_time",
        disabled=mode == "rotate",
        format_func=lambda t: "best for the team" if t is None else clock_text(t),
    )
    if not isinstance(start, dt.date):
        return None
    fixed_time = None if mode == "rotate" else time
    return _Request(start, int(count), cadence or "weekly", int(duration), anchor, mode, fixed_time)


def _summary(series: Series) -> None:
    held = series.held
    worst = series.heaviest  # optional members weigh a fifth, as in the cost model
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("Meetings held", f"{len(held)} of {len(series.occurrences)}")
    k2.metric("Moved / skipped", f"{sum(o.moved for o in series.occurrences)} / {len(series.occurrences) - len(held)}")
    k3.metric("Heaviest burden", f"{esc(worst)} · {series.shares[worst]:.0%}")
    if series.time is not None:
        where = "UTC" if series.anchor == UTC_ANCHOR else zones.zone_label(series.anchor_zone)
        k4.metric("Fixed time", f"{clock_text(series.time)} {where}")
    else:
        k4.metric("Clock changes", len({d.date for d in series.drift}))


def _pick(time: int) -> None:
    """Fix the series at an alternative's time (a callback: it runs before the controls are drawn)."""
    st.session_state["series_time"] = time
    st.session_state["series_mode"] = "fixed"


def _alternatives(series: Series) -> None:
    """The night warning, then the fixed times worth comparing side by side, each one click away."""
    for warning in series.warnings:
        st.warning(esc(warning), icon=":material/bedtime:")
    if not series.alternatives:
        return
    st.subheader("Fixed times to choose from")
    for column, alternative in zip(st.columns(len(series.alternatives)), series.alternatives, strict=True):
        # keyed by kind, so that the page (and a browser test) can find each card, whatever its time
        with column.container(border=True, key=f"series_alternative_{_slug(alternative.kind)}"):
            _alternative_card(series, alternative)


def _slug(kind: str) -> str:
    return kind.replace(" ", "_")


def _alternative_card(series: Series, alternative: Alternative) -> None:
    chosen = series.mode == "fixed" and series.time == alternative.time
    st.markdown(f"**{esc(alternative.label)}** · {KINDS.get(alternative.kind, esc(alternative.kind))}")
    st.markdown(esc(alternative.summary.split(": ", 1)[1]))
    st.button(
        "In use" if chosen else f"Use {alternative.label}",
        key=f"series_pick_{_slug(alternative.kind)}",
        on_click=_pick,
        args=(alternative.time,),
        disabled=chosen,
        icon=":material/check_circle:" if chosen else ":material/schedule:",
    )


def _drift(series: Series) -> None:
    for d in series.drift:
        st.warning(
            f"{d.date:%a %d %b}: {esc(d.member)}'s meeting moves from {d.before} to {d.after} "
            f"({d.shift_minutes:+d} min; {esc(d.cause)}).",
            icon=":material/schedule:",
        )
    if series.drift:
        best = series.stable_anchor
        best_label = "UTC" if best == UTC_ANCHOR else esc(anchor_member(best) or best)
        st.info(
            f"An anchor of {best_label} keeps the local time stable for {series.stable_members[best]} of "
            f"{len(series.team.members)} members.",
            icon=":material/lightbulb:",
        )


def _downloads(series: Series, request: _Request) -> None:
    slug = file_stem(series.team.name)
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
        "series",
        lambda: export.series_entries(series),
        f"{slug}-{series.cadence}",
        bool(series.held),
        state.viewer_timezone(),
    )
    with c.popover("Save series", icon=":material/bookmark_add:"):
        params = {
            "start": request.start.isoformat(),
            "count": request.count,
            "cadence": series.cadence,
            "duration": series.duration,
            "anchor": series.anchor,
            "mode": series.mode,
            "time": series.time,
        }
        slots = [{"start": o.start, "end": o.end} for o in series.held if o.start is not None and o.end is not None]
        base = str(getattr(st.context, "url", "") or "").split("?")[0]
        saved.save_plan_form("series", params, slots, base)
