"""Feeds and the read API over HTTP against the real server (`streamlit run streamlit_app.py`): one
server for pages and routes, feeds with ETag/304 and revocation, and the command line's bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from planner_app.store import Store
from planner_app.teams import load_team

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 90.0  # a budget for a busy machine, not a wait: the loop ends as soon as the server answers
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Server:
    url: str
    db: str
    team: str
    store: Store
    plan_feed: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


@contextlib.contextmanager
def serving(folder: Path, db: str) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free port of 127.0.0.1 with HOME=folder (its
    .streamlit/secrets.toml, if any, chooses the mode); yields the URL once the routes answer."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log_path = folder / "streamlit.log"
    env = {**os.environ, "DATABASE_URL": db, "HOME": str(folder)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            # readiness: Streamlit's own health check, then our route on the same server
            while _answers(f"{url}/_stcore/health") != 200 or _answers(f"{url}/api/v1/openapi.json") != 200:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not come up:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Local mode (no secrets), a saved demo team with a saved plan and its feed."""
    folder = tmp_path_factory.mktemp("api-server")
    db = f"sqlite:///{folder / 'planner.sqlite'}"
    store = Store(db)
    team = store.create_team(load_team(ROOT / "data" / "demo-team.toml"))
    start = int(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC).timestamp())
    params = {"from": "2026-03-02", "to": "2026-03-06", "duration": 30}
    plan = store.save_plan(team.team.name, "windows", "Kick-off", params, [{"start": start, "end": start + 1800}])
    feed = store.create_feed("plan", plan.token)
    with serving(folder, db) as url:
        yield Server(url, db, team.team.name, store, feed)


def planner(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "planner_app", *argv], capture_output=True, cwd=ROOT, timeout=300, check=False
    )


def test_one_server_serves_the_pages_and_the_routes(server: Server) -> None:
    page = httpx.get(server.url + "/")
    assert page.status_code == 200
    assert "<html" in page.text.lower()  # Streamlit's own front end, from the same port
    assert httpx.get(server.url + "/_stcore/health").text.strip() == "ok"
    # the chart code is named for preloading (planner_app/ui/routes.py), and the name is a real file
    link = page.headers["link"]
    assert link.startswith("<./static/js/PlotlyChart.")
    assert link.endswith(">; rel=modulepreload")
    code = httpx.get(server.url + "/" + link[3 : link.index(">")])
    assert code.status_code == 200
    assert "javascript" in code.headers["content-type"]
    assert len(code.content) > 1_000_000  # the chart library itself, not an error page
    assert "link" not in httpx.get(server.url + "/api/v1/openapi.json").headers  # HTML pages only


def test_a_feed_over_http_has_an_etag_answers_304_and_dies_when_revoked(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        first = client.get(f"/feeds/{server.plan_feed}.ics")
        assert first.status_code == 200
        assert first.headers["content-type"] == "text/calendar; charset=utf-8"
        assert first.content.startswith(b"BEGIN:VCALENDAR\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")
        assert b"X-PUBLISHED-TTL:PT1H" in first.content
        assert b"DTSTART:20260303T090000Z" in first.content
        tag = first.headers["etag"]
        assert tag.startswith('"')
        assert not tag.startswith("W/")  # a strong tag
        cached = client.get(f"/feeds/{server.plan_feed}.ics", headers={"If-None-Match": tag})
        assert (cached.status_code, cached.content) == (304, b"")
        assert server.store.revoke_feed(server.plan_feed)
        gone = client.get(f"/feeds/{server.plan_feed}.ics")
        assert (gone.status_code, gone.content) == (404, b"")


@pytest.mark.parametrize(
    ("command", "params"),
    [
        ("windows", {"from": "2026-03-02", "to": "2026-04-30", "duration": "60"}),
        ("series", {"start": "2026-03-02", "count": "12", "cadence": "weekly", "anchor": "Lena", "time": "10:00"}),
        ("series", {"start": "2026-03-02", "count": "6", "cadence": "monthly", "mode": "rotate"}),
        ("calendar", {"from": "2026-01-01", "to": "2026-12-31"}),
        ("regions", {}),
        ("regions", {"search": "saudi"}),
    ],
)
def test_api_bytes_equal_the_command_lines_byte_for_byte(server: Server, command: str, params: dict[str, str]) -> None:
    query = params if command == "regions" else {"team": server.team, **params}
    answer = httpx.get(f"{server.url}/api/v1/{command}", params=query)
    team = [] if command == "regions" else ["--team", server.team, "--db", server.db]
    flags = [part for key, value in params.items() for part in (f"--{key}", value)]
    done = planner(command, *team, *flags, "--format", "json")
    assert (answer.status_code, done.returncode) == (200, 0), done.stderr
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == done.stdout
    assert len(answer.content) > 200


@pytest.mark.parametrize(
    ("command", "params"),
    [
        ("windows", {"from": "2026-03-10", "to": "2026-03-01"}),
        ("windows", {"from": "2026-02-30", "to": "2026-03-01"}),
        ("windows", {"from": "2026-03-01", "to": "2026-03-03", "duration": "thirty"}),
        ("series", {"start": "2026-03-02", "count": "4", "anchor": "Nobody"}),
        ("series", {"start": "2026-03-02", "count": "4", "cadence": "daily"}),
        ("series", {"start": "2026-03-02", "count": "4", "time": "25:00"}),
        ("calendar", {"from": "2026-03-01"}),
    ],
)
def test_bad_parameters_are_400_with_the_command_lines_message(
    server: Server, command: str, params: dict[str, str]
) -> None:
    answer = httpx.get(f"{server.url}/api/v1/{command}", params={"team": server.team, **params})
    flags = [part for key, value in params.items() for part in (f"--{key}", value)]
    done = planner(command, "--team", server.team, "--db", server.db, *flags, "--format", "json")
    assert (answer.status_code, done.returncode) == (400, 2)
    line = done.stderr.decode().strip().splitlines()[-1]
    line = line.removeprefix(f"planner {command}: ").removeprefix("planner: ").removesuffix(" (see --help)")
    assert answer.json() == {"error": line}


def test_unknown_team_is_404_and_the_openapi_document_is_valid(server: Server) -> None:
    answer = httpx.get(
        f"{server.url}/api/v1/calendar", params={"team": "Nobody", "from": "2026-03-01", "to": "2026-03-02"}
    )
    assert (answer.status_code, answer.json()) == (404, {"error": "no saved team named 'Nobody'"})
    document = httpx.get(f"{server.url}/api/v1/openapi.json").json()
    validate(document)
    assert set(document["paths"]) >= {f"/api/v1/{c}" for c in ("windows", "series", "calendar", "regions")}
    assert (
        json.loads(httpx.get(f"{server.url}/api/v1/regions?search=riyadh").content)["regions"][0]["id"] == "sa-riyadh"
    )


SHARED_SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:1/oauth2callback"
cookie_secret = "a-throw-away-cookie-secret-for-tests"
client_id = "planner"
client_secret = "not-used"
server_metadata_url = "http://127.0.0.1:1/.well-known/openid-configuration"
"""


def test_shared_mode_over_http_reads_only_the_tokens_workspace(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    store = Store(db)
    alice = store.create_workspace("Alice's", "alice@example.org")
    bob = store.create_workspace("Bob's", "bob@example.org")
    saved = alice.create_team(load_team(ROOT / "data" / "demo-team.toml"))
    feed = alice.create_feed("team-holidays", saved.id)
    alice_token, bob_token = alice.create_api_token(), bob.create_api_token()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SHARED_SECRETS, encoding="utf-8")
    with serving(tmp_path, db) as url:
        query = {"team": saved.team.name, "from": "2026-03-01", "to": "2026-03-31"}
        assert httpx.get(f"{url}/api/v1/calendar", params=query).status_code == 401  # no token, even from here
        mine = httpx.get(f"{url}/api/v1/calendar", params=query, headers={"Authorization": f"Bearer {alice_token}"})
        assert mine.status_code == 200
        assert mine.json()["team"] == saved.team.name
        theirs = httpx.get(f"{url}/api/v1/calendar", params=query, headers={"Authorization": f"Bearer {bob_token}"})
        assert (theirs.status_code, theirs.json()) == (404, {"error": f"no saved team named {saved.team.name!r}"})
        assert httpx.get(f"{url}/feeds/{feed}.ics").status_code == 200  # a feed needs only its token
        assert alice.revoke_feed(alice_token)
        again = httpx.get(f"{url}/api/v1/calendar", params=query, headers={"Authorization": f"Bearer {alice_token}"})
        assert again.status_code == 401
        page = httpx.get(url + "/")
        assert page.status_code == 200  # the pages are still served (they ask for login)
