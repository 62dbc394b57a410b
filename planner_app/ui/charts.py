"""Plotly figures for the app: plain functions from results to figures, testable without a browser.

Every time shown is a member's wall-clock time from the IANA rules of its own date (via
`zones.wall_clock`); the x axes are real instants, labelled in a reference zone.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from planner_app import zones
from planner_app.availability import local_to_utc
from planner_app.calendars import DayKind, DayStatus, working_per_date
from planner_app.hours import AWAKE, MINUTES_PER_DAY
from planner_app.series import Series
from planner_app.teams import Member
from planner_app.windows import Plan


def escape(text: str) -> str:
    """User text for plotly labels: <, > and & escaped (plotly shows &quot; literally, so quotes stay as they are)."""
    return html.escape(text, quote=False)


# One palette for the whole product (colour-blind safe pairs, readable on white).
COLORS = {
    "working": "#2E8B57",
    "ramadan hours": "#3AA6A0",
    "lunch": "#A8D5BA",
    "off hours": "#E9EDF2",
    "night": "#C5CCD6",
    "weekend": "#9AA5B1",
    "holiday": "#E08E45",
    "away": "#9B7BC4",
    "window": "rgba(37, 99, 235, 0.16)",
    "accent": "#2563EB",
}
STATUS_ORDER = ("working", "ramadan hours", "lunch", "off hours", "night", "weekend", "holiday", "away")
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13, color="#1F2937")


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=36, b=10),
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel=dict(font=FONT, bgcolor="white"),
        legend=dict(orientation="h", y=1.08, x=0),
    )
    return fig


def _discrete_scale(order: Sequence[str]) -> list[list[object]]:
    n = len(order)
    scale: list[list[object]] = []
    for i, name in enumerate(order):
        scale += [[i / n, COLORS[name]], [(i + 1) / n, COLORS[name]]]
    return scale


def slot_status(member: Member, day: DayStatus | None, local: dt.datetime) -> tuple[str, str]:
    """What a member is doing at a local wall-clock time: a status from STATUS_ORDER and a detail."""
    minute = local.hour * 60 + local.minute
    if day is None or day.kind is not DayKind.WORKING:
        kind = day.kind.label if day is not None else "off hours"
        return kind, (day.detail if day is not None else "")
    for span in day.hours:
        if span.start <= minute < span.end:
            return ("ramadan hours" if day.ramadan else "working"), ("Ramadan hours" if day.ramadan else "")
    if day.hours and day.hours[0].start <= minute < day.hours[-1].end:
        return "lunch", "break"
    if not AWAKE.start <= minute < AWAKE.end:
        return "night", ""
    return "off hours", ""


def _status_at(member: Member, days: Mapping[dt.date, DayStatus], local: dt.datetime) -> tuple[str, str]:
    status = slot_status(member, days.get(local.date()), local)
    if status[0] in ("night", "off hours"):  # maybe inside yesterday's span that crosses midnight
        before = days.get(local.date() - dt.timedelta(days=1))
        if before is not None and before.kind is DayKind.WORKING:
            minute = local.hour * 60 + local.minute + MINUTES_PER_DAY
            if any(s.start <= minute < s.end for s in before.hours):
                return ("ramadan hours" if before.ramadan else "working"), ""
    return status


def _pick_layer(
    xs: Sequence[dt.datetime], labels: Sequence[str], times: Sequence[int], hover: Sequence[Sequence[str]]
) -> go.Scatter:
    """Invisible points on every cell, each carrying its UTC start: heatmaps cannot be selected in
    plotly, so a click on the timeline selects one of these (the Plan page reads its customdata).
    They are nearer the pointer than the heatmap, so they carry the cells' hover text too."""
    return go.Scatter(
        x=[x for _ in labels for x in xs],
        y=[label for label in labels for _ in xs],
        customdata=[t for _ in labels for t in times],
        mode="markers",
        marker=dict(size=16, symbol="square", color="rgba(0,0,0,0)"),
        selected=dict(marker=dict(opacity=0)),
        unselected=dict(marker=dict(opacity=0)),
        hovertext=[text for row in hover for text in row],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="pick a start",
    )


def timeline_figure(
    plan: Plan,
    day: dt.date,
    reference: str,
    member_days: Mapping[str, Mapping[dt.date, DayStatus]],
    step: int = 30,
) -> go.Figure:
    """World-clock rows for one day of the reference zone: one row per member, each cell their local
    time and status, the team's common windows as bands across all rows."""
    begin = local_to_utc(day, 0, reference)
    end = local_to_utc(day + dt.timedelta(days=1), 0, reference)
    times = list(range(begin, end, step * 60))
    xs = [zones.wall_clock(t, reference) for t in times]
    members = list(plan.team.members)
    z, text, hover = [], [], []
    for m in members:
        row_z, row_text, row_hover = [], [], []
        for t in times:
            local = zones.wall_clock(t, m.timezone)
            status, detail = _status_at(m, member_days[m.name], local)
            row_z.append(STATUS_ORDER.index(status))
            row_text.append(local.strftime("%H") if local.minute == 0 else "")
            extra = f" · {escape(detail)}" if detail else ""
            row_hover.append(f"<b>{escape(m.name)}</b> · {escape(m.place)}<br>{local:%a %d %b %H:%M} · {status}{extra}")
        z.append(row_z)
        text.append(row_text)
        hover.append(row_hover)
    labels = [
        f"{escape(m.name)}<br><span style='font-size:11px;color:#6B7280'>{escape(m.place)}</span>" for m in members
    ]
    fig = go.Figure(
        go.Heatmap(
            x=xs,
            y=labels,
            z=[[code + 0.5 for code in row] for row in z],
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=11, color="#111827"),
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[times] * len(members),  # each cell's UTC start, so a click picks that instant
            showscale=False,
            colorscale=_discrete_scale(STATUS_ORDER),
            zmin=0,
            zmax=len(STATUS_ORDER),
            xgap=1,
            ygap=3,
        )
    )
    fig.add_trace(_pick_layer(xs, labels, times, hover))
    for w in plan.windows:
        if w.end <= begin or w.start >= end:
            continue
        x0 = zones.wall_clock(max(w.start, begin), reference)
        x1 = zones.wall_clock(min(w.end, end), reference)
        fig.add_vrect(
            x0=x0, x1=x1, fillcolor=COLORS["window"], line=dict(color=COLORS["accent"], width=2), layer="above"
        )
    for name in STATUS_ORDER:  # a legend for the colours
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=name, marker=dict(size=11, symbol="square", color=COLORS[name])
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="common window",
            marker=dict(size=11, symbol="square", color=COLORS["window"], line=dict(color=COLORS["accent"], width=2)),
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(tickformat="%H:%M", dtick=2 * 3600 * 1000, showgrid=False, title=None, side="top")
    _layout(fig, 90 + 52 * len(members))
    fig.update_layout(margin=dict(l=10, r=10, t=70, b=10), legend=dict(orientation="h", y=-0.02, yanchor="top", x=0))
    return fig


def heatmap_figure(plan: Plan, reference: str, member_days: Mapping[str, Mapping[dt.date, DayStatus]]) -> go.Figure:
    """Hour of the day (reference zone) x date: how many required members work the whole hour, and
    who is missing and why on hover."""
    required = [m for m in plan.team.members if m.required]
    dates = [plan.start + dt.timedelta(n) for n in range((plan.end - plan.start).days + 1)]
    z, hover = [], []
    for hour in range(24):
        row, row_hover = [], []
        for d in dates:
            t = local_to_utc(d, hour * 60, reference)
            present, missing = 0, []
            for m in required:
                if plan.availability[m.name].covers(t, t + 3600):
                    present += 1
                    continue
                local = zones.wall_clock(t, m.timezone)
                status, detail = _status_at(m, member_days[m.name], local)
                why = detail if status in ("holiday", "weekend", "away") and detail else status
                missing.append(f"{escape(m.name)} ({local:%a %H:%M}: {escape(why)})")
            row.append(present)
            head = f"<b>{d:%a %d %b} {hour:02d}:00</b> · {present}/{len(required)} required members"
            row_hover.append(head + ("<br>missing: " + "<br>".join(missing) if missing else "<br>everyone is in"))
        z.append(row)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            x=[d.strftime("%a %d %b") for d in dates],
            y=[f"{h:02d}:00" for h in range(24)],
            z=z,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            zmin=0,
            zmax=max(1, len(required)),
            colorscale=[[0, "#F3F4F6"], [0.5, "#BFD7EA"], [0.999, "#5B8DB8"], [1, COLORS["working"]]],
            colorbar=dict(title="required<br>present", thickness=12, len=0.8, dtick=1),
            xgap=2,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed", title=f"hour in {reference}", dtick=2)
    fig.update_xaxes(side="top", title=None)
    return _layout(fig, 560)


CALENDAR_ORDER = ("working", "ramadan hours", "weekend", "holiday", "away")


def calendar_figure(members: Sequence[Member], days: Mapping[str, Sequence[DayStatus]]) -> go.Figure:
    """The collaboration calendar: members x dates, each cell's status, and how many work each day."""
    from plotly.subplots import make_subplots

    names = [m.name for m in members]
    first = days[names[0]]
    dates = [d.date for d in first]
    z, hover = [], []
    for m in members:
        row, row_hover = [], []
        for d in days[m.name]:
            row.append(CALENDAR_ORDER.index(d.label) + 0.5)
            detail = f" · {escape(d.detail)}" if d.detail else ""
            hours = f"<br>{', '.join(str(s) for s in d.hours)}" if d.hours else ""
            row_hover.append(
                f"<b>{escape(m.name)}</b> · {escape(m.place)}<br>{d.date:%a %d %b %Y} · {d.label}{detail}{hours}"
            )
        z.append(row)
        hover.append(row_hover)
    working = working_per_date({m.name: days[m.name] for m in members})
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28], vertical_spacing=0.05)
    fig.add_trace(
        go.Heatmap(
            x=dates,
            y=[escape(n) for n in names],
            z=z,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=_discrete_scale(CALENDAR_ORDER),
            zmin=0,
            zmax=len(CALENDAR_ORDER),
            showscale=False,
            xgap=2,
            ygap=2,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=dates,
            y=working,
            marker_color=COLORS["accent"],
            name="members working",
            hovertemplate="%{x|%a %d %b}: %{y} working<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    for name in CALENDAR_ORDER:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=name, marker=dict(size=11, symbol="square", color=COLORS[name])
            ),
            row=1,
            col=1,
        )
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_yaxes(title="working", range=[0, len(members)], row=2, col=1, nticks=3)
    fig.update_xaxes(dtick=86400000 * (1 if len(dates) <= 35 else 7), tickformat="%d %b", row=2, col=1)
    _layout(fig, 220 + 34 * len(members))
    fig.update_layout(legend=dict(orientation="h", y=-0.12, yanchor="top", x=0), margin=dict(l=10, r=10, t=10, b=10))
    return fig


def series_burden_figure(series: Series) -> go.Figure:
    """Each member's cumulative cost over a series, stacked by meeting."""
    names = [m.name for m in series.team.members]
    held = series.held
    fig = go.Figure()
    for n, o in enumerate(held):
        shade = 0.35 + 0.6 * (n / max(1, len(held) - 1))
        fig.add_trace(
            go.Bar(
                x=[escape(name) for name in names],
                y=[o.costs[name] for name in names],
                name=f"#{o.index}",
                marker_color=f"rgba(37, 99, 235, {shade:.2f})",
                marker_line=dict(color="white", width=1),
                hovertemplate=f"#{o.index} {o.date:%a %d %b}: " + "%{y:g} points<extra>%{x}</extra>",
                showlegend=False,
            )
        )
    totals = [series.totals[name] for name in names]
    fig.add_trace(
        go.Scatter(
            x=[escape(name) for name in names],
            y=totals,
            mode="text",
            showlegend=False,
            hoverinfo="skip",
            text=[f"{t:g} pts · {series.shares[name]:.0%}" for name, t in zip(names, totals, strict=True)],
            textposition="top center",
            cliponaxis=False,
        )
    )
    fig.update_layout(barmode="stack", yaxis_title="cost points (lower is kinder)")
    fig.update_yaxes(range=[0, max([*totals, 1]) * 1.18])
    return _layout(fig, 380)


def series_drift_figure(series: Series) -> go.Figure:
    """Each member's local start time across the series, with the clock changes called out."""
    fig = go.Figure()
    palette = ["#2563EB", "#E08E45", "#2E8B57", "#9B7BC4", "#D1495B", "#3AA6A0", "#6B7280", "#B8860B"]
    for n, m in enumerate(series.team.members):
        xs, ys, texts = [], [], []
        for o in series.held:
            assert o.start is not None
            local = zones.wall_clock(o.start, m.timezone)
            xs.append(o.date)
            ys.append(local.hour + local.minute / 60)
            texts.append(f"<b>{escape(m.name)}</b> #{o.index}: {local:%a %d %b %H:%M}")
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=escape(m.name),
                line=dict(shape="hv", color=palette[n % 8]),
                hovertext=texts,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.add_hrect(y0=22, y1=24, fillcolor="#C5CCD6", opacity=0.35, line_width=0)
    fig.add_hrect(y0=0, y1=7, fillcolor="#C5CCD6", opacity=0.35, line_width=0)
    seen: set[dt.date] = set()
    for d in series.drift:
        if d.date in seen:
            continue
        seen.add(d.date)
        who = ", ".join(f"{escape(x.member)} {x.shift_minutes:+d} min" for x in series.drift if x.date == d.date)
        fig.add_vline(
            x=d.date.isoformat(),
            line=dict(color="#D1495B", dash="dot"),
        )
        fig.add_annotation(
            x=d.date,
            y=24,
            text=f"clocks change: {who}",
            showarrow=False,
            yanchor="bottom",
            font=dict(size=11, color="#D1495B"),
            textangle=0,
        )
    fig.update_yaxes(range=[0, 24.8], dtick=3, title="local start (hour)")
    fig.update_xaxes(title=None)
    return _layout(fig, 380)
