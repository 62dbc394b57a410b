"""The app and its store: planning goes on when the store cannot be written or reached, and the
database password never reaches the page (issue 10, items 2 and 3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from planner_app.store import Store
from tests.markdown_text import shown
from tests.sidebar import saved_pick
from tests.test_store import full_team
from tests.test_store_secrets import _assert_hidden, _url_forms, passwords

pytestmark = pytest.mark.usefixtures("whole_page")  # AppTest: the whole page in one run (conftest)

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _texts(at: AppTest) -> list[str]:
    """Every text the page shows (main area and sidebar)."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader", "text")
    found: list[str] = []
    for kind in kinds:
        found += [shown(getattr(element, "value", "")) for element in at.get(kind)]
        found += [shown(getattr(element, "value", "")) for element in at.sidebar.get(kind)]
    return found


def _run(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(pw=passwords, form=st.integers(min_value=0, max_value=9))
def test_the_page_never_shows_the_password_and_planning_goes_on(pw: str, form: int) -> None:
    url = _url_forms(pw)[form]
    old = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
        at.run()
    finally:
        if old is None:
            os.environ.pop("DATABASE_URL")
        else:
            os.environ["DATABASE_URL"] = old
    assert not at.exception, at.exception
    texts = _texts(at)
    assert any("Saved teams are unavailable" in text for text in texts)
    _assert_hidden(pw, texts)
    assert at.title[0].value == "Plan a meeting"
    assert len(at.get("plotly_chart")) >= 1  # the plan is still computed


def test_a_data_folder_that_cannot_be_made_disables_saving_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, "sqlite:////sys/planner-cannot-exist/planner.sqlite")
    assert any("cannot create the data folder" in shown(error.value) for error in at.sidebar.error)
    assert not [b for b in at.sidebar.button if b.label == "Save team"]
    assert at.title[0].value == "Plan a meeting"


def test_a_read_only_store_lists_teams_but_saving_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "planner.sqlite"
    store = Store(f"sqlite:///{path}")
    store.create_team(full_team())
    store.close()
    at = _run(monkeypatch, f"sqlite:///file:{path}?mode=ro&uri=true")
    assert "Payments launch" in saved_pick(at).options
    assert any("Saving is off" in shown(warning.value) for warning in at.sidebar.warning)
    save = next(b for b in at.sidebar.button if b.label == "Save team")
    assert save.disabled


def test_the_sidebar_lists_a_damaged_team_and_reads_each_version_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    store = Store(url)
    store.create_team(full_team())
    broken = store.create_team(full_team("Broken"))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE teams SET version = 2, data = 'not json' WHERE uid = ?", (broken.id,))
        conn.exec_driver_sql(
            "INSERT INTO team_versions (team_id, version, name, data, action, saved_at) "
            "SELECT id, 2, name, data, 'save', updated_at FROM teams WHERE uid = ?",
            (broken.id,),
        )
    reads: list[tuple[str, int]] = []
    original = Store.check_team

    def counting(self: Store, team_id: str, version: int) -> str | None:
        reads.append((team_id, version))
        return original(self, team_id, version)

    monkeypatch.setattr(Store, "check_team", counting)
    at = _run(monkeypatch, url)
    labels = [saved_pick(at).format_func(option) for option in saved_pick(at).options]
    assert labels == ["— this session only —", "Broken (damaged)", "Payments launch"]
    for _ in range(3):
        at.run()
    assert sorted(reads) == sorted([(broken.id, 2), (store.get_team("Payments launch").id, 1)])  # once each
    saved_pick(at).set_value("Broken").run()
    assert not at.exception
    assert any("is damaged and cannot be read" in shown(e.value) for e in at.sidebar.error)


def test_a_team_renamed_in_another_session_keeps_saving(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    at = _run(monkeypatch, url)
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    team_id = at.session_state["saved_id"]
    store = Store(url)
    store.rename_team(team_id, "Renamed elsewhere", 1)  # another session renames: version 2
    at.run()
    assert at.session_state["saved_name"] == "Renamed elsewhere"
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert "'Renamed elsewhere' was saved by someone else (now version 2" in shown(at.sidebar.warning[0].value)
    next(b for b in at.sidebar.button if b.label.startswith("Load their version 2")).click().run()
    assert at.session_state["team"].name == "Renamed elsewhere"
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert at.session_state["saved_version"] == 3
    assert store.get_team(team_id=team_id).version == 3


def test_a_database_that_goes_down_keeps_the_save_button(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from planner_app.store import StoreError

    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    at = _run(monkeypatch, url)
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert at.session_state["saved_version"] == 1

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreError("database postgresql://planner:***@db/planner: connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "list_teams", down)
        patch.setattr(Store, "save_team", down)
        at.run()
        assert "connection refused" in shown(at.sidebar.error[0].value)
        next(b for b in at.sidebar.button if b.label == "Save team").click().run()  # still there
        assert any("connection refused" in shown(e.value) for e in at.sidebar.error)
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()  # back up: the retry saves
    assert at.session_state["saved_version"] == 2
