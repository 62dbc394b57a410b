"""Loading the pages' heavy libraries while the first visitor's browser is still loading the app.

A page's first run used to import pandas (Streamlit's tables), SQLAlchemy and Alembic (the store),
plotly and every page module: about two seconds of CPU before the page was done. That work ran
while the browser fetched Streamlit's chart code from this same server, so the first chart waited
for both (benchmarks/app.py measures it). The server starts one background thread that imports
them as soon as it is up; a page run that needs a module before the thread reaches it imports it
itself (Python's import lock makes the two wait for each other, never import twice).
"""

from __future__ import annotations

import importlib
import logging
import threading

LOG = logging.getLogger("planner_app.ui")

# In the order a first page run needs them: the pages and their charts, the store the sidebar opens
# after the page, then the table library Streamlit loads for the first table.
MODULES: tuple[str, ...] = (
    "planner_app.ui.app",
    "plotly.graph_objects",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "pandas",
    "pyarrow",
)


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a page run that needs the module says what is wrong, in its own words
            LOG.warning("preloading %s failed", name, exc_info=True)


def start(modules: tuple[str, ...] = MODULES) -> threading.Thread:
    """Start importing `modules` in a daemon thread; returns the thread (tests join it)."""
    thread = threading.Thread(target=_import_all, args=(modules,), name="planner-preload", daemon=True)
    thread.start()
    return thread
