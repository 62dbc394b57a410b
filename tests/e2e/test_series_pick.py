"""The Series page in Chromium: issue 13's team, whose one week blocked by Eid al-Adha sets a comfortable
time that skips it beside a night time that holds every meeting; the lead picks the other one with a
click, and the page, its warning and its calendar and table downloads all follow."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlencode

import pytest
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect

from planner_app import sharing, zones
from planner_app.export import local_time
from planner_app.series import Series, plan_series
from tests.harness import TIMEOUT_MS, current_run, wait_ready
from tests.test_series import ISSUE_13

pytestmark = pytest.mark.browser

TIMEOUT = TIMEOUT_MS
FIRST = dt.date(2027, 3, 1)  # twelve Mondays from here: the week of 17 May has Eid al-Adha and Buddha Purnima
COUNT, DURATION, ANCHOR = 12, 45, "Hannah"
expect.set_options(timeout=TIMEOUT)


def series(time: int | None = None) -> Series:
    """The series the page should show for the controls this test sets (the core's answer, not ours)."""
    return plan_series(ISSUE_13, FIRST, COUNT, "weekly", DURATION, anchor=ANCHOR, time=time)


def metric_value(page: Page, label: str) -> Locator:
    label_locator = page.get_by_test_id("stMetricLabel").filter(has_text=label)
    return page.get_by_test_id("stMetric").filter(has=label_locator).get_by_test_id("stMetricValue")


def card(page: Page, kind: str) -> Locator:
    """The bordered card of the alternative of this kind ("comfortable", "hold every meeting")."""
    return page.locator(f".st-key-series_alternative_{kind.replace(' ', '_')}")


def night_warnings(page: Page) -> Locator:
    return page.get_by_test_id("stAlert").filter(has_text="at night (outside 07:00-22:00 local)")


def set_first_meeting(page: Page, day: dt.date) -> None:
    """Type the date into the date field's segments, then click outside it: the field sends its value
    when the focus leaves it (Enter and Tab keep the focus inside)."""
    field = page.get_by_role("group", name="First meeting")
    before = current_run(page)
    field.get_by_role("spinbutton", name="year, First meeting").click()
    page.keyboard.type(f"{day:%Y%m%d}")  # each segment moves on to the next when full
    page.get_by_role("heading", name="Recurring meeting").click()
    wait_ready(page, after=before, page_name="series")
    for segment, value in (("year", f"{day:%Y}"), ("month", f"{day:%m}"), ("day", f"{day:%d}")):
        expect(field.get_by_role("spinbutton", name=f"{segment}, First meeting")).to_have_text(value)


def set_length(page: Page, minutes: int) -> None:
    slider = page.get_by_test_id("stSlider").filter(has_text="Length (min)").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "30")
    before = current_run(page)
    slider.focus()
    page.keyboard.press("ArrowRight")  # 30 -> 45, the next length the slider offers
    expect(slider).to_have_attribute("aria-valuetext", str(minutes))
    wait_ready(page, after=before, page_name="series")


def meeting_cell(page: Page, s: Series, row: int, name: str) -> tuple[Locator, str]:
    """The Meetings table's cell of `name` in meeting `row` (the grid's accessible copy of its canvas:
    columns #, Date, then one per member) and the text the page should show there for series `s`."""
    column = 2 + [m.name for m in s.team.members].index(name)
    o, zone = s.occurrences[row], s.team.member(name).timezone
    assert o.start is not None
    cell = page.get_by_test_id("stDataFrame").first.locator(f"#glide-cell-{column}-{row}")
    return cell, f"{zones.short_local(o.start, zone, date=False)} · {o.costs[name]:g}"


def download(page: Page, name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name=name).click()  # on_click="ignore"
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_the_lead_sees_the_alternatives_side_by_side_and_picks_the_one_that_holds_every_meeting(
    page: Page, app_url: str
) -> None:
    default = series()
    comfortable, holds_all = default.alternatives
    assert (comfortable.kind, holds_all.kind) == ("comfortable", "hold every meeting")
    assert default.time == comfortable.time != holds_all.time
    assert holds_all.held > comfortable.held
    assert holds_all.night
    assert not comfortable.night
    picked = series(holds_all.time)
    (warning,) = picked.warnings

    params = sharing.encode(ISSUE_13, FIRST, FIRST + dt.timedelta(days=13), DURATION)
    page.goto(f"{app_url}/series?{urlencode(params)}")
    wait_ready(page, page_name="series")
    expect(page.get_by_role("heading", name="Recurring meeting")).to_be_visible()
    expect(page.get_by_role("combobox", name="Anchor (whose clock holds the time)")).to_have_value("Hannah (London)")
    set_first_meeting(page, FIRST)
    set_length(page, DURATION)

    # the comfortable time is in use; the time that holds every meeting sits beside it with who pays
    expect(metric_value(page, "Fixed time")).to_have_text(comfortable.label)
    expect(metric_value(page, "Meetings held")).to_have_text(f"{comfortable.held} of {COUNT}")
    expect(page.get_by_role("heading", name="Fixed times to choose from")).to_be_visible()
    calm, night = card(page, comfortable.kind), card(page, holds_all.kind)
    expect(calm).to_contain_text(f"{comfortable.label} · Everyone out of the night")
    expect(calm).to_contain_text(comfortable.summary.split(": ", 1)[1])
    expect(calm).to_contain_text("11 held, 1 skipped (week of 17 May: Eid al-Adha, Buddha Purnima)")
    expect(night).to_contain_text(f"{holds_all.label} · Holds the most meetings")
    expect(night).to_contain_text(holds_all.summary.split(": ", 1)[1])
    expect(night).to_contain_text("12 held, Faisal at 22:30-23:15 or 21:30-22:15, Ravi at 01:00-01:45")
    expect(calm.get_by_role("button", name="In use")).to_be_disabled()
    expect(night_warnings(page)).to_have_count(0)  # nobody required is at night
    cell, text = meeting_cell(page, default, 0, ANCHOR)
    page.get_by_test_id("stDataFrame").first.scroll_into_view_if_needed()  # the grid draws what is in view
    assert text.startswith("Mon 11:00 · ")
    expect(cell).to_have_text(text)

    # the lead picks the other time, as a user does
    before = current_run(page)
    night.get_by_role("button", name=f"Use {holds_all.label}").click()
    wait_ready(page, after=before, page_name="series")
    expect(metric_value(page, "Fixed time")).to_have_text(holds_all.label)
    expect(metric_value(page, "Meetings held")).to_have_text(f"{len(picked.held)} of {COUNT}")
    expect(metric_value(page, "Moved / skipped")).to_have_text(
        f"{sum(o.moved for o in picked.occurrences)} / {COUNT - len(picked.held)}"
    )
    expect(page.get_by_role("combobox", name="Time on the anchor's clock")).to_have_value("19:30")
    expect(night.get_by_role("button", name="In use")).to_be_disabled()
    expect(calm.get_by_role("button", name=f"Use {comfortable.label}")).to_be_enabled()
    expect(night_warnings(page)).to_have_count(1)
    expect(night_warnings(page)).to_contain_text(warning)
    expect(night_warnings(page)).to_contain_text("Ravi at 01:00-01:45")
    for name, starts in ((ANCHOR, "Mon 19:30 · "), ("Ravi", "Tue 01:00 · "), ("Faisal", "Mon 22:30 · ")):
        cell, text = meeting_cell(page, picked, 0, name)
        assert text.startswith(starts)
        expect(cell).to_have_text(text)

    # what the lead downloads is the picked time: every meeting at 19:30 London, Ravi at 01:00 or 00:00
    name, body = download(page, "Series (.csv)")
    assert name == "issue-13-weekly.csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    hannah = [r for r in rows if r["member"] == ANCHOR]
    assert [r["date"] for r in hannah] == [o.date.isoformat() for o in picked.occurrences]
    assert {r["local_start"][11:16] for r in hannah} == {"19:30"}
    assert [r["skipped"] for r in hannah] == ["no"] * COUNT
    ravi = [r["local_start"] for r in rows if r["member"] == "Ravi"]
    assert ravi == [local_time(o.start, "Asia/Kolkata").isoformat() for o in picked.occurrences if o.start]
    assert {start[11:16] for start in ravi} == {"01:00", "00:00"}
    name, body = download(page, "Series (.ics)")
    assert name == "issue-13-weekly.ics"
    (master,) = [e for e in Calendar.from_ical(body).walk("VEVENT") if "RRULE" in e]
    start = master.decoded("DTSTART")  # on London's clock (a VTIMEZONE), so 19:30 in summer as in winter
    assert str(start.tzinfo) == "Europe/London"
    assert (start.date(), start.time()) == (picked.occurrences[0].date, dt.time(19, 30))
    assert "EXDATE" not in master  # nothing skipped at 19:30

    # and back: the comfortable time again, its skipped week, no warning
    before = current_run(page)
    calm.get_by_role("button", name=f"Use {comfortable.label}").click()
    wait_ready(page, after=before, page_name="series")
    expect(metric_value(page, "Fixed time")).to_have_text(comfortable.label)
    expect(metric_value(page, "Meetings held")).to_have_text(f"{comfortable.held} of {COUNT}")
    expect(night_warnings(page)).to_have_count(0)
    name, body = download(page, "Series (.csv)")
    hannah = [r for r in csv.DictReader(io.StringIO(body.decode("utf-8"))) if r["member"] == ANCHOR]
    assert [r["nominal_date"] for r in hannah if r["skipped"] == "yes"] == ["2027-05-17"]
    assert {r["local_start"][11:16] for r in hannah if r["skipped"] == "no"} == {"11:00"}
