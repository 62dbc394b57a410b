"""The Protocol page with Streamlit's AppTest, the working agreement document, and the page's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner_app.agreement import (
    Agreement,
    AgreementError,
    agreement_from_toml,
    agreement_html,
    agreement_markdown,
    agreement_to_toml,
)
from planner_app.availability import team_availability
from planner_app.protocol import protocol_for, sites_of
from planner_app.teams import build_team, load_team
from planner_app.ui import protocol_charts

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = load_team(ROOT / "planner_app" / "data" / "demo-partnership.toml")
TIMEOUT = 120
XSS = '<img src=x onerror="window.__xss=1">*Eve*'


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ui.sqlite'}")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


@pytest.fixture
def page() -> AppTest:
    script = """
from planner_app.ui import state
from planner_app.ui.views import protocol
state.init()
protocol.render()
"""
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_opens_on_the_demo_partnership_with_the_eid_dip(page: AppTest) -> None:
    assert page.title[0].value == "Partnership protocol"
    values = metrics(page)
    # Berlin + Riyadh by default: Eid al-Fitr and Ramadan weeks are dips
    assert int(values["Dip weeks"]) >= 2
    dips = page.dataframe[0].value
    assert any("Eid al-Fitr" in cause for cause in dips["Causes"])
    # the reply-by calculator: Anna (Berlin) to Faisal (Riyadh) the day before Eid
    assert values["Due for Faisal"] == "Wed 25 Mar 12:00 +03:00"
    assert values["Due for Anna"] == "Wed 25 Mar 10:00 +01:00"
    assert values["No-meeting day"] == "Monday"
    assert len(page.get("plotly_chart")) == 2  # weekly bars and the handoff ring


def test_switching_to_two_members_and_the_whole_team(page: AppTest) -> None:
    page.segmented_control(key="proto_mode").set_value("Two members").run()
    assert not page.exception
    page.selectbox(key="proto_a_Two members").set_value("Anna").run()
    page.selectbox(key="proto_b_Two members").set_value("Maya").run()
    expected = next(
        p
        for p in protocol_for(PARTNERSHIP, dt.date(2026, 2, 2), dt.date(2026, 4, 26)).pairs
        if p.names == ("Anna", "Maya")
    )
    assert metrics(page)["Hours shared in the range"] == f"{expected.total_minutes / 60:.1f} h"
    page.segmented_control(key="proto_mode").set_value("Whole team").run()
    assert not page.exception
    assert metrics(page)["Hours shared in the range"] == "0.0 h"  # Bengaluru and New York never meet


def test_reply_calculator_follows_its_controls(page: AppTest) -> None:
    page.selectbox(key="proto_within").set_value("1 business hour").run()
    page.date_input(key="proto_sent_day").set_value(dt.date(2026, 3, 25)).run()
    page.time_input(key="proto_sent_time").set_value(dt.time(9, 0)).run()
    assert not page.exception
    # 09:00 Berlin = 11:00 Riyadh on a normal Wednesday: one working hour later, 12:00
    assert metrics(page)["Due for Faisal"] == "Wed 25 Mar 12:00 +03:00"


def test_agreement_preview_and_downloads_escape_user_text(page: AppTest) -> None:
    page.text_input(key="proto_ag_escalation").set_value(XSS).run()
    assert not page.exception
    preview = [m.value for m in page.markdown if "Working agreement" in m.value]
    assert preview
    assert "\\<img" in preview[0]
    assert "<img" not in preview[0].replace("\\<img", "")


def test_agreement_toml_round_trip_and_errors() -> None:
    a = Agreement('Team "A"\n', escalation=XSS, language="English, Deutsch")
    assert agreement_from_toml(agreement_to_toml(a)) == a
    with pytest.raises(AgreementError, match="'colour' is not an agreement field"):
        agreement_from_toml('team = "x"\ncolour = "red"\n')
    with pytest.raises(AgreementError, match="'language' must be text"):
        agreement_from_toml('team = "x"\nlanguage = 3\n')
    with pytest.raises(AgreementError, match="not valid TOML"):
        agreement_from_toml("team = ")


def test_agreement_documents_state_when_and_for_which_version() -> None:
    p = protocol_for(PARTNERSHIP, dt.date(2026, 3, 2), dt.date(2026, 3, 29))
    a = Agreement(PARTNERSHIP.name, escalation=XSS)
    when = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    md = agreement_markdown(a, p, when, team_version=3)
    page = agreement_html(a, p, when, team_version=3)
    for text in (md.replace("\\", ""), page):
        assert "Numbers computed 2026-11-29 12:00 UTC" in text
        assert "version 3" in text
        assert "Eid al-Fitr" in text
    assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in page
    assert "\\<img" in md
    assert "\\*Eve\\*" in md


def test_figures() -> None:
    p = protocol_for(PARTNERSHIP, dt.date(2026, 2, 2), dt.date(2026, 4, 26))
    pair = next(s for s in p.sites if s.names == ("Berlin", "Riyadh"))
    fig = protocol_charts.weekly_figure(pair)
    assert list(fig.data[0].y) == [w.minutes / 60 for w in pair.weeks]
    labels = [a.text for a in fig.layout.annotations if "median" not in a.text]
    assert len(labels) == pair.dips
    assert any("holiday" in t for t in labels)
    team = build_team("x", [{"name": XSS, "region": "de-berlin"}, {"name": "B", "region": "us-new-york"}])
    q = protocol_for(team, dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    ring = protocol_charts.handoff_ring(sites_of(team_availability(team, q.start, q.end)), q.site_order)
    assert {t.name for t in ring.data} >= {"Berlin", "New York"}


def test_the_session_team_can_be_chosen_instead_of_the_demo(page: AppTest) -> None:
    page.radio(key="proto_team").set_value("Global product team").run()
    assert not page.exception
    values = metrics(page)
    assert values["Hours shared in the range"].endswith(" h")
    sites = page.selectbox(key="proto_a_Two sites").options
    assert {"London", "Dubai", "Bengaluru"} <= set(sites)
    page.date_input(key="proto_dates_Global product team").set_value((dt.date(2026, 1, 5), dt.date(2030, 1, 5))).run()
    assert not page.exception
    assert any("longer than 3 years" in e.value for e in page.error)


def test_standard_reply_times_for_the_chosen_pair(page: AppTest) -> None:
    table = next(d.value for d in page.dataframe if "Sent at (Anna's clock)" in d.value.columns)
    assert list(table.columns) == [
        "Sent at (Anna's clock)", "2 business hours", "4 business hours", "8 business hours", "next business day",
    ]  # fmt: skip
    assert table.iloc[0, 0] == "09:00"
    assert all(isinstance(cell, str) and cell.endswith(")") for cell in table["4 business hours"])


def test_the_agreement_is_saved_with_the_saved_team_and_reopens(tmp_path: Path) -> None:
    """A saved team's agreement is versioned in the store: saved from the page, it opens again with the
    lead's words, and the document names the team version its numbers were computed for."""
    from planner_app.store import Store

    store = Store(f"sqlite:///{tmp_path / 'ui.sqlite'}")
    saved_team = store.create_team(PARTNERSHIP)
    script = """
import streamlit as st
from planner_app.ui import state
from planner_app.ui.views import protocol
state.init()
if "given_team" in st.session_state and st.session_state.team is not st.session_state.given_team:
    state.set_team(st.session_state.given_team)
protocol.render()
"""

    def opened() -> AppTest:
        at = AppTest.from_string(script, default_timeout=TIMEOUT)
        at.session_state["given_team"] = PARTNERSHIP
        at.session_state["saved_id"] = saved_team.id
        at.session_state["saved_name"] = PARTNERSHIP.name
        at.session_state["saved_version"] = saved_team.version
        at.run()
        assert not at.exception, at.exception
        return at

    at = opened()
    (language,) = [t for t in at.text_input if t.label == "Working language"]
    language.input("English, with German for the Berlin stand-ups").run()
    next(b for b in at.button if b.label == "Save agreement").click().run()
    assert not at.exception, at.exception
    assert any("Saved the agreement as version 1" in s.value for s in at.success)
    kept = store.get_agreement(team_id=saved_team.id)
    assert kept is not None
    assert agreement_from_toml(kept.text).language == "English, with German for the Berlin stand-ups"
    again = opened()
    (language,) = [t for t in again.text_input if t.label == "Working language"]
    assert language.value == "English, with German for the Berlin stand-ups"
    assert any(f"version {saved_team.version}" in m.value for m in again.markdown)
