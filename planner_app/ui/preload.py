"""Readying the pages' code while the first visitor's browser is still loading the app.

A session's first run used to import the pages (the engine, numpy, plotly), have plotly build the
classes behind each kind of chart part, pay two once-per-process costs of Streamlit's, and read the
demo team's region profiles and holiday tables, all before its first chart could leave the server.
Meanwhile the server had little to do: the browser spends a second or more loading Streamlit's own
code. So once the server has started (`lifespan`), one background thread does that work ahead: it
imports the pages, warms Streamlit and plotly, and plans the demo team over its default dates,
dropping the results. A page run that needs a module before the thread reaches it imports it itself
(Python's import lock makes the two wait for each other, never import twice).

Only what every first run needs: tables (pandas, pyarrow) and the store (SQLAlchemy, Alembic) load
when the rest of the page is drawn (ui/first_view.py). An earlier version imported those too, at
import time: its two seconds of work delayed the server's start and slowed the very file serving it
was meant to hide behind (benchmarks/app.py).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

LOG = logging.getLogger("planner_app.ui")
MODULES: tuple[str, ...] = ("planner_app.ui.app",)


def _warm_charts() -> None:
    """A figure with the trace and layout parts of the app's charts (planner_app/ui/charts.py), so
    plotly has built their classes before a page asks for them; the figure is dropped."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Heatmap(x=[0, 1], y=["a"], z=[[0.5]], text=[["a"]], texttemplate="%{text}"))
    fig.add_trace(go.Scatter(x=[0], y=["a"], mode="markers", marker=dict(size=8, line=dict(width=1))))
    fig.add_trace(go.Bar(x=[1], y=["a"], orientation="h"))
    fig.add_vrect(x0=0, x1=1, line=dict(width=1), layer="above")
    fig.update_xaxes(tickformat="%H", side="top", title=dict(text="a"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=100, legend=dict(orientation="h", entrywidth=100), hoverlabel=dict(bgcolor="white"))
    fig.to_json()


def _warm_streamlit() -> None:
    """Two once-per-process costs of Streamlit's that a first run paid before its first element: the
    image plugins of PIL (the page icon is a PNG file), and the check whether it runs in a REPL,
    which walks the caller's stack through `inspect`, slower the more modules are loaded (0.1-0.3 s
    here). The check is private to Streamlit: if it is ever renamed, only this saving is lost."""
    from PIL import Image
    from streamlit import delta_generator

    Image.preinit()
    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if callable(check):  # the server's runtime is up (lifespan), so this only sets Streamlit's flag
        check()


def _warm_demo() -> None:
    """The demo team every first visit opens on, planned over its default dates: its region profiles,
    holiday tables and zone offsets are then in memory (the plan itself is dropped)."""
    import datetime as dt

    from planner_app.teams import load_team
    from planner_app.ui.state import DEFAULT_DAYS, DEMO_TEAM
    from planner_app.windows import windows_for

    today = dt.datetime.now(dt.UTC).date()
    windows_for(load_team(DEMO_TEAM), today, today + dt.timedelta(days=DEFAULT_DAYS - 1))


def _ready(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a page run that needs the module says what is wrong, in its own words
            LOG.warning("preloading %s failed", name, exc_info=True)
    for warm in (_warm_streamlit, _warm_charts, _warm_demo):
        try:
            warm()
        except Exception:
            LOG.warning("preloading failed in %s", warm.__name__, exc_info=True)


def start(modules: tuple[str, ...] = MODULES) -> threading.Thread:
    """Start readying `modules` and the chart classes in a daemon thread; returns it (tests join it)."""
    thread = threading.Thread(target=_ready, args=(modules,), name="planner-preload", daemon=True)
    thread.start()
    return thread


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """For `st.App(..., lifespan=...)`: start once the server has started, not while it starts."""
    start()
    yield None
