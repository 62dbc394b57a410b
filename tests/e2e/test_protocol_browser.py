"""The Protocol page in headless Chromium: charts drawn, the reply-by answer on both clocks, the
agreement downloaded as Markdown with the lead's text kept as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.harness import wait_ready

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
XSS = '<img src=x onerror="window.__xss=1">Eve'
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.dataset.testScriptState === "notRunning" && !document.querySelector('[data-stale="true"]');
}"""

expect.set_options(timeout=TIMEOUT)


def metric_value(page: Page, label: str):  # type: ignore[no-untyped-def]
    label_locator = page.get_by_test_id("stMetricLabel").filter(has_text=label)
    return page.get_by_test_id("stMetric").filter(has=label_locator).get_by_test_id("stMetricValue")


def test_protocol_page_answers_and_downloads_the_agreement(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/protocol")
    wait_ready(page)  # the app's own signal that the page finished its run
    expect(page.get_by_role("heading", name="Partnership protocol")).to_be_visible()
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)  # weekly bars and the handoff ring
    expect(metric_value(page, "Due for Faisal")).to_have_text("Wed 25 Mar 12:00 +03:00")
    expect(metric_value(page, "Due for Anna")).to_have_text("Wed 25 Mar 10:00 +01:00")
    expect(metric_value(page, "No-meeting day")).to_have_text("Monday")

    page.get_by_text("Edit the agreement").click()
    box = page.get_by_label("Escalation contacts")
    box.fill(XSS)
    box.press("Enter")
    page.wait_for_function(IDLE, timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"Escalation contacts:.*<img src=x"))).to_be_visible()
    assert page.evaluate("window.__xss") is None

    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.get_by_role("button", name=re.compile("Agreement \\(\\.md\\)")).click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Working agreement: Berlin")
    assert "Eid al\\-Fitr" in text
    assert "\\<img src=x" in text
