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
