"""Picking a start on the day timeline and booking exactly that slot; the phone's first screen."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from planner_app import sharing
from planner_app.advisor import with_optional
from planner_app.teams import build_team, load_team
from planner_app.windows import windows_for
from tests.harness import current_run, plan_summary, wait_ready

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = load_team(ROOT / "data" / "demo-team.toml")
TIMEOUT = 30_000
DAY = dt.date(2026, 12, 1)  # a Tuesday; the viewer's zone is UTC (conftest), so the timeline is in UTC
expect.set_options(timeout=TIMEOUT)


def wait_idle(page: Page, runs_before: int | None = None) -> None:
    """The app's own readiness marker: a finished run later than `runs_before` (any run when None)."""
    wait_ready(page, after=runs_before or 0)


def open_demo(page: Page, app_url: str) -> None:
    params = sharing.encode(DEMO, DAY, DAY + dt.timedelta(days=4), 30)
    page.goto(f"{app_url}/?{urlencode(params)}")
    page.wait_for_selector(".st-key-plan_timeline .js-plotly-plot", timeout=TIMEOUT)
    wait_idle(page)


def test_a_click_on_the_timeline_picks_that_start_and_the_calendar_file_books_it(page: Page, app_url: str) -> None:
    open_demo(page, app_url)
    timeline = page.locator(".st-key-plan_timeline .js-plotly-plot")
    timeline.scroll_into_view_if_needed()
    area = timeline.locator(".nsewdrag").first.bounding_box()
    assert area is not None
    cells = 48  # half hours of the day, 00:00 first
    cell = 23  # 11:30 UTC
    before = current_run(page)
    page.mouse.click(area["x"] + (cell + 0.5) * area["width"] / cells, area["y"] + area["height"] * 0.3)
    wait_idle(page, before)
    card = page.locator(".st-key-chosen_card")
    expect(card).to_contain_text("Chosen time · Tue 1 Dec 11:30–12:00 (UTC)")
    expect(card).to_contain_text("Lena · London · Tue 11:30–12:00 · working")
    expect(card).to_contain_text("Priya · Bengaluru · Tue 17:00–17:30")
    with page.expect_download(timeout=TIMEOUT) as info:
        card.get_by_role("button", name="Add to calendar (.ics)").click()
    ics = Path(info.value.path()).read_bytes()
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 1, 11, 30, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    assert re.search(rb"^DTSTART:20261201T113000Z\r?$", ics, re.MULTILINE)
    # the share link carries exactly that start
    card.get_by_role("button", name="Share this time").click()
    link = page.get_by_test_id("stPopoverBody").locator("code").inner_text()
    assert "at=2026-12-01T11%3A30Z" in link or "at=2026-12-01T11:30Z" in link


OVERLAP_SCRIPT = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('[data-testid="stSidebar"], svg, canvas, [aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      if (r.bottom <= 0 || r.top >= window.innerHeight || r.right <= 0 || r.left >= window.innerWidth) continue;
      boxes.push({text: node.textContent.trim().slice(0, 40), x: r.left, y: r.top, w: r.width, h: r.height});
    }
  }
  const hits = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) hits.push([a.text, b.text]);
    }
  }
  return {count: boxes.length, hits: hits};
}"""


def test_the_phone_first_screen_answers_with_the_best_slot_and_no_text_overlaps(
    new_context: Callable[[], BrowserContext], app_url: str
) -> None:
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    open_demo(page, app_url)
    card = page.locator(".st-key-chosen_card")
    expect(card).to_contain_text("Best slot")
    box = card.get_by_role("button", name="Add to calendar (.ics)").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 844, "Add to calendar must be on the first screen"
    result = page.evaluate(OVERLAP_SCRIPT)
    assert result["count"] > 5
    assert result["hits"] == [], result["hits"]


def test_the_advisor_applies_a_change_in_one_click_and_undoes_it(page: Page, app_url: str) -> None:
    team = build_team(
        "Three continents",
        [
            {"name": "Nora", "region": "us-new-york"},
            {"name": "Faisal", "region": "sa-riyadh"},
            {"name": "Mia", "region": "au-sydney"},
        ],
    )
    start, end = dt.date(2027, 5, 10), dt.date(2027, 5, 23)
    page.goto(f"{app_url}/?{urlencode(sharing.encode(team, start, end, 30))}")
    page.wait_for_selector(".st-key-plan_timeline .js-plotly-plot", timeout=TIMEOUT)
    windows = page.get_by_test_id("stMetric").filter(has_text="Common windows").get_by_test_id("stMetricValue")
    expect(windows).to_have_text("0")
    # nobody agreed to a near miss: the card's calendar button is disabled until the lead picks a time
    expect(page.locator(".st-key-chosen_card").get_by_role("button", name="Add to calendar (.ics)")).to_be_disabled()
    offer = page.get_by_text(re.compile(r"^Make Nora \(New York\) optional: \d+ windows")).first
    expect(offer).to_be_visible()
    found = re.search(r"optional: (\d+) windows", offer.inner_text())
    assert found is not None
    announced = int(found.group(1))
    expected = windows_for(with_optional(team, "Nora"), start, end, 30)
    assert announced == len(expected.windows) > 0
    wait_idle(page)
    before = current_run(page)
    page.get_by_role("button", name="Apply").first.click()
    wait_idle(page, before)
    expect(windows).to_have_text(str(announced))
    expect(page.get_by_text(plan_summary("Three continents · 3 members · 2 required"))).to_be_visible()
    before = current_run(page)
    page.get_by_role("button", name=re.compile(r"^Undo: Make Nora")).click()
    wait_idle(page, before)
    expect(windows).to_have_text("0")
    expect(page.get_by_text(plan_summary("Three continents · 3 members · 3 required"))).to_be_visible()
