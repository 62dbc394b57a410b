"""Shared mode for real (issue 10, item 1): oidc-provider-mock on 127.0.0.1 is the identity
provider, two users log in through the browser, and user B cannot see, open or overwrite user A's
team by any route the app has (sidebar, ?plan= links, guessed ids in the store)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from planner_app.store import Store, StoreError, TeamNotFound
from tests.harness import TIMEOUT_MS, StreamlitServer, free_port, saved_team_picker, wait_ready

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
STARTUP_TIMEOUT = 60.0
ALICE, BOB = "alice@example.com", "bob@example.com"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local URL
            return int(response.status)
    except (urllib.error.URLError, OSError):
        return 0


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not become ready:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """oidc-provider-mock on a free port of 127.0.0.1, with Alice's and Bob's claims."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("oidc") / "oidc.log"
    with log_path.open("wb") as log:
        command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until(
                lambda: _get(f"{url}/.well-known/openid-configuration") == 200, process, log_path, "the provider"
            )
            for email, name in ((ALICE, "Alice"), (BOB, "Bob")):
                request = urllib.request.Request(  # noqa: S310 - our own local URL
                    f"{url}/users/{urllib.parse.quote(email)}",
                    data=json.dumps({"email": email, "name": name}).encode(),
                    headers={"Content-Type": "application/json"},
                    method="PUT",
                )
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    assert response.status == 204
            yield url
        finally:
            _stop(process)


@dataclass(frozen=True)
class SharedApp:
    url: str
    database: str


@pytest.fixture(scope="module")
def shared_app(provider: str, chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedApp]:
    """The app in Shared mode: [auth] pointing at the mock provider, its own SQLite store."""
    folder = tmp_path_factory.mktemp("shared")
    database = f"sqlite:///{folder / 'shared.sqlite'}"
    secrets_file = folder / "secrets.toml"
    server = StreamlitServer(args=["--secrets.files", str(secrets_file)], log_path=folder / "streamlit.log")
    secrets_file.write_text(
        f"""DATABASE_URL = "{database}"

[auth]
redirect_uri = "{server.url}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "planner-e2e"
client_secret = "planner-e2e-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
"""
    )
    with server:  # the secrets' DATABASE_URL wins over the harness's throw-away one
        yield SharedApp(server.url, database)


@pytest.fixture
def login(browser: Browser, shared_app: SharedApp) -> Iterator[Callable[[str], Page]]:
    """`login(email)` -> a page of a fresh browser context signed in as `email` through the provider."""
    contexts: list[BrowserContext] = []

    def sign_in(email: str) -> Page:
        context = browser.new_context(viewport=VIEWPORT, timezone_id="UTC")
        contexts.append(context)
        page = context.new_page()
        page.goto(shared_app.url)
        wait_ready(page, page_name="login")
        page.get_by_role("button", name="Log in").click()
        page.get_by_placeholder("sub").fill(email)  # the provider's own authorization form
        page.get_by_role("button", name="Authorize").click()
        expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=TIMEOUT_MS)
        return page

    yield sign_in
    for context in contexts:
        context.close()


def _sidebar_teams(page: Page) -> list[str]:
    wait_ready(page)  # the whole page: a list opened during a rerun would close again
    # opened from the keyboard: in Shared mode the picker sits at the foot of an 800 px high sidebar
    # that scrolls, and there Playwright's click focused it without opening the list
    saved_team_picker(page).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option").first).to_be_visible(timeout=TIMEOUT_MS)
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [o.strip() for o in options]


def test_every_page_asks_for_login(browser: Browser, shared_app: SharedApp) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{shared_app.url}/?plan=anything")
        wait_ready(page, page_name="login")  # the run stopped at the login page
        expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Plan a meeting")).to_have_count(0)
        expect(page.get_by_text("Saved teams")).to_have_count(0)
    finally:
        context.close()


def test_user_b_cannot_see_open_or_overwrite_user_a_team(login: Callable[[str], Page], shared_app: SharedApp) -> None:
    alice = login(ALICE)
    sidebar = alice.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Save team").click()
    expect(sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)
    db = Store(shared_app.database)
    (alice_space,) = db.workspaces_of(ALICE)
    alice_store = db.workspace(alice_space.id, ALICE)
    saved = alice_store.get_team("Global product team")
    assert [h.saved_by for h in alice_store.history(team_id=saved.id)] == [ALICE]
    plan = alice_store.save_plan(
        None, "windows", "Alice only kick-off", {"from": "2026-06-01", "to": "2026-06-05", "duration": 60}, [],
        team_id=saved.id,
    )  # fmt: skip

    bob = login(BOB)
    # the sidebar lists nothing of Alice's
    assert _sidebar_teams(bob) == ["— this session only —"]
    # a saved-plan link of Alice's opens nothing of hers (the same answer as an unknown token)
    bob.goto(f"{shared_app.url}/?plan={plan.token}")
    expect(bob.get_by_text(f"no saved plan '{plan.token}'")).to_be_visible(timeout=TIMEOUT_MS)
    expect(bob.get_by_text("Alice only kick-off")).to_have_count(0)
    # Bob saving a team of the same name makes his own; Alice's stays as it was
    wait_ready(bob)
    bob_sidebar = bob.get_by_test_id("stSidebar")
    bob_sidebar.get_by_role("button", name="Save team").click()
    expect(bob_sidebar.get_by_text("Editing version 1 of a saved team.")).to_be_visible(timeout=TIMEOUT_MS)
    (bob_space,) = db.workspaces_of(BOB)
    bob_store = db.workspace(bob_space.id, BOB)
    assert bob_store.get_team("Global product team").id != saved.id
    assert alice_store.get_team(team_id=saved.id).version == 1
    # guessed ids and tokens through Bob's view of the store: not found, never forbidden
    with pytest.raises(TeamNotFound):
        bob_store.get_team(team_id=saved.id)
    with pytest.raises(StoreError, match="no saved plan"):
        bob_store.get_plan(plan.token)
    with pytest.raises(StoreError, match="no such workspace"):
        db.workspace(alice_space.id, BOB)
    # Alice still sees her team, unchanged, in her sidebar
    alice.reload()
    expect(alice.get_by_text(f"Signed in as {ALICE}")).to_be_visible(timeout=TIMEOUT_MS)
    assert "Global product team" in _sidebar_teams(alice)
