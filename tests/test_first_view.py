"""A session's first view (planner_app/ui/first_view.py): the Plan page's first run draws the chosen
time and the day on everyone's clock, then asks the browser to report the chart; the next run draws
the controls in the sidebar and the rest below the chart. The browser side is tests/e2e/test_first_view_browser.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def kinds(at: AppTest) -> list[str]:
    return [element.type for element in at.main]


def test_first_run_draws_the_answer_and_the_timeline_then_waits_for_the_chart() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    first = kinds(at)
    assert first.count("plotly_chart") == 1  # the timeline only, not yet the heatmap
    assert "download_button" in first  # the card's "Add to calendar" is part of the answer
    assert {"date_input", "selectbox"}.isdisjoint(first)  # the controls come with the rest, in the sidebar
    assert "Everyone's local time now" not in [c.value for c in at.caption]  # nor the member cards
    assert "dataframe" not in first
    assert "metric" not in first
    assert first[-2:] == ["plotly_chart", "bidi_component"]  # the watcher comes last, after the chart
    assert at.get_by_key("planner_first_view")
    assert not at.html  # no readiness marker: the page is not done
    assert [m.value for m in at.sidebar.markdown] == ["**Dates and length**"]  # the sidebar is there already
    assert not at.sidebar.date_input
    assert at.query_params["from"]  # the share link is in the address from the first view on

    at.run()  # the run the browser's report starts (any other run would do the same)
    assert not at.exception, at.exception
    whole = kinds(at)
    assert whole[: len(first) - 1] == first[:-1]  # nothing above the chart changed or moved
    assert whole.count("plotly_chart") == 2
    assert "dataframe" in whole
    assert "metric" in whole
    assert "bidi_component" not in whole
    assert "Everyone's local time now" in [c.value for c in at.caption]
    assert 'data-planner-ready="plan" data-run="1"' in at.html[-1].value  # the first finished run
    assert any(b.label == "Save team" for b in at.sidebar.button)
    controls = (*at.sidebar.date_input, *at.sidebar.select_slider, *at.sidebar.selectbox)
    assert {"plan_dates", "plan_duration", "plan_reference"} <= {w.key for w in controls}
    assert at.sidebar.markdown[0].value == "**Dates and length**"  # the controls under the first view's heading


def test_every_later_run_draws_the_whole_page_even_before_the_report() -> None:
    """A visitor who moves the timeline's day before the chart is reported gets the whole page at once."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    day = at.select_slider(key="plan_day")
    later = at.session_state["end"]  # the range's last day
    assert day.value != later
    day.set_value(later).run()
    assert not at.exception, at.exception
    assert "dataframe" in kinds(at)
    assert "bidi_component" not in kinds(at)
    assert at.select_slider(key="plan_day").value == later
    assert at.sidebar.select_slider(key="plan_duration").value == at.session_state["duration"]


def test_what_opening_the_link_did_is_said_until_the_whole_page_is_drawn_then_once() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["plan"] = "no-such-plan"
    at.run()
    assert [e.value for e in at.error if "saved plan" in e.value]  # in the first view
    at.run()  # the whole page: still there, so it does not vanish when the rest arrives
    assert [e.value for e in at.error if "saved plan" in e.value]
    at.run()  # said once the whole page has been drawn
    assert not [e.value for e in at.error if "saved plan" in e.value]


def test_the_server_does_not_watch_the_checkout() -> None:
    """Watching every module of the checkout cost each new session about 0.3 s before its first run
    (benchmarks/app.py); the planner is served, not edited, so the config turns it off."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
