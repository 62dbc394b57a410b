"""One reader for the fields of a parsed table: region profiles and team members both read through it.

A `FieldReader` wraps one table (a profile, a member, an entry of `[[holidays_add]]`) and knows where
it came from, so every failure is the project's one line naming the file, the member and the field:
``team.toml: member 'Raj': 'hours' must be HH:MM-HH:MM (got '25:00-26:00')``.
Each field is read by one small function that takes the raw value and returns a typed one or raises
`ValueError` with the reason; `FieldReader.parse` turns that reason into the one-line error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from planner_app.errors import PlannerError

T = TypeVar("T")

# Characters that change how text is shown without being seen: refused in names (they can make two
# names look alike or reverse a line on screen) ...
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# ... or silently removed (they are pasted in from chat apps and word processors with no intent).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


class FieldReader:
    """Typed access to one table's fields; every failure names the file, the owner and the field."""

    def __init__(
        self,
        source: str,
        data: Mapping[str, Any],
        *,
        who: str = "",
        error: type[PlannerError] = PlannerError,
        prefix: str = "",
    ) -> None:
        self.source, self.data, self.who, self.error, self.prefix = source, data, who, error, prefix

    def fail(self, name: str | None, message: str) -> PlannerError:
        """The one-line error for field `name` (None: the table itself)."""
        where = f"{self.source}: {self.who}" if self.who else self.source
        if name is None:
            return self.error(f"{where}: {message}")
        return self.error(f"{where}: '{self.prefix}{name}' {message}")

    def child(self, name: str, data: Mapping[str, Any]) -> FieldReader:
        """A reader for a nested table whose fields are shown as `name.field`."""
        return FieldReader(self.source, data, who=self.who, error=self.error, prefix=f"{self.prefix}{name}.")

    def has(self, name: str) -> bool:
        return name in self.data

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def unknown(self, allowed: frozenset[str] | set[str] | tuple[str, ...], message: str) -> None:
        """Refuse the first field (sorted) that is not in `allowed`."""
        extra = sorted(str(key) for key in self.data if key not in allowed)
        if extra:
            raise self.fail(extra[0], message)

    def parse(self, name: str, reader: Callable[[Any], T], default: T) -> T:
        """`reader(value)` for a present field, `default` for a missing one; reasons become errors."""
        if name not in self.data:
            return default
        try:
            return reader(self.data[name])
        except ValueError as exc:
            raise self.fail(name, str(exc)) from None

    def required(self, name: str, reader: Callable[[Any], T]) -> T:
        """`reader(value)` of a field that must be there (a missing one is read as None)."""
        try:
            return reader(self.data.get(name))
        except ValueError as exc:
            raise self.fail(name, str(exc)) from None

    def text(self, name: str, *, optional: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None and optional:
            return None
        return self.required(name, non_empty_text)

    def table(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name)
        if not isinstance(value, Mapping):
            raise self.fail(name, "must be a table")
        return value


# --- one small function per kind of field -----------------------------------------------------------


def non_empty_text(value: object) -> str:
    """The stripped string; `ValueError` for anything else or for blank text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string (got {value!r})")
    check_encodable(value)
    return value.strip()


def check_encodable(text: str) -> str:
    """`text` unchanged, or `ValueError` when it holds lone surrogates that no file can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"holds text that is not valid Unicode (got {text!r})") from None
    return text


def clean_name(value: object, *, max_length: int) -> str:
    """A person's or team's name as shown and compared: NFC, zero-width characters removed, spaces
    collapsed; `ValueError` for bidi or other control characters, or for a name that is too long.
    """
    text = non_empty_text(value)
    bidi = sorted({c for c in text if c in BIDI_CONTROLS})
    if bidi:
        raise ValueError(f"contains a bidirectional control character U+{ord(bidi[0]):04X}; remove it")
    text = "".join(c for c in unicodedata.normalize("NFC", text) if c not in ZERO_WIDTH)
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise ValueError(f"contains the control character U+{ord(control):04X}; remove it")
    name = " ".join(text.split())
    if not name:
        raise ValueError(f"must be a non-empty string (got {value!r})")
    if len(name) > max_length:
        raise ValueError(f"is {len(name)} characters long; at most {max_length} are allowed")
    return name


def plain_date(value: object) -> dt.date:
    """A TOML date (not a date-time)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"must be a date like 2026-11-29 (got {value!r})")
    return value


def http_url(value: object) -> str:
    if not isinstance(value, str) or not value.strip().startswith(("https://", "http://")):
        raise ValueError(f"must be an http(s) URL (got {value!r})")
    return value.strip()


def year(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
        raise ValueError(f"must be a year like 2021 (got {value!r})")
    return value


def string_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"must be a list of strings (got {value!r})")
    return tuple(value)


_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def month_day(value: object) -> tuple[int, int]:
    """`(month, day)` from `"MM-DD"` (29 February allowed)."""
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"must be MM-DD dates like '12-17' (got {value!r})")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2000, month, day)  # a leap year: 02-29 is a real MM-DD
    except ValueError:
        raise ValueError(f"must be real MM-DD dates (got {value!r})") from None
    return month, day


def yearly_or_dated(value: object) -> tuple[int | None, int, int]:
    """`(None, month, day)` from `"MM-DD"` (every year) or `(year, month, day)` from `"YYYY-MM-DD"`."""
    match = _FULL_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        try:
            return (None, *month_day(value))
        except ValueError:
            raise ValueError(f"must be 'MM-DD' or 'YYYY-MM-DD' dates (got {value!r})") from None
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValueError(f"must be real dates (got {value!r})") from None
    return day.year, day.month, day.day
