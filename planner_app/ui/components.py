"""Small reusable pieces of the app's pages."""

from __future__ import annotations

import datetime as dt
import html
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
/* captions: 7:1 on white and on the grey cards (WCAG AA); Streamlit would fade them to 2.9:1 */
[data-testid="stCaptionContainer"] {opacity: 1 !important;}
[data-testid="stCaptionContainer"] p {color: #4B5563;}
section[data-testid="stSidebar"] {width: 15.5rem !important; min-width: 15.5rem !important;}
/* the Plan page's controls (drawn from its first view on): wide enough for a date range */
section[data-testid="stSidebar"]:has(.st-key-plan_controls) {width: 19rem !important; min-width: 19rem !important;}
/* long button labels wrap instead of being clipped in narrow columns ("Calendar file (.ics, 3 slots)") */
[data-testid="stDownloadButton"] button p, [data-testid="stPopover"] button p, .stButton button p
  {white-space: normal; overflow-wrap: anywhere; text-align: left;}
[data-testid="stDownloadButton"] button, [data-testid="stPopover"] button {height: auto; min-height: 2.5rem;}
.st-key-planner_ready {display: none;}
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


# Streamlit turns bare web addresses into links after the Markdown is parsed (GFM autolink literals
# work on the text, where backslash escapes are already gone): an invisible WORD JOINER (U+2060) inside
# "http://" and "www." keeps them text. E-mail addresses stay mailto links: they show the address
# they open and load nothing, and a joiner would break copying the signed-in user's address.
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)")
WORD_JOINER = "\u2060"


def esc(text: object) -> str:
    """Any user-supplied text (names, titles, error messages) as Markdown source that every Streamlit
    element shows literally: no links, images, emphasis, HTML, `$...$` math or `:directive[...]`.
    The one helper for this: every f-string with user text given to st.* goes through it."""
    unlinked = _AUTOLINK.sub(WORD_JOINER, str(text))
    return markdown_escape(unlinked).replace(":", "\\:")  # markdown_escape already covers `$` math


def without_autolinks(markdown: str) -> str:
    """A Markdown document whose user text is already escaped, with bare web addresses kept as text:
    Streamlit links `http://...` and `www....` by itself, escaped or not (a word joiner stops it)."""
    return _AUTOLINK.sub(WORD_JOINER, markdown)


READY_KEY = "planner_ready"


def ready_marker(page: str) -> None:
    """The app's own readiness signal: a hidden element, last of the run, that tests, benchmarks and
    scripts wait for (`[data-planner-ready]`). `data-run` counts this session's runs, so a waiter
    can tell the run after a click from the one before; `page` is the page that finished (or
    "error" when the error boundary caught a failure, "login" on Shared mode's login page)."""
    runs = int(st.session_state.get("_planner_runs", 0)) + 1
    st.session_state["_planner_runs"] = runs
    with st.container(key=READY_KEY):
        st.html(f'<span data-planner-ready="{esc_attr(page)}" data-run="{runs}"></span>')


def esc_attr(text: str) -> str:
    """Text for an HTML attribute value (the page names are ours; escaped all the same)."""
    return html.escape(text, quote=True)


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
    """An error box with `message` (which may carry user text) shown literally."""
    st.error(esc(message), icon=":material/error:")


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
