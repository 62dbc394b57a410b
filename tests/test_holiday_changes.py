"""Profiles that add or drop individual holidays (docs/region-profiles.md, "Changing the holiday list").

Table-driven over temporary copies of real profiles with `[[holidays_drop]]`/`[[holidays_add]]`
appended, so the tests do not depend on which shipped profiles use the feature.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner_app import teams
from planner_app.calendars import DayKind, day_table, holiday_names, member_days
from planner_app.errors import RegionError, TeamFileError
from planner_app.regions import (
    HolidayAdd,
    HolidayDrop,
    Region,
    Source,
    apply_holiday_changes,
    load_region_file,
)
from tests.profile_text import SOURCE, TN_MOVE, shipped_without_holiday_changes

NY_DROP_LINCOLN = f"""
[[holidays_drop]]
name = "lincoln's birthday"
why = "A state-government day; private offices in New York work."
{SOURCE}
"""
NY_DROP_JUNETEENTH = f"""
[[holidays_drop]]
name = "Juneteenth National Independence Day"
why = "Test: the observed day goes with it."
{SOURCE}
"""
NY_ADDS = f"""
[[holidays_add]]
name = "Company day"
dates = ["12-25", "2026-03-02"]
why = "Test: an add on Christmas keeps the package's name; a dated add happens once."
{SOURCE}
"""


def _profile(tmp_path: Path, region_id: str, extra: str) -> Region:
    path = tmp_path / f"{region_id}.toml"
    path.write_text(shipped_without_holiday_changes(region_id) + extra, encoding="utf-8")
    return load_region_file(path)


def _days(region: Region, years: tuple[int, ...]) -> dict[dt.date, str]:
    return dict(
        holiday_names(
            region.country,
            region.subdivision,
            region.holiday_categories,
            years,
            region.holidays_drop,
            region.holidays_add,
        )
    )


@pytest.mark.parametrize(
    ("region_id", "extra", "years", "blocked", "free"),
    [
        pytest.param(
            "us-new-york",
            NY_DROP_LINCOLN,
            (2026,),
            {dt.date(2026, 11, 3): "Election Day", dt.date(2026, 7, 4): "Independence Day"},
            [dt.date(2026, 2, 12)],
            id="ny-drops-lincolns-birthday",
        ),
        pytest.param(
            "us-new-york",
            NY_DROP_JUNETEENTH,
            (2022,),
            {dt.date(2022, 7, 4): "Independence Day"},
            [dt.date(2022, 6, 19), dt.date(2022, 6, 20)],  # 20 June 2022 was "(observed)"
            id="drop-takes-the-observed-day",
        ),
        pytest.param(
            "tn-tunis",
            TN_MOVE,
            (2020, 2026),
            {dt.date(2026, 12, 17): "Revolution and Youth Day"},
            [dt.date(2026, 1, 14), dt.date(2020, 1, 14), dt.date(2020, 12, 17)],  # the add starts in 2021
            id="tn-moves-revolution-day",
        ),
        pytest.param(
            "us-new-york",
            NY_ADDS,
            (2026, 2027),
            {
                dt.date(2026, 12, 25): "Christmas Day",
                dt.date(2027, 12, 25): "Christmas Day",
                dt.date(2026, 3, 2): "Company day",
            },
            [dt.date(2027, 3, 2)],
            id="adds-keep-package-names-and-dated-adds-happen-once",
        ),
    ],
)
def test_profile_changes_apply(
    tmp_path: Path,
    region_id: str,
    extra: str,
    years: tuple[int, ...],
    blocked: dict[dt.date, str],
    free: list[dt.date],
) -> None:
    plain = _profile(tmp_path, region_id, "")
    region = _profile(tmp_path, region_id, extra)
    days = _days(region, years)
    for day, name in blocked.items():
        assert days.get(day) == name, day
    for day in free:
        assert day not in days, day
    # nothing else moved
    untouched = {d for d in _days(plain, years) if d not in free}
    assert untouched <= set(days)


def test_tunisia_member_inherits_and_is_proposed_on_14_january(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = _profile(tmp_path, "tn-tunis", TN_MOVE)
    monkeypatch.setattr(teams, "get_region", lambda _id: region)
    member = teams.parse_member({"name": "Amel", "region": "tn-tunis"})
    assert member.holidays_drop == region.holidays_drop
    assert member.holidays_add == region.holidays_add
    days = {d.date: d for d in member_days(member, dt.date(2026, 1, 13), dt.date(2026, 1, 15))}
    assert days[dt.date(2026, 1, 14)].kind is DayKind.WORKING
    table = day_table(member, dt.date(2026, 12, 16), dt.date(2026, 12, 18))
    assert table.kinds.tolist() == [DayKind.WORKING, DayKind.HOLIDAY, DayKind.WORKING]
    assert table.holidays == {dt.date(2026, 12, 17).toordinal(): "Revolution and Youth Day"}
    # a member who names the region but another holiday place does not carry the changes along
    moved = teams.parse_member({"name": "Amel", "region": "tn-tunis", "country": "FR"})
    assert moved.holidays_drop == ()
    assert moved.holidays_add == ()
    # a member without a region has none
    plain = teams.parse_member({"name": "Sami", "timezone": "Africa/Tunis", "country": "TN"})
    assert plain.holidays_drop == ()
    assert DayKind(day_table(plain, dt.date(2026, 1, 14), dt.date(2026, 1, 14)).kinds[0]) is DayKind.HOLIDAY


def _source() -> Source:
    return Source("holidays", "t", "https://example.org", dt.date(2026, 11, 29))


def test_drop_splits_joined_names_and_adds_skip_feb_29_in_common_years() -> None:
    table = {
        dt.date(2026, 5, 1): "Labour Day; Other Day (Observed)",
        dt.date(2026, 5, 2): "Other Day",
        dt.date(2026, 5, 3): "Other Day (observed, estimated)",
        dt.date(2026, 5, 4): "Other Day (estimated)",
    }
    drop = HolidayDrop("other day", (), "why", _source())
    leap = HolidayAdd("Leap", ((None, 2, 29),), "why", _source())
    out = apply_holiday_changes(table, (2026, 2028), (drop,), (leap,))
    assert out == {dt.date(2026, 5, 1): "Labour Day", dt.date(2028, 2, 29): "Leap"}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            NY_DROP_LINCOLN.replace("lincoln's birthday", "Lincolns Birthday"),
            "us-new-york.toml: 'holidays_drop[1].name' matches no holiday of US-NY (got 'Lincolns Birthday')",
            id="typo",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace("why = ", 'dates = ["03-01"]\nwhy = '),
            "us-new-york.toml: 'holidays_drop[1].dates' \"lincoln's birthday\" never falls on 03-01 in US-NY",
            id="drop-on-a-date-it-never-has",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace('why = "A state-government day; private offices in New York work."\n', ""),
            "us-new-york.toml: 'holidays_drop[1].why' must be a non-empty string",
            id="missing-why",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace("https://example.org/page", "example.org/page"),
            "us-new-york.toml: 'holidays_drop[1].source.url' must be an http(s) URL",
            id="bad-url",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace(SOURCE, ""),
            "us-new-york.toml: 'holidays_drop[1].source' must be a table",
            id="missing-source",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace("read = 2026-11-29", 'read = "yesterday"'),
            "us-new-york.toml: 'holidays_drop[1].source.read' must be a date like 2026-11-29",
            id="bad-read-date",
        ),
        pytest.param(
            NY_DROP_LINCOLN.replace("why = ", "when = 1\nwhy = "),
            "us-new-york.toml: 'holidays_drop[1].when' is not a holidays_drop field",
            id="unknown-field",
        ),
        pytest.param(
            NY_ADDS.replace('"12-25", "2026-03-02"', '"13-45"'),
            "us-new-york.toml: 'holidays_add[1].dates' must be 'MM-DD' or 'YYYY-MM-DD' dates (got '13-45')",
            id="bad-month-day",
        ),
        pytest.param(
            NY_ADDS.replace('"12-25", "2026-03-02"', '"2026-02-30"'),
            "us-new-york.toml: 'holidays_add[1].dates' must be real dates (got '2026-02-30')",
            id="impossible-date",
        ),
        pytest.param(
            NY_ADDS.replace("why = ", "from_year = 2030\nuntil_year = 2021\nwhy = "),
            "us-new-york.toml: 'holidays_add[1].until_year' is before from_year (2021 < 2030)",
            id="until-before-from",
        ),
        pytest.param(
            NY_ADDS.replace('dates = ["12-25", "2026-03-02"]\n', ""),
            "us-new-york.toml: 'holidays_add[1].dates' must be a non-empty list (got None)",
            id="add-without-dates",
        ),
        pytest.param(
            'holidays_add = "12-17"\n' + "",
            "us-new-york.toml: 'holidays_add' must be an array of [[holidays_add]] tables",
            id="not-an-array",
        ),
    ],
)
def test_bad_changes_are_one_line_errors(tmp_path: Path, extra: str, expected: str) -> None:
    path = tmp_path / "us-new-york.toml"
    text = shipped_without_holiday_changes("us-new-york")
    path.write_text(extra + text if extra.startswith("holidays_add =") else text + extra, encoding="utf-8")
    with pytest.raises(RegionError) as caught:
        load_region_file(path)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_team_file_member_errors_are_still_team_errors() -> None:
    with pytest.raises(TeamFileError, match="'region' unknown region"):
        teams.parse_member({"name": "A", "region": "tn-tunisia"})


_NAMES = st.sampled_from(["New Year", "Labour Day", "Other Day", "Other Day (observed)", "Feast"])


@settings(max_examples=200, deadline=None)
@given(
    table=st.dictionaries(
        st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
        st.lists(_NAMES, min_size=1, max_size=2, unique=True).map("; ".join),
        max_size=12,
    ),
    dropped=st.sampled_from(["other day", "labour day", "feast"]),
    add_day=st.tuples(st.integers(1, 12), st.integers(1, 28)),
)
def test_changes_drop_every_match_and_add_every_year(
    table: dict[dt.date, str], dropped: str, add_day: tuple[int, int]
) -> None:
    drop = HolidayDrop(dropped, (), "why", _source())
    add = HolidayAdd("Added", ((None, *add_day),), "why", _source())
    out = apply_holiday_changes(table, (2026, 2027), (drop,), (add,))
    for day, names in out.items():
        assert not any(drop.matches(day, name) for name in names.split("; "))
    for year in (2026, 2027):
        day = dt.date(year, *add_day)
        # an add on a day that was already off keeps the package's (remaining) name
        kept = [n for n in table.get(day, "").split("; ") if n and not drop.matches(day, n)]
        assert out[day] == ("; ".join(kept) if kept else "Added")
    # nothing else appears or disappears
    others = {d for d, names in table.items() if any(not drop.matches(d, n) for n in names.split("; "))}
    assert set(out) == others | {dt.date(y, *add_day) for y in (2026, 2027)}
