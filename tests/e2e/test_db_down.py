"""A database that goes down during a browser session (issue 10, item 5): a real PostgreSQL server
is stopped and restarted under a running app; the team stays on screen, the sidebar keeps a working
Save button, and the save goes through once the server is back."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from planner_app.store import Store
from tests.harness import TIMEOUT_MS, StreamlitServer, free_port, wait_ready

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


@dataclass
class Postgres:
    """A private PostgreSQL server this test may stop and start."""

    bindir: Path
    datadir: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://planner@127.0.0.1:{self.port}/planner"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir / "db"), *args],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def start(self) -> None:  # -w: returns once the server accepts connections
        options = f"-h 127.0.0.1 -p {self.port} -k {self.datadir}"
        self._ctl("-l", str(self.datadir / "log"), "-w", "-t", "60", "-o", options, "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL for the database-down test")
        pytest.skip("PostgreSQL is not installed (scripts/with-postgres installs it)")
    bindir = Path(candidates[-1]).parent
    datadir = Path(tempfile.mkdtemp(prefix="planner-pg-down-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        shutil.chown(datadir, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(datadir / "db"), "-U", "planner", "--auth=trust", "-E", "UTF8"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    server = Postgres(bindir, datadir, free_port(), as_user)
    server.start()
    try:
        subprocess.run(
            [*as_user, str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "planner", "planner"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            server.stop()
        shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture
def app_on(postgres: Postgres, chromium_path: str) -> Iterator[str]:
    with StreamlitServer(env={"DATABASE_URL": postgres.url}) as server:
        yield server.url


def test_a_save_while_postgres_is_stopped_keeps_the_team_and_retries(
    browser: Browser, app_on: str, postgres: Postgres
) -> None:
    context = browser.new_context(viewport=VIEWPORT, timezone_id="UTC")
    try:
        page = context.new_page()
        page.goto(app_on)
        wait_ready(page)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("button", name="Save team").click()
        expect(sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)

        postgres.stop()
        sidebar.get_by_role("button", name="Save team").click()
        expect(sidebar.get_by_text("Your edits are kept in this session")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Global product team · 6 members")).to_be_visible()  # still on screen
        save = sidebar.get_by_role("button", name="Save team")
        expect(save).to_be_enabled()

        postgres.start()
        save.click()
        expect(sidebar.get_by_text("Editing version 2 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)
        assert Store(postgres.url).get_team("Global product team").version == 2
    finally:
        context.close()
