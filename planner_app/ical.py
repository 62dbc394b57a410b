"""iCalendar writing: the calendar envelope, safe text, and VTIMEZONEs built from tzdata itself.

Why its own VTIMEZONE builder: a VTIMEZONE that lists every transition as comma-separated values on
one `RDATE` line is valid RFC 5545, but vobject (and so Radicale and every CalDAV stack built on it)
keeps only the first value, and Outlook is reported to mishandle the shape; icalendar's
`Timezone.from_tzinfo` writes that shape, stops at 2038, and gives each onset's local time in the
new offset rather than the one it replaces. So the rules are read here from the tzdata package's
TZif files (RFC 8536: version 2+ data and the POSIX TZ footer) and written as:

- rule-based (`RRULE` with `BYDAY`, open-ended, no 2038 end) when the zone's current rule produces
  every transition from the onsets in force at the first exported instant to the end of the last
  exported year; the two blocks start where that rule began (see `_rule_based` for why not later);
- one `RDATE` per line otherwise (Casablanca, or a zone whose rules change inside the span),
  covering exactly the exported years;
- a single block for a zone whose offset does not change.

`split_by_uid` cuts a file into the calendar objects a CalDAV client stores (one per UID, no METHOD).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import importlib.resources
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from planner_app.errors import UnknownTimezone

PRODID = "-//culture-planner//meeting planner//EN"
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX TZ numbering: 0 is Sunday
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # RFC 5545 TEXT forbids controls but tab and newline


def _wall(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    """A wall-clock time without a zone: VTIMEZONE onsets are written that way on purpose."""
    return dt.datetime(year, month, day)  # noqa: DTZ001


_EPOCH = _wall(1970)


# -- TZif ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocalType:
    """A zone's local time type: UTC offset in seconds, whether tzdata calls it DST, its abbreviation."""

    offset: int
    isdst: bool
    name: str


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of local time type at UTC instant `at` (seconds since 1970)."""

    at: int
    before: LocalType
    after: LocalType

    @property
    def local_onset(self) -> dt.datetime:
        """The onset as RFC 5545 writes it: the wall-clock time in the offset being replaced."""
        return _EPOCH + dt.timedelta(seconds=self.at + self.before.offset)


@dataclass(frozen=True, slots=True)
class PosixRule:
    """One date rule of a POSIX TZ string (`Mm.w.d`, `Jn` or `n`) and its local time in seconds."""

    kind: str  # "M", "J" or "n"
    month: int
    week: int
    weekday: int  # 0 = Sunday
    day: int  # for "J" and "n"
    seconds: int  # may be negative or beyond a day (TZif version 3)

    def date(self, year: int) -> dt.date:
        """The rule's calendar date in `year`, before its time of day is added."""
        if self.kind == "J":  # 1..365, 29 February never counted
            julian = dt.date(year, 1, 1) + dt.timedelta(days=self.day - 1)
            leap_shift = _calendar.isleap(year) and self.day >= 60
            return julian + dt.timedelta(days=1) if leap_shift else julian
        if self.kind == "n":  # 0..365, 29 February counted
            return dt.date(year, 1, 1) + dt.timedelta(days=self.day)
        first = dt.date(year, self.month, 1)
        nth = 1 + (self.weekday - (first.weekday() + 1) % 7) % 7 + 7 * (self.week - 1)
        last = _calendar.monthrange(year, self.month)[1]
        while nth > last:  # week 5 means the last such weekday
            nth -= 7
        return dt.date(year, self.month, nth)

    def local(self, year: int) -> dt.datetime:
        """The wall-clock time of the change in `year`, in the offset in force before it."""
        return dt.datetime.combine(self.date(year), dt.time()) + dt.timedelta(seconds=self.seconds)


@dataclass(frozen=True, slots=True)
class PosixTZ:
    """A POSIX TZ string: a standard type, and a DST type with the two rules that switch to and from it."""

    std: LocalType
    dst: LocalType | None
    to_dst: PosixRule | None
    to_std: PosixRule | None

    def transitions(self, year: int) -> list[Transition]:
        """The year's changes (none for a fixed offset), in time order."""
        if self.dst is None or self.to_dst is None or self.to_std is None:
            return []
        to_dst = _instant(self.to_dst.local(year), self.std.offset)
        to_std = _instant(self.to_std.local(year), self.dst.offset)
        pairs = [Transition(to_dst, self.std, self.dst), Transition(to_std, self.dst, self.std)]
        return sorted(pairs, key=lambda t: t.at)


@dataclass(frozen=True, slots=True)
class ZoneRules:
    """A zone as tzdata ships it: the explicit transitions, then the footer rule for ever after."""

    name: str
    initial: LocalType
    explicit: tuple[Transition, ...]
    footer: PosixTZ

    def transitions(self, start: int, end: int) -> list[Transition]:
        """Every change of UTC offset with `start <= at < end` (changes of name or flag alone are left
        out: they move no instant)."""
        last = self.explicit[-1].at if self.explicit else None
        found = [t for t in self.explicit if start <= t.at < end]
        first_year = max(_year_of(start) - 1, _year_of(last) if last is not None else 1)
        for year in range(first_year, _year_of(end) + 2):
            found += [t for t in self.footer.transitions(year) if start <= t.at < end and (last is None or t.at > last)]
        return [t for t in sorted(found, key=lambda t: t.at) if t.before.offset != t.after.offset]

    def type_at(self, instant: int) -> LocalType:
        """The local time type in force at `instant`."""
        current = self.initial
        for t in self.explicit:
            if t.at > instant:
                return current
            current = t.after
        footer = [t for year in (_year_of(instant) - 1, _year_of(instant)) for t in self.footer.transitions(year)]
        passed = [t for t in footer if t.at <= instant]
        return passed[-1].after if passed else (self.footer.std if self.footer.dst is None else footer[0].before)


def _year_of(instant: int) -> int:
    return (_EPOCH + dt.timedelta(seconds=instant)).year


def _instant(local: dt.datetime, offset: int) -> int:
    return int((local - _EPOCH).total_seconds()) - offset


_POSIX = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]{3,})(?P<stdoff>[+-]?\d{1,3}(?::\d{1,2}){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]{3,})(?P<dstoff>[+-]?\d{1,3}(?::\d{1,2}){0,2})?"
    r",(?P<start>[^,]+),(?P<end>[^,]+))?$"
)


def _hms(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _rule(text: str) -> PosixRule:
    date, _, time = text.partition("/")
    seconds = _hms(time) if time else 7200
    if date.startswith("M"):
        month, week, weekday = (int(p) for p in date[1:].split("."))
        return PosixRule("M", month, week, weekday, 0, seconds)
    if date.startswith("J"):
        return PosixRule("J", 0, 0, 0, int(date[1:]), seconds)
    return PosixRule("n", 0, 0, 0, int(date), seconds)


def parse_posix_tz(text: str) -> PosixTZ:
    """The TZ string of a TZif footer (POSIX offsets count west of Greenwich, so their sign flips)."""
    match = _POSIX.match(text)
    if match is None:
        raise ValueError(f"unsupported POSIX TZ string {text!r}")
    std = LocalType(-_hms(match["stdoff"]), False, match["std"].strip("<>"))
    if match["dst"] is None:
        return PosixTZ(std, None, None, None)
    dst_offset = -_hms(match["dstoff"]) if match["dstoff"] else std.offset + 3600
    dst = LocalType(dst_offset, True, match["dst"].strip("<>"))
    return PosixTZ(std, dst, _rule(match["start"]), _rule(match["end"]))


def parse_tzif(name: str, data: bytes) -> ZoneRules:
    """A TZif file of version 2 or later: its 64-bit transitions and its footer (RFC 8536)."""
    if data[:4] != b"TZif" or data[4:5] < b"2":
        raise ValueError(f"{name}: not a TZif file of version 2 or later")
    isut, isstd, leap, time, types, chars = struct.unpack(">6l", data[20:44])
    v1 = time * 5 + types * 6 + chars + leap * 8 + isstd + isut
    header = 44 + v1
    isut, isstd, leap, time, types, chars = struct.unpack(">6l", data[header + 20 : header + 44])
    at = header + 44
    instants = struct.unpack(f">{time}q", data[at : at + 8 * time])
    at += 8 * time
    indices = data[at : at + time]
    at += time
    raw_types = [struct.unpack(">lBB", data[at + 6 * i : at + 6 * i + 6]) for i in range(types)]
    at += 6 * types
    names = data[at : at + chars]
    at += chars + leap * 12 + isstd + isut
    local_types = [
        LocalType(offset, bool(isdst), names[index : names.index(b"\0", index)].decode("ascii"))
        for offset, isdst, index in raw_types
    ]
    footer = data[at:].strip(b"\n").decode("ascii")
    explicit, current = [], local_types[0]
    for instant, index in zip(instants, indices, strict=True):
        explicit.append(Transition(instant, current, local_types[index]))
        current = local_types[index]
    return ZoneRules(name, local_types[0], tuple(explicit), parse_posix_tz(footer))


@functools.cache
def zone_rules(name: str) -> ZoneRules:
    """The tzdata package's rules for an IANA zone name."""
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") for p in parts):
        raise UnknownTimezone(f"unknown time zone {name!r}")
    try:
        data = importlib.resources.files("tzdata.zoneinfo").joinpath(*parts).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise UnknownTimezone(f"unknown time zone {name!r}") from None
    return parse_tzif(name, data)


# -- VTIMEZONE -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observance:
    """A STANDARD or DAYLIGHT block: its first onset, the offsets either side, and its repeats."""

    daylight: bool
    onset: dt.datetime  # local wall time in `offset_from`
    offset_from: int
    offset_to: int
    name: str
    rrule: dict[str, Any] | None = None
    rdates: tuple[dt.datetime, ...] = ()


def _yearly_rule(rule: PosixRule) -> dict[str, Any] | None:
    """RRULE parts that give the rule's date every year, or None when no BYDAY form says it exactly."""
    if rule.kind != "M":
        return None
    shift, _ = divmod(rule.seconds, 86400)
    weekday = _WEEKDAYS[(rule.weekday + shift) % 7]
    if shift == 0:
        return {"freq": "yearly", "bymonth": rule.month, "byday": f"{-1 if rule.week == 5 else rule.week}{weekday}"}
    shortest = 28 if rule.month == 2 else _calendar.monthrange(2001, rule.month)[1]
    if rule.week == 5 and rule.month == 2:
        return None
    low = shortest - 6 if rule.week == 5 else 7 * (rule.week - 1) + 1
    low += shift
    if low < 1 or low + 6 > shortest:
        return None  # the shifted day can leave the month: only dates say that exactly
    return {"freq": "yearly", "bymonth": rule.month, "bymonthday": list(range(low, low + 7)), "byday": weekday}


@functools.cache
def _rule_run_start(zone: str, year: int) -> int:
    """The earliest year, from `year` back to 1970, since which the footer's rule has given every
    change of the zone's offset."""
    rules = zone_rules(zone)
    footer = rules.footer
    while year > 1970:
        begin, end = _instant(_wall(year - 1), 0), _instant(_wall(year), 0)
        predicted = [(t.at, t.after.offset) for t in footer.transitions(year - 1) if begin <= t.at < end]
        actual = [(t.at, t.after.offset) for t in rules.transitions(begin, end)]
        if not predicted or predicted != actual:
            break
        year -= 1
    return year


def _footer_rules(rules: ZoneRules, begin: int, last: int) -> bool:
    """Whether the footer's rule gives every change of offset from `begin` to the end of the year of `last`."""
    end = _instant(_wall(_year_of(last) + 1), 0) + 86400
    predicted = [
        (t.at, t.after.offset)
        for y in range(_year_of(begin) - 1, _year_of(end) + 1)
        for t in rules.footer.transitions(y)
        if begin <= t.at < end
    ]
    return [(t.at, t.after.offset) for t in rules.transitions(begin, end)] == predicted


def _rule_based(rules: ZoneRules, first: int, last: int) -> list[Observance] | None:
    """Two open-ended RRULE observances, if the footer's rule gives every change of offset from the
    onsets in force at `first` to the end of the year of `last`; else None.

    They start where that rule started (London: 1996), not just before `first`: vobject compares a
    VTIMEZONE with UTC over 2000-2020 and, for a zone on +00:00 in winter whose rules begin later,
    takes it for UTC, ignores it and expands the series on one fixed offset (an hour off all summer);
    and it keeps the first VTIMEZONE it sees per TZID for the whole server, so a zone that is right
    for every date since its rule began also keeps other people's older events right."""
    footer = rules.footer
    if footer.dst is None or footer.to_dst is None or footer.to_std is None:
        return None
    daylight_rule, standard_rule = _yearly_rule(footer.to_dst), _yearly_rule(footer.to_std)
    if daylight_rule is None or standard_rule is None:
        return None
    in_force = [t for y in range(_year_of(first) - 2, _year_of(first) + 1) for t in footer.transitions(y)]
    latest = {t.after: t for t in in_force if t.at <= first}
    if set(latest) != {footer.dst, footer.std} or not _footer_rules(rules, min(t.at for t in latest.values()), last):
        return None
    start_year = _rule_run_start(rules.name, _year_of(min(t.at for t in latest.values())))
    earliest = {t.after: t for t in footer.transitions(start_year)}
    if len(earliest) == 2 and _footer_rules(rules, min(t.at for t in earliest.values()), last):
        latest = earliest
    # DAYLIGHT is the higher offset, whatever tzdata's flag says (Dublin keeps IST as "standard")
    summer = footer.dst.offset > footer.std.offset
    return [
        Observance(
            summer,
            latest[footer.dst].local_onset,
            footer.std.offset,
            footer.dst.offset,
            footer.dst.name,
            rrule=daylight_rule,
        ),
        Observance(
            not summer,
            latest[footer.std].local_onset,
            footer.dst.offset,
            footer.std.offset,
            footer.std.name,
            rrule=standard_rule,
        ),
    ]


def _fixed(rules: ZoneRules, first: int, last: int) -> list[Observance] | None:
    """One observance when no change of offset happens from `first` to the end of the year of `last`."""
    end = _instant(_wall(_year_of(last) + 1), 0) + 86400
    if rules.transitions(first, end):
        return None
    kind = rules.type_at(first)
    start = _wall(_year_of(first))
    if rules.transitions(_instant(start, kind.offset), first):
        start = (_EPOCH + dt.timedelta(seconds=first + kind.offset)).replace(hour=0, minute=0, second=0)
    return [Observance(False, start, kind.offset, kind.offset, kind.name)]


def _dated(rules: ZoneRules, first: int, last: int) -> list[Observance]:
    """Observances with one date per RDATE line, covering exactly the years of `first` to `last`:
    the offset in force on 1 January of the first year, then every change.

    The first block has equal offsets either side (nothing changed on 1 January). Written instead as
    the change that really set that offset (in an earlier year), a zone on +00:00 half the year,
    such as Casablanca, would have its only STANDARD block on +00:00 and no change in 2000-2020,
    and vobject would take it for UTC and expand every meeting on one offset. The price: dateutil
    infers which pass of a repeated hour an instant is from the DST step of the block in force, so
    for the hour repeated by a first change that sets the clocks back it shows the later pass. The
    planner writes a meeting in a repeated hour in UTC, so no meeting depends on that."""
    first_year, last_year = _year_of(first), _year_of(last)
    begin_local = _wall(first_year)
    in_force = rules.type_at(_instant(begin_local, 0))
    begin = _instant(begin_local, in_force.offset)
    end_local = _wall(last_year + 1)
    end = _instant(end_local, rules.type_at(_instant(end_local, 0)).offset)
    observances = [Observance(False, begin_local, in_force.offset, in_force.offset, in_force.name)]
    groups: dict[tuple[bool, int, int, str], list[dt.datetime]] = {}
    for t in rules.transitions(begin, end):
        # DAYLIGHT is the higher offset of a change, as in the rule-based zones
        key = (t.after.offset > t.before.offset, t.before.offset, t.after.offset, t.after.name)
        groups.setdefault(key, []).append(t.local_onset)
    for (daylight, offset_from, offset_to, name), onsets in groups.items():
        observances.append(Observance(daylight, onsets[0], offset_from, offset_to, name, rdates=tuple(onsets[1:])))
    return observances


def observances(zone: str, first: int, last: int) -> list[Observance]:
    """The observances that describe `zone` for every instant from `first` to `last` (UTC seconds):
    rule-based when the current rule covers the span, a single one when the offset never changes,
    dated (one RDATE per line) otherwise."""
    rules = zone_rules(zone)
    return _rule_based(rules, first, last) or _fixed(rules, first, last) or _dated(rules, first, last)


def vtimezone(zone: str, first: int, last: int) -> Any:
    """An icalendar VTIMEZONE for `zone`, valid for every instant from `first` to `last` (UTC seconds)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", zone)
    for o in observances(zone, first, last):
        block = TimezoneDaylight() if o.daylight else TimezoneStandard()
        block.add("dtstart", o.onset)
        block.add("tzname", o.name)
        block.add("tzoffsetfrom", dt.timedelta(seconds=o.offset_from))
        block.add("tzoffsetto", dt.timedelta(seconds=o.offset_to))
        if o.rrule is not None:
            block.add("rrule", o.rrule)
        for when in o.rdates:
            block.add("rdate", when)  # one property per date: vobject reads only a list's first value
        tz.add_component(block)
    return tz


# -- the calendar ----------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text without the control characters RFC 5545 TEXT forbids (NUL, BEL, ESC, DEL ...); line
    breaks and tabs stay (the writer escapes them)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def new_calendar(name: str | None, *, publish: bool) -> Any:
    """An empty VCALENDAR; `publish` marks a downloaded file (METHOD:PUBLISH, which a CalDAV object
    must not carry); `name` becomes X-WR-CALNAME, escaped as TEXT."""
    from icalendar import Calendar, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if publish:
        cal.add("method", "PUBLISH")
    if name is not None:
        cal.add("x-wr-calname", vText(clean_text(name)))
    return cal


def text(value: str) -> Any:
    """A TEXT property value, control characters removed."""
    from icalendar import vText

    return vText(clean_text(value))


def serialise(cal: Any) -> bytes:
    """The calendar's bytes (CRLF lines, folded at 75 octets)."""
    return bytes(cal.to_ical())


def split_by_uid(ics: bytes) -> list[bytes]:
    """One calendar object per UID, as a CalDAV client stores them: the UID's events with the
    VTIMEZONEs they need, without METHOD."""
    from icalendar import Calendar

    cal = Calendar.from_ical(ics)
    zones = {str(z["TZID"]): z for z in cal.walk("VTIMEZONE")}
    by_uid: dict[str, list[Any]] = {}
    for event in cal.walk("VEVENT"):
        by_uid.setdefault(str(event["UID"]), []).append(event)
    out = []
    for events in by_uid.values():
        obj = new_calendar(None, publish=False)
        for tzid in _tzids(events):
            if tzid in zones:
                obj.add_component(zones[tzid])
        for event in events:
            obj.add_component(event)
        out.append(serialise(obj))
    return out


def _tzids(events: Iterable[Any]) -> list[str]:
    found: dict[str, None] = {}
    for event in events:
        for prop in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE"):
            values = event.get(prop)
            for value in values if isinstance(values, list) else [values]:
                if value is not None and "TZID" in value.params:
                    found[str(value.params["TZID"])] = None
    return list(found)
