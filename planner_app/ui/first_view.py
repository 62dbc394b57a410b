"""A session's first view: the answer on screen first, the rest on the next run.

A new visitor's browser has to fetch and start Streamlit's code for every kind of element the page
shows (about 7 MB for the whole Plan page, 4.7 MB of it the chart library) on the same two cores
that run the page. Drawn in one run, the chart waited for all of it: about twice as long as a
one-chart Streamlit app (benchmarks/app.py). So the Plan page's first run of a session draws what
answers the question, the chosen time (with add-to-calendar) and the day on everyone's clock, and
stops. A small watcher in the browser (a Streamlit component, JavaScript only) reports when that
chart is on screen, and the run this report starts draws the rest: the controls in the sidebar, and
below the chart the team's clocks, metrics, every window, the heatmap, exports and the saved teams.
Nothing above the chart moves. Each element the first view leaves out is code the browser neither
fetches nor starts before the chart: with the date, length and zone controls and the member cards
in it, the first chart took 1.62x the one-chart app's time, against 1.27x without them (the same
interleaved run, six of each, 2026-11-30 00:10 UTC).

Any other run draws the whole page, so a visitor who changes something before the report arrives
loses nothing, and a chart that cannot draw at all still gets the rest (the watcher gives up
waiting after `GIVE_UP_MS`).
"""

from __future__ import annotations

import streamlit as st

# Tests that drive the app in-process (AppTest, no browser to report the chart) set this to False and
# get the whole page in one run; tests/test_first_view.py checks both ways.
STAGED = True
GIVE_UP_MS = 15_000
_STATE = "_planner_first_view"  # absent: no run yet; "deferred": the rest is due; "done"
_JS = """
export default function ({ data, setTriggerValue }) {
  const drawn = () => document.querySelector(`.st-key-${data.chart} .js-plotly-plot .main-svg`);
  let reported = false;
  const report = () => {
    if (!reported) { reported = true; observer.disconnect(); clearTimeout(timer); setTriggerValue('drawn', true); }
  };
  const observer = new MutationObserver(() => { if (drawn()) requestAnimationFrame(report); });
  const timer = setTimeout(report, data.give_up_ms);
  if (drawn()) report(); else observer.observe(document.body, { childList: true, subtree: true });
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""


def first_run() -> bool:
    """True on a session's first run (when staging is on): the page may draw its first view only."""
    return STAGED and _STATE not in st.session_state


def rest_on_chart(chart_key: str) -> None:
    """End the first view: mount the watcher for the chart keyed `chart_key`; its report reruns."""
    st.session_state[_STATE] = "deferred"
    _WATCHER(key="planner_first_view", data={"chart": chart_key, "give_up_ms": GIVE_UP_MS}, on_drawn_change=_noop)


def deferred() -> bool:
    """True when this run drew a first view only (the caller skips what belongs to the rest)."""
    return st.session_state.get(_STATE) == "deferred"


def finish() -> None:
    """Every later run of the session draws the whole page."""
    st.session_state[_STATE] = "done"


def _noop() -> None:
    """The report's only effect is the rerun it starts (`finish` ran at the end of the first view)."""


_WATCHER = st.components.v2.component("planner_first_view", js=_JS)  # registered once per server
