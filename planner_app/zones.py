"""IANA time zones, always from the `tzdata` package.

Debian's system copy (e.g. 2025b) would otherwise shadow the package for `zoneinfo` and pendulum,
and it lacks recent rule changes (Morocco and British Columbia in 2026). Emptying zoneinfo's search
path once, here, makes every `ZoneInfo` and every pendulum time zone in the process read the package.
"""

from __future__ import annotations

import functools
import re
import zoneinfo

import tzdata

from planner_app.errors import UnknownTimezone

zoneinfo.reset_tzpath(to=())

TZDATA_VERSION: str = tzdata.IANA_VERSION
# Zone names are path-like; refusing anything else keeps a name from ever reaching outside tzdata.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")

# Old names kept by IANA as links; we accept them and show the current name.
_LINK_TARGETS = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "US/Pacific": "America/Los_Angeles",
    "US/Mountain": "America/Denver",
    "US/Central": "America/Chicago",
    "US/Eastern": "America/New_York",
    "US/Hawaii": "Pacific/Honolulu",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "GB": "Europe/London",
    "UTC": "Etc/UTC",
    "Etc/GMT": "Etc/UTC",
}


@functools.cache
def available_zones() -> frozenset[str]:
    """Every zone name the bundled tzdata can load."""
    return frozenset(zoneinfo.available_timezones())


def canonical_name(key: str) -> str:
    """The current IANA name for `key` (old link names map to their target)."""
    return _LINK_TARGETS.get(key, key)


def zone(key: str) -> zoneinfo.ZoneInfo:
    """The zone called `key`, from the bundled tzdata; `UnknownTimezone` if there is none."""
    if not isinstance(key, str):  # checked before the cache, which cannot hash a list or a table
        raise UnknownTimezone(f"unknown time zone {key!r} (IANA names look like 'Europe/Madrid')")
    return _zone(key)


@functools.cache
def _zone(key: str) -> zoneinfo.ZoneInfo:
    if not _ZONE_NAME.fullmatch(key) or key.endswith((".tab", ".zi")):
        raise UnknownTimezone(f"unknown time zone {key!r} (IANA names look like 'Europe/Madrid')")
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezone(f"unknown time zone {key!r} (IANA names look like 'Europe/Madrid')") from None


# --- zone names as people and HR tools write them ---------------------------------------------------

# Abbreviations are not zones: most are ambiguous (IST: India, Ireland or Israel) and the ones tzdata
# does know (EST, MST, HST, GMT) are fixed offsets that ignore the region's summer time. Each is
# refused with the zones it usually means.
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "EST": ("a fixed UTC-5", "America/New_York"),
    "EDT": ("US Eastern summer time", "America/New_York"),
    "CST": ("ambiguous (US Central, China or Cuba)", "America/Chicago or Asia/Shanghai"),
    "CDT": ("US Central summer time", "America/Chicago"),
    "MST": ("a fixed UTC-7", "America/Denver or America/Phoenix"),
    "MDT": ("US Mountain summer time", "America/Denver"),
    "PST": ("ambiguous (US Pacific or Philippine time)", "America/Los_Angeles or Asia/Manila"),
    "PDT": ("US Pacific summer time", "America/Los_Angeles"),
    "AKST": ("Alaska standard time", "America/Anchorage"),
    "AKDT": ("Alaska summer time", "America/Anchorage"),
    "HST": ("a fixed UTC-10", "Pacific/Honolulu"),
    "AST": ("ambiguous (Atlantic or Arabia)", "America/Halifax or Asia/Riyadh"),
    "ADT": ("Atlantic summer time", "America/Halifax"),
    "NST": ("Newfoundland standard time", "America/St_Johns"),
    "GMT": ("a fixed UTC+0 (the UK keeps it only in winter)", "Europe/London, or Etc/UTC"),
    "BST": ("ambiguous (British summer time or Bangladesh)", "Europe/London or Asia/Dhaka"),
    "IST": ("ambiguous (India, Ireland or Israel)", "Asia/Kolkata, Europe/Dublin or Asia/Jerusalem"),
    "CEST": ("Central European summer time", "Europe/Paris or Europe/Berlin"),
    "EEST": ("Eastern European summer time", "Europe/Athens or Europe/Helsinki"),
    "WEST": ("Western European summer time", "Europe/Lisbon"),
    "MSK": ("Moscow time", "Europe/Moscow"),
    "SAST": ("South African time", "Africa/Johannesburg"),
    "WAT": ("West Africa time", "Africa/Lagos"),
    "CAT": ("Central Africa time", "Africa/Maputo"),
    "EAT": ("East Africa time", "Africa/Nairobi"),
    "PKT": ("Pakistan time", "Asia/Karachi"),
    "ICT": ("Indochina time", "Asia/Bangkok or Asia/Ho_Chi_Minh"),
    "WIB": ("Western Indonesia time", "Asia/Jakarta"),
    "SGT": ("Singapore time", "Asia/Singapore"),
    "HKT": ("Hong Kong time", "Asia/Hong_Kong"),
    "JST": ("Japan time", "Asia/Tokyo"),
    "KST": ("Korea time", "Asia/Seoul"),
    "AEST": ("Australian Eastern standard time", "Australia/Sydney or Australia/Brisbane"),
    "AEDT": ("Australian Eastern summer time", "Australia/Sydney"),
    "ACST": ("Australian Central standard time", "Australia/Adelaide or Australia/Darwin"),
    "AWST": ("Australian Western time", "Australia/Perth"),
    "NZST": ("New Zealand standard time", "Pacific/Auckland"),
    "NZDT": ("New Zealand summer time", "Pacific/Auckland"),
    "BRT": ("Brasília time", "America/Sao_Paulo"),
    "ART": ("Argentina time", "America/Argentina/Buenos_Aires"),
}
# tzdata's placeholder for "no zone" (its abbreviation is "-00"): never a place someone lives.
REFUSED_ZONES = frozenset({"Factory"})
_WINDOWS_DISPLAY = re.compile(r"\(\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):(\d{2}))?\s*\)\s*(.+)", re.IGNORECASE)


def resolve_zone_name(text: object) -> str:
    """The current IANA name for a zone as a person or an HR tool writes it: an IANA name, a Windows
    zone id (`Romance Standard Time`) or display name (`(UTC+01:00) Brussels, Copenhagen, Madrid,
    Paris`). `UnknownTimezone` with a suggestion for an abbreviation (`EST is a fixed UTC-5; did you
    mean America/New_York?`), for tzdata's `Factory`, and for anything else it does not know."""
    if not isinstance(text, str):
        raise UnknownTimezone(f"unknown time zone {text!r} (IANA names look like 'Europe/Madrid')")
    name = text.strip()
    abbreviation = ABBREVIATIONS.get(name.upper())
    if abbreviation is not None:
        raise UnknownTimezone(f"{name} is {abbreviation[0]}; did you mean {abbreviation[1]}?")
    if name in REFUSED_ZONES:
        raise UnknownTimezone(f"{name!r} is tzdata's placeholder, not a place (use an IANA name like 'Europe/Madrid')")
    windows = windows_zone(name)
    if windows is not None:
        return windows
    zone(name)
    return canonical_name(name)


@functools.cache
def _windows_ids() -> dict[str, str]:
    """CLDR's windowsZones (as babel ships it): Windows zone id, case-folded, to its IANA zone."""
    from babel.core import get_global

    return {key.casefold(): value for key, value in get_global("windows_zone_mapping").items()}


def windows_zone(text: str) -> str | None:
    """The IANA zone for a Windows zone id or display name; None when `text` is neither."""
    by_id = _windows_ids().get(text.strip().casefold())
    if by_id is not None:
        return canonical_name(by_id)
    match = _WINDOWS_DISPLAY.fullmatch(text.strip())
    if match is None:
        return None
    sign, hours, minutes, places = match.groups()
    offset = 0 if sign is None else (1 if sign == "+" else -1) * (int(hours) * 3600 + int(minutes) * 60)
    return _display_zone(places, offset)


def _display_zone(places: str, offset: int) -> str | None:
    """The zone a Windows display name's place list means: CLDR's choice among the named cities'
    zones when there is one, else the first named city; the city's standard offset must match."""
    by_city = _zones_by_city()
    cities = [by_city[c] for c in (p.strip().casefold() for p in places.split(",")) if c in by_city]
    cities = [z for z in cities if _standard_offset(z) == offset]
    preferred = set(_windows_ids().values())
    chosen = next((z for z in cities if z in preferred), cities[0] if cities else None)
    if chosen is None:  # "(UTC-05:00) Eastern Time (US & Canada)": the id is the name with "Standard"
        named = re.sub(r"\s*Time\b", " Standard Time", places.split(",")[0].split("(")[0].strip())
        universal = re.fullmatch(r"Coordinated Universal Time\s*([+-]\d{2})?", places.strip(), re.IGNORECASE)
        if universal:  # "(UTC-11:00) Coordinated Universal Time-11" is the id "UTC-11"
            named = "UTC" + (universal.group(1) or "")
        found = _windows_ids().get(named.casefold())
        chosen = found if found is not None and _standard_offset(found) == offset else None
    return canonical_name(chosen) if chosen else None


@functools.cache
def _zones_by_city() -> dict[str, str]:
    """Every zone's last part as a city name (`new york`), case-folded, to the zone."""
    out: dict[str, str] = {}
    for key in sorted(available_zones()):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            out.setdefault(key.rsplit("/", 1)[-1].replace("_", " ").casefold(), key)
    return out


def _standard_offset(key: str) -> int:
    """The zone's standard (winter) UTC offset in seconds, from its rules for January and July 2026."""
    import datetime as dt

    offsets = []
    for month in (1, 7):
        moment = dt.datetime(2026, month, 15, 12, tzinfo=zone(key))
        total, summer = moment.utcoffset(), moment.dst()
        assert total is not None
        offsets.append(int((total - (summer or dt.timedelta(0))).total_seconds()))
    return offsets[0] if offsets[0] == offsets[1] else min(offsets)
