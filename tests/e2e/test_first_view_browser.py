"""A new session's first view in real Chromium (planner_app/ui/first_view.py): the chosen time and the
day on everyone's clock come first, and the rest of the page follows by itself once the browser has
drawn that chart, below it, without moving it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.harness import wait_ready

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)
TIMELINE = ".st-key-plan_timeline .js-plotly-plot .main-svg"


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_the_rest_of_the_page_follows_the_first_chart_below_it(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/")
    page.wait_for_selector(TIMELINE, timeout=TIMEOUT)
    first = box(page, TIMELINE)
    expect(page.locator(".st-key-chosen_card")).to_contain_text("Add to calendar")  # the answer is there
    # nobody clicks: the watcher's report alone brings the rest (the readiness marker is its last element)
    assert wait_ready(page, page_name="plan") == 1
    expect(page.locator(".st-key-heatmap_chart .js-plotly-plot")).to_have_count(1)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)  # every window
    expect(page.get_by_test_id("stMetric")).to_have_count(4)
    expect(page.get_by_role("button", name="Save team")).to_be_visible()  # the saved teams, in the sidebar
    whole = box(page, TIMELINE)
    assert abs(whole["y"] - first["y"]) < 1, (first, whole)  # nothing was added above the chart
    assert abs(whole["width"] - first["width"]) < 1, (first, whole)  # the sidebar kept its width
    assert page.locator(".st-key-planner_first_view").count() == 0  # the watcher is gone
    metrics = box(page, "[data-testid=stMetric]")
    assert metrics["y"] > whole["y"] + whole["height"] - 1  # the rest came below the chart
