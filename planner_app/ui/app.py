"""The app's entry: page config, shared state, navigation. `streamlit_app.py` calls `run()`."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from planner_app.errors import InstallationError
from planner_app.ui import auth, first_view, saved, state
from planner_app.ui.components import esc, ready_marker, show_error, style
from planner_app.ui.views import calendar, plan, protocol, regions, series, team

ICON = Path(__file__).with_name("icon.png")
LOG = logging.getLogger("planner_app.ui")
# What a visitor sees when a page fails unexpectedly: one line, no traceback, no server paths
# (.streamlit/config.toml hides Streamlit's own error details too: client.showErrorDetails = "none").
LINK_NOTICES = ("opened_plan", "link_error", "link_notice")  # set by state.init from the address
CRASH_MESSAGE = "Something went wrong on this page. Your team is kept; reload the page or try another one."


def run() -> None:
    # a local icon: a Material icon as favicon makes every visitor's browser fetch it from Google's servers
    st.set_page_config(page_title="Culture-aware meeting planner", page_icon=str(ICON), layout="wide")
    style()
    try:
        _run()
    except InstallationError as exc:  # ours, not the visitor's: said plainly, for whoever runs the server
        LOG.error("installation problem: %s", exc)
        show_error(f"The planner's installation is broken: {exc}")
        ready_marker("error")
    except Exception:  # the error boundary: st.rerun/st.stop are BaseExceptions and pass through
        LOG.exception("page failed")  # the details go to the server's log, never to the visitor
        show_error(CRASH_MESSAGE)
        ready_marker("error")


def _run() -> None:
    auth.gate()  # Shared mode: nothing below runs for a visitor who is not logged in
    state.init(saved.store)
    # what opening the link did, said once: on the run that draws the whole page (ui/first_view.py)
    if "opened_plan" in st.session_state:
        st.info(f"Opened the saved plan {esc(st.session_state['opened_plan'])}.", icon=":material/bookmark:")
    if "link_error" in st.session_state:
        show_error(f"{st.session_state['link_error']}; opened the demo team instead")
    if "link_notice" in st.session_state:
        st.warning(esc(st.session_state["link_notice"]), icon=":material/date_range:")
    pages = [
        # Streamlit serves the default page at "/" only and still reserves its url_path, so "/plan" opened
        # directly found no page: the Plan page is the default under a path nobody types, and a hidden
        # twin answers "/plan".
        st.Page(plan.render, title="Plan", icon=":material/event_available:", url_path="home", default=True),
        st.Page(plan.render, title="Plan", url_path="plan", visibility="hidden"),
        st.Page(series.render, title="Series", icon=":material/event_repeat:", url_path="series"),
        st.Page(team.render, title="Team", icon=":material/group:", url_path="team"),
        st.Page(calendar.render, title="Calendar", icon=":material/calendar_month:", url_path="calendar"),
        st.Page(protocol.render, title="Protocol", icon=":material/handshake:", url_path="protocol"),
        st.Page(regions.render, title="Regions", icon=":material/travel_explore:", url_path="regions"),
    ]
    page = st.navigation(pages, position="top")
    page.run()
    if first_view.deferred():  # the page drew its first view; the rest (and the saved teams) next run
        first_view.finish()
        state.sync_url()
        return  # the link notices above stay for that run
    first_view.finish()
    for notice in LINK_NOTICES:
        st.session_state.pop(notice, None)
    if page.url_path != "team" and team.unsaved(state.settings()):
        st.sidebar.warning(
            "Unsaved changes on the Team page: the plan uses the last valid team until they are fixed.",
            icon=":material/edit_note:",
        )
    # after the page: opening the store (and checking its migrations) stays off the first chart's path
    saved.sidebar()
    state.sync_url()
    ready_marker(page.url_path or "plan")
