"""Plotly figures of the Protocol page: shared hours per week with dips labelled, and the handoff ring."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from planner_app.protocol import PairShare, Party, day_blocks
from planner_app.ui.charts import COLORS, _layout, escape

CAUSE_SHORT = {
    "holiday": "holiday",
    "away": "away",
    "ramadan": "Ramadan",
    "weekend": "weekends",
    "clock_change": "clock change",
    "partial_week": "part week",
}
SITE_COLORS = ("#2E8B57", "#2563EB", "#E08E45", "#9B7BC4", "#3AA6A0", "#B45309", "#DB2777", "#4B5563")


def dip_label(causes: Sequence[dict[str, object]]) -> str:
    """A short label for a dip: the kinds of its causes, most specific first."""
    order = ("holiday", "away", "ramadan", "clock_change", "partial_week", "weekend")
    kinds = [k for k in order if any(c.get("kind") == k for c in causes)]
    return " + ".join(CAUSE_SHORT[k] for k in kinds[:2]) + (" …" if len(kinds) > 2 else "")


def weekly_figure(share: PairShare) -> go.Figure:
    """Bars of shared hours per UTC week; dips in orange, labelled by cause, with every cause on hover."""
    weeks = share.weeks
    x = [w.week for w in weeks]
    y = [w.minutes / 60 for w in weeks]
    colors = [COLORS["holiday"] if w.causes else COLORS["working"] for w in weeks]
    hover = [
        f"week of {w.week:%d %b %Y}: {w.minutes / 60:.1f} h"
        + ("<br>" + "<br>".join(escape(str(c["text"])) for c in w.causes) if w.causes else "")
        for w in weeks
    ]
    fig = go.Figure(go.Bar(x=x, y=y, marker_color=colors, hovertext=hover, hoverinfo="text", name="shared hours"))
    median = share.median / 60
    fig.add_hline(y=median, line_dash="dot", line_color="#6B7280", annotation_text=f"median {median:.1f} h")
    for w in weeks:
        if w.causes:
            fig.add_annotation(
                x=w.week,
                y=w.minutes / 60,
                text=escape(dip_label(w.causes)),
                showarrow=False,
                yshift=12,
                font=dict(size=11),
            )
    fig.update_layout(yaxis_title="hours shared (UTC weeks)", xaxis_title=None, showlegend=False)
    return _layout(fig, 340)


def _typical_day(party: Party) -> tuple[float, float] | None:
    """The commonest UTC start and end (hours after 00:00Z) of the party's working days."""
    starts, ends, _ordinals = day_blocks(party)
    if len(starts) == 0:
        return None
    pairs = list(zip((starts % 86400 // 60).tolist(), ((ends - starts) // 60).tolist(), strict=True))
    start, length = max(set(pairs), key=pairs.count)
    return start / 60, length / 60


def handoff_ring(sites: Sequence[Party], order: Sequence[str]) -> go.Figure:
    """A 24-hour ring (UTC, 00:00 at the top, clockwise): each site's typical working day as an arc,
    and the hours no site works in grey."""
    by_name = {p.name: p for p in sites}
    fig = go.Figure()
    covered = np.zeros(24 * 4, dtype=bool)
    for i, name in enumerate(order):
        day = _typical_day(by_name[name])
        if day is None:
            continue
        start, length = day
        quarters = (np.arange(int(start * 4), int((start + length) * 4)) % 96).tolist()
        covered[quarters] = True
        theta = [(q / 4 + 0.125) * 15 for q in quarters]
        fig.add_trace(
            go.Barpolar(
                r=[1] * len(theta), base=[0.4 + 0.6 * i] * len(theta), theta=theta, width=[3.75] * len(theta),
                marker_color=SITE_COLORS[i % len(SITE_COLORS)], name=escape(name),
                hovertext=f"{escape(name)}: {start:05.2f}h UTC for {length:.1f} h", hoverinfo="text",
            )
        )  # fmt: skip
    gaps = [(q / 4 + 0.125) * 15 for q in np.flatnonzero(~covered).tolist()]
    if gaps:
        fig.add_trace(
            go.Barpolar(
                r=[0.4] * len(gaps), base=[0] * len(gaps), theta=gaps, width=[3.75] * len(gaps),
                marker_color=COLORS["night"], name="no site works", hoverinfo="name",
            )
        )  # fmt: skip
    fig.update_layout(
        polar=dict(
            angularaxis=dict(
                direction="clockwise", rotation=90, tickmode="array",
                tickvals=[h * 15 for h in range(0, 24, 3)], ticktext=[f"{h:02d}:00Z" for h in range(0, 24, 3)],
            ),
            radialaxis=dict(visible=False),
        ),
        legend=dict(orientation="h", y=-0.1, x=0),
    )  # fmt: skip
    return _layout(fig, 420)
