"""The app's entry: page config, shared state, navigation. `streamlit_app.py` calls `run()`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner_app.ui import auth, saved, state
from planner_app.ui.components import show_error, style
from planner_app.ui.views import calendar, plan, protocol, regions, series, team

ICON = Path(__file__).with_name("icon.png")


def run() -> None:
    # a local icon: a Material icon as favicon makes every visitor's browser fetch it from Google's servers
    st.set_page_config(page_title="Culture-aware meeting planner", page_icon=str(ICON), layout="wide")
    style()
    auth.gate()  # Shared mode: nothing below runs for a visitor who is not logged in
    state.init()
    if "opened_plan" in st.session_state:
        st.info(f"Opened the saved plan {st.session_state.pop('opened_plan')}.", icon=":material/bookmark:")
    if "link_error" in st.session_state:
        show_error(f"{st.session_state.pop('link_error')}; opened the demo team instead")
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
    if page.url_path != "team" and team.unsaved(state.settings()):
        st.sidebar.warning(
            "Unsaved changes on the Team page: the plan uses the last valid team until they are fixed.",
            icon=":material/edit_note:",
        )
    # after the page: opening the store (and checking its migrations) stays off the first chart's path
    saved.sidebar()
    state.sync_url()
