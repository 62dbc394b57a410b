"""The team builder in Chromium: a team built from an empty start by pasting a list, and the Team page at
phone width with no two pieces of text on top of each other."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.harness import current_run, plan_summary, wait_ready

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)


def wait_idle(page: Page, runs_before: int | None = None) -> None:
    """The app's own readiness marker: a finished run later than `runs_before` (any run when None)."""
    wait_ready(page, after=runs_before or 0)


def click(page: Page, name: str) -> None:
    before = current_run(page)
    page.get_by_role("button", name=name).click()
    wait_idle(page, before)


def test_a_team_is_built_from_an_empty_start_by_pasting_a_list(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/team")
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    wait_idle(page)
    click(page, "New team")
    expect(page.get_by_text("Unsaved changes", exact=False).first).to_be_visible()
    expect(page.get_by_text("Add a member to start the team.")).to_be_visible()
    page.get_by_text("Paste a list of people").click()
    page.get_by_label("People").fill("Ana, Madrid\nRavi, Asia/Kolkata\nPia, Porto Velho, optional")
    click(page, "Add these people")
    expect(page.get_by_text("3 members: Ana, Ravi, Pia")).to_be_visible()
    expect(page.get_by_text("Unsaved changes", exact=False)).to_have_count(0)
    # the plan follows the new team
    page.get_by_role("link", name="Plan").first.click()
    expect(page.get_by_text(plan_summary("New team · 3 members · 2 required"))).to_be_visible()
    # the URL of the Plan page opens it directly
    page.goto(f"{app_url}/plan")
    expect(page.get_by_role("heading", name="Plan a meeting")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


# Every visible run of text on the page as its own boxes (a Range around each text node gives the boxes
# of the glyphs, not of the block that holds them).
TEXT_BOXES = """() => {
  // visually hidden text for screen readers ("Skip to main content"): clipped to nothing, never seen
  const clipped = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if ((s.clip && s.clip !== "auto") || (s.clipPath && s.clipPath !== "none")) return true;
      const r = e.getBoundingClientRect();
      if (s.overflow !== "visible" && (r.width <= 1 || r.height <= 1)) return true;
    }
    return false;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, [aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || Number(style.opacity) === 0) continue;
    if (clipped(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= innerWidth) continue;
      out.push({text: text.slice(0, 40), x: r.left, y: r.top + scrollY, w: r.width, h: r.height});
    }
  }
  return out;
}"""


def overlaps(boxes: list[dict[str, Any]], slack: float = 1.0) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > slack and dy > slack:
                found.append((a["text"], b["text"]))
    return found


def test_the_team_page_at_390_px_has_no_overlapping_text(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC")
    try:
        page = context.new_page()
        page.goto(f"{app_url}/team")
        expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
        wait_idle(page)
        page.get_by_text("Paste a list of people").click()  # its contents count too
        page.get_by_text("What the planner uses for each member").click()
        wait_idle(page)
        boxes = page.evaluate(TEXT_BOXES)
        assert len(boxes) > 20, boxes  # the page's text was found
        assert any(re.search(r"Add a member", b["text"]) for b in boxes)
        assert overlaps(boxes) == []
        # the check itself sees an overlap when there is one
        page.evaluate(
            """() => { for (const t of ["AAAA", "BBBB"]) { const d = document.createElement("div");
              d.textContent = t; d.style = "position:absolute;left:40px;top:300px;z-index:9";
              document.body.appendChild(d); } }"""
        )
        assert ("AAAA", "BBBB") in overlaps(page.evaluate(TEXT_BOXES))
    finally:
        context.close()


def test_an_invalid_edit_survives_a_visit_to_another_page(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/team")
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    wait_idle(page)
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    # the grid draws on a canvas; its accessible copy holds the cells once the data has arrived
    expect(grid.locator("#glide-cell-1-0")).to_have_text("Sam")
    box = grid.bounding_box()
    assert box is not None
    # the first member's Name cell (after the 32 px row-marker column; the header row and each data row
    # are 35 px high in Streamlit's grid): open its editor, replace the text, confirm
    before = current_run(page)
    for _attempt in range(3):  # the canvas grid drops an open editor when a rerun redraws it: edit again
        wait_idle(page)
        with contextlib.suppress(AssertionError):  # expect() raises it when the editor or the text does not come
            page.mouse.dblclick(box["x"] + 32 + 40, box["y"] + 35 + 17)
            editor = page.locator("#portal textarea, #portal input").first
            expect(editor).to_be_visible(timeout=10_000)
            editor.fill("Lena")  # the second member's name: a duplicate (fill focuses the editor itself)
            expect(editor).to_have_value("Lena", timeout=5_000)
            before = current_run(page)
            editor.press("Enter")
            expect(grid.locator("#glide-cell-1-0")).to_have_text("Lena", timeout=20_000)
            break
        page.keyboard.press("Escape")  # close a half-open editor before the next attempt
    expect(grid.locator("#glide-cell-1-0")).to_have_text("Lena")  # the grid took the edit
    wait_idle(page, before)
    expect(page.get_by_text("Unsaved changes", exact=False).first).to_be_visible()
    expect(page.get_by_text("'name' duplicates member 'Lena'", exact=False)).to_be_visible()
    page.get_by_role("link", name="Plan").first.click()
    expect(page.get_by_role("heading", name="Plan a meeting")).to_be_visible()
    expect(page.get_by_text("Unsaved changes on the Team page", exact=False)).to_be_visible()
    expect(page.get_by_text(plan_summary("Global product team · 6 members · 3 required"))).to_be_visible()
    page.get_by_role("link", name="Team").first.click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    expect(page.get_by_text("'name' duplicates member 'Lena'", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first.locator("#glide-cell-1-0")).to_have_text("Lena")  # as left
    click(page, "Discard changes")
    expect(page.get_by_text("Unsaved changes", exact=False)).to_have_count(0)
