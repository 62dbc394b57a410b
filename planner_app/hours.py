"""Office hours as data: `"HH:MM-HH:MM"` strings and week tables of them.

A `Span` is measured in minutes from a local midnight. An interval whose end is not after its start
crosses midnight (`"22:00-06:00"` is 22:00 until 06:00 the next day), so a span's end may exceed
1440. `24:00` is a valid end. Nothing here knows about time zones or dates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_SPANS_PER_DAY = 8
MINUTES_PER_DAY = 1440

_SPAN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Local working time from `start` to `end` minutes after midnight (end may pass 1440)."""

    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def crosses_midnight(self) -> bool:
        return self.end > MINUTES_PER_DAY

    def __str__(self) -> str:
        end = self.end if self.end <= MINUTES_PER_DAY else self.end - MINUTES_PER_DAY
        return f"{clock_text(self.start)}-{clock_text(end)}"


def clock_text(minutes: int) -> str:
    """`HH:MM` for minutes after midnight (24:00 stays 24:00)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# The named bands of a local day that the cost model and the charts share.
AWAKE = Span(7 * 60, 22 * 60)  # 07:00-22:00: a meeting here is inconvenient, not a night call
NIGHT = Span(22 * 60, 7 * 60 + MINUTES_PER_DAY)  # 22:00-07:00 the next morning

# One tuple of spans per weekday, Monday first.
WeekHours = tuple[tuple[Span, ...], ...]


def parse_span(text: object) -> Span:
    """The span written as `"HH:MM-HH:MM"`; `ValueError` with a reason otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"must be a string HH:MM-HH:MM (got {text!r})")
    match = _SPAN.fullmatch(text)
    if match is None:
        raise ValueError(f"must be HH:MM-HH:MM (got {text!r})")
    sh, sm, eh, em = (int(g) for g in match.groups())
    if sh > 23 or sm > 59 or em > 59 or eh > 24 or (eh == 24 and em != 0):
        raise ValueError(f"must be HH:MM-HH:MM with hours 00-23, or 24:00 as an end (got {text!r})")
    start, end = sh * 60 + sm, eh * 60 + em
    if end <= start:
        end += MINUTES_PER_DAY  # crosses midnight
    return Span(start, end)


def parse_day(value: object) -> tuple[Span, ...]:
    """A day's spans from a list of strings, sorted; refuses overlaps and more than 8 spans."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,]", value) if part.strip()]
    if not isinstance(value, Sequence):
        raise ValueError(f"must be a list of HH:MM-HH:MM strings (got {value!r})")
    value = [item for item in value if not (isinstance(item, str) and item.strip().lower() == "off")]
    if len(value) > MAX_SPANS_PER_DAY:
        raise ValueError(f"has {len(value)} intervals in one day; at most {MAX_SPANS_PER_DAY} are allowed")
    spans = sorted(parse_span(item) for item in value)
    for before, after in itertools.pairwise(spans):
        if after.start < before.end:
            raise ValueError(f"intervals {before} and {after} overlap")
    if spans and spans[-1].end - spans[0].start > 2 * MINUTES_PER_DAY:  # pragma: no cover - impossible
        raise ValueError("a day's hours may not last more than 48 hours")
    return tuple(spans)


_DAY_PART = re.compile(r"\s*(default|mon|tue|wed|thu|fri|sat|sun)\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)


def parse_week(value: object) -> WeekHours:
    """A week of hours from a list (the same every day), a table `{default, mon, ..., sun}`, or the
    one-line text form `09:00-13:00, 14:00-18:00 | fri: 08:00-15:00` that `week_to_text` writes.

    Day keys override `default`; days with neither get no hours.
    """
    if isinstance(value, str) and ("|" in value or _DAY_PART.match(value)):
        table: dict[str, object] = {}
        for part in value.split("|"):
            match = _DAY_PART.match(part)
            key, spans = (match.group(1).lower(), match.group(2)) if match else ("default", part)
            if key in table:
                raise ValueError(f"names {key!r} twice")
            table[key] = [s for s in re.split(r"[;,]", spans) if s.strip()]
        value = table
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"default", *DAYS})
        if unknown:
            raise ValueError(f"has unknown day {unknown[0]!r} (use default, {', '.join(DAYS)})")
        default = parse_day(value["default"]) if "default" in value else ()
        days = []
        for day in DAYS:
            try:
                days.append(parse_day(value[day]) if day in value else default)
            except ValueError as exc:
                raise ValueError(f"{day}: {exc}") from None
        return tuple(days)
    every_day = parse_day(value)
    return tuple(every_day for _ in DAYS)


def week_to_data(week: WeekHours) -> dict[str, list[str]]:
    """The inverse of `parse_week`: a `{default, day: [...]}` table using `default` for the commonest day."""
    texts = [[str(span) for span in day] for day in week]
    counts: dict[tuple[str, ...], int] = {}
    for texts_of_day in texts:
        if texts_of_day:
            key = tuple(texts_of_day)
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return {"default": []}
    default = list(max(counts.items(), key=lambda item: item[1])[0])
    table: dict[str, list[str]] = {"default": default}
    for name, day in zip(DAYS, texts, strict=True):
        if day != default:
            table[name] = day
    return table


def week_to_text(week: WeekHours) -> str:
    """The week as one line: `09:00-13:00, 14:00-18:00 | fri: 08:00-15:00` (read by `parse_week`)."""
    table = week_to_data(week)
    parts = [", ".join(table.pop("default"))]
    parts += [f"{day}: {', '.join(spans) if spans else 'off'}" for day, spans in table.items()]
    return " | ".join(parts)


def describe_day(spans: Sequence[Span]) -> str:
    """`09:00-13:00, 14:00-18:00`, or `off` for a day without hours."""
    return ", ".join(str(span) for span in spans) if spans else "off"


def parse_weekday(text: object) -> int:
    """0 for 'mon' ... 6 for 'sun' (full names and any case accepted)."""
    if isinstance(text, str):
        key = text.strip().lower()[:3]
        if key in DAYS and DAY_NAMES[DAYS.index(key)].lower().startswith(text.strip().lower()):
            return DAYS.index(key)
    raise ValueError(f"must be a weekday like 'sat' or 'sun' (got {text!r})")


def parse_weekend(value: object) -> frozenset[int]:
    """Weekend days from a list (or a `;`/`,`-separated string) of weekday names."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,\s]+", value) if part]
    if not isinstance(value, Sequence):
        raise ValueError(f"must be a list of weekdays like ['sat', 'sun'] (got {value!r})")
    days = frozenset(parse_weekday(item) for item in value)
    if len(days) == 7:
        raise ValueError("cannot make every day of the week a weekend day")
    return days
