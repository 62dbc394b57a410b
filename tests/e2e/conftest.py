"""Fixtures for the browser tests: the app on a free port, Debian's Chromium, a fresh page per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright

from tests.harness import CHROMIUM, StreamlitServer, chromium_options

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; skipped locally when missing, a failure on CI (CI=true)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (sudo apt-get install chromium, or run scripts/install-browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the browser tests: {reason}")
        pytest.skip(reason)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def app_url(chromium_path: str) -> Iterator[str]:
    """The app served by `streamlit run` on a free port of 127.0.0.1 (tests/harness.py), saved teams
    in a throw-away SQLite file; stopped at the end of the session."""
    with StreamlitServer() as server:
        yield server.url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(**chromium_options())
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """A fresh browser context (its own cookies and Streamlit session) per call, closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        # A fixed zone for the viewer, so the "Best slot (UTC)" metric does not depend on the machine.
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, timezone_id="UTC")
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[[], BrowserContext], app_url: str) -> Page:
    """A fresh page in its own context (viewport 1280x800)."""
    context = new_context()
    return context.new_page()
