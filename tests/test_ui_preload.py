"""The server's background preload (planner_app/ui/preload.py): it imports what the pages need and
warms what a first run used to pay for; a step that fails is logged, never raised into the server."""

from __future__ import annotations

import importlib.util
import logging
import sys
import threading

import pytest

from planner_app.ui import preload
from tests.harness import run_coroutine


def test_every_preloaded_module_exists() -> None:
    """A renamed module in the list would silently stop preloading: each name must resolve."""
    missing = [name for name in preload.MODULES if importlib.util.find_spec(name) is None]
    assert missing == []
    assert preload.MODULES[0] == "planner_app.ui.app"  # the pages first: the first run needs them first


def test_the_thread_imports_the_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "xml.dom.minidom", raising=False)
    thread = preload.start(("xml.dom.minidom",))
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert thread.daemon
    assert "xml.dom.minidom" in sys.modules


def test_a_module_that_fails_is_logged_and_the_rest_still_load(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delitem(sys.modules, "xml.sax.saxutils", raising=False)
    with caplog.at_level(logging.WARNING, logger="planner_app.ui"):
        thread = preload.start(("planner_app.no_such_module", "xml.sax.saxutils"))
        thread.join(timeout=120)
    assert "preloading planner_app.no_such_module failed" in caplog.text
    assert "xml.sax.saxutils" in sys.modules


def test_the_warm_ups_leave_what_a_first_run_needs_ready() -> None:
    from streamlit import delta_generator

    thread = preload.start(())
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert delta_generator._use_warning_has_been_displayed  # Streamlit's stack walk is done already
    from PIL import Image

    assert "PNG" in Image.OPEN  # the image plugins the page icon needs are loaded
    assert "plotly.graph_objects" in sys.modules


def test_a_failing_warm_up_is_logged_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ran = []

    def broken() -> None:
        raise RuntimeError("no charts today")

    monkeypatch.setattr(preload, "_warm_charts", broken)
    monkeypatch.setattr(preload, "_warm_demo", lambda: ran.append("demo"))
    with caplog.at_level(logging.WARNING, logger="planner_app.ui"):
        thread = preload.start(())
        thread.join(timeout=120)
    assert "preloading failed in broken" in caplog.text
    assert ran == ["demo"]


def test_the_lifespan_starts_the_thread_once_the_server_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[threading.Thread] = []
    monkeypatch.setattr(preload, "start", lambda: started.append(threading.current_thread()))

    async def serve() -> None:
        async with preload.lifespan(object()):
            assert len(started) == 1

    run_coroutine(serve())
