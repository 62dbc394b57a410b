"""The shipped profiles' own holiday changes, as a colleague in that region gets them.

For each profile that drops or adds holidays: a dropped (or not-added) weekday is an ordinary working
day, and a kept national or federal holiday, or an added city holiday, is still blocked under its name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner_app import teams
from planner_app.calendars import DayKind, day_table

D = dt.date

# region id -> (weekdays that must be working days, weekdays that must be holidays with these names)
CASES: dict[str, tuple[list[dt.date], dict[dt.date, str]]] = {
    "us-austin": (
        [D(2026, 4, 21), D(2026, 3, 2), D(2026, 4, 3), D(2026, 11, 27)],  # San Jacinto, Texas Independence, Good Friday
        {
            D(2026, 7, 3): "Independence Day (observed)",
            D(2026, 1, 19): "Martin Luther King Jr. Day",  # the package joins it with Confederate Memorial Day
            D(2026, 6, 19): "Juneteenth National Independence Day",  # joined with Emancipation Day In Texas
            D(2026, 12, 24): "Christmas Eve",  # decided: kept
        },
    ),
    "us-los-angeles": (
        [D(2026, 3, 31), D(2026, 11, 27), D(2027, 10, 29)],  # Cesar Chavez, day after Thanksgiving, Diwali
        {
            D(2026, 7, 3): "Independence Day (observed)",
            D(2027, 2, 15): "Presidents' Day",
        },  # 15 February 2027 is joined with Susan B. Anthony Day
    ),
    "us-seattle": ([D(2026, 11, 27)], {D(2026, 11, 26): "Thanksgiving Day"}),
    "us-washington": (
        [D(2026, 4, 16), D(2028, 4, 17)],  # Emancipation Day and an observed one
        {D(2026, 1, 19): "Martin Luther King Jr. Day", D(2026, 10, 12): "Indigenous Peoples' Day"},
    ),
    "us-atlanta": (
        [D(2026, 4, 3), D(2026, 11, 27), D(2026, 12, 24)],  # "State Holiday" twice, December "Washington's Birthday"
        {D(2026, 7, 3): "Independence Day (observed)", D(2026, 11, 26): "Thanksgiving Day"},
    ),
    "us-honolulu": (
        [D(2026, 8, 21), D(2026, 11, 3)],  # Statehood Day, Election Day
        {D(2026, 6, 11): "Kamehameha Day", D(2026, 7, 3): "Independence Day (observed)"},
    ),
    "ca-calgary": ([D(2026, 4, 6), D(2026, 9, 30)], {D(2026, 4, 3): "Good Friday", D(2026, 8, 3): "Heritage Day"}),
    "ca-st-johns": ([D(2026, 9, 30), D(2023, 10, 2)], {D(2026, 7, 1): "Canada Day; Memorial Day"}),
    "br-manaus": (
        [D(2026, 10, 28)],  # Public Servant's Day
        {
            D(2028, 10, 24): "Anniversary of Manaus",
            D(2026, 12, 8): "Our Lady of the Conception",
            D(2026, 9, 7): "Independence Day",
        },
    ),
    "br-rio-de-janeiro": (
        [D(2026, 10, 28)],
        {D(2026, 1, 20): "Saint Sebastian's Day", D(2026, 4, 23): "Saint George's Day"},
    ),
    "ec-quito": (
        [D(2027, 12, 7), D(2026, 12, 4)],  # the dated adds fall once, on the moved day only
        {
            D(2026, 12, 7): "Foundation of Quito",
            D(2033, 12, 5): "Foundation of Quito",
            D(2026, 8, 10): "Declaration of Independence of Quito",
        },
    ),
    "gb-edinburgh": (
        [D(2026, 11, 30), D(2025, 12, 1)],  # St Andrew's Day and its observed Monday
        {D(2026, 12, 25): "Christmas Day", D(2026, 8, 3): "Summer Bank Holiday"},
    ),
    "jp-osaka": (
        [D(2026, 12, 28)],
        {
            D(2026, 12, 29): "Year-end and New Year holidays (nenmatsu nenshi)",
            D(2026, 12, 30): "Year-end and New Year holidays (nenmatsu nenshi)",
            D(2026, 11, 3): "Culture Day",
        },
    ),
}


@pytest.mark.parametrize(("region_id", "free", "blocked"), [pytest.param(r, *c, id=r) for r, c in CASES.items()])
def test_profile_holiday_changes_reach_members(
    region_id: str, free: list[dt.date], blocked: dict[dt.date, str]
) -> None:
    member = teams.parse_member({"name": "Colleague", "region": region_id})
    assert member.holidays_drop or member.holidays_add
    for day in free:
        table = day_table(member, day, day)
        assert (day.weekday() < 5, DayKind(table.kinds[0])) == (True, DayKind.WORKING), day
    for day, name in blocked.items():
        table = day_table(member, day, day)
        assert (day.weekday() < 5, DayKind(table.kinds[0])) == (True, DayKind.HOLIDAY), day
        assert table.holidays == {day.toordinal(): name}
