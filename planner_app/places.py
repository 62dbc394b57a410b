"""Places as people write them ("Madrid", "es-madrid", "Asia/Kolkata", "Romance Standard Time") resolved
to member fields, and pasted lists of people ("Ana, Madrid" per line) read into member rows.

A city resolves to a region profile of that name when there is one (hours, weekend, holidays and Ramadan
hours from its sources); else to the IANA zone whose city it is, with the zone's country from CLDR (as
babel ships it) so that the country's public holidays and weekend apply; else it is refused with what
to write instead.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planner_app import zones
from planner_app.errors import PlannerError, UnknownTimezone
from planner_app.regions import check_holiday_place, country_name, load_regions


class UnknownPlace(PlannerError):
    """A place that is neither a region profile, a city with an IANA zone, nor a zone name."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a member is: a region profile, or an IANA zone and (when CLDR knows it) its country."""

    label: str
    region: str | None = None
    timezone: str | None = None
    country: str | None = None

    def fields(self) -> dict[str, str]:
        """The member fields this place gives (`region`, or `timezone` and `country`)."""
        if self.region is not None:
            return {"region": self.region}
        out = {"timezone": self.timezone or "Etc/UTC"}
        if self.country is not None:
            out["country"] = self.country
        return out


def _fold(text: str) -> str:
    """Case, accents, dashes and underscores folded away: `São_Paulo` and `sao paulo` match."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").casefold().split())


@functools.cache
def _regions_by_city() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for region in load_regions().values():
        out.setdefault(_fold(region.name), []).append(region.id)
    return {city: tuple(ids) for city, ids in out.items()}


@functools.cache
def _zones_by_city() -> dict[str, str]:
    """Every zone's city (its last part, and CLDR's English city name where it differs) to the zone."""
    from babel import Locale

    out: dict[str, str] = {}
    for key in sorted(zones.available_zones()):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            out.setdefault(_fold(key.rsplit("/", 1)[-1]), zones.canonical_name(key))
    for key, names in Locale("en").time_zones.items():
        city = names.get("city") if isinstance(names, Mapping) else None
        if isinstance(city, str) and key in zones.available_zones():
            out.setdefault(_fold(city), zones.canonical_name(key))
    return out


def zone_country(timezone: str) -> str | None:
    """The country (ISO 3166-1 alpha-2) CLDR places a zone in, when the holidays package knows its
    public holidays; None for `Etc/UTC` and the like."""
    from babel.core import get_global

    territory = get_global("zone_territories").get(timezone)
    if not isinstance(territory, str) or len(territory) != 2 or not territory.isalpha():
        return None
    return territory if check_holiday_place(territory, None, ("public",)) is None else None


def resolve_place(text: str) -> Place:
    """The place a person means: a region id or a region's city (`Madrid`, `Riyadh, Saudi Arabia`), a
    zone name (IANA or Windows), or any city with an IANA zone (`Porto Velho`, `Ho Chi Minh City`).
    `UnknownPlace` names what to write instead; an abbreviation gets its own suggestion."""
    wanted = " ".join(str(text).split())
    if not wanted:
        raise UnknownPlace("is empty (write a city like 'Madrid' or an IANA zone like 'Europe/Madrid')")
    regions = load_regions()
    if wanted.lower() in regions:
        return Place(regions[wanted.lower()].name, region=wanted.lower())
    region = _region_for(wanted)
    if region is not None:
        return region
    try:
        zone = zones.resolve_zone_name(wanted)
    except UnknownTimezone as exc:
        if wanted.upper() in zones.ABBREVIATIONS or "/" in wanted:
            raise UnknownPlace(str(exc)) from None
    else:
        return Place(zones.zone_label(zone), timezone=zone, country=zone_country(zone))
    city = _fold(wanted.split(",")[0])
    found = _zones_by_city().get(city)
    if found is not None:
        return Place(wanted.split(",")[0].strip(), timezone=found, country=zone_country(found))
    raise UnknownPlace(
        f"unknown place {wanted!r} (write a city with a time zone like 'Madrid', a region id like "
        "'es-madrid', or an IANA zone like 'Europe/Madrid')"
    )


def _region_for(text: str) -> Place | None:
    """A region profile by its city, narrowed by a country name or code after a comma when cities share a name."""
    city, _, country = (part.strip() for part in text.partition(","))
    ids = _regions_by_city().get(_fold(city), ())
    regions = load_regions()
    if country:
        ids = tuple(
            i for i in ids if _fold(country) in (_fold(regions[i].country), _fold(country_name(regions[i].country)))
        )
    if len(ids) == 1:
        return Place(regions[ids[0]].name, region=ids[0])
    if len(ids) > 1:
        options = ", ".join(f"{regions[i].name}, {country_name(regions[i].country)}" for i in ids)
        raise UnknownPlace(f"{city!r} is more than one place: write one of {options}")
    return None


@dataclass(frozen=True, slots=True)
class PastedList:
    """Member rows read from a pasted list, and one message per line that could not be read."""

    rows: tuple[dict[str, Any], ...]
    errors: tuple[str, ...]


_ROLE_WORDS = {"required": True, "optional": False}


def parse_pasted(text: str, *, source: str = "pasted list") -> PastedList:
    """Member rows from lines like `Ana, Madrid`, `Ravi<TAB>Asia/Kolkata` or `Sam, New York, optional`:
    a name, then a place (see `resolve_place`), then optionally `required` or `optional`. Blank lines and
    `#` comments are skipped. Every line that cannot be read gives one message naming the line."""
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            rows.append(_pasted_row(stripped))
        except PlannerError as exc:
            errors.append(f"{source}: line {number}: {exc}")
    return PastedList(tuple(rows), tuple(errors))


def _pasted_row(line: str) -> dict[str, Any]:
    sep = "\t" if "\t" in line else ","
    name, _, rest = (part.strip() for part in line.partition(sep))
    if not name:
        raise PlannerError("'name' is missing (write 'Ana, Madrid')")
    if not rest:
        raise PlannerError(f"member {name!r}: 'place' is missing (write '{name}, Madrid' or '{name}, Europe/Madrid')")
    required = True
    head, _, last = rest.rpartition(sep)
    if head and last.strip().lower() in _ROLE_WORDS:
        rest, required = head.strip(), _ROLE_WORDS[last.strip().lower()]
    try:
        place = resolve_place(rest)
    except UnknownPlace as exc:
        raise PlannerError(f"member {name!r}: 'place' {exc}") from None
    return {"name": name, **place.fields(), "required": required}
