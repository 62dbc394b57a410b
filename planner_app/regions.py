"""Region profiles: `planner_app/data/regions/*.toml` (package data) parsed and validated into `Region` objects.

The schema is documented in docs/region-profiles.md. Every fact about a place lives in its file;
this module only knows the shape. A profile that breaks the schema fails loading with a one-line
`RegionError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner_app import zones
from planner_app.errors import PlannerError, RegionError
from planner_app.hours import DAYS, WeekHours, parse_week, parse_weekend

# Package data, so an installed wheel finds its profiles wherever it lives (`data/` at the top of the
# checkout is a link to the same folder).
DATA_DIR = Path(str(importlib.resources.files("planner_app").joinpath("data", "regions")))
NOTE_TOPICS: tuple[str, ...] = (
    "working_week",
    "punctuality",
    "meeting_etiquette",
    "communication",
    "decision_making",
    "sensitive_periods",
)
SOURCE_TOPICS: tuple[str, ...] = ("weekend", "hours", "ramadan", "holidays", "notes")
_FIELDS = {
    "id",
    "name",
    "country",
    "subdivision",
    "timezone",
    "weekend",
    "holiday_categories",
    "weekend_vs_cldr",
    "hours",
    "ramadan_hours",
    "notes",
    "sources",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule came from and when we read it."""

    topic: str
    title: str
    url: str
    read: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    """A city's working norms: zone, holidays, weekend, office and Ramadan hours, onboarding notes."""

    id: str
    name: str
    country: str
    subdivision: str | None
    timezone: str
    weekend: frozenset[int]
    holiday_categories: tuple[str, ...]
    hours: WeekHours
    ramadan_hours: WeekHours | None
    notes: Mapping[str, str]
    sources: tuple[Source, ...]
    weekend_vs_cldr: str | None = None
    path: Path | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """`Madrid, Spain`."""
        return f"{self.name}, {country_name(self.country)}"

    def sources_for(self, topic: str) -> tuple[Source, ...]:
        return tuple(source for source in self.sources if source.topic == topic)


def country_name(code: str) -> str:
    """The English name of an ISO 3166-1 alpha-2 country code (the code itself if unknown)."""
    return _country_names().get(code.upper(), code)


@functools.cache
def _country_names() -> dict[str, str]:
    from babel import Locale  # deferred: only briefings and listings need names

    return dict(Locale("en").territories)


@functools.cache
def subdivisions_of(country: str) -> tuple[str, ...] | None:
    """The subdivision codes the `holidays` package keeps for a country; None for an unknown country.

    Asks the one country's class: listing every supported country imports all of them (0.2 s).
    """
    table = _country_table(country)
    return None if table is None else tuple(table.subdivisions)


@functools.cache
def _country_table(country: str) -> Any:
    """The `holidays` table of a country (no years filled), or None for an unknown country."""
    import holidays

    try:
        return holidays.country_holidays(country)
    except (NotImplementedError, KeyError, AttributeError):
        return None


def check_holiday_place(country: str, subdivision: str | None, categories: tuple[str, ...]) -> str | None:
    """Why `holidays` cannot serve this place (None when it can)."""
    subs = subdivisions_of(country) if isinstance(country, str) and country.isascii() and country.isalpha() else None
    if subs is None:
        return f"unknown country {country!r} (use an ISO 3166-1 alpha-2 code the holidays package supports)"
    if subdivision is not None and subdivision not in subs:
        shown = ", ".join(subs[:12]) + (", ..." if len(subs) > 12 else "")
        return f"unknown subdivision {subdivision!r} of {country} (known: {shown or 'none'})"
    supported = _supported_categories(country)
    for category in categories:
        if category not in supported:
            return f"holiday category {category!r} is not kept for {country} (known: {', '.join(supported)})"
    return None


@functools.cache
def _supported_categories(country: str) -> tuple[str, ...]:
    return tuple(sorted(_country_table(country).supported_categories))


def cldr_weekend(country: str) -> frozenset[int]:
    """CLDR's weekend days for a country (0 = Monday), through babel."""
    from babel import Locale

    locale = Locale.parse(f"und_{country}")
    start, end = locale.weekend_start, locale.weekend_end
    days = {start}
    while start != end:
        start = (start + 1) % 7
        days.add(start)
    return frozenset(days)


class _Reader:
    """Typed access to one profile's table; every failure names the file and the field."""

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, name: str, message: str) -> RegionError:
        return RegionError(f"{self.path.name}: '{name}' {message}")

    def text(self, name: str, *, optional: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"must be a non-empty string (got {value!r})")
        return value.strip()

    def table(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name)
        if not isinstance(value, Mapping):
            raise self.fail(name, "must be a table")
        return value


def parse_region(path: Path, data: Mapping[str, Any]) -> Region:
    """A validated `Region` from a parsed profile table."""
    r = _Reader(path, data)
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise r.fail(unknown[0], "is not a profile field (see docs/region-profiles.md)")
    region_id = r.text("id")
    assert region_id is not None
    if region_id != path.stem:
        raise r.fail("id", f"must match the file name {path.stem!r} (got {region_id!r})")
    country = (r.text("country") or "").upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise r.fail("country", f"must be an ISO 3166-1 alpha-2 code like 'SA' (got {data.get('country')!r})")
    if not region_id.startswith(country.lower() + "-"):
        raise r.fail("id", f"must start with the country code '{country.lower()}-'")
    subdivision = r.text("subdivision", optional=True)
    timezone = r.text("timezone") or ""
    try:
        zones.zone(timezone)
    except PlannerError as exc:
        raise r.fail("timezone", str(exc)) from None
    categories = data.get("holiday_categories", ["public"])
    if not isinstance(categories, list) or not categories or not all(isinstance(c, str) for c in categories):
        raise r.fail("holiday_categories", f"must be a list of category names (got {categories!r})")
    problem = check_holiday_place(country, subdivision, tuple(categories))
    if problem:
        raise r.fail("subdivision" if "subdivision" in problem else "country", problem)
    try:
        weekend = parse_weekend(data.get("weekend"))
    except ValueError as exc:
        raise r.fail("weekend", str(exc)) from None
    hours = _week(r, "hours")
    if all(not hours[d] for d in range(7) if d not in weekend):
        raise r.fail("hours", "gives no working hours on any working day")
    ramadan = _week(r, "ramadan_hours") if "ramadan_hours" in data else None
    notes = r.table("notes")
    for topic in NOTE_TOPICS:
        if not isinstance(notes.get(topic), str) or not notes[topic].strip():
            raise r.fail(f"notes.{topic}", "must be a non-empty string")
    extra = sorted(set(notes) - set(NOTE_TOPICS))
    if extra:
        raise r.fail(f"notes.{extra[0]}", f"is not a note topic ({', '.join(NOTE_TOPICS)})")
    sources = _sources(r)
    needed = ["weekend", "hours"] + (["ramadan"] if ramadan else [])
    for topic in needed:
        if not any(s.topic == topic for s in sources):
            raise r.fail("sources", f"has no source with topic {topic!r}")
    note = r.text("weekend_vs_cldr", optional=True)
    return Region(
        id=region_id,
        name=r.text("name") or "",
        country=country,
        subdivision=subdivision,
        timezone=timezone,
        weekend=weekend,
        holiday_categories=tuple(categories),
        hours=hours,
        ramadan_hours=ramadan,
        notes={topic: " ".join(notes[topic].split()) for topic in NOTE_TOPICS},
        sources=sources,
        weekend_vs_cldr=note,
        path=path,
    )


def _week(r: _Reader, name: str) -> WeekHours:
    try:
        return parse_week(r.table(name))
    except ValueError as exc:
        raise r.fail(name, str(exc)) from None


def _sources(r: _Reader) -> tuple[Source, ...]:
    raw = r.data.get("sources")
    if not isinstance(raw, list) or not raw:
        raise r.fail("sources", "must be a non-empty array of [[sources]] tables")
    sources = []
    for index, item in enumerate(raw, 1):
        where = f"sources[{index}]"
        if not isinstance(item, Mapping):
            raise r.fail(where, "must be a table")
        topic, title, url, read = (item.get(k) for k in ("topic", "title", "url", "read"))
        if topic not in SOURCE_TOPICS:
            raise r.fail(f"{where}.topic", f"must be one of {', '.join(SOURCE_TOPICS)} (got {topic!r})")
        if not isinstance(title, str) or not title.strip():
            raise r.fail(f"{where}.title", "must be a non-empty string")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise r.fail(f"{where}.url", f"must be an http(s) URL (got {url!r})")
        if not isinstance(read, dt.date) or isinstance(read, dt.datetime):
            raise r.fail(f"{where}.read", f"must be a date like 2026-11-29 (got {read!r})")
        note = item.get("note", "")
        if not isinstance(note, str):
            raise r.fail(f"{where}.note", "must be a string")
        sources.append(Source(topic, title.strip(), url.strip(), read, note.strip()))
    return tuple(sources)


def load_region_file(path: Path) -> Region:
    """One profile from its file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegionError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegionError(f"{path.name}: not valid TOML ({exc})") from None
    return parse_region(path, data)


@functools.cache
def load_regions(directory: Path = DATA_DIR) -> Mapping[str, Region]:
    """Every profile in `directory`, by id, sorted by id."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RegionError(f"{directory}: no region profiles found")
    return {region.id: region for region in map(_load_one, files)}


_REGION_ID = re.compile(r"[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*")


_FOUND: dict[tuple[Path, str], Region] = {}


@functools.cache
def _load_one(path: Path) -> Region:
    return load_region_file(path)


def get_region(region_id: str, directory: Path = DATA_DIR) -> Region:
    """The profile with this id; a `RegionError` that suggests near ids if there is none.

    Reads and validates just that profile (a team of six need not load all of them), unless the full
    set is already loaded.
    """
    key = region_id.strip().lower() if isinstance(region_id, str) else ""
    found = _FOUND.get((directory, key))
    if found is not None:  # every member's `place` asks on every rerun: no file system call twice
        return found
    if _REGION_ID.fullmatch(key) and (directory / f"{key}.toml").is_file():
        _FOUND[(directory, key)] = region = _load_one(directory / f"{key}.toml")
        return region
    regions = load_regions(directory)
    import difflib

    near = difflib.get_close_matches(str(key), list(regions), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `planner regions` lists them"
    raise RegionError(f"unknown region {region_id!r}{hint}")


def search_regions(query: str, directory: Path = DATA_DIR) -> list[Region]:
    """Regions whose id, city, country code or country name contains every word of `query`."""
    words = query.lower().split()
    found = []
    for region in load_regions(directory).values():
        haystack = f"{region.id} {region.name} {region.country} {country_name(region.country)}".lower()
        if all(word in haystack for word in words):
            found.append(region)
    return found


__all__ = [
    "DATA_DIR",
    "DAYS",
    "NOTE_TOPICS",
    "Region",
    "Source",
    "cldr_weekend",
    "country_name",
    "get_region",
    "load_region_file",
    "load_regions",
    "search_regions",
]
