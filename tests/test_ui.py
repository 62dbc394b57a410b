"""The app with Streamlit's AppTest: every page, default runs, edits, errors and share links."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner_app import sharing
from planner_app.availability import local_to_utc
from planner_app.teams import Team, build_team, load_team
from planner_app.windows import windows_for
from tests.markdown_text import shown
from tests.sidebar import saved_pick

pytestmark = pytest.mark.usefixtures("whole_page")  # AppTest: the whole page in one run (conftest)

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def button(at: AppTest, label: str) -> Any:
    """The button (or form submit button) with this label."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


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
    assert list(table.columns[:2]) == ["#", "You (UTC)"]  # the viewer's zone leads (UTC in AppTest)
    assert list(table.columns[2:-1]) == ["Sam", "Lena", "Omar", "Priya", "Kenji", "Mia"]
    assert table.columns[-1] == "Cost"
    assert len(table) == int(metric(app, "Common windows"))  # every window, not the first twelve
    # the URL carries the plan
    shared = sharing.decode({k: v[0] if isinstance(v, list) else v for k, v in app.query_params.items()})
    assert [m.name for m in shared.team.members] == ["Sam", "Lena", "Omar", "Priya", "Kenji", "Mia"]


def test_changing_the_range_and_length_changes_the_result(app: AppTest) -> None:
    start = app.session_state["start"]
    app.date_input(key="plan_dates").set_value((start, start)).run()
    assert not app.exception
    days = metric(app, "Days with a window")
    assert days.endswith("of 1")
    app.select_slider(key="plan_duration").set_value(180).run()
    assert app.session_state["duration"] == 180
    # the page says what it plans, where a phone hides the sidebar that changes it
    assert f"· 180 minutes · {start:%a %d %b %Y} (dates and length" in shown(app.caption[0].value)


def test_the_summary_names_both_years_of_a_range_across_new_year(app: AppTest) -> None:
    app.date_input(key="plan_dates").set_value((dt.date(2027, 12, 27), dt.date(2028, 1, 7))).run()
    assert not app.exception
    assert "· Mon 27 Dec 2027 – Fri 07 Jan 2028 (" in shown(app.caption[0].value)


def test_a_team_without_overlap_explains_why_and_offers_near_misses() -> None:
    team = build_team("Far apart", [{"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"}])
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update(sharing.encode(team, dt.date(2026, 6, 1), dt.date(2026, 6, 12), 30))
    at.run()
    assert not at.exception
    assert metric(at, "Common windows") == "0"
    warning = " ".join(w.value for w in at.warning)  # Markdown source: user text is escaped, so names stay text
    assert "no overlap between Syd \\(Sydney\\) and Lon \\(London\\)" in warning
    misses = at.dataframe[0].value
    assert len(misses) > 0
    assert any("⚠" in str(cell) for cell in misses.iloc[0])  # minutes outside hours are marked
    # nobody agreed to a near miss: no calendar file or calendar-app CSV books it until the lead picks it
    booking = [b.proto for b in at.get("download_button") if b.proto.label.startswith(BOOKING_LABELS)]
    assert len(booking) == 4  # the card's Add to calendar, the .ics, Google Calendar and Outlook
    for button in booking:
        assert button.disabled, button.label
        assert button.help.startswith("No common window of 30 minutes (no overlap between Syd"), button.help


BOOKING_LABELS = ("Add to calendar", "Calendar file", "Google Calendar", "Outlook")


def plan_with_link(team: Team, start: dt.date, end: dt.date, at: int | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    app.query_params.update(sharing.encode(team, start, end, 30, at=at))
    app.run()
    assert not app.exception, app.exception
    return app


def card(app: AppTest) -> str:
    """The chosen-time card's text: its heading and every member's line."""
    return "\n".join(m.value for m in app.markdown if "cost" in m.value)


def test_a_picked_time_outside_every_window_is_booked_only_with_a_warning() -> None:
    team = build_team("Far apart", [{"name": "Syd", "region": "au-sydney"}, {"name": "Lon", "region": "gb-london"}])
    at = local_to_utc(dt.date(2026, 6, 2), 9 * 60, "Europe/London")  # 18:00 in Sydney
    app = plan_with_link(team, dt.date(2026, 6, 1), dt.date(2026, 6, 12), at)
    assert "**Chosen time** · Tue 2 Jun 08:00–08:30 (UTC)" in card(app)
    booking = [b.proto for b in app.get("download_button") if b.proto.label.startswith(BOOKING_LABELS)]
    assert all(not b.disabled for b in booking)
    warnings = " ".join(shown(w.value) for w in app.warning)
    assert "Required members outside their hours: Syd (Sydney) Tue 18:00, off hours" in warnings


def test_a_start_inside_a_window_shows_everyones_status() -> None:
    team = build_team(
        "Gulf and Spain",
        [
            {"name": "Omar", "region": "ae-dubai"},
            {"name": "Ana", "region": "es-madrid"},
            {"name": "Mia", "region": "au-sydney", "required": False},
        ],
    )
    app = plan_with_link(team, dt.date(2026, 3, 2), dt.date(2026, 3, 6))  # Ramadan 2026
    slider = app.select_slider(key="plan_start_slider")
    best = slider.value
    assert isinstance(best, int)
    window = next(
        w for w in windows_for(team, dt.date(2026, 3, 2), dt.date(2026, 3, 6), 30).windows if w.start <= best < w.end
    )
    later = next(t for t in range(window.start + 300, window.end - 1800 + 1, 300) if t % 300 == 0 and t != best)
    slider.set_value(later).run()  # a start other than the window's first minute
    assert not app.exception
    text = card(app)
    assert text.startswith("**Chosen time**")
    assert "**Omar** · Dubai · " in text
    assert "ramadan hours (Ramadan hours" in text
    assert "**Mia** · Sydney · optional" in text
    assert app.session_state["plan_at_picked"]
    assert app.session_state["plan_at"] == later


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
    button(at, "Add member").click().run()
    assert not at.exception
    assert [m.name for m in at.session_state["team"].members][-1] == "Aisha"
    assert at.session_state["team"].members[-1].weekend == frozenset({4, 5})


def test_team_page_refuses_a_member_without_a_place_and_keeps_the_team() -> None:
    at = page("team")
    at.text_input[1].set_value("Nobody")
    button(at, "Add member").click().run()
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
    (table,) = [d.value for d in at.dataframe if "Members working" in d.value.columns]
    assert len(table) == total  # the chart's text alternative: a row per date


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
    saved_pick(at).set_value("Pair").run()
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


def test_series_page_sets_the_alternatives_side_by_side_and_picks_one() -> None:
    """Issue 13's team: the comfortable time is chosen, the night time that holds every meeting sits beside
    it, and picking it fixes the series there with a warning that names who would be at night."""
    script = """
import streamlit as st
from planner_app.teams import build_team
from planner_app.ui import state
from planner_app.ui.views import series
state.init()
if "issue_13" not in st.session_state:
    st.session_state.issue_13 = True
    state.set_team(build_team("Issue 13", [
    {"name": "Alex", "region": "us-new-york", "required": False},
    {"name": "Hannah", "region": "gb-london"},
    {"name": "Faisal", "region": "sa-riyadh"},
    {"name": "Ravi", "timezone": "Asia/Kolkata", "country": "IN", "subdivision": "KA",
     "hours": ["09:30-13:00", "14:00-18:30"]},
    {"name": "Zoe", "region": "au-sydney", "required": False},
    ]))
series.render()
"""
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    at.date_input(key="series_start").set_value(dt.date(2027, 3, 1))
    at.select_slider(key="series_duration").set_value(45).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="series_anchor").value == "Hannah"
    assert metric(at, "Fixed time") == "11:00 London"
    assert metric(at, "Meetings held") == "11 of 12"
    assert "Fixed times to choose from" in [h.value for h in at.subheader]
    cards = [shown(m.value) for m in at.markdown]  # Markdown source: summaries are escaped, so they stay text
    assert "**11:00 London** · Everyone out of the night" in cards
    assert "**19:30 London** · Holds the most meetings" in cards
    assert "12 held, Faisal at 22:30-23:15 or 21:30-22:15, Ravi at 01:00-01:45 or 00:00-00:45" in cards
    assert not [w for w in at.warning if "at night" in w.value]  # nobody required is at night (drift warns apart)
    in_use = at.button(key="series_pick_comfortable")
    assert (in_use.label, in_use.disabled) == ("In use", True)
    policies = logging.getLogger("streamlit.elements.lib.policies")  # where Streamlit warns of set state
    records: list[logging.LogRecord] = []
    catch = logging.Handler()
    catch.emit = records.append  # type: ignore[method-assign]
    policies.addHandler(catch)
    try:
        at.button(key="series_pick_hold_every_meeting").click().run()
    finally:
        policies.removeHandler(catch)
    assert not at.exception, at.exception
    assert [r.getMessage() for r in records] == []  # the Mode control takes the pick without a warning
    assert at.selectbox(key="series_time").value == 19 * 60 + 30
    assert metric(at, "Fixed time") == "19:30 London"
    assert metric(at, "Meetings held") == "12 of 12"
    (warning,) = [shown(w.value) for w in at.warning if "at night" in shown(w.value)]
    assert "puts required members at night" in warning
    assert "Ravi at 01:00" in warning
    assert at.button(key="series_pick_hold_every_meeting").label == "In use"
    at.button(key="series_pick_comfortable").click().run()
    assert metric(at, "Fixed time") == "11:00 London"


def test_the_advisor_applies_a_change_with_the_effect_it_announced_and_undoes_it() -> None:
    team = build_team(
        "Three continents",
        [
            {"name": "Nora", "region": "us-new-york"},
            {"name": "Faisal", "region": "sa-riyadh"},
            {"name": "Mia", "region": "au-sydney"},
        ],
    )
    start, end = dt.date(2027, 5, 10), dt.date(2027, 5, 23)
    app = plan_with_link(team, start, end)
    assert metric(app, "Common windows") == "0"
    assert any(h.value == "Make it work" for h in app.subheader)
    texts = [m.value for m in app.markdown if m.value.startswith("Make ")]
    assert texts, [m.value for m in app.markdown]
    announced = int(texts[0].split(": ", 1)[1].split(" window")[0])
    app.button(key="advice_0_0").click().run()
    assert not app.exception
    assert [m.required for m in app.session_state["team"].members].count(False) == 1
    assert metric(app, "Common windows") == str(announced)
    assert announced > 0
    undo = next(b for b in app.button if b.key == "advice_undo")
    undo.click().run()
    assert not app.exception
    assert app.session_state["team"] == team
    assert metric(app, "Common windows") == "0"


def test_a_large_team_picks_the_members_shown_in_the_table() -> None:
    regions = ["gb-london", "ae-dubai", "in-bengaluru", "de-berlin", "es-madrid", "fr-paris", "pl-warsaw", "it-milan"]
    rows: list[dict[str, object]] = [{"name": f"R{n}", "region": r} for n, r in enumerate(regions)]
    rows += [
        {"name": "Opt1", "region": "jp-tokyo", "required": False},
        {"name": "Opt2", "region": "au-sydney", "required": False},
    ]
    app = plan_with_link(build_team("Ten", rows), dt.date(2026, 12, 1), dt.date(2026, 12, 4))
    table = app.dataframe[0].value
    assert list(table.columns[2:-1]) == [f"R{n}" for n in range(8)]  # required members first, eight at most
    app.multiselect[0].unselect("R7").select("Opt2").run()
    assert not app.exception
    assert list(app.dataframe[0].value.columns[2:-1]) == [*(f"R{n}" for n in range(7)), "Opt2"]
    assert "Opt1" in card(app)  # the chosen-time card always shows everyone


# --- the team builder --------------------------------------------------------------------------------

NAVIGATING = """
import streamlit as st
from planner_app.ui import state
from planner_app.ui.views import plan, team
state.init()
# the router's effect, without it: a page's widgets exist only on the runs that draw that page
(team if st.session_state.get("page", "team") == "team" else plan).render()
"""


def builder() -> AppTest:
    at = AppTest.from_string(NAVIGATING, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_new_team_is_built_from_a_pasted_list() -> None:
    at = builder()
    button(at, "New team").click().run()
    assert not at.exception
    assert "Unsaved changes" in at.warning[0].value  # an empty team cannot plan yet: the demo team stays
    assert "Add a member to start the team." in [shown(e.value) for e in at.error]
    assert len(at.session_state["team"].members) == 6
    at.text_area(key="team_paste").set_value("Ana, Madrid\nRavi, Asia/Kolkata\nPia, Porto Velho, optional\n")
    button(at, "Add these people").click().run()
    assert not at.exception
    team = at.session_state["team"]
    assert team.name == "New team"
    assert [(m.name, m.timezone, m.required) for m in team.members] == [
        ("Ana", "Europe/Madrid", True),
        ("Ravi", "Asia/Kolkata", True),
        ("Pia", "America/Porto_Velho", False),
    ]
    assert not at.warning  # the table is the team now
    table = at.data_editor[0].value
    # every member's hours are visible: the profile's (Madrid splits for lunch) and the country's defaults
    assert list(table["name"]) == ["Ana", "Ravi", "Pia"]
    assert all(str(h).strip() for h in table["hours"])
    assert list(table["weekend"]) == ["sat, sun", "sat, sun", "sat, sun"]
    assert list(table["country"]) == ["ES", "IN", "BR"]
    # cells that only repeat a default are not written to the team file
    assert "hours" not in team.members[0].given
    assert "timezone" not in team.members[0].given


def test_a_pasted_list_reports_every_bad_line() -> None:
    at = builder()
    at.text_area(key="team_paste").set_value("Ana, Madrid\nBo, Atlantis\nCy\n")
    button(at, "Add these people").click().run()
    errors = [shown(e.value) for e in at.error]
    assert any("line 2: member 'Bo': 'place' unknown place 'Atlantis'" in e for e in errors)
    assert any("line 3: member 'Cy': 'place' is missing" in e for e in errors)
    assert [m.name for m in at.session_state["team"].members][-1] == "Ana"


def test_unsaved_edits_survive_a_visit_to_another_page() -> None:
    at = builder()
    button(at, "New team").click().run()
    assert "Unsaved changes" in at.warning[0].value
    at.session_state["page"] = "plan"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Plan a meeting"
    assert "Global product team" in at.caption[0].value  # the plan kept the last valid team
    at.session_state["page"] = "team"
    at.run()
    assert not at.exception
    assert "Unsaved changes" in at.warning[0].value  # still there, and still empty
    assert len(at.data_editor[0].value) == 0
    assert at.text_input[0].value == "New team"
    button(at, "Discard changes").click().run()
    assert not at.warning
    assert len(at.data_editor[0].value) == 6


def test_an_upload_lists_every_error_with_its_row() -> None:
    at = builder()
    roster = b"name,timezone\nAna,Europe/Madrid\nBen,Mars/Base\nCy,EST\nana,Asia/Tokyo\n"
    at.file_uploader[0].set_value(("crew.csv", roster, "text/csv")).run()
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 3
    assert errors[0].startswith("crew.csv: row 3: member 'Ben': 'timezone' unknown time zone 'Mars/Base'")
    assert errors[1].startswith("crew.csv: row 4: member 'Cy': 'timezone' EST is a fixed UTC-5")
    assert errors[2] == "crew.csv: row 5: member 'ana': 'name' duplicates member 'Ana'"
    assert "3 problems; the team is unchanged." in [c.value for c in at.caption]
    assert len(at.session_state["team"].members) == 6


def test_other_pages_say_the_team_has_unsaved_changes() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not any("Unsaved changes" in w.value for w in at.sidebar.warning)
    # the Team page's draft as the lead left it: an empty new team
    at.session_state["team_draft_rows"] = []
    at.session_state["team_draft_name"] = "New team"
    at.session_state["team_draft_for"] = at.session_state["version"]
    at.run()
    assert not at.exception
    assert any("Unsaved changes on the Team page" in w.value for w in at.sidebar.warning)


def test_team_page_adds_a_member_in_any_city_of_the_world() -> None:
    at = page("team")
    at.text_input[1].set_value("Pia")
    at.text_input[2].set_value("Porto Velho")
    button(at, "Add member").click().run()
    assert not at.exception
    pia = at.session_state["team"].members[-1]
    assert (pia.name, pia.timezone, pia.country) == ("Pia", "America/Porto_Velho", "BR")
    at.text_input[1].set_value("Zed")
    at.text_input[2].set_value("Atlantis")
    button(at, "Add member").click().run()
    assert "new member: 'place' unknown place 'Atlantis'" in shown(at.error[0].value)


def test_changing_a_members_region_brings_the_new_regions_defaults() -> None:
    from planner_app.ui.views.team import draft_rows, member_row

    team = build_team("t", [{"name": "Ana", "region": "es-madrid"}, {"name": "Raj", "timezone": "Asia/Kolkata"}])
    ana, raj = (member_row(m) for m in team.members)
    assert ana["timezone"] == "Europe/Madrid"  # the defaults are shown...
    assert ana["hours"]
    moved = {**ana, "region": "sa-riyadh"}  # ...and follow a new region when left untouched
    rebuilt = build_team("t", draft_rows([moved, raj]))
    assert (rebuilt.members[0].timezone, rebuilt.members[0].weekend) == ("Asia/Riyadh", frozenset({4, 5}))
    assert draft_rows([moved])[0] == {"name": "Ana", "required": True, "region": "sa-riyadh"}
    changed = {**ana, "hours": "08:00-16:00"}  # a cell the lead changed is theirs
    assert draft_rows([changed])[0]["hours"] == "08:00-16:00"
    assert draft_rows([raj])[0] == {"name": "Raj", "required": True, "timezone": "Asia/Kolkata"}


def test_the_editor_keeps_the_hidden_defaults_cell() -> None:
    at = page("team")
    assert "shown_defaults" in at.data_editor[0].value.columns


def test_the_plan_says_where_holiday_data_ends() -> None:
    """A range past the holidays package's data for India: one line per member and place, not silence."""
    members = [{"name": "Asha", "region": "in-bengaluru"}, {"name": "Lena", "region": "gb-london"}]
    team = build_team("Far ahead", members)
    app = plan_with_link(team, dt.date(2036, 1, 5), dt.date(2036, 1, 16))
    notes = [shown(c.value) for c in app.caption if "holiday data" in shown(c.value)]
    assert len(notes) == 1
    assert notes[0].startswith(":material/event_note: Asha (Bengaluru): holiday data for IN")
    assert "later holidays are not blocked" in notes[0]


def test_a_range_longer_than_a_year_is_refused_with_a_warning_and_the_plan_kept(app: AppTest) -> None:
    before = (app.session_state["start"], app.session_state["end"])
    start = dt.date(2027, 1, 1)
    app.date_input(key="plan_dates").set_value((start, start + dt.timedelta(days=400))).run()
    assert not app.exception, app.exception
    assert any("up to a year at a time" in w.value for w in app.warning)
    assert (app.session_state["start"], app.session_state["end"]) == before  # still the last valid range
    app.date_input(key="plan_dates").set_value((start, start + dt.timedelta(days=366))).run()  # 367 days
    assert not any("up to a year at a time" in w.value for w in app.warning)
    assert (app.session_state["start"], app.session_state["end"]) == (start, start + dt.timedelta(days=366))
