"""Two app servers on one PostgreSQL (issue 10, item 6), through the browser: a team saved through
one server is listed by the other, and a stale save across them is refused with the newer version."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.harness import TIMEOUT_MS, StreamlitServer, current_run, saved_team_picker, wait_ready
from tests.test_store import HAS_PG, PG_URL, _reset_postgres

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def two_servers(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    if not HAS_PG:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the two-server test against PostgreSQL (DATABASE_URL is not set)")
        pytest.skip("no PostgreSQL server: run through scripts/with-postgres (make test does)")
    _reset_postgres(PG_URL)
    servers = [StreamlitServer(env={"DATABASE_URL": PG_URL}) for _ in (1, 2)]
    try:
        for server in servers:
            server.start()  # returns once /_stcore/health answers
        yield [server.url for server in servers]
    finally:
        for server in servers:
            server.stop()
        _reset_postgres(PG_URL)


def settled(page: Page, action: Callable[[], None]) -> None:
    """Do `action` (a click that reruns the app) and wait until a later run has finished: a click made
    while the page is still running the run before can be dropped when that run redraws the control,
    which on a busy machine happened (the second server's save never reached its server)."""
    before = current_run(page)
    action()
    wait_ready(page, after=before)


@pytest.fixture
def open_on(browser: Browser) -> Iterator[Callable[[str], Page]]:
    contexts = []

    def open_page(url: str) -> Page:
        context = browser.new_context(viewport=VIEWPORT, timezone_id="UTC")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        wait_ready(page)  # the app's own marker: the run, sidebar included, has finished
        expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Save team")).to_be_visible()
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
    settled(one, lambda: one_sidebar.get_by_role("button", name="Save team").click())
    expect(one_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)

    two = open_on(second)
    two_sidebar = two.get_by_test_id("stSidebar")
    saved_team_picker(two).click()
    settled(two, lambda: two.get_by_role("option", name="Global product team").click())  # listed by the other server
    expect(two_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)

    settled(one, lambda: one_sidebar.get_by_role("button", name="Save team").click())  # version 2, first server
    expect(one_sidebar.get_by_text("Editing version 2 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)

    settled(two, lambda: two_sidebar.get_by_role("button", name="Save team").click())  # the second edits version 1
    expect(two_sidebar.get_by_text("saved by someone else (now version 2; you started from version 1)")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(two_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible()
