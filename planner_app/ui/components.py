"""Small reusable pieces of the app's pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from planner_app import export, zones
from planner_app.export import markdown_escape
from planner_app.teams import Team
from planner_app.zones import format_offset

# Static styling only: no user text ever goes through unsafe_allow_html.
CSS = """
<style>
.block-container {padding-top: 3.2rem; padding-bottom: 2rem; max-width: 1400px;}
[data-testid="stMetricValue"] {font-size: 1.45rem;}
[data-testid="stMetricLabel"] p {font-size: 0.82rem; color: #4B5563;}
h1 {font-size: 1.75rem !important; margin-bottom: 0.1rem !important;}
h3 {font-size: 1.12rem !important; margin-top: 0.6rem !important;}
div[data-testid="stCaptionContainer"] p {color: #6B7280;}
section[data-testid="stSidebar"] {width: 15.5rem !important; min-width: 15.5rem !important;}
/* long button labels wrap instead of being clipped in narrow columns ("Calendar file (.ics, 3 slots)") */
[data-testid="stDownloadButton"] button p, [data-testid="stPopover"] button p, .stButton button p
  {white-space: normal; overflow-wrap: anywhere; text-align: left;}
[data-testid="stDownloadButton"] button, [data-testid="stPopover"] button {height: auto; min-height: 2.5rem;}
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def esc(text: str) -> str:
    """User text for st.markdown: shown literally, never as links, emphasis or HTML."""
    return markdown_escape(text)


def file_stem(name: str) -> str:
    """A download file name from a team name: lower case, ASCII letters and digits, dashes."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return stem[:60] or "team"


def member_strip(team: Team, now: dt.datetime) -> None:
    """One small card per member: name, place, local time now, required or optional."""
    per_row = 6
    members = list(team.members)
    for row in range(0, len(members), per_row):
        cols = st.columns(per_row)
        for col, m in zip(cols, members[row : row + per_row], strict=False):
            local = zones.wall_clock(int(now.timestamp()), m.timezone)
            with col.container(border=True):
                role = "required" if m.required else "optional"
                offset = zones.utc_offset(m.timezone, int(now.timestamp()))
                st.markdown(f"**{esc(m.name)}**")
                st.caption(f"{esc(m.place)} · {role}  \n{local:%a %H:%M} · UTC{format_offset(offset)}")


def chart_table(label: str, rows: Sequence[Mapping[str, object]], key: str | None = None) -> None:
    """A chart's text alternative under an expander, right below the chart: the same facts as rows
    (`charts.timeline_rows`, `heatmap_rows`, `calendar_rows`, `series_burden_rows`, `series_drift_rows`)."""
    with st.expander(label, icon=":material/table_rows:"):
        st.dataframe(list(rows), hide_index=True, key=key)


def show_error(message: str) -> None:
    st.error(message, icon=":material/error:")


def calendar_app_downloads(
    key: str,
    entries: Callable[[], list[export.CalendarEntry]],
    stem: str,
    enabled: bool,
    viewer: str,
    reason: str | None = None,
) -> None:
    """Google Calendar and Outlook CSVs, times in the viewer's zone (named in the file name); when
    disabled, `reason` says why."""

    def data(app: str) -> Callable[[], bytes]:
        return lambda: export.calendar_app_csv(entries(), app, viewer)

    for column, app, label in zip(st.columns(2), export.CALENDAR_APPS, ("Google Calendar", "Outlook"), strict=True):
        column.download_button(
            f"{label} (.csv, {viewer})",
            data=data(app),
            file_name=export.calendar_app_file_name(stem, app, viewer),
            mime="text/csv",
            icon=":material/calendar_month:",
            key=f"{key}_{app}_csv",
            on_click="ignore",
            disabled=not enabled,
            help=None if enabled else (reason or "Nothing to import: no meeting to write."),
        )
