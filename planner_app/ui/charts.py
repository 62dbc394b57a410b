"""Plotly figures for the app: plain functions from results to figures, testable without a browser.

Every time shown is a member's wall-clock time from the IANA rules of its own date (via
`zones.wall_clock`); the x axes are real instants, labelled in a reference zone.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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


# One palette for the whole product: a distinct hue per status, chosen (from Okabe-Ito and Paul Tol's
# colour-blind safe sets) so that every pair stays apart under deuteranopia, protanopia and tritanopia
# (tests/test_charts.py simulates them with Machado 2009 and checks the CAM02-UCS and CIE76 distances).
COLORS = {
    "working": "#117733",  # green
    "ramadan hours": "#56B4E9",  # sky blue
    "lunch": "#F0E442",  # yellow
    "off hours": "#E8ECEF",  # pale cool grey: awake, not working
    "night": "#332288",  # indigo
    "weekend": "#A89F91",  # warm taupe
    "holiday": "#E69F00",  # orange
    "away": "#AA4499",  # purple
    "accent": "#2563EB",
}
STATUS_ORDER = ("working", "ramadan hours", "lunch", "off hours", "night", "weekend", "holiday", "away")
# The common window is an outline, never a fill: a tint over the cells would shift their hue into another
# status's colour (working green under a blue tint reads as Ramadan teal).
WINDOW_LINE = dict(color="#111827", width=3)
# The hour-by-date heatmap: how many required members are in, in three steps with a legend each.
PRESENCE_COLORS = {"none": "#E8ECEF", "some": "#88CCEE", "all": COLORS["working"]}
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


def _legend_square(name: str, color: str, line: Mapping[str, object] | None = None) -> go.Scatter:
    """A legend entry for a colour drawn by a heatmap or a shape (they have no legend of their own)."""
    marker: dict[str, object] = dict(size=12, symbol="square", color=color)
    if line is not None:
        marker["line"] = dict(line)
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, marker=marker, hoverinfo="skip")


@dataclass(frozen=True, slots=True)
class _Grid:
    """The timeline's cells: the reference day's instants and, per member, each cell's local time and status."""

    times: list[int]
    locals: list[list[dt.datetime]]
    statuses: list[list[tuple[str, str]]]


def _timeline_grid(
    plan: Plan, day: dt.date, reference: str, member_days: Mapping[str, Mapping[dt.date, DayStatus]], step: int
) -> _Grid:
    begin = local_to_utc(day, 0, reference)
    end = local_to_utc(day + dt.timedelta(days=1), 0, reference)
    times = list(range(begin, end, step * 60))
    local_rows, status_rows = [], []
    for m in plan.team.members:
        local = [zones.wall_clock(t, m.timezone) for t in times]
        local_rows.append(local)
        status_rows.append([_status_at(m, member_days[m.name], moment) for moment in local])
    return _Grid(times, local_rows, status_rows)


def _hour_label(local: dt.datetime, step: int, every: int) -> str:
    """The local hour on the cell where it starts, every `every` hours (so labels never run together at
    phone width); zones with :30 and :45 offsets get theirs on the cell that holds the full hour."""
    if local.minute < step and local.hour % every == 0:
        return f"{local.hour:02d}"
    return ""


def timeline_figure(
    plan: Plan,
    day: dt.date,
    reference: str,
    member_days: Mapping[str, Mapping[dt.date, DayStatus]],
    step: int = 30,
    label_every: int = 2,
) -> go.Figure:
    """World-clock rows for one day of the reference zone: one row per member, each cell their local
    time and status, the team's common windows outlined across all rows."""
    grid = _timeline_grid(plan, day, reference, member_days, step)
    times = grid.times
    end = local_to_utc(day + dt.timedelta(days=1), 0, reference)
    # cell edges, not centres: the cell for 10:00-10:30 spans exactly that on the axis
    edges = [zones.wall_clock(t, reference) for t in [*times, end]]
    members = list(plan.team.members)
    z, text, hover = [], [], []
    for m, local_row, status_row in zip(members, grid.locals, grid.statuses, strict=True):
        z.append([STATUS_ORDER.index(status) + 0.5 for status, _ in status_row])
        text.append([_hour_label(local, step, label_every) for local in local_row])
        hover.append(
            [
                f"<b>{escape(m.name)}</b> · {escape(m.place)}<br>{local:%a %d %b %H:%M} · {status}"
                + (f" · {escape(detail)}" if detail else "")
                for local, (status, detail) in zip(local_row, status_row, strict=True)
            ]
        )
    labels = [
        f"{escape(m.name)}<br><span style='font-size:11px;color:#6B7280'>{escape(m.place)}</span>" for m in members
    ]
    fig = go.Figure(
        go.Heatmap(
            x=edges,
            y=labels,
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=11),  # colour "auto": dark on light cells, white on dark ones
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
    centres = [zones.wall_clock(t + step * 30, reference) for t in times]  # the middle of each cell
    fig.add_trace(_pick_layer(centres, labels, times, hover))
    for w in plan.windows:
        if w.end <= times[0] or w.start >= end:
            continue
        x0 = zones.wall_clock(max(w.start, times[0]), reference)
        x1 = zones.wall_clock(min(w.end, end), reference)
        fig.add_vrect(x0=x0, x1=x1, fillcolor="rgba(0,0,0,0)", line=WINDOW_LINE, layer="above")
    for name in STATUS_ORDER:
        fig.add_trace(_legend_square(name, COLORS[name]))
    fig.add_trace(_legend_square("common window", "rgba(0,0,0,0)", WINDOW_LINE))
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True)
    # two-digit hours and no fixed step: plotly picks 2, 3 or 6 hours to fit the width, and a label as
    # narrow as "08" never has to be turned on its side at 390 px
    fig.update_xaxes(
        tickformat="%H",
        nticks=13,
        tickangle=0,
        showgrid=False,
        title=dict(text=f"hour in {zones.zone_label(reference)}", font=dict(size=11)),
        side="top",
        fixedrange=True,
    )
    # the legend gets its own band below the rows (three lines at phone width), so it never squeezes them
    _layout(fig, 190 + 52 * len(members))
    fig.update_layout(
        margin=dict(l=10, r=10, t=70, b=10),
        legend=dict(orientation="h", y=-0.02, yanchor="top", x=0, entrywidth=118, font=dict(size=12)),
    )
    return fig


def timeline_rows(
    plan: Plan,
    day: dt.date,
    reference: str,
    member_days: Mapping[str, Mapping[dt.date, DayStatus]],
    step: int = 30,
) -> list[dict[str, str]]:
    """The timeline as a table: one row per cell of the reference day, each member's local time and
    status, and whether the cell lies in a common window."""
    grid = _timeline_grid(plan, day, reference, member_days, step)
    members = list(plan.team.members)
    rows = []
    for n, t in enumerate(grid.times):
        row = {f"Time ({zones.zone_label(reference)})": f"{zones.wall_clock(t, reference):%H:%M}"}
        for k, m in enumerate(members):
            status, detail = grid.statuses[k][n]
            row[f"{m.name} · {m.place}"] = f"{grid.locals[k][n]:%a %H:%M} {status}" + (f" ({detail})" if detail else "")
        inside = any(w.start <= t and t + step * 60 <= w.end for w in plan.windows)
        row["Common window"] = "yes" if inside else ""
        rows.append(row)
    return rows


def _heatmap_grid(
    plan: Plan, reference: str, member_days: Mapping[str, Mapping[dt.date, DayStatus]]
) -> tuple[list[dt.date], list[list[int]], list[list[list[str]]]]:
    """Dates, then per hour of the reference day and date: how many required members work the whole
    hour, and who is missing (with their local time and why)."""
    required = [m for m in plan.team.members if m.required]
    dates = [plan.start + dt.timedelta(n) for n in range((plan.end - plan.start).days + 1)]
    counts, missing = [], []
    for hour in range(24):
        count_row, missing_row = [], []
        for d in dates:
            t = local_to_utc(d, hour * 60, reference)
            out = []
            for m in required:
                if plan.availability[m.name].covers(t, t + 3600):
                    continue
                local = zones.wall_clock(t, m.timezone)
                status, detail = _status_at(m, member_days[m.name], local)
                why = detail if status in ("holiday", "weekend", "away") and detail else status
                out.append(f"{m.name} ({local:%a %H:%M}: {why})")
            count_row.append(len(required) - len(out))
            missing_row.append(out)
        counts.append(count_row)
        missing.append(missing_row)
    return dates, counts, missing


MAX_DATE_LABELS = 14  # about 300 px of plot at 390 px wide, a 13 px label and a gap each


def _date_tick(d: dt.date) -> str:
    """A narrow date label, the weekday's first two letters over the day number (`Fr<br>25`): about 13 px
    wide, so a label fits each column of a fortnight, or every third of a month, at 390 px."""
    return f"{d:%a}"[:2] + f"<br>{d.day}"


def _date_ticks(dates: Sequence[dt.date]) -> tuple[list[str], list[str]]:
    """Category values and labels for the dates shown: at most 14 labels (every date of a fortnight, every
    third of a month, every seventh of a quarter), so that labels never run together at phone width."""
    every = max(1, -(-len(dates) // MAX_DATE_LABELS))
    shown = dates[::every]
    return [d.isoformat() for d in shown], [_date_tick(d) for d in shown]


def _span_title(dates: Sequence[dt.date]) -> str:
    first, last = dates[0], dates[-1]
    return f"{first:%a %d %b %Y} – {last:%a %d %b %Y}" if dates else ""


def heatmap_figure(plan: Plan, reference: str, member_days: Mapping[str, Mapping[dt.date, DayStatus]]) -> go.Figure:
    """Hour of the day (reference zone) x date: how many required members work the whole hour, and
    who is missing and why on hover."""
    dates, z, missing = _heatmap_grid(plan, reference, member_days)
    total = sum(1 for m in plan.team.members if m.required)
    hover = [
        [
            f"<b>{d:%a %d %b} {hour:02d}:00</b> · {z[hour][n]}/{total} required members"
            + (
                "<br>missing: " + "<br>".join(escape(x) for x in missing[hour][n])
                if missing[hour][n]
                else "<br>everyone is in"
            )
            for n, d in enumerate(dates)
        ]
        for hour in range(24)
    ]
    top = max(1, total)
    edge_low, edge_high = 0.5 / top, (top - 0.5) / top  # three steps: nobody, some, all required members
    scale = [
        [0, PRESENCE_COLORS["none"]],
        [edge_low, PRESENCE_COLORS["none"]],
        [edge_low, PRESENCE_COLORS["some"]],
        [edge_high, PRESENCE_COLORS["some"]],
        [edge_high, PRESENCE_COLORS["all"]],
        [1, PRESENCE_COLORS["all"]],
    ]
    keys = [d.isoformat() for d in dates]
    fig = go.Figure(
        go.Heatmap(
            x=keys,
            y=[f"{h:02d}:00" for h in range(24)],
            z=z,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            zmin=0,
            zmax=top,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=1,
        )
    )
    fig.add_trace(_legend_square(f"all {total} required in", PRESENCE_COLORS["all"]))
    fig.add_trace(_legend_square("some required in", PRESENCE_COLORS["some"]))
    fig.add_trace(_legend_square("no required member in", PRESENCE_COLORS["none"]))
    fig.update_yaxes(autorange="reversed", title=f"hour in {reference}", dtick=2, fixedrange=True)
    # a category axis with short horizontal labels centred on their columns: the long labels were slanted
    # on the top axis, each one leaning over the column to its left ("Fri 25 Dec" above Thursday's column)
    tickvals, ticktext = _date_ticks(dates)
    fig.update_xaxes(
        side="top",
        title=dict(text=_span_title(dates), font=dict(size=12)),
        type="category",
        tickmode="array",
        tickvals=tickvals,
        ticktext=ticktext,
        tickangle=0,
        tickfont=dict(size=10),
        fixedrange=True,
    )
    _layout(fig, 600)
    fig.update_layout(margin=dict(l=10, r=10, t=70, b=10), legend=dict(orientation="h", y=-0.02, yanchor="top", x=0))
    return fig


def heatmap_rows(
    plan: Plan, reference: str, member_days: Mapping[str, Mapping[dt.date, DayStatus]]
) -> list[dict[str, object]]:
    """The heatmap as a table: one row per date and hour of the reference zone, how many required
    members are in and who is missing and why."""
    dates, counts, missing = _heatmap_grid(plan, reference, member_days)
    total = sum(1 for m in plan.team.members if m.required)
    return [
        {
            "Date": f"{d:%a %d %b %Y}",
            f"Hour ({zones.zone_label(reference)})": f"{hour:02d}:00",
            "Required in": f"{counts[hour][n]} of {total}",
            "Missing": "; ".join(missing[hour][n]) or "everyone is in",
        }
        for n, d in enumerate(dates)
        for hour in range(24)
    ]


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
    keys = [d.isoformat() for d in dates]  # one category per date: cells and labels share a column
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28], vertical_spacing=0.05)
    fig.add_trace(
        go.Heatmap(
            x=keys,
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
            x=keys,
            y=working,
            marker_color=COLORS["accent"],
            name="members working",
            hovertext=[f"{d:%a %d %b}: {n} working" for d, n in zip(dates, working, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    for name in CALENDAR_ORDER:
        fig.add_trace(_legend_square(name, COLORS[name]), row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1, fixedrange=True)
    fig.update_yaxes(title="working", range=[0, len(members)], row=2, col=1, nticks=3, fixedrange=True)
    tickvals, ticktext = _date_ticks(dates)
    fig.update_xaxes(type="category", fixedrange=True)
    fig.update_xaxes(
        tickmode="array",
        tickvals=tickvals,
        ticktext=ticktext,
        tickangle=0,
        tickfont=dict(size=10),
        title=dict(text=_span_title(dates), font=dict(size=12)),
        row=2,
        col=1,
    )
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
            # two short lines: a bar's label stays within its bar's width at 390 px
            text=[f"{t:g} pts<br>{series.shares[name]:.0%}" for name, t in zip(names, totals, strict=True)],
            textposition="top center",
            cliponaxis=False,
        )
    )
    fig.add_trace(_legend_square("one block per meeting (darker = later)", "rgba(37, 99, 235, 0.95)"))
    fig.update_layout(barmode="stack", yaxis_title="cost points (lower is kinder)")
    fig.update_yaxes(range=[0, max([*totals, 1]) * 1.3])
    return _layout(fig, 380)


def series_drift_figure(series: Series) -> go.Figure:
    """Each member's local start time across the series, with the clock changes called out."""
    fig = go.Figure()
    # Okabe-Ito's colour-blind safe line colours, one per member
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#999933"]
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
    fig.add_hrect(y0=22, y1=24, fillcolor=COLORS["night"], opacity=0.15, line_width=0)
    fig.add_hrect(y0=0, y1=7, fillcolor=COLORS["night"], opacity=0.15, line_width=0)
    fig.add_trace(_legend_square("night (22:00–07:00)", "rgba(51, 34, 136, 0.15)"))
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
        # upright along its line, who moved on hover (and in the table): two changes a fortnight apart
        # (Europe and the US) no longer write over each other at phone width
        fig.add_annotation(
            x=d.date,
            y=23.8,
            text="clocks change",
            hovertext=who,
            showarrow=False,
            yanchor="top",
            xanchor="right",
            font=dict(size=11, color="#D1495B"),
            textangle=-90,
        )
    fig.update_yaxes(range=[0, 24.8], dtick=3, title="local start (hour)")
    fig.update_xaxes(title=None)
    return _layout(fig, 380)


def calendar_rows(members: Sequence[Member], days: Mapping[str, Sequence[DayStatus]]) -> list[dict[str, object]]:
    """The collaboration calendar as a table: one row per date, each member's day and why, and how many work."""
    dates = [d.date for d in days[members[0].name]] if members else []
    rows: list[dict[str, object]] = []
    for i, date in enumerate(dates):
        row: dict[str, object] = {"Date": f"{date:%a %d %b %Y}"}
        for m in members:
            d = days[m.name][i]
            row[f"{m.name} · {m.place}"] = d.label + (f" ({d.detail})" if d.detail else "")
        row["Members working"] = sum(1 for m in members if days[m.name][i].kind is DayKind.WORKING)
        rows.append(row)
    return rows


def series_burden_rows(series: Series) -> list[dict[str, object]]:
    """The burden chart as a table: one row per member, their cost per meeting, total and share."""
    rows: list[dict[str, object]] = []
    for m in series.team.members:
        row: dict[str, object] = {"Member": m.name, "Required": "yes" if m.required else "optional"}
        for o in series.held:
            row[f"#{o.index} {o.date:%d %b}"] = o.costs[m.name]
        row["Total points"] = series.totals[m.name]
        row["Share"] = f"{series.shares[m.name]:.0%}"
        rows.append(row)
    return rows


def series_drift_rows(series: Series) -> list[dict[str, object]]:
    """The drift chart as a table: one row per meeting held, each member's local start, and the clock
    changes that moved someone's local time since the meeting before."""
    rows: list[dict[str, object]] = []
    for o in series.held:
        assert o.start is not None
        row: dict[str, object] = {"#": o.index, "Date": f"{o.date:%a %d %b %Y}"}
        for m in series.team.members:
            row[f"{m.name} · {m.place}"] = f"{zones.wall_clock(o.start, m.timezone):%a %H:%M}"
        changes = [f"{x.member} {x.shift_minutes:+d} min" for x in series.drift if x.date == o.date]
        row["Clock changes"] = ", ".join(changes)
        rows.append(row)
    return rows
