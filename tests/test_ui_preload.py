"""The server's background preload: it imports what the pages need, and a module that fails to import is
logged, never raised into the server."""

from __future__ import annotations

import importlib.util
import logging
import sys

import pytest

from planner_app.ui import preload


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
