"""Two app servers on one PostgreSQL (issue 10, item 6), through the browser: a team saved through
one server is listed by the other, and a stale save across them is refused with the newer version."""

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
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.test_store import HAS_PG, PG_URL, _reset_postgres

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
STARTUP_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - local
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def two_servers(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    if not HAS_PG:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the two-server test against PostgreSQL (DATABASE_URL is not set)")
        pytest.skip("no PostgreSQL server: run through scripts/with-postgres (make test does)")
    _reset_postgres(PG_URL)
    folder = tmp_path_factory.mktemp("servers")
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for number in (1, 2):
            port = _free_port()
            log = (folder / f"streamlit-{number}.log").open("wb")
            command = [
                sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            ]  # fmt: skip
            env = {**os.environ, "DATABASE_URL": PG_URL}
            processes.append(subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for process, url in zip(processes, urls, strict=True):
            while not _healthy(url):
                assert process.poll() is None, f"streamlit exited with {process.returncode}"
                assert time.monotonic() < deadline, f"streamlit at {url} did not become healthy"
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        _reset_postgres(PG_URL)


@pytest.fixture
def open_on(browser: Browser) -> Iterator[Callable[[str], Page]]:
    contexts = []

    def open_page(url: str) -> Page:
        context = browser.new_context(viewport=VIEWPORT, timezone_id="UTC")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Save team")).to_be_visible(timeout=60_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_team_saved_on_one_server_is_listed_and_locked_on_the_other(
    two_servers: list[str], open_on: Callable[[str], Page]
) -> None:
    first, second = two_servers
    one = open_on(first)
    one_sidebar = one.get_by_test_id("stSidebar")
    one_sidebar.get_by_role("button", name="Save team").click()
    expect(one_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=60_000)

    two = open_on(second)
    two_sidebar = two.get_by_test_id("stSidebar")
    two_sidebar.get_by_role("combobox").first.click()
    two.get_by_role("option", name="Global product team").click()  # listed by the other server
    expect(two_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=60_000)

    one_sidebar.get_by_role("button", name="Save team").click()  # version 2 through the first server
    expect(one_sidebar.get_by_text("Editing version 2 of a saved team.")).to_be_visible(timeout=60_000)

    two_sidebar.get_by_role("button", name="Save team").click()  # the second still edits version 1
    expect(two_sidebar.get_by_text("saved by someone else (now version 2; you started from version 1)")).to_be_visible(
        timeout=60_000
    )
    expect(two_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible()
