"""Where the `holidays` package's data for a place runs out, said in one line per member.

The package computes fixed-date holidays for any year, but lunar and lunisolar holidays come from
tables that stop (India's Hindu festivals after 2035, Sri Lanka's after 2026), and decreed days off
are only known once announced. Past that year it returns fewer holidays without saying so (India
alone warns). We detect it from the data: a holiday that the place had in every year 2020-2026 and
that is missing from some year on, for good, marks the end of the data.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from planner_app.regions import package_holidays
from planner_app.teams import Member, Team

REFERENCE_YEARS: tuple[int, ...] = tuple(range(2020, 2027))
# How many years past the plan we look, so that a holiday missing once (a substitute day, a feast
# that skips a Gregorian year) is not taken for the end of the data.
CONFIRM_YEARS = 3
MAX_NAMES_SHOWN = 3
_SUFFIX = re.compile(r"\s*\((observed|estimated|in lieu|substitute[^)]*)\)", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _names_by_year(
    country: str, subdivision: str | None, categories: tuple[str, ...], years: tuple[int, ...]
) -> dict[int, dict[str, str]]:
    """Each year's holiday names, keyed by a comparable form (no "(observed)", case-folded)."""
    table = package_holidays(country, subdivision, categories, years)
    out: dict[int, dict[str, str]] = {year: {} for year in years}
    for day, names in table.items():
        for name in names.split("; "):
            shown = _SUFFIX.sub("", name).strip()
            out[day.year].setdefault(shown.casefold(), shown)
    return out


@functools.lru_cache(maxsize=256)
def holiday_data_end(
    country: str, subdivision: str | None, categories: tuple[str, ...], last_year: int
) -> tuple[int, tuple[str, ...]] | None:
    """The last year the package has a place's full holiday list, and the holidays missing after it;
    None when the data reaches `last_year`."""
    first = REFERENCE_YEARS[-1] + 1
    if last_year < first:
        return None
    years = (*REFERENCE_YEARS, *range(first, last_year + CONFIRM_YEARS + 1))
    by_year = _names_by_year(country, subdivision, categories, years)
    reference = set.intersection(*(set(by_year[year]) for year in REFERENCE_YEARS))
    ends: dict[str, int] = {}
    for key in reference:
        last_seen = max((year for year in years if key in by_year[year]), default=REFERENCE_YEARS[-1])
        if last_seen < last_year:
            ends[key] = last_seen
    if not ends:
        return None
    end = min(ends.values())
    missing = sorted(by_year[REFERENCE_YEARS[-1]][key] for key, year in ends.items() if year == end)
    return end, tuple(missing)


def holiday_horizon_notices(team: Team, start: dt.date, end: dt.date) -> list[str]:
    """One line for each member whose holiday data ends before `end`:
    `Asha (Bengaluru): holiday data for IN-KA ends in 2035 (no Diwali, Holi after it); later holidays are not blocked`.
    """
    notices = []
    for member in team.members:
        line = _notice(member, end.year)
        if line is not None:
            notices.append(line)
    return notices


def _notice(member: Member, last_year: int) -> str | None:
    if member.country is None:
        return None
    found = holiday_data_end(member.country, member.subdivision, member.holiday_categories, last_year)
    if found is None:
        return None
    year, missing = found
    place = f"{member.country}-{member.subdivision}" if member.subdivision else member.country
    names = ", ".join(missing[:MAX_NAMES_SHOWN]) + (", …" if len(missing) > MAX_NAMES_SHOWN else "")
    return (
        f"{member.name} ({member.place}): holiday data for {place} ends in {year} (no {names} after it); "
        "later holidays are not blocked"
    )
