"""The running app in headless Chromium: charts, metrics that follow the controls, downloads, uploads,
user text shown as text, sessions kept apart, and the Calendar and Regions pages."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from planner_app import sharing
from planner_app.teams import Team, build_team, load_team
from planner_app.windows import windows_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = load_team(ROOT / "data" / "demo-team.toml")
DEMO_NAMES = [m.name for m in DEMO.members]  # Sam, Lena, Omar, Priya, Kenji, Mia
DEMO_CAPTION = "Global product team · 6 members · 3 required"
TIMEOUT = 30_000  # ms; Streamlit reruns asynchronously, so every check waits for the new value
XSS_NAME = '<img src=x onerror="window.__xss=1">Eve'
# bold names outside the Plan page's chosen-time card: the member strip's cards
STRIP_NAMES = "xpath=//strong[not(ancestor::*[contains(@class, 'st-key-chosen_card')])]"

expect.set_options(timeout=TIMEOUT)


IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.dataset.testScriptState === "notRunning" && !document.querySelector('[data-stale="true"]');
}"""


def runs(page: Page) -> int:
    """How many script runs the page has seen finish (counter installed by conftest)."""
    return int(page.evaluate("window.__stRuns"))


def wait_idle(page: Page, runs_before: int | None = None) -> None:
    """Wait until the app is not running and nothing is stale; first, for a run after `runs_before`."""
    if runs_before is not None:
        with contextlib.suppress(PlaywrightTimeoutError):  # a timeout means the click started no rerun
            page.wait_for_function("n => window.__stRuns > n", arg=runs_before, timeout=5_000)
    page.wait_for_function(IDLE, timeout=TIMEOUT)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the st.metric whose label contains `label`."""
    label_locator = page.get_by_test_id("stMetricLabel").filter(has_text=label)
    return page.get_by_test_id("stMetric").filter(has=label_locator).get_by_test_id("stMetricValue")


def open_plan(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot", timeout=TIMEOUT)
    expect(metric_value(page, "Common windows")).to_have_text(re.compile(r"^\d+$"))


def share_url(app_url: str, params: dict[str, str], path: str = "") -> str:
    return f"{app_url}/{path}?{urlencode(params)}"


def query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def expected_metrics(team: Team, start: dt.date, end: dt.date, duration: int) -> tuple[str, str]:
    """("Common windows", "Hours in common") as the Plan page shows them, from the engine."""
    plan = windows_for(team, start, end, duration)
    return str(len(plan.windows)), f"{sum(w.minutes for w in plan.windows) / 60:.1f} h"


def upload(page: Page, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.set_input_files("input[type=file]", str(path))


def test_plan_page_shows_chart_and_common_windows_for_demo_team(page: Page, app_url: str) -> None:
    open_plan(page, app_url)
    expect(page.get_by_text(DEMO_CAPTION, exact=True)).to_be_visible()
    for name in DEMO_NAMES:  # one card per member, besides the chosen-time card's line
        expect(page.locator(STRIP_NAMES, has_text=re.compile(rf"^{name}$"))).to_have_count(1)
        expect(page.locator(".st-key-chosen_card strong", has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    # The app writes the plan into the URL; the metric must match the engine for those dates.
    page.wait_for_url(re.compile(r"[?&]from=\d{4}-\d{2}-\d{2}"), timeout=TIMEOUT)
    params = query(page)
    start, end = dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"])
    assert (end - start).days + 1 == 14
    assert params["duration"] == "30"
    windows, hours = expected_metrics(DEMO, start, end, 30)
    expect(metric_value(page, "Common windows")).to_have_text(windows)
    expect(metric_value(page, "Hours in common")).to_have_text(hours)
    assert int(metric_value(page, "Common windows").inner_text()) > 0
    assert page.locator(".js-plotly-plot").count() >= 2  # the day timeline and the week heatmap


def test_meeting_length_slider_changes_the_windows(page: Page, app_url: str) -> None:
    # A Ramadan week, fixed so the result does not depend on today: Dubai's short Ramadan day leaves
    # Mon-Thu windows of 3 h and a Friday window of 2 h, so 180 minutes drops Friday; 120 keeps it.
    start, end = dt.date(2027, 2, 15), dt.date(2027, 2, 19)
    at_30, at_180, at_120 = (expected_metrics(DEMO, start, end, d) for d in (30, 180, 120))
    assert at_30 == at_120 != at_180
    assert int(at_180[0]) < int(at_30[0])

    open_plan(page, share_url(app_url, sharing.encode(DEMO, start, end, 30)))
    windows, hours = metric_value(page, "Common windows"), metric_value(page, "Hours in common")
    expect(windows).to_have_text(at_30[0])
    expect(hours).to_have_text(at_30[1])
    before = (windows.inner_text(), hours.inner_text())

    slider = page.get_by_test_id("stSlider").filter(has_text="Meeting length").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "30")
    slider.focus()
    page.keyboard.press("End")
    expect(slider).to_have_attribute("aria-valuetext", "180")
    expect(windows).to_have_text(at_180[0])
    expect(hours).to_have_text(at_180[1])
    expect(page).to_have_url(re.compile(r"[?&]duration=180(&|$)"))
    assert (windows.inner_text(), hours.inner_text()) != before

    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", "120")
    expect(windows).to_have_text(at_120[0])
    expect(hours).to_have_text(at_120[1])


def test_ics_and_csv_downloads(page: Page, app_url: str) -> None:
    open_plan(page, app_url)
    common = int(metric_value(page, "Common windows").inner_text())
    assert common > 0
    best = metric_value(page, "Best slot (UTC)").inner_text()  # the viewer's zone is UTC (see conftest)

    ics_button = page.get_by_test_id("stDownloadButton").get_by_role("button", name="Calendar file (.ics")
    wait_idle(page)
    before = runs(page)
    with page.expect_download(timeout=TIMEOUT) as info:
        ics_button.click()
    download = info.value
    wait_idle(page, before)  # a download button reruns the script; a click while it runs can be lost
    assert download.suggested_filename == "global-product-team-meeting.ics"
    ics = Path(download.path()).read_bytes()
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) >= 1
    event = events[0]
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    assert isinstance(start, dt.datetime)
    assert start.utcoffset() == dt.timedelta(0)
    assert re.search(rb"^DTSTART:\d{8}T\d{6}Z\r?$", ics, re.MULTILINE)  # written in UTC, not a local zone
    assert end - start >= dt.timedelta(minutes=30)
    assert f"{start:%a} {start.day} {start:%b %H:%M}" == best  # the ranked best slot is the one exported
    description = str(event["DESCRIPTION"])
    for name in DEMO_NAMES:
        assert f"{name}:" in description
    assert "Lena" in description
    assert "London" in description
    assert str(event["SUMMARY"]) == "Global product team: meeting"

    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="All windows (.csv)").click()
    download = info.value
    assert download.suggested_filename == "global-product-team-windows.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == [
        "window_start_utc",
        "window_end_utc",
        "minutes",
        "member",
        "place",
        "timezone",
        "local_start",
        "local_end",
        "local_weekday",
        "required",
        "attends",
    ]
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == common * len(DEMO_NAMES)  # one row per window and member
    assert {row["member"] for row in body} == set(DEMO_NAMES)
    assert len({row["window_start_utc"] for row in body}) == common
    assert all(row["window_start_utc"].endswith("Z") for row in body)
    lena = next(row for row in body if row["member"] == "Lena")
    assert (lena["timezone"], lena["required"], lena["attends"]) == ("Europe/London", "yes", "yes")


def test_invalid_team_upload_shows_error_and_keeps_team(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(f"{app_url}/team")
    page.wait_for_selector("input[type=file]", state="attached", timeout=TIMEOUT)
    expect(page.get_by_text("6 members: " + ", ".join(DEMO_NAMES), exact=True)).to_be_visible()

    upload(
        page,
        tmp_path,
        "bad-hours.toml",
        'name = "Bad"\n\n[[members]]\nname = "Zed"\ntimezone = "Europe/Berlin"\nhours = "25:00-26:00"\n',
    )
    error = page.get_by_test_id("stAlert").filter(has_text="bad-hours.toml")
    expect(error).to_be_visible()
    for part in ("bad-hours.toml", "member 'Zed'", "'hours'", "25:00-26:00"):
        expect(error).to_contain_text(part)

    # the team is unchanged: caption and the members table still list the demo members
    expect(page.get_by_text("6 members: " + ", ".join(DEMO_NAMES), exact=True)).to_be_visible()
    editor = page.get_by_test_id("stDataFrame").first
    for name in DEMO_NAMES:
        expect(editor.locator("td", has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    expect(editor.locator("td", has_text=re.compile(r"^Zed$"))).to_have_count(0)


def test_member_name_with_html_is_shown_as_text(page: Page, app_url: str) -> None:
    team = build_team(
        "Script team",
        [{"name": XSS_NAME, "timezone": "Europe/Berlin"}, {"name": "Bob", "region": "gb-london"}],
        source="test",
    )
    open_plan(page, share_url(app_url, sharing.encode(team, dt.date(2026, 12, 1), dt.date(2026, 12, 7), 30)))
    expect(page.get_by_text("Script team · 2 members · 2 required", exact=True)).to_be_visible()
    # the member card shows the name literally, markup and all
    card_name = page.locator(STRIP_NAMES).filter(has_text="<img")
    expect(card_name).to_have_text(XSS_NAME)
    expect(card_name).to_be_visible()
    expect(page.locator(".st-key-chosen_card strong").filter(has_text="<img")).to_have_text(XSS_NAME)
    # ... and so does the timeline's axis (plotly), with the quotes as quotes, not as &quot;
    page.wait_for_selector(".js-plotly-plot .ytick text", timeout=TIMEOUT)
    ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert any(t.startswith(XSS_NAME) for t in ticks), ticks
    assert not any("&quot;" in t or "&lt;" in t for t in ticks), ticks
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None

    # the Team page, same session: caption and table cell show it as text too
    wait_idle(page)
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_text(f"2 members: {XSS_NAME}, Bob", exact=True)).to_be_visible()
    editor = page.get_by_test_id("stDataFrame").first
    expect(editor.locator("td").filter(has_text=XSS_NAME)).to_have_count(1)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None


def test_sessions_are_isolated(new_context: Callable[[], BrowserContext], app_url: str, tmp_path: Path) -> None:
    page_a = new_context().new_page()
    page_a.goto(f"{app_url}/team")
    page_a.wait_for_selector("input[type=file]", state="attached", timeout=TIMEOUT)
    upload(
        page_a,
        tmp_path,
        "pair.toml",
        'name = "Pair team"\n\n[[members]]\nname = "Ada"\nregion = "gb-london"\n\n'
        '[[members]]\nname = "Bo"\nregion = "jp-tokyo"\n',
    )
    expect(page_a.get_by_text("2 members: Ada, Bo", exact=True)).to_be_visible()
    wait_idle(page_a)
    page_a.get_by_role("link", name="Plan").click()
    expect(page_a.get_by_text("Pair team · 2 members · 2 required", exact=True)).to_be_visible()

    page_b = new_context().new_page()
    open_plan(page_b, app_url)
    expect(page_b.get_by_text(DEMO_CAPTION, exact=True)).to_be_visible()
    expect(page_b.get_by_text("Pair team", exact=False)).to_have_count(0)
    for name in DEMO_NAMES:
        expect(page_b.locator("strong", has_text=re.compile(rf"^{name}$"))).to_have_count(1)

    # and A still has its own team after B opened
    expect(page_a.get_by_text("Pair team · 2 members · 2 required", exact=True)).to_be_visible()
    expect(page_a.locator("strong", has_text=re.compile(r"^Ada$"))).to_have_count(1)


def test_calendar_page_renders(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/calendar")
    page.wait_for_selector(".js-plotly-plot .ytick text", timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Collaboration calendar")).to_be_visible()
    expect(metric_value(page, "Days everyone works")).to_have_text(re.compile(r"^\d+ of (28|29|30|31)$"))
    expect(metric_value(page, "Public holidays in the team")).to_have_text(re.compile(r"^\d+$"))
    expect(metric_value(page, "Days away")).to_have_text("0")
    ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert set(DEMO_NAMES) <= set(ticks), ticks


def test_regions_page_shows_riyadh_weekend(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/regions")
    weekend = metric_value(page, "Weekend")
    # opens on the team's first region, San Francisco
    expect(weekend).to_have_text("Sat + Sun")
    expect(metric_value(page, "Ramadan hours")).to_have_text("unchanged")

    picker = page.get_by_test_id("stSelectbox").filter(has_text="Region")
    picker.locator("input").click()
    page.keyboard.type("Riyadh")
    page.get_by_role("option", name="Riyadh, Saudi Arabia").click()
    expect(weekend).to_have_text("Fri + Sat")
    expect(metric_value(page, "Ramadan hours")).to_have_text("shorter day")
    expect(page.get_by_test_id("stDownloadButton").get_by_role("button", name="Download this briefing")).to_be_visible()
