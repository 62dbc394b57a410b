"""The app's feed controls: a saved team's holidays feed in the sidebar, and a saved plan's feed next
to the Save plan form, each created, shown as a webcal link and revoked."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner_app.store import Store

pytestmark = pytest.mark.usefixtures("whole_page")  # AppTest: the whole page in one run (conftest)

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _app(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert not at.exception, at.exception
    return at


def _codes(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.get("code")] + [str(c.value) for c in at.sidebar.get("code")]


def test_the_sidebar_creates_and_revokes_a_saved_teams_holidays_feed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    at = _app(monkeypatch, url)
    team_id = at.session_state["saved_id"]
    at.sidebar.button(key=f"feed_new_holidays_{team_id}").click().run()
    [feed] = Store(url).list_feeds(kind="team-holidays", target=team_id)
    assert any(code.startswith("webcal://") and code.endswith(f"/feeds/{feed.token}.ics") for code in _codes(at))
    at.sidebar.button(key=f"feed_revoke_holidays_{team_id}").click().run()
    assert not at.exception, at.exception
    assert Store(url).list_feeds(kind="team-holidays", target=team_id) == []
    assert Store(url).resolve_feed(feed.token) is None
    assert not any(feed.token in code for code in _codes(at))


def test_a_saved_plan_gets_a_feed_next_to_its_save_form(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    at = _app(monkeypatch, url)
    at.text_input(key="windows_plan_title").input("Kick-off").run()
    at.button(key="windows_plan_save").click().run()
    assert not at.exception, at.exception
    [plan] = Store(url).list_plans(team_id=at.session_state["saved_id"])
    at.button(key=f"feed_new_{plan.token}").click().run()
    [feed] = Store(url).list_feeds(kind="plan", target=plan.token)
    assert any(code.endswith(f"/feeds/{feed.token}.ics") for code in _codes(at))
    at.button(key=f"feed_revoke_{plan.token}").click().run()
    assert Store(url).list_feeds(kind="plan", target=plan.token) == []
