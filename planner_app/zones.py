"""IANA time zones, always from the `tzdata` package, and the one owner of UTC -> wall clock.

Every presenter, chart, briefing and the series drift report asks this module for local times
(`wall_clock`, `local_isoformats`, `offsets_at`, `format_offset`, `zone_label`); nothing else turns an
instant into a wall clock. The other direction, local -> UTC with its DST policy, belongs to
`availability`.

Debian's system copy (e.g. 2025b) would otherwise shadow the package for `zoneinfo` and pendulum,
and it lacks recent rule changes (Morocco and British Columbia in 2026). Emptying zoneinfo's search
path once, here, makes every `ZoneInfo` and every pendulum time zone in the process read the package.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import TYPE_CHECKING

import tzdata

from planner_app.errors import InstallationError, UnknownTimezone

if TYPE_CHECKING:  # numpy is imported where arrays are made: `planner regions` never needs it
    import numpy as np

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
    if key not in available_zones():
        raise UnknownTimezone(f"unknown time zone {key!r} (IANA names look like 'Europe/Madrid')")
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # listed by tzdata, yet not loadable
        raise InstallationError(
            f"the tzdata package {TZDATA_VERSION} lists the zone {key!r} but its file is missing or unreadable; "
            "reinstall the planner (pip install --force-reinstall tzdata)"
        ) from None


# -- UTC -> wall clock: the only place in the product where an instant becomes a local time ---------------
#
# An instant has exactly one wall clock in a zone (no DST policy is needed in this direction). For speed the
# zone's offset changes are found once per zone and span of years, then any number of instants is looked up
# with one `searchsorted`: 85,000 attendee times of a year's plan cost milliseconds, not seconds.

SECONDS_PER_DAY = 86_400
UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MARGIN_DAYS = 2  # local dates reach a day either side of a UTC date (offsets lie within ±1 day)


def utc_offset(timezone: str, instant: int) -> int:
    """The zone's UTC offset in seconds at the instant (UTC seconds since 1970)."""
    offset = dt.datetime.fromtimestamp(instant, zone(timezone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def wall_clock(instant: int, timezone: str) -> dt.datetime:
    """The instant (UTC seconds since 1970) as an aware datetime on the zone's wall clock."""
    return dt.datetime.fromtimestamp(int(instant), zone(timezone))


@functools.lru_cache(maxsize=512)
def _midnights(timezone: str, first_year: int, last_year: int) -> tuple[int, np.ndarray]:
    """The UTC offset at each local midnight from a little before 1 January `first_year` to a little after
    31 December `last_year`: `(ordinal of the first date, offsets)`. Shared by both directions."""
    import numpy as np

    tz = zone(timezone)
    first = max(dt.date(first_year, 1, 1).toordinal() - _MARGIN_DAYS, 2)
    last = min(dt.date(last_year, 12, 31).toordinal() + _MARGIN_DAYS, dt.date.max.toordinal() - 1)
    values = []
    for ordinal in range(first, last + 1):
        day = dt.date.fromordinal(ordinal)
        offset = dt.datetime(day.year, day.month, day.day, tzinfo=tz).utcoffset()
        assert offset is not None
        values.append(int(offset.total_seconds()))
    offsets = np.array(values, dtype=np.int64)
    offsets.setflags(write=False)
    return first, offsets


def midnight_offsets(timezone: str, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """For local dates (proleptic ordinals) `first..last`: the UTC offset at each local midnight, and
    whether the date keeps that offset until the next midnight (no clock change inside it).

    `availability`, the one place local times become UTC, converts whole days at once with it."""
    base, offsets = _midnights(timezone, dt.date.fromordinal(first).year, dt.date.fromordinal(last).year)
    table = offsets[first - base : last - base + 2]
    return table[:-1], table[:-1] == table[1:]


@functools.lru_cache(maxsize=512)
def offset_changes(timezone: str, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """The zone's offset changes around UTC years `first_year..last_year`: `(at, offset)`, where
    `offset[i]` is in force from `at[i]` (UTC seconds) until `at[i + 1]`.

    Built on the local-midnight table (one zoneinfo call per date, shared with `availability`); a change
    between two midnights is narrowed to the second. Two changes that cancel between consecutive
    midnights would be missed: tzdata has none since 1900 (tests/test_zones.py checks every zone)."""
    import numpy as np

    base, offsets = _midnights(timezone, first_year, last_year)
    ordinals = np.arange(base, base + len(offsets), dtype=np.int64)
    samples = ((ordinals - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY - offsets).tolist()  # local midnights in UTC
    # Around each change the table shows, ask for the offset at the sample instants themselves (a local
    # midnight that falls on a change instant carries the earlier offset in the table), then narrow
    # each change between two samples to the second.
    changed = np.flatnonzero(offsets[1:] != offsets[:-1]).tolist()
    near = sorted({j for i in changed for j in range(i - 1, i + 3) if 0 <= j < len(samples)})
    actual = {j: utc_offset(timezone, samples[j]) for j in near}
    at, values = [samples[0]], [utc_offset(timezone, samples[0])]
    for j in near:
        if j + 1 not in actual or actual[j] == actual[j + 1]:
            continue
        lo, hi = samples[j], samples[j + 1]  # old offset at lo, new one at hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if utc_offset(timezone, mid) == actual[j] else (lo, mid)
        at.append(hi)
        values.append(actual[j + 1])
    changes = np.array(at, dtype=np.int64), np.array(values, dtype=np.int64)
    for array in changes:
        array.setflags(write=False)
    return changes


def offsets_at(instants: np.ndarray, timezone: str) -> np.ndarray:
    """The zone's UTC offset (seconds) at each instant, vectorised."""
    import numpy as np

    instants = np.asarray(instants, dtype=np.int64)
    if instants.size == 0:
        return np.zeros(0, dtype=np.int64)
    first = dt.datetime.fromtimestamp(int(instants.min()), dt.UTC).year
    last = dt.datetime.fromtimestamp(int(instants.max()), dt.UTC).year
    at, offsets = offset_changes(timezone, first, last)
    result: np.ndarray = offsets[np.maximum(np.searchsorted(at, instants, side="right") - 1, 0)]
    return result


def wall_seconds(instants: np.ndarray, timezone: str) -> np.ndarray:
    """Each instant's wall clock in the zone, as seconds since 1970-01-01 00:00 *local* (vectorised)."""
    import numpy as np

    instants = np.asarray(instants, dtype=np.int64)
    wall: np.ndarray = instants + offsets_at(instants, timezone)
    return wall


@functools.lru_cache(maxsize=256)
def format_offset(seconds: int) -> str:
    """`+05:45`, `-03:30`, `+00:00`: an offset in seconds as ISO 8601 hours and minutes (and seconds,
    for the local mean times before 1912, as Python's isoformat writes them)."""
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(int(seconds))
    text = f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    return text + f":{seconds % 60:02d}" if seconds % 60 else text


@functools.lru_cache(maxsize=4096)
def _date_text(day: int) -> str:
    return dt.date.fromordinal(day + UNIX_EPOCH_ORDINAL).isoformat()


@functools.lru_cache(maxsize=4096)
def _time_text(second: int) -> str:
    return f"{second // 3600:02d}:{second % 3600 // 60:02d}:{second % 60:02d}"


def local_isoformats(instants: np.ndarray, timezone: str) -> list[str]:
    """Each instant as ISO 8601 on the zone's clock with its offset (`2026-03-10T15:00:00+01:00`)."""
    import numpy as np

    instants = np.asarray(instants, dtype=np.int64)
    offsets = offsets_at(instants, timezone)
    days, seconds = np.divmod(instants + offsets, SECONDS_PER_DAY)
    return [
        f"{_date_text(d)}T{_time_text(s)}{format_offset(o)}"
        for d, s, o in zip(days.tolist(), seconds.tolist(), offsets.tolist(), strict=True)
    ]


def local_isoformat(instant: int, timezone: str) -> str:
    """One instant as ISO 8601 on the zone's clock with its offset."""
    import numpy as np

    return local_isoformats(np.array([instant]), timezone)[0]


def zone_label(timezone: str) -> str:
    """A short human label for a zone: `New York` for America/New_York, `UTC` for Etc/UTC."""
    if timezone in ("Etc/UTC", "UTC"):
        return "UTC"
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def short_local(instant: int, timezone: str, *, date: bool = True) -> str:
    """The instant on the zone's clock for people: `Tue 10 Mar 15:00` (or `Tue 15:00` without the date)."""
    local = wall_clock(instant, timezone)
    return f"{local:%a} {local.day} {local:%b %H:%M}" if date else f"{local:%a %H:%M}"


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
