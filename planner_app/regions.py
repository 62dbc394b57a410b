"""Region profiles: `planner_app/data/regions/*.toml` (package data) parsed and validated into `Region` objects.

The schema is documented in docs/region-profiles.md. Every fact about a place lives in its file;
this module only knows the shape. A profile that breaks the schema fails loading with a one-line
`RegionError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner_app import holiday_cache, zones
from planner_app.errors import RegionError
from planner_app.fields import (
    FieldReader,
    http_url,
    month_day,
    non_empty_text,
    plain_date,
    year,
    yearly_or_dated,
)
from planner_app.hours import DAYS, WeekHours, describe_day, parse_week, parse_weekend

# Package data, so an installed wheel finds its profiles wherever it lives (`data/` at the top of the
# checkout is a link to the same folder). Found beside this file, as the package is installed as files:
# importlib.resources would cost every cold command 10 ms of imports to say the same.
PACKAGE_DATA = Path(__file__).parent / "data"
DATA_DIR = PACKAGE_DATA / "regions"
NOTE_TOPICS: tuple[str, ...] = (
    "working_week",
    "punctuality",
    "meeting_etiquette",
    "communication",
    "decision_making",
    "sensitive_periods",
)
DEFAULT_CATEGORIES: tuple[str, ...] = ("public",)
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
    "holidays_drop",
    "holidays_add",
}
# A drop must match something the package gives for the place in one of these years (catches typos).
DROP_CHECK_YEARS: tuple[int, ...] = tuple(range(2020, 2036))
QUICK_CHECK_YEARS: tuple[int, ...] = (2025, 2026, 2027)
# The package marks a moved day "(observed)" and a lunar date it computes rather than knows "(estimated)";
# neither is part of the holiday's name, so a drop matches through them.
_OBSERVED = re.compile(r"\s*\((?:observed|estimated|observed, estimated)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule came from and when we read it."""

    topic: str
    title: str
    url: str
    read: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class HolidayDrop:
    """A holiday the `holidays` package blocks that the profile unblocks, on every date or some MM-DDs."""

    name: str
    dates: tuple[tuple[int, int], ...]
    why: str
    source: Source

    def matches(self, day: dt.date, name: str) -> bool:
        """Whether this drop removes the holiday `name` (one name, not a `;` list) on `day`."""
        if self.dates and (day.month, day.day) not in self.dates:
            return False
        return _OBSERVED.sub("", name).strip().casefold() == self.name.casefold()


@dataclass(frozen=True, slots=True)
class HolidayAdd:
    """A day the profile blocks that the package does not: MM-DD every year (within the years), or one date."""

    name: str
    dates: tuple[tuple[int | None, int, int], ...]
    why: str
    source: Source
    from_year: int | None = None
    until_year: int | None = None

    def days_in(self, year: int) -> list[dt.date]:
        """The dates this rule blocks in `year` (a yearly 29 February only in leap years)."""
        import calendar  # here: it loads the locale machinery, which no other part of a cold command needs

        days = []
        for fixed, month, day in self.dates:
            if fixed is None:
                outside = (self.from_year is not None and year < self.from_year) or (
                    self.until_year is not None and year > self.until_year
                )
                if outside or ((month, day) == (2, 29) and not calendar.isleap(year)):
                    continue
                days.append(dt.date(year, month, day))
            elif fixed == year:
                days.append(dt.date(fixed, month, day))
        return days


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
    holidays_drop: tuple[HolidayDrop, ...] = ()
    holidays_add: tuple[HolidayAdd, ...] = ()

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


@dataclass(frozen=True, slots=True)
class CountryFacts:
    """What the `holidays` package keeps for a country: its subdivision codes, holiday categories,
    name languages and weekend (0 = Monday)."""

    subdivisions: tuple[str, ...]
    categories: tuple[str, ...]
    languages: tuple[str, ...]
    weekend: frozenset[int]


@functools.cache
def country_facts(country: str) -> CountryFacts | None:
    """The `holidays` package's facts about a country, None for a country it does not know. Kept in the
    holiday cache (`holiday_cache`): asking the package imports every country it has (0.2 s)."""
    data = holiday_cache.remembered("country", [country], lambda: _package_country(country))
    if data is None:
        return None
    return CountryFacts(
        tuple(data["subdivisions"]), tuple(data["categories"]), tuple(data["languages"]), frozenset(data["weekend"])
    )


def _package_country(country: str) -> dict[str, list[Any]] | None:
    import holidays

    try:
        table = holidays.country_holidays(country)
    except (NotImplementedError, KeyError, AttributeError):
        return None
    kind = type(table)
    return {
        "subdivisions": list(table.subdivisions),
        "categories": sorted(table.supported_categories),
        "languages": list(getattr(kind, "supported_languages", ()) or ()),
        "weekend": sorted(kind.weekend),
    }


def subdivisions_of(country: str) -> tuple[str, ...] | None:
    """The subdivision codes the `holidays` package keeps for a country; None for an unknown country."""
    facts = country_facts(country)
    return None if facts is None else facts.subdivisions


def check_holiday_place(country: str, subdivision: str | None, categories: tuple[str, ...]) -> str | None:
    """Why `holidays` cannot serve this place (None when it can)."""
    ok = isinstance(country, str) and country.isascii() and country.isalpha()
    facts = country_facts(country) if ok else None
    if facts is None:
        return f"unknown country {country!r} (use an ISO 3166-1 alpha-2 code the holidays package supports)"
    subs = facts.subdivisions
    if subdivision is not None and subdivision not in subs:
        shown = ", ".join(subs[:12]) + (", ..." if len(subs) > 12 else "")
        return f"unknown subdivision {subdivision!r} of {country} (known: {shown or 'none'})"
    for category in categories:
        if category not in facts.categories:
            return f"holiday category {category!r} is not kept for {country} (known: {', '.join(facts.categories)})"
    return None


@functools.lru_cache(maxsize=512)
def package_holidays(
    country: str, subdivision: str | None, categories: tuple[str, ...], years: tuple[int, ...]
) -> Mapping[dt.date, str]:
    """The `holidays` package's days off for a place in these years, by date, names in English (from
    the holiday cache when an earlier process asked the same)."""
    rows = holiday_cache.remembered(
        "holidays",
        [country, subdivision, list(categories), list(years)],
        lambda: _package_rows(country, subdivision, categories, years),
    )
    return {dt.date.fromisoformat(day): name for day, name in rows}


def _package_rows(
    country: str, subdivision: str | None, categories: tuple[str, ...], years: tuple[int, ...]
) -> list[tuple[str, str]]:
    import holidays

    facts = country_facts(country)
    languages = facts.languages if facts else ()
    language = next((lang for lang in ("en_US", "en_GB", "en") if lang in languages), None)
    with warnings.catch_warnings():
        # The package warns (India only) for years its lunisolar tables do not cover; planner_app.horizon
        # says that for every country in one line per member, so the Python warning is noise.
        warnings.simplefilter("ignore", UserWarning)
        table = holidays.country_holidays(
            country, subdiv=subdivision, years=years, categories=categories, language=language
        )
        return [(day.isoformat(), name) for day, name in sorted(table.items())]


def apply_holiday_changes(
    table: Mapping[dt.date, str],
    years: tuple[int, ...],
    drops: tuple[HolidayDrop, ...],
    adds: tuple[HolidayAdd, ...],
) -> dict[dt.date, str]:
    """`table` with a profile's drops applied, then its adds (an add on a holiday keeps its name)."""
    out: dict[dt.date, str] = {}
    for day, names in table.items():
        kept = [name for name in names.split("; ") if not any(drop.matches(day, name) for drop in drops)]
        if kept:
            out[day] = "; ".join(kept)
    for add in adds:
        for number in years:
            for day in add.days_in(number):
                out.setdefault(day, add.name)
    return dict(sorted(out.items()))


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


class _Reader(FieldReader):
    """A profile's fields; every failure names the file and the field."""

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        super().__init__(path.name, data, error=RegionError)
        self.path = path


def parse_region(path: Path, data: Mapping[str, Any], *, check_holidays: bool = True) -> Region:
    """A validated `Region` from a parsed profile table. `check_holidays=False` skips asking the
    holidays package whether the place, categories and drops exist: for the shipped profiles whose
    bytes match the index that the test suite verified (the check loads a country's holiday tables for
    sixteen years, most of the cost of reading a profile)."""
    r = _Reader(path, data)
    r.unknown(_FIELDS, "is not a profile field (see docs/region-profiles.md)")
    region_id, country = _identity(r)
    subdivision = r.text("subdivision", optional=True)
    timezone = r.required("timezone", _zone)
    categories = r.parse("holiday_categories", _category_list, DEFAULT_CATEGORIES)
    problem = check_holiday_place(country, subdivision, categories) if check_holidays else None
    if problem:
        raise r.fail("subdivision" if "subdivision" in problem else "country", problem)
    weekend = r.required("weekend", parse_weekend)
    hours = _week(r, "hours")
    if all(not hours[d] for d in range(7) if d not in weekend):
        raise r.fail("hours", "gives no working hours on any working day")
    ramadan = _week(r, "ramadan_hours") if "ramadan_hours" in data else None
    sources = _sources(r)
    for topic in ["weekend", "hours"] + (["ramadan"] if ramadan else []):
        if not any(s.topic == topic for s in sources):
            raise r.fail("sources", f"has no source with topic {topic!r}")
    drops = tuple(map(_drop, _entries(r, "holidays_drop")))
    if check_holidays:
        _check_drops(r, drops, country, subdivision, categories)
    return Region(
        id=region_id,
        name=r.text("name") or "",
        country=country,
        subdivision=subdivision,
        timezone=timezone,
        weekend=weekend,
        holiday_categories=categories,
        hours=hours,
        ramadan_hours=ramadan,
        notes=_notes(r),
        sources=sources,
        weekend_vs_cldr=r.text("weekend_vs_cldr", optional=True),
        path=path,
        holidays_drop=drops,
        holidays_add=tuple(map(_add, _entries(r, "holidays_add"))),
    )


def _identity(r: _Reader) -> tuple[str, str]:
    """The profile's id (the file's name, starting with the country code) and its country code."""
    region_id = r.required("id", non_empty_text)
    if region_id != r.path.stem:
        raise r.fail("id", f"must match the file name {r.path.stem!r} (got {region_id!r})")
    country = r.required("country", _country_code)
    if not region_id.startswith(country.lower() + "-"):
        raise r.fail("id", f"must start with the country code '{country.lower()}-'")
    return region_id, country


def _country_code(value: object) -> str:
    country = non_empty_text(value).upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"must be an ISO 3166-1 alpha-2 code like 'SA' (got {value!r})")
    return country


def _zone(value: object) -> str:
    name = non_empty_text(value)
    if name in zones.REFUSED_ZONES:
        raise ValueError(f"{name!r} is tzdata's placeholder, not a place")
    zones.zone(name)  # an UnknownTimezone is a ValueError: its text becomes the field's message
    return name


def _category_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) for c in value):
        raise ValueError(f"must be a list of category names (got {value!r})")
    return tuple(value)


def _notes(r: _Reader) -> dict[str, str]:
    notes = r.table("notes")
    for topic in NOTE_TOPICS:
        if not isinstance(notes.get(topic), str) or not notes[topic].strip():
            raise r.fail(f"notes.{topic}", "must be a non-empty string")
    extra = sorted(set(notes) - set(NOTE_TOPICS))
    if extra:
        raise r.fail(f"notes.{extra[0]}", f"is not a note topic ({', '.join(NOTE_TOPICS)})")
    return {topic: " ".join(notes[topic].split()) for topic in NOTE_TOPICS}


def _entries(r: _Reader, name: str) -> list[FieldReader]:
    """Readers for each table of an array of tables like `[[holidays_drop]]` (missing: none)."""
    raw = r.data.get(name, [])
    if not isinstance(raw, list):
        raise r.fail(name, f"must be an array of [[{name}]] tables")
    readers = []
    for index, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            raise r.fail(f"{name}[{index}]", "must be a table")
        readers.append(FieldReader(r.path.name, item, error=RegionError, prefix=f"{name}[{index}]."))
    return readers


_DROP_FIELDS = frozenset({"name", "dates", "why", "source"})
_ADD_FIELDS = frozenset({"name", "dates", "from_year", "until_year", "why", "source"})


def _entry_source(e: FieldReader) -> Source:
    raw = e.get("source")
    if not isinstance(raw, Mapping):
        raise e.fail("source", "must be a table { title, url, read }")
    s = e.child("source", raw)
    s.unknown({"title", "url", "read", "note"}, "is not a source field (title, url, read, note)")
    title = s.required("title", non_empty_text)
    note = s.parse("note", non_empty_text, "")
    return Source("holidays", title, s.required("url", http_url), s.required("read", plain_date), note)


def _drop(e: FieldReader) -> HolidayDrop:
    e.unknown(_DROP_FIELDS, f"is not a holidays_drop field ({', '.join(sorted(_DROP_FIELDS))})")
    no_dates: tuple[tuple[int, int], ...] = ()
    dates = e.parse("dates", lambda v: tuple(month_day(d) for d in _non_empty_list(v)), no_dates)
    why = e.required("why", non_empty_text)
    return HolidayDrop(e.required("name", non_empty_text), dates, why, _entry_source(e))


def _add(e: FieldReader) -> HolidayAdd:
    e.unknown(_ADD_FIELDS, f"is not a holidays_add field ({', '.join(sorted(_ADD_FIELDS))})")
    name = e.required("name", non_empty_text)
    dates = e.required("dates", lambda v: tuple(yearly_or_dated(d) for d in _non_empty_list(v)))
    first, last = e.parse("from_year", year, None), e.parse("until_year", year, None)
    if first is not None and last is not None and last < first:
        raise e.fail("until_year", f"is before from_year ({last} < {first})")
    why = e.required("why", non_empty_text)
    return HolidayAdd(name, dates, why, _entry_source(e), first, last)


def _non_empty_list(value: object) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be a non-empty list (got {value!r})")
    return value


def _check_drops(
    r: _Reader, drops: tuple[HolidayDrop, ...], country: str, subdivision: str | None, categories: tuple[str, ...]
) -> None:
    """Refuse a drop that matches no holiday of the place in 2020-2035: it is a typo or stale."""
    place = f"{country}-{subdivision}" if subdivision else country
    for index, drop in enumerate(drops, 1):
        # most drops match around today: the sixteen-year table is only built for the others
        named = _named_days(country, subdivision, categories, QUICK_CHECK_YEARS)
        if not any(drop.matches(d, n) for d, n in named):
            named = _named_days(country, subdivision, categories, DROP_CHECK_YEARS)
        if not any(HolidayDrop(drop.name, (), "", drop.source).matches(d, n) for d, n in named):
            raise r.fail(f"holidays_drop[{index}].name", f"matches no holiday of {place} (got {drop.name!r})")
        if not any(drop.matches(d, n) for d, n in named):
            shown = ", ".join(f"{m:02d}-{d:02d}" for m, d in drop.dates)
            raise r.fail(f"holidays_drop[{index}].dates", f"{drop.name!r} never falls on {shown} in {place}")


def _named_days(
    country: str, subdivision: str | None, categories: tuple[str, ...], years: tuple[int, ...]
) -> list[tuple[dt.date, str]]:
    """Every (date, single holiday name) of the place in these years (joined names split apart)."""
    table = package_holidays(country, subdivision, categories, years)
    return [(day, name) for day, names in table.items() for name in names.split("; ")]


def _week(r: FieldReader, name: str) -> WeekHours:
    try:
        return parse_week(r.table(name))
    except ValueError as exc:
        raise r.fail(name, str(exc)) from None


def _sources(r: FieldReader) -> tuple[Source, ...]:
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


def load_region_file(path: Path, *, check_holidays: bool = True) -> Region:
    """One profile from its file (see `parse_region` for `check_holidays`)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegionError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegionError(f"{path.name}: not valid TOML ({exc})") from None
    return parse_region(path, data, check_holidays=check_holidays)


@functools.cache
def load_regions(directory: Path = DATA_DIR) -> Mapping[str, Region]:
    """Every profile in `directory`, by id, sorted by id."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RegionError(f"{directory}: no region profiles found")
    return {region.id: region for region in map(_load_one, files)}


# --- country defaults: members with a time zone and a country but no profile --------------------------

COUNTRIES_FILE = PACKAGE_DATA / "countries.toml"
_COUNTRY_FIELDS = frozenset({"ramadan_hours", "sources"})


@dataclass(frozen=True, slots=True)
class CountryDefaults:
    """What a member who gives only a country gets: the package's weekend, and Ramadan hours where
    the country's labour law shortens the day (with the law's source)."""

    country: str
    weekend: frozenset[int]
    cldr_weekend: frozenset[int] | None
    ramadan_hours: WeekHours | None
    sources: tuple[Source, ...]


def package_weekend(country: str) -> frozenset[int]:
    """The `holidays` package's weekend for a country (0 = Monday); its class attribute, so the same
    for every year."""
    facts = country_facts(country)
    if facts is None:
        raise RegionError(f"unknown country {country!r} (use an ISO 3166-1 alpha-2 code the holidays package supports)")
    return facts.weekend


@functools.cache
def country_rules(path: Path = COUNTRIES_FILE) -> Mapping[str, tuple[WeekHours | None, tuple[Source, ...]]]:
    """The validated country table file: Ramadan hours and their sources by country code."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegionError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegionError(f"{path.name}: not valid TOML ({exc})") from None
    return {code: _country_rule(path, code, table) for code, table in data.items()}


def _country_rule(path: Path, code: str, table: object) -> tuple[WeekHours | None, tuple[Source, ...]]:
    if not isinstance(table, Mapping) or subdivisions_of(code) is None or code != code.upper():
        raise RegionError(f"{path.name}: '{code}' must be a table named by a country code the holidays package knows")
    r = FieldReader(path.name, table, error=RegionError, prefix=f"{code}.")
    r.unknown(_COUNTRY_FIELDS, f"is not a country field ({', '.join(sorted(_COUNTRY_FIELDS))})")
    ramadan = _week(r, "ramadan_hours") if r.has("ramadan_hours") else None
    sources = _sources(r)
    if ramadan is not None and not any(s.topic == "ramadan" for s in sources):
        raise r.fail("sources", "has no source with topic 'ramadan'")
    return ramadan, sources


@functools.cache
def country_defaults(country: str) -> CountryDefaults:
    """The defaults for a member in `country` (an upper-case code the holidays package knows)."""
    from babel.core import UnknownLocaleError

    try:
        cldr: frozenset[int] | None = cldr_weekend(country)
    except UnknownLocaleError:  # CLDR has no week data for a few territories (Antarctica, ...)
        cldr = None
    ramadan, sources = country_rules().get(country, (None, ()))
    return CountryDefaults(country, package_weekend(country), cldr, ramadan, sources)


@functools.cache
def load_regions_lenient(directory: Path = DATA_DIR) -> tuple[Mapping[str, Region], tuple[str, ...]]:
    """Every profile that loads, by id, and one line for each that does not: a listing can show the
    rest and say what is broken, where `load_regions` refuses the whole set."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RegionError(f"{directory}: no region profiles found")
    regions: dict[str, Region] = {}
    problems: list[str] = []
    for path in files:
        try:
            region = _load_one(path)
        except RegionError as exc:
            problems.append(str(exc))
        else:
            regions[region.id] = region
    return regions, tuple(problems)


_REGION_ID = re.compile(r"[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*")


_FOUND: dict[tuple[Path, str], Region] = {}


@functools.cache
def _load_one(path: Path) -> Region:
    if path.parent == DATA_DIR and _verified_by_index(path):
        return load_region_file(path, check_holidays=False)
    return load_region_file(path)


def _verified_by_index(path: Path) -> bool:
    """Whether a shipped profile is byte for byte the one the index (checked by the tests) was built from.
    Each file has its own digest, so a team of six hashes six profiles, not all of them."""
    import hashlib

    expected = _index_file_digests().get(path.name)
    return expected is not None and hashlib.sha256(path.read_bytes()).hexdigest() == expected


@functools.cache
def _index_file_digests() -> dict[str, str]:
    import json

    index = DATA_DIR.parent / INDEX_NAME
    if not index.is_file():
        return {}
    files = json.loads(index.read_text(encoding="utf-8")).get("files")
    return files if isinstance(files, dict) else {}


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


# -- the listing index: what `planner regions` shows, without parsing 150 TOML files ----------------------


@dataclass(frozen=True, slots=True)
class RegionSummary:
    """A profile as a listing shows it."""

    id: str
    name: str
    country: str
    country_name: str
    subdivision: str | None
    timezone: str
    weekend: tuple[str, ...]
    ramadan_hours: bool
    typical_hours: str

    def matches(self, words: list[str]) -> bool:
        """Whether every word occurs in the id, city, country code or country name."""
        haystack = f"{self.id} {self.name} {self.country} {self.country_name}".lower()
        return all(word in haystack for word in words)


INDEX_NAME = "regions-index.json"


def summarise(region: Region) -> RegionSummary:
    """The listing line of a profile."""
    first_workday = next(d for d in range(7) if d not in region.weekend)
    return RegionSummary(
        region.id,
        region.name,
        region.country,
        country_name(region.country),
        region.subdivision,
        region.timezone,
        tuple(DAYS[d] for d in sorted(region.weekend)),
        region.ramadan_hours is not None,
        describe_day(region.hours[first_workday]),
    )


def profiles_digest(directory: Path = DATA_DIR) -> str:
    """A SHA-256 over every profile's file name and bytes: the index is valid only for this digest."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_index(directory: Path = DATA_DIR) -> str:
    """The index file's text for the profiles in `directory` (scripts/build-region-index writes it)."""
    import json

    rows = ",\n".join(
        json.dumps(list(_as_row(summarise(region))), ensure_ascii=False) for region in load_regions(directory).values()
    )
    import hashlib

    files = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.glob("*.toml"))}
    return (
        f'{{"digest": "{profiles_digest(directory)}", "files": {json.dumps(files, indent=1)},'
        f' "regions": [\n{rows}\n]}}\n'
    )


def _as_row(summary: RegionSummary) -> tuple[object, ...]:
    return tuple(getattr(summary, name) for name in RegionSummary.__slots__)


@functools.cache
def region_index(directory: Path = DATA_DIR) -> tuple[tuple[RegionSummary, ...], tuple[str, ...]]:
    """Every profile's listing line, and one line per profile that fails to load.

    Read from `regions-index.json` beside the profiles when its digest matches their bytes (parsing
    150 TOML files is most of a cold `planner regions`); otherwise built from the profiles themselves,
    so an edited profile is never listed stale. tests/test_regions.py keeps the shipped index current."""
    import json

    index = directory.parent / INDEX_NAME
    if index.is_file():
        document = json.loads(index.read_text(encoding="utf-8"))
        if document.get("digest") == profiles_digest(directory):
            rows = document["regions"]
            names = RegionSummary.__slots__
            return tuple(
                RegionSummary(**{**dict(zip(names, row, strict=True)), "weekend": tuple(row[6])}) for row in rows
            ), ()
    loaded, problems = load_regions_lenient(directory)
    return tuple(summarise(region) for region in loaded.values()), problems


def search_regions(query: str, directory: Path = DATA_DIR) -> list[Region]:
    """Regions whose id, city, country code or country name contains every word of `query`."""
    words = query.lower().split()
    found = []
    for region in load_regions_lenient(directory)[0].values():
        haystack = f"{region.id} {region.name} {region.country} {country_name(region.country)}".lower()
        if all(word in haystack for word in words):
            found.append(region)
    return found


__all__ = [
    "DATA_DIR",
    "DAYS",
    "NOTE_TOPICS",
    "CountryDefaults",
    "HolidayAdd",
    "HolidayDrop",
    "Region",
    "Source",
    "apply_holiday_changes",
    "cldr_weekend",
    "country_defaults",
    "country_name",
    "get_region",
    "load_region_file",
    "load_regions",
    "load_regions_lenient",
    "package_holidays",
    "search_regions",
]
