"""More than one app server on one PostgreSQL (issue 10, item 6), at the store level: each server
process holds its own Store (engine and connection pool); what one saves the other lists, a stale
save across them is refused, and a feed revoked on one is dead on both."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner_app.store import StaleSave, Store
from planner_app.teams import Team
from tests.test_store import HAS_PG, PG_URL, _reset_postgres, full_team

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pg() -> Iterator[str]:
    if not HAS_PG:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the storage tests against PostgreSQL (DATABASE_URL is not set)")
        pytest.skip("no PostgreSQL server: run through scripts/with-postgres (make test does)")
    _reset_postgres(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)


def _other_server(url: str, code: str) -> str:
    """Run `code` in another process with its own Store `other`; returns what it prints."""
    script = f"from planner_app.store import Store\nother = Store({url!r})\n" + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_servers_share_teams_locks_and_feeds(pg: str) -> None:
    one = Store(pg)
    saved = one.create_team(full_team())
    feed = one.create_feed("team-holidays", saved.id)
    # the other server lists the team, and saves version 2 of it
    listed = _other_server(
        pg,
        f"""
        print([t.name for t in other.list_teams()])
        saved = other.get_team(team_id={saved.id!r})
        from planner_app.teams import Team
        print(other.save_team(saved.id, Team(saved.team.name, saved.team.members[:1]), 1).version)
        print(other.feed({feed!r}) is not None)
        """,
    )
    assert listed.splitlines() == ["['Payments launch']", "2", "True"]
    # this server's session still edits version 1: refused, with the other server's version shown
    with pytest.raises(StaleSave, match="now version 2") as caught:
        one.save_team(saved.id, Team("Payments launch", full_team().members[1:]), 1)
    assert len(caught.value.current.team.members) == 1
    # revoked on this server, dead on the other
    assert one.revoke_feed(feed) is True
    assert _other_server(pg, f"print(other.feed({feed!r}))") == "None"
    # and a stale save from the other server is refused too
    refused = _other_server(
        pg,
        f"""
        from planner_app.store import StaleSave
        from planner_app.teams import Team
        saved = other.get_team(team_id={saved.id!r})
        try:
            other.save_team(saved.id, Team(saved.team.name, saved.team.members), 1)
        except StaleSave as exc:
            print(exc.current.version)
        """,
    )
    assert refused == "2"
