"""The app with Streamlit's AppTest: every page, default runs, edits, errors and share links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner_app import sharing
from planner_app.teams import build_team, load_team
from tests.markdown_text import shown

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label.startswith(label):
            return str(m.value)
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved teams go to a throw-away SQLite file, never the user's own store."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ui.sqlite'}")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def page(render: str) -> AppTest:
    """A single page, run on the demo team, without the router."""
    script = f"""
from planner_app.ui import state
from planner_app.ui.views import {render}
state.init()
{render}.render()
"""
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_default_run_plans_the_demo_team(app: AppTest) -> None:
    assert app.title[0].value == "Plan a meeting"
    assert "Global product team · 6 members · 3 required" in shown(app.caption[0].value)
    assert int(metric(app, "Common windows")) > 0
    assert metric(app, "Hours in common").endswith(" h")
    assert len(app.get("plotly_chart")) == 2  # timeline and heatmap
    table = app.dataframe[0].value
    assert list(table.columns[:2]) == ["#", "UTC"]
    assert "Lena · London" in table.columns
    # the URL carries the plan
    shared = sharing.decode({k: v[0] if isinstance(v, list) else v for k, v in app.query_params.items()})
    assert [m.name for m in shared.team.members] == ["Sam", "Lena", "Omar", "Priya", "Kenji", "Mia"]


def test_changing_the_range_and_length_changes_the_result(app: AppTest) -> None:
    start = app.session_state["start"]
    app.date_input(key="plan_dates").set_value((start, start)).run()
    assert not app.exception
    days = metric(app, "Days with a window")
    assert days.endswith("of 1")
    app.select_slider[0].set_value(180).run()
    assert app.session_state["duration"] == 180


def test_a_team_without_overlap_explains_why_and_offers_near_misses() -> None:
    team = build_team("Far apart", [{"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"}])
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update(sharing.encode(team, dt.date(2026, 6, 1), dt.date(2026, 6, 12), 30))
    at.run()
    assert not at.exception
    assert metric(at, "Common windows") == "0"
    warning = at.warning[0].value  # Markdown source: user text is escaped, so names stay text
    assert "no overlap between Syd \\(Sydney\\) and Lon \\(London\\)" in warning
    misses = at.dataframe[0].value
    assert len(misses) > 0
    assert any("outside hours" in str(cell) for cell in misses.iloc[0])


def test_a_damaged_share_link_opens_the_demo_team_with_a_message() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"team": "not-a-team", "from": "2026-01-01", "to": "2026-01-05"})
    at.run()
    assert not at.exception
    assert "share link: 'team' is damaged" in shown(at.error[0].value)
    assert "Global product team" in shown(at.caption[0].value)


def test_team_page_adds_a_member_by_city() -> None:
    at = page("team")
    at.text_input[1].set_value("Aisha")  # [0] is the team name
    at.selectbox[0].set_value("sa-riyadh")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert [m.name for m in at.session_state["team"].members][-1] == "Aisha"
    assert at.session_state["team"].members[-1].weekend == frozenset({4, 5})


def test_team_page_refuses_a_member_without_a_place_and_keeps_the_team() -> None:
    at = page("team")
    at.text_input[1].set_value("Nobody")
    at.button[0].click().run()
    assert "'timezone' is required when there is no 'region'" in shown(at.error[0].value)
    assert len(at.session_state["team"].members) == 6


def test_team_page_renames_the_team() -> None:
    at = page("team")
    at.text_input[0].set_value("Payments launch").run()
    assert at.session_state["team"].name == "Payments launch"


def test_calendar_page_shows_the_month() -> None:
    at = page("calendar")
    assert at.title[0].value == "Collaboration calendar"
    assert len(at.get("plotly_chart")) == 1
    assert " of " in metric(at, "Days everyone works")
    at.segmented_control[0].set_value("Quarter").run()
    assert not at.exception
    total = int(metric(at, "Days everyone works").split(" of ")[1])
    assert 89 <= total <= 92


def test_regions_page_briefs_riyadh() -> None:
    at = page("regions")
    at.selectbox[0].set_value("sa-riyadh").run()
    assert not at.exception
    assert metric(at, "Weekend") == "Fri + Sat"
    assert metric(at, "Ramadan hours") == "shorter day"
    assert any("Working with colleagues here" in h.value for h in at.subheader)


def test_demo_team_file_is_valid() -> None:
    team = load_team(ROOT / "data" / "demo-team.toml")
    assert [m.required for m in team.members] == [False, True, True, True, False, False]


def test_series_page_plans_a_fixed_series_and_a_rotation() -> None:
    at = page("series")
    assert at.title[0].value == "Recurring meeting"
    assert metric(at, "Meetings held").endswith("of 12")
    assert at.selectbox[0].value == "Lena"  # the first required member anchors by default
    assert len(at.get("plotly_chart")) == 2
    fixed_time = metric(at, "Fixed time")
    assert fixed_time.endswith("London")
    at.segmented_control(key="series_mode").set_value("rotate").run()
    assert not at.exception
    assert metric(at, "Clock changes").isdigit()
    table = at.dataframe[0].value
    assert "Lena · London" in table.columns


def test_sidebar_saves_the_team_and_refuses_a_stale_save(tmp_path: Path) -> None:
    from planner_app.store import Store

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    save = next(b for b in at.sidebar.button if b.label == "Save team")
    save.click().run()
    assert not at.exception
    assert at.session_state["saved_name"] == "Global product team"
    assert at.session_state["saved_version"] == 1
    # someone else saves version 2 meanwhile
    store = Store(f"sqlite:///{tmp_path / 'ui.sqlite'}")
    theirs = store.get_team("Global product team").team
    store.save_team(store.get_team(theirs.name).id, type(theirs)(theirs.name, theirs.members[:2]), 1)
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert "saved by someone else (now version 2; you started from version 1)" in shown(at.sidebar.warning[0].value)
    assert len(at.session_state["team"].members) == 6  # my edits stay on screen
    assert store.get_team("Global product team").version == 2


def test_sidebar_loads_a_saved_team(tmp_path: Path) -> None:
    from planner_app.store import Store

    store = Store(f"sqlite:///{tmp_path / 'ui.sqlite'}")
    store.create_team(build_team("Pair", [{"name": "A", "region": "gb-london"}, {"name": "B", "region": "de-berlin"}]))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    at.sidebar.selectbox[0].set_value("Pair").run()
    assert not at.exception
    assert at.session_state["team"].name == "Pair"
    assert "Pair · 2 members" in shown(at.caption[0].value)


def test_an_unreachable_database_keeps_the_app_working(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://user:secret@127.0.0.1:1/none")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    message = shown(at.sidebar.error[0].value)
    assert message.startswith("Saved teams are unavailable: database postgresql+psycopg://user:***@127.0.0.1:1/none")
    assert "secret" not in message
    assert int(metric(at, "Common windows")) > 0


def test_a_saved_plan_link_opens_the_team_as_it_was(tmp_path: Path) -> None:
    from planner_app.store import Store

    store = Store(f"sqlite:///{tmp_path / 'ui.sqlite'}")
    pair = build_team("Pair", [{"name": "A", "region": "gb-london"}, {"name": "B", "region": "de-berlin"}])
    store.create_team(pair)
    plan = store.save_plan(
        "Pair", "windows", "Kick-off", {"from": "2026-06-01", "to": "2026-06-05", "duration": 60}, []
    )
    pair_id = store.get_team("Pair").id
    store.save_team(pair_id, build_team("Pair", [{"name": "A", "region": "gb-london"}]), 1)  # the team changes later
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["plan"] = plan.token
    at.run()
    assert not at.exception
    assert "Opened the saved plan Kick-off (windows, team Pair version 1)" in shown(at.info[0].value)
    assert [m.name for m in at.session_state["team"].members] == ["A", "B"]
    assert (at.session_state["start"], at.session_state["duration"]) == (dt.date(2026, 6, 1), 60)
    assert metric(at, "Days with a window") == "5 of 5"


def test_a_save_while_the_database_is_down_keeps_the_edits_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner_app.store import Store, StoreError

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert at.session_state["saved_version"] == 1

    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreError("database sqlite:///planner.sqlite: disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "save_team", down)
        at.session_state["team"] = build_team("Global product team", [{"name": "Lena", "region": "gb-london"}])
        next(b for b in at.sidebar.button if b.label == "Save team").click().run()
        assert "disk I/O error" in shown(at.sidebar.error[0].value)
        assert [m.name for m in at.session_state["team"].members] == ["Lena"]  # the edit is still on screen
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert at.session_state["saved_version"] == 2
    assert [
        m.name for m in Store(f"sqlite:///{tmp_path / 'ui.sqlite'}").get_team("Global product team").team.members
    ] == ["Lena"]


def test_a_share_link_round_trips_a_length_the_slider_does_not_list() -> None:
    """A link with duration=25 opens as 25 minutes (it used to snap to 30), and the link it writes back
    carries 25 again."""
    team = build_team("Pair", [{"name": "Ana", "region": "es-madrid"}, {"name": "Ben", "region": "gb-london"}])
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    params = sharing.encode(team, dt.date(2026, 6, 1), dt.date(2026, 6, 5), 25)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    assert at.session_state["duration"] == 25
    (length,) = [s for s in at.select_slider if s.label == "Meeting length (minutes)"]
    assert length.value == 25
    written = {key: at.query_params[key] for key in params}
    assert written["duration"] == "25"
    assert sharing.decode(written).duration == 25
