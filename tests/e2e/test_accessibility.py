"""Accessibility of every page, checked by axe-core (the engine browsers' own audit tools use) in Chromium.

axe-core ships inside `axe-playwright-python` (no download at test time). Each page is opened, waited on
through the app's readiness marker, and audited; any violation of impact "serious" or "critical" fails
with its rule, impact and the elements it names. Moderate and minor findings are printed, not failed.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.harness import TIMEOUT_MS, wait_ready

pytestmark = pytest.mark.browser

PAGES = ["", "series", "team", "calendar", "regions", "protocol"]
BLOCKING = {"serious", "critical"}
CHARTS_DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart')]
  .every((chart) => chart.querySelector('.js-plotly-plot .main-svg'))"""


@pytest.mark.parametrize("path", PAGES, ids=[p or "plan" for p in PAGES])
def test_no_serious_or_critical_accessibility_violation(page: Page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_ready(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    results = Axe().run(page)
    violations = results.response["violations"]
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"{path or 'plan'}: {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
    blocking = [
        f"{v['impact']} {v['id']}: {v['help']} -> " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)
