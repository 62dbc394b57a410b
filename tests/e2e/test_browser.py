"""The running app in headless Chromium: charts, metrics that follow the controls, downloads, uploads,
user text shown as text, sessions kept apart, and the Calendar and Regions pages."""

from __future__ import annotations

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

from planner_app import sharing
from planner_app.teams import MAX_FILE_BYTES, Team, build_team, load_team
from planner_app.windows import windows_for
from tests.harness import TIMEOUT_MS, plan_summary, wait_ready

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = load_team(ROOT / "data" / "demo-team.toml")
DEMO_NAMES = [m.name for m in DEMO.members]  # Sam, Lena, Omar, Priya, Kenji, Mia
DEMO_CAPTION = "Global product team · 6 members · 3 required"
# Streamlit reruns asynchronously: every check waits for the new value, or for the app's readiness
# marker (tests/harness.py), under one generous ceiling that only a broken app reaches.
TIMEOUT = TIMEOUT_MS
XSS_NAME = '<img src=x onerror="window.__xss=1">Eve'
# bold names outside the Plan page's chosen-time card: the member strip's cards
STRIP_NAMES = "xpath=//strong[not(ancestor::*[contains(@class, 'st-key-chosen_card')])]"

expect.set_options(timeout=TIMEOUT)


def chart(page: Page, key: str) -> Locator:
    """The plotly chart the app keyed `key` (plan_timeline, heatmap_chart, calendar_chart, ...): a
    test reads the chart it means, whichever chart happens to draw first."""
    return page.locator(f".st-key-{key} .js-plotly-plot")


def metric_value(page: Page, label: str) -> Locator:
    """The value of the st.metric whose label contains `label`."""
    label_locator = page.get_by_test_id("stMetricLabel").filter(has_text=label)
    return page.get_by_test_id("stMetric").filter(has=label_locator).get_by_test_id("stMetricValue")


def open_plan(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page, page_name="plan")
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
    expect(page.get_by_text(plan_summary(DEMO_CAPTION))).to_be_visible()
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
    expect(chart(page, "plan_timeline")).to_have_count(1)  # the day timeline
    expect(chart(page, "heatmap_chart")).to_have_count(1)  # and the week heatmap


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
    wait_ready(page)  # a click on a button of a run still in progress can be lost
    with page.expect_download(timeout=TIMEOUT) as info:
        ics_button.click()  # on_click="ignore": the download starts no rerun
    download = info.value
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
    wait_ready(page, page_name="team")
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
    expect(page.get_by_text(plan_summary("Script team · 2 members · 2 required"))).to_be_visible()
    # the member card shows the name literally, markup and all
    card_name = page.locator(STRIP_NAMES).filter(has_text="<img")
    expect(card_name).to_have_text(XSS_NAME)
    expect(card_name).to_be_visible()
    expect(page.locator(".st-key-chosen_card strong").filter(has_text="<img")).to_have_text(XSS_NAME)
    # ... and so does the timeline's axis (plotly), with the quotes as quotes, not as &quot;
    timeline_ticks = chart(page, "plan_timeline").locator(".ytick text")
    expect(timeline_ticks.first).to_be_attached()
    ticks = timeline_ticks.all_text_contents()
    assert any(t.startswith(XSS_NAME) for t in ticks), ticks
    assert not any("&quot;" in t or "&lt;" in t for t in ticks), ticks
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None

    # the Team page, same session: caption and table cell show it as text too
    before = wait_ready(page)
    page.get_by_role("link", name="Team").click()
    wait_ready(page, after=before, page_name="team")
    expect(page.get_by_text(f"2 members: {XSS_NAME}, Bob", exact=True)).to_be_visible()
    editor = page.get_by_test_id("stDataFrame").first
    expect(editor.locator("td").filter(has_text=XSS_NAME)).to_have_count(1)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None


def test_sessions_are_isolated(new_context: Callable[[], BrowserContext], app_url: str, tmp_path: Path) -> None:
    page_a = new_context().new_page()
    page_a.goto(f"{app_url}/team")
    wait_ready(page_a, page_name="team")
    upload(
        page_a,
        tmp_path,
        "pair.toml",
        'name = "Pair team"\n\n[[members]]\nname = "Ada"\nregion = "gb-london"\n\n'
        '[[members]]\nname = "Bo"\nregion = "jp-tokyo"\n',
    )
    expect(page_a.get_by_text("2 members: Ada, Bo", exact=True)).to_be_visible()
    before = wait_ready(page_a)
    page_a.get_by_role("link", name="Plan").click()
    wait_ready(page_a, after=before, page_name="plan")
    expect(page_a.get_by_text(plan_summary("Pair team · 2 members · 2 required"))).to_be_visible()

    page_b = new_context().new_page()
    open_plan(page_b, app_url)
    expect(page_b.get_by_text(plan_summary(DEMO_CAPTION))).to_be_visible()
    expect(page_b.get_by_text("Pair team", exact=False)).to_have_count(0)
    for name in DEMO_NAMES:  # in the member cards (and the best slot's lines)
        expect(page_b.locator("strong", has_text=re.compile(rf"^{name}$")).first).to_be_visible()

    # and A still has its own team after B opened
    expect(page_a.get_by_text(plan_summary("Pair team · 2 members · 2 required"))).to_be_visible()
    expect(page_a.locator("strong", has_text=re.compile(r"^Ada$")).first).to_be_visible()
    expect(page_a.locator("strong", has_text=re.compile(r"^Sam$"))).to_have_count(0)


def test_calendar_page_renders(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/calendar")
    wait_ready(page, page_name="calendar")
    expect(page.get_by_role("heading", name="Collaboration calendar")).to_be_visible()
    expect(metric_value(page, "Days everyone works")).to_have_text(re.compile(r"^\d+ of (28|29|30|31)$"))
    expect(metric_value(page, "Public holidays in the team")).to_have_text(re.compile(r"^\d+$"))
    expect(metric_value(page, "Days away")).to_have_text("0")
    calendar_ticks = chart(page, "calendar_chart").locator(".ytick text")
    expect(calendar_ticks.first).to_be_attached()
    ticks = calendar_ticks.all_text_contents()
    assert set(DEMO_NAMES) <= set(ticks), ticks


def test_regions_page_shows_riyadh_weekend(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/regions")
    wait_ready(page, page_name="regions")
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


def test_markdown_in_names_and_links_stays_text(page: Page, app_url: str) -> None:
    """Issue 10: a name, a team name or a `?plan=` token written as Markdown shows as typed: no image
    loads, no link, no math, on the page, in the error box and in the anchor's drop-down."""
    image, phish, math = (
        "![x](http://attacker.example/px.png)",
        "[Your session expired](http://attacker.example/login)",
        "$x^2$",
    )
    team = build_team(
        f"**Team** {phish}",
        [
            {"name": image, "region": "gb-london"},
            {"name": phish, "region": "de-berlin"},
            {"name": math, "region": "fr-paris"},
        ],
    )

    # bare web addresses carry an invisible word joiner, so that Streamlit does not link them
    def seen(text: str) -> str:
        return text.replace("http://", "http:\u2060//")

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{app_url}/?{urlencode({'plan': f'{image} {phish}'})}")
    wait_ready(page, page_name="plan")
    error = page.get_by_test_id("stAlert").filter(has_text="saved plan link")
    expect(error).to_contain_text(seen(f"no saved plan '{image} {phish}'"))

    open_plan(page, share_url(app_url, sharing.encode(team, dt.date(2027, 3, 1), dt.date(2027, 3, 5), 30)))
    expect(page.get_by_text(plan_summary(seen(f"**Team** {phish} · 3 members · 3 required")))).to_be_visible()
    for name in (image, phish, math):  # the member cards: our bold, their text
        expect(page.locator(STRIP_NAMES).filter(has_text=seen(name))).to_have_count(1)
    before = wait_ready(page)
    page.get_by_role("link", name="Series").click()
    wait_ready(page, after=before, page_name="series")
    page.get_by_role("combobox", name="Anchor (whose clock holds the time)").click()
    expect(page.get_by_role("option").filter(has_text=phish)).to_have_count(1)
    page.keyboard.press("Escape")

    def live() -> dict[str, int]:
        return {
            "links": page.locator("a[href*='attacker']").count(),
            "images": page.locator("img[src*='attacker']").count(),
            "math": page.locator(".katex").count(),
        }

    assert live() == {"links": 0, "images": 0, "math": 0}
    assert not [url for url in requests if "attacker" in (urlsplit(url).hostname or "")], requests


def test_the_app_takes_a_team_file_as_large_as_the_command_line_does(page: Page, app_url: str, tmp_path: Path) -> None:
    """1 MiB in both: Chromium counts Streamlit's upload limit in decimal megabytes, so the app's own
    check (teams.MAX_FILE_BYTES), not the uploader's, decides; one byte more is refused in one line."""
    body = 'name = "Big"\n\n[[members]]\nname = "Ada"\nregion = "gb-london"\n'
    exactly = "#" * (MAX_FILE_BYTES - len(body) - 1) + "\n" + body
    assert len(exactly.encode()) == MAX_FILE_BYTES > 1_000_000
    page.goto(f"{app_url}/team")
    before = wait_ready(page, page_name="team")
    upload(page, tmp_path, "big.toml", exactly)
    expect(page.get_by_text("1 members: Ada", exact=True)).to_be_visible()
    wait_ready(page, after=before, page_name="team")  # the loaded team's page, fresh uploader included
    upload(page, tmp_path, "bigger.toml", "#" + exactly)
    expect(page.get_by_test_id("stAlert").filter(has_text="bigger.toml: is larger than 1024 KiB")).to_be_visible()
    expect(page.get_by_text("1 members: Ada", exact=True)).to_be_visible()  # the team stays
