"""The app and its store: planning goes on when the store cannot be written or reached, and the
database password never reaches the page (issue 10, items 2 and 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner_app.store import Store
from tests.test_store import full_team

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _texts(at: AppTest) -> list[str]:
    """Every text the page shows (main area and sidebar)."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader", "text")
    found: list[str] = []
    for kind in kinds:
        found += [str(getattr(element, "value", "")) for element in at.get(kind)]
        found += [str(getattr(element, "value", "")) for element in at.sidebar.get(kind)]
    return found


def _run(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://planner:Zq-s3cret@@127.0.0.1:5432x/db",
        "postgresql://planner:Zq-s3cret@[::1:5432/db",
        "host=127.0.0.1 port=1 password=Zq-s3cret dbname=db",
        "postgresql://planner@127.0.0.1:1/db?password=Zq-s3cret",
    ],
)
def test_the_page_never_shows_the_password_and_planning_goes_on(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    at = _run(monkeypatch, url)
    texts = _texts(at)
    assert any("Saved teams are unavailable" in text for text in texts)
    assert all("s3cret" not in text for text in texts)
    assert at.title[0].value == "Plan a meeting"
    assert len(at.get("plotly_chart")) >= 1  # the plan is still computed


def test_a_data_folder_that_cannot_be_made_disables_saving_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, "sqlite:////sys/planner-cannot-exist/planner.sqlite")
    assert any("cannot create the data folder" in error.value for error in at.sidebar.error)
    assert not [b for b in at.sidebar.button if b.label == "Save team"]
    assert at.title[0].value == "Plan a meeting"


def test_a_read_only_store_lists_teams_but_saving_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "planner.sqlite"
    store = Store(f"sqlite:///{path}")
    store.create_team(full_team())
    store.close()
    at = _run(monkeypatch, f"sqlite:///file:{path}?mode=ro&uri=true")
    assert "Payments launch" in at.sidebar.selectbox[0].options
    assert any("Saving is off" in warning.value for warning in at.sidebar.warning)
    save = next(b for b in at.sidebar.button if b.label == "Save team")
    assert save.disabled
