"""Fixtures for the browser tests: the app on a free port, Debian's Chromium, a fresh page per test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The flags that work on this machine (see scripts/screenshot.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# Counts the app's finished script runs in `window.__stRuns`, so that a test can wait for the rerun
# that a click started (Streamlit marks the page stale meanwhile, and a click on a stale download
# button can be lost).
RUN_COUNTER = """
window.__stRuns = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.getAttribute("data-test-script-state") === "notRunning" && r.oldValue !== "notRunning") {
      window.__stRuns += 1;
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["data-test-script-state"]});
"""
STARTUP_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - our own local URL
            return bool(response.status == 200 and response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


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
def app_url(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by `streamlit run` on a free port; stopped at the end of the session."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("wb") as log:
        # the app's saved teams go to a throw-away SQLite file, never the user's own store
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{log_path.parent / 'e2e.sqlite'}"}
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not _healthy(url):
                if process.poll() is not None:
                    pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not answer {url}/_stcore/health within {STARTUP_TIMEOUT:.0f} s:\n"
                        + log_path.read_text(errors="replace")
                    )
                time.sleep(0.25)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """A fresh browser context (its own cookies and Streamlit session) per call, closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        # A fixed zone for the viewer, so the "Best slot (UTC)" metric does not depend on the machine.
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, timezone_id="UTC")
        context.add_init_script(RUN_COUNTER)
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
