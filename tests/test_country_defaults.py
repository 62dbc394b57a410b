"""Country defaults for members with a time zone and a country but no region profile."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import holidays
import pytest

from planner_app.calendars import DayKind, day_table
from planner_app.errors import RegionError
from planner_app.hours import DAYS, parse_week
from planner_app.regions import COUNTRIES_FILE, country_defaults, country_rules, get_region
from planner_app.teams import build_team, parse_member
from planner_app.windows import windows_for

COUNTRIES = sorted(code for code in holidays.list_supported_countries() if len(code) == 2)
FRIDAY = DAYS.index("fri")


def test_every_supported_country_is_covered() -> None:
    assert len(COUNTRIES) > 200


@pytest.mark.parametrize("country", COUNTRIES)
def test_default_weekend_is_the_packages_weekend(country: str) -> None:
    member = parse_member({"name": "Kim", "timezone": "Etc/UTC", "country": country})
    expected = frozenset(type(holidays.country_holidays(country)).weekend)
    assert member.weekend == expected
    assert country_defaults(country).weekend == expected


@pytest.mark.parametrize(
    ("country", "weekend"),
    [("SA", {"fri", "sat"}), ("EG", {"fri", "sat"}), ("IR", {"fri"}), ("HK", {"sun"}), ("DE", {"sat", "sun"})],
)
def test_named_country_weekends(country: str, weekend: set[str]) -> None:
    assert {DAYS[d] for d in country_defaults(country).weekend} == weekend


def test_a_riyadh_member_is_never_proposed_on_friday() -> None:
    team = build_team(
        "Gulf",
        [
            {"name": "Noura", "timezone": "Asia/Riyadh", "country": "SA"},
            {"name": "Tom", "timezone": "Europe/London", "country": "GB"},
        ],
    )
    noura = team.member("Noura")
    assert noura.weekend == frozenset({FRIDAY, DAYS.index("sat")})
    plan = windows_for(team, dt.date(2026, 10, 5), dt.date(2026, 10, 18))
    riyadh = zoneinfo.ZoneInfo("Asia/Riyadh")
    local_days = {w.start_utc.astimezone(riyadh).date() for w in plan.windows}
    assert local_days, "some window must exist in two ordinary weeks"
    assert all(day.weekday() not in noura.weekend for day in local_days)
    # Sunday is a working day in Riyadh and a weekend day in London: no window either
    assert {day.weekday() for day in local_days} == {0, 1, 2, 3}
    table = day_table(noura, dt.date(2026, 10, 9), dt.date(2026, 10, 11))  # Fri, Sat, Sun
    assert table.kinds.tolist() == [DayKind.WEEKEND, DayKind.WEEKEND, DayKind.WORKING]


def test_ramadan_hours_where_labour_law_shortens_the_day() -> None:
    saudi = parse_member({"name": "Noura", "timezone": "Asia/Riyadh", "country": "SA"})
    assert saudi.ramadan_hours == parse_week(["10:00-16:00"])
    # the law cited is the one the country's own profile cites
    assert saudi.ramadan_hours == get_region("sa-riyadh").ramadan_hours
    assert country_defaults("SA").sources[0].url == get_region("sa-riyadh").sources_for("ramadan")[0].url
    # Egypt shortens the day by custom and government circular, not labour law: no default
    assert parse_member({"name": "Omar", "timezone": "Africa/Cairo", "country": "EG"}).ramadan_hours is None
    # what the member writes wins over the default
    mine = parse_member({"name": "Noura", "timezone": "Asia/Riyadh", "country": "SA", "ramadan_hours": "09:00-13:00"})
    assert mine.ramadan_hours == parse_week(["09:00-13:00"])
    weekend = parse_member({"name": "Noura", "timezone": "Asia/Riyadh", "country": "SA", "weekend": "sat, sun"})
    assert weekend.weekend == frozenset({5, 6})


def test_every_country_rule_has_a_dated_ramadan_source() -> None:
    rules = country_rules()
    assert set(rules) == {"SA", "AE", "QA", "KW", "BH", "OM"}
    for code, (ramadan, sources) in rules.items():
        assert ramadan is not None, code
        assert any(s.topic == "ramadan" and s.read == dt.date(2026, 11, 29) for s in sources), code
        # the shorter day is shorter on every working day
        weekend = country_defaults(code).weekend
        hours = parse_member({"name": "X", "timezone": "Etc/UTC", "country": code}).hours
        for day in range(7):
            if day not in weekend:
                assert 0 < sum(s.minutes for s in ramadan[day]) < sum(s.minutes for s in hours[day]), (code, day)


def test_no_country_no_defaults() -> None:
    member = parse_member({"name": "Kim", "timezone": "Asia/Riyadh"})
    assert member.weekend == frozenset({5, 6})
    assert member.ramadan_hours is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ZZ]\n", "countries.toml: 'ZZ' must be a table named by a country code"),
        ("[SA]\nweekend = ['fri']\n", "countries.toml: 'SA.weekend' is not a country field"),
        ("[SA]\nramadan_hours = { default = ['10:00-16:00'] }\n", "countries.toml: 'SA.sources' must be a non-empty"),
        (
            "[SA]\nramadan_hours = { default = ['10:00-36:00'] }\n",
            "countries.toml: 'SA.ramadan_hours' must be HH:MM-HH:MM",
        ),
        (
            "[SA]\nramadan_hours = { default = ['10:00-16:00'] }\n[[SA.sources]]\ntopic = 'hours'\n"
            "title = 't'\nurl = 'https://example.org'\nread = 2026-11-29\n",
            "countries.toml: 'SA.sources' has no source with topic 'ramadan'",
        ),
        ("[SA\n", "countries.toml: not valid TOML"),
    ],
)
def test_bad_country_file(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "countries.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionError) as caught:
        country_rules(path)
    assert str(caught.value).startswith(expected)


def test_the_shipped_file_is_package_data() -> None:
    assert COUNTRIES_FILE.parent.name == "data"
    assert COUNTRIES_FILE.is_file()


def _days(days: frozenset[int] | None) -> str:
    return "–".join(DAYS[d].title() for d in sorted(days)) if days else "none"


def test_weekend_table_in_docs() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "region-profiles.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().split()[0]: (line.split("|")[2].strip(), line.split("|")[3].strip())
        for line in docs.split("## Country defaults", 1)[1].splitlines()
        if line.startswith("| ") and line[2:4].isupper() and line[4] == " "
    }
    expected = {}
    for code in COUNTRIES:
        defaults = country_defaults(code)
        if defaults.cldr_weekend is not None and defaults.cldr_weekend != defaults.weekend:
            expected[code] = (_days(defaults.weekend), _days(defaults.cldr_weekend))
    assert rows == expected
