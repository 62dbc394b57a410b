"""Team files (TOML, JSON, CSV roster) parsed and validated into `Team` objects.

A member names a region profile and overrides any of its fields, or gives a time zone directly.
Every error is one line naming the file, the member and the field:
``team.toml: member 'Raj': 'timezone' unknown time zone 'Asia/Bangalore' ...``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner_app import zones
from planner_app.errors import PlannerError, TeamFileError
from planner_app.fields import FieldReader, check_encodable, clean_name
from planner_app.hours import WeekHours, parse_week, parse_weekend, week_to_data
from planner_app.regions import (
    CountryDefaults,
    HolidayAdd,
    HolidayDrop,
    Region,
    check_holiday_place,
    country_defaults,
    get_region,
)

MAX_FILE_BYTES = 1024 * 1024
MAX_MEMBERS = 500
MAX_NAME_LENGTH = 100
MAX_AWAY_DAYS = 3 * 366
DEFAULT_HOURS = ("09:00-17:00",)
DEFAULT_WEEKEND = ("sat", "sun")
MEMBER_FIELDS: tuple[str, ...] = (
    "name",
    "region",
    "timezone",
    "country",
    "subdivision",
    "holiday_categories",
    "hours",
    "weekend",
    "ramadan_hours",
    "stretch",
    "away",
    "required",
)
_DATE_RANGE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.\s*(\d{4}-\d{2}-\d{2})\s*)?")


@dataclass(frozen=True, slots=True)
class Member:
    """One person: where they are and when they work, resolved from their region and overrides."""

    name: str
    timezone: str
    country: str | None
    subdivision: str | None
    holiday_categories: tuple[str, ...]
    hours: WeekHours
    weekend: frozenset[int]
    ramadan_hours: WeekHours | None
    away: tuple[tuple[dt.date, dt.date], ...]
    required: bool = True
    stretch: WeekHours | None = None
    region: str | None = None
    # The region's own holiday changes, inherited while the member keeps the region's place.
    holidays_drop: tuple[HolidayDrop, ...] = ()
    holidays_add: tuple[HolidayAdd, ...] = ()
    # The fields as the user wrote them (region defaults left out), so exports keep their words.
    given: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def place(self) -> str:
        """Where they are, for people: the region's city or the zone's last part."""
        if self.region:
            try:
                return get_region(self.region).name
            except PlannerError:  # pragma: no cover - resolved at parse time
                pass
        return self.timezone.rsplit("/", 1)[-1].replace("_", " ")

    def away_dates(self) -> frozenset[dt.date]:
        days: set[dt.date] = set()
        for start, end in self.away:
            days.update(start + dt.timedelta(n) for n in range((end - start).days + 1))
        return frozenset(days)


@dataclass(frozen=True, slots=True)
class Team:
    """A named list of members with unique names."""

    name: str
    members: tuple[Member, ...]
    # A stable id the file may carry (`id = "..."`): saved teams and calendar UIDs key on it, so a
    # renamed team keeps its identity. None when the file has none.
    id: str | None = None

    @property
    def required(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.required)

    @property
    def optional(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if not m.required)

    def member(self, name: str) -> Member:
        for member in self.members:
            if member.name == name:
                return member
        raise PlannerError(f"team {self.name!r} has no member {name!r}")


def _fail(source: str, who: str, field_name: str | None, message: str) -> TeamFileError:
    where = f"{source}: {who}" if who else source
    return TeamFileError(f"{where}: '{field_name}' {message}" if field_name else f"{where}: {message}")


def parse_member(data: Mapping[str, Any], *, source: str = "team", index: int = 1) -> Member:
    """One validated member from a table of fields (region, then country defaults filled in)."""
    if not isinstance(data, Mapping):
        raise _fail(source, f"member #{index}", None, "must be a table of fields")
    raw_name = data.get("name")
    who = f"member {raw_name!r}" if isinstance(raw_name, str) and raw_name.strip() else f"member #{index}"
    r = FieldReader(source, data, who=who, error=TeamFileError)
    r.unknown(MEMBER_FIELDS, f"is not a member field (use {', '.join(MEMBER_FIELDS)})")
    for key in data:
        r.parse(key, _encodable, None)
    name = r.required("name", _name)
    given = {k: v for k, v in data.items() if v is not None and v != ""}
    given["name"] = name
    r = FieldReader(source, given, who=who, error=TeamFileError)  # empty cells count as missing
    region = r.parse("region", _region, None)
    if region is not None:
        given["region"] = region.id
    country, subdivision = _place(r, region)
    categories = r.parse("holiday_categories", _categories, region.holiday_categories if region else ("public",))
    if region is None or (country, subdivision, categories) != (
        region.country,
        region.subdivision,
        region.holiday_categories,
    ):  # a region's own place was checked when the profile loaded
        _check_place(r, country, subdivision, categories)
    defaults = country_defaults(country) if region is None and country is not None else None
    hours = r.parse("hours", parse_week, region.hours if region else parse_week(list(DEFAULT_HOURS)))
    weekend = r.parse("weekend", parse_weekend, _default_weekend(region, defaults))
    if all(not hours[d] for d in range(7) if d not in weekend):
        raise r.fail("hours", "gives no working hours on any working day")
    # a member who moves the holiday place away from the region's does not carry its changes along
    inherited = region if region and (country, subdivision) == (region.country, region.subdivision) else None
    return Member(
        name=name,
        timezone=_timezone(r, region),
        country=country,
        subdivision=subdivision,
        holiday_categories=categories,
        hours=hours,
        weekend=weekend,
        ramadan_hours=r.parse("ramadan_hours", parse_week, _default_ramadan(region, defaults)),
        away=r.parse("away", parse_away, ()),
        required=r.parse("required", parse_bool, True),
        stretch=r.parse("stretch", parse_week, None),
        region=region.id if region else None,
        holidays_drop=inherited.holidays_drop if inherited else (),
        holidays_add=inherited.holidays_add if inherited else (),
        given=given,
    )


# --- one function per member field --------------------------------------------------------------------


def _encodable(value: object) -> None:
    """Refuse text with lone surrogates (JSON's `"\\ud800"`, or a pasted broken emoji) anywhere in a field."""
    if isinstance(value, str):
        check_encodable(value)
    elif isinstance(value, list | tuple):
        for item in value:
            _encodable(item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _encodable(key)
            _encodable(item)


def _name(value: object) -> str:
    return clean_name(value, max_length=MAX_NAME_LENGTH)


def _region(value: object) -> Region:
    if not isinstance(value, str):
        raise ValueError(f"must be a region id like 'es-madrid' (got {value!r})")
    return get_region(value)  # a RegionError is a ValueError: its text becomes the field's message


def zone_name(value: object) -> str:
    """The current IANA name of the zone a member gives: IANA or Windows names; abbreviations and
    `Factory` are refused with a suggestion (an `UnknownTimezone` is a ValueError)."""
    return zones.resolve_zone_name(value)


def _timezone(r: FieldReader, region: Region | None) -> str:
    if r.has("timezone"):
        return r.parse("timezone", zone_name, "")
    if region is not None:
        return region.timezone
    raise r.fail("timezone", "is required when there is no 'region' (an IANA name like 'Asia/Kolkata')")


def _country(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise ValueError(f"must be an ISO 3166-1 alpha-2 code like 'IN' (got {value!r})")
    return value.strip().upper()


def _place(r: FieldReader, region: Region | None) -> tuple[str | None, str | None]:
    """The holiday place: the member's own country (and subdivision), else the region's."""
    if r.has("country"):
        country: str | None = r.parse("country", _country, None)
        subdivision = r.get("subdivision")
    else:
        country = region.country if region else None
        subdivision = r.get("subdivision", region.subdivision if region else None)
    if subdivision is not None and not isinstance(subdivision, str):
        raise r.fail("subdivision", f"must be a string like 'KA' (got {subdivision!r})")
    if subdivision is not None and country is None:
        raise r.fail("subdivision", "needs a 'country'")
    return country, subdivision


def _categories(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [c for c in re.split(r"[;,\s]+", value) if c]
    if not isinstance(value, Sequence) or not all(isinstance(c, str) for c in value):
        raise ValueError(f"must be a list of names like ['public'] (got {value!r})")
    return tuple(value) or ("public",)


def _check_place(r: FieldReader, country: str | None, subdivision: str | None, categories: tuple[str, ...]) -> None:
    problem = check_holiday_place(country, subdivision, categories) if country is not None else None
    if problem:
        bad = (
            "holiday_categories" if "category" in problem else "subdivision" if "subdivision" in problem else "country"
        )
        raise r.fail(bad, problem)


def _default_weekend(region: Region | None, defaults: CountryDefaults | None) -> frozenset[int]:
    if region is not None:
        return region.weekend
    return defaults.weekend if defaults is not None else parse_weekend(list(DEFAULT_WEEKEND))


def _default_ramadan(region: Region | None, defaults: CountryDefaults | None) -> WeekHours | None:
    if region is not None:
        return region.ramadan_hours
    return defaults.ramadan_hours if defaults is not None else None


def parse_bool(value: object) -> bool:
    """True/false from a bool or a word like yes/no/true/false/1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "y", "1", "required"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "n", "0", "optional"}:
        return False
    raise ValueError(f"must be true or false (got {value!r})")


def parse_date(value: object) -> dt.date:
    """A calendar date from a `date` or a `YYYY-MM-DD` string."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"must be a date, not a date and time (got {value.isoformat()!r})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date YYYY-MM-DD (got {value!r})")


def parse_away(value: object) -> tuple[tuple[dt.date, dt.date], ...]:
    """Away ranges from dates and `YYYY-MM-DD..YYYY-MM-DD` strings (a list or `;`-separated)."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[;,]", value) if part.strip()]
    if isinstance(value, dt.date):
        value = [value]
    if not isinstance(value, Sequence):
        raise ValueError(f"must be a list of dates or ranges like '2026-02-10..2026-02-11' (got {value!r})")
    ranges = []
    total = 0
    for item in value:
        if isinstance(item, dt.date):
            start = end = parse_date(item)
        else:
            match = _DATE_RANGE.fullmatch(item) if isinstance(item, str) else None
            if match is None:
                raise ValueError(f"must be dates or ranges like '2026-02-10..2026-02-11' (got {item!r})")
            start = parse_date(match.group(1))
            end = parse_date(match.group(2)) if match.group(2) else start
            if end < start:
                raise ValueError(f"range {item!r} ends before it starts")
        total += (end - start).days + 1
        if total > MAX_AWAY_DAYS:
            raise ValueError(f"covers more than {MAX_AWAY_DAYS} days")
        ranges.append((start, end))
    return tuple(sorted(set(ranges)))


@dataclass(frozen=True, slots=True)
class TeamCheck:
    """A team file or table read in full: the team when every member is valid, else every problem
    found, one line each naming the file (and row), the member and the field."""

    team: Team | None
    errors: tuple[str, ...]

    def result(self) -> Team:
        """The team, or a `TeamFileError` with the first problem (for callers that stop at one)."""
        if self.team is None:
            raise TeamFileError(self.errors[0] if self.errors else "team: no members")
        return self.team


def check_team_rows(
    name: object,
    rows: Iterable[tuple[str, object]],
    *,
    source: str = "team",
    team_id: object = None,
) -> TeamCheck:
    """Every problem of a team given as `(where, member table)` pairs (`where` is the file, or the file
    and its row), not only the first: the team name, each member, duplicate names, the size limits."""
    errors: list[str] = []
    title, identity = _team_head(name, team_id, source, errors)
    members: list[Member] = []
    seen: dict[str, str] = {}
    count = 0
    for index, (where, row) in enumerate(rows, 1):
        count = index
        if index > MAX_MEMBERS:
            errors.append(str(_fail(source, "", "members", f"has more than {MAX_MEMBERS} members")))
            break
        member = _checked_member(row, where, index, errors)
        if member is None:
            continue
        key = member.name.casefold()
        if key in seen:
            errors.append(str(_fail(where, f"member {member.name!r}", "name", f"duplicates member {seen[key]!r}")))
            continue
        seen[key] = member.name
        members.append(member)
    if count == 0:
        errors.append(str(_fail(source, "", "members", "must list at least one member")))
    if errors or title is None:
        return TeamCheck(None, tuple(errors))
    return TeamCheck(Team(title, tuple(members), identity), ())


def _team_head(name: object, team_id: object, source: str, errors: list[str]) -> tuple[str | None, str | None]:
    team = FieldReader(source, {"name": name, "id": team_id}, error=TeamFileError)
    try:
        title = team.required("name", _team_name)
        identity = team.parse("id", _team_id, None) if team_id is not None else None
    except TeamFileError as exc:
        errors.append(str(exc))
        return None, None
    return title, identity


def _checked_member(row: object, where: str, index: int, errors: list[str]) -> Member | None:
    if not isinstance(row, Mapping):
        errors.append(str(_fail(where, f"member #{index}", None, "must be a table of fields")))
        return None
    try:
        return parse_member(row, source=where, index=index)
    except TeamFileError as exc:
        errors.append(str(exc))
        return None


def build_team(
    name: object, rows: Iterable[Mapping[str, Any]], *, source: str = "team", team_id: object = None
) -> Team:
    """A validated team from member tables; refuses duplicate names (after normalising them) and more
    than 500 members. Raises the first problem; `check_team_rows` lists them all."""
    return check_team_rows(name, ((source, row) for row in rows), source=source, team_id=team_id).result()


_TEAM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def _team_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string naming the team (got {value!r})")
    name = clean_name(value, max_length=len(value))
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"is longer than {MAX_NAME_LENGTH} characters")
    return name


def _team_id(value: object) -> str:
    """A stable id: 1-64 letters, digits and `. _ : -` (it goes into calendar UIDs and URLs)."""
    if not isinstance(value, str) or not _TEAM_ID.fullmatch(value):
        raise ValueError(f"must be 1-64 letters, digits, '.', '_', ':' or '-' (got {value!r})")
    return value


def team_from_data(data: object, *, source: str = "team") -> Team:
    """A team from a parsed TOML/JSON document `{name, members: [...]}`."""
    return check_team_data(data, source=source).result()


def check_team_data(data: object, *, source: str = "team") -> TeamCheck:
    """Every problem of a parsed TOML/JSON document `{name, members: [...]}` (see `check_team_rows`)."""
    if not isinstance(data, Mapping):
        return _broken(_fail(source, "", None, "must be a table with 'name' and [[members]]"))
    unknown = sorted(set(data) - {"name", "members", "id"})
    if unknown:
        return _broken(_fail(source, "", unknown[0], "is not a team field (use 'name', 'id' and [[members]])"))
    members = data.get("members")
    if not isinstance(members, list):
        return _broken(_fail(source, "", "members", "must be an array of member tables ([[members]])"))
    return check_team_rows(data.get("name"), ((source, m) for m in members), source=source, team_id=data.get("id"))


def _broken(error: TeamFileError) -> TeamCheck:
    return TeamCheck(None, (str(error),))


def parse_team_text(text: str, fmt: str, *, source: str = "team") -> Team:
    """A team from the text of a TOML, JSON or CSV file (the first problem raised)."""
    return check_team_text(text, fmt, source=source).result()


def check_team_text(text: str, fmt: str, *, source: str = "team") -> TeamCheck:
    """A TOML, JSON or CSV team file read in full: the team, or every problem at once (a CSV problem
    names its row)."""
    try:
        return _check_team_text(text, fmt, source)
    except TeamFileError as exc:  # the file as a whole cannot be read: one problem
        return _broken(exc)


def _check_team_text(text: str, fmt: str, source: str) -> TeamCheck:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _fail(source, "", None, f"is larger than {MAX_FILE_BYTES // 1024} KiB")
    text = text.removeprefix("\ufeff")  # a byte-order mark means nothing in any of the three formats
    fmt = fmt.lower().lstrip(".")
    if fmt == "toml":
        try:
            data: object = tomllib.loads(text)
        except (ValueError, RecursionError) as exc:  # TOMLDecodeError, too many digits, too deep
            raise _fail(source, "", None, f"is not valid TOML ({exc})") from None
    elif fmt == "json":
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except DuplicateKey as exc:
            raise _fail(source, "", str(exc), "appears twice in one JSON object") from None
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, too many digits, too deep
            raise _fail(source, "", None, f"is not valid JSON ({exc})") from None
    elif fmt == "csv":
        return check_roster(text, source=source)
    else:
        raise _fail(source, "", None, f"has an unknown format {fmt!r} (use .toml, .json or .csv)")
    return check_team_data(data, source=source)


class DuplicateKey(ValueError):
    """A JSON object names a key twice (json.loads would silently keep the last)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def parse_roster(text: str, *, source: str = "roster.csv", team_name: str | None = None) -> Team:
    """A team from a CSV roster with a header row (name, region or timezone, optional fields)."""
    check = check_roster(text, source=source, team_name=team_name)
    return check.result()


def check_roster(text: str, *, source: str = "roster.csv", team_name: str | None = None) -> TeamCheck:
    """A CSV roster read in full: the team, or every problem, each naming its row (`roster.csv: row 3:
    member 'Ana': 'timezone' ...`). A header that cannot be read is one problem, raised."""
    rows = _roster_rows(text, source)
    return check_team_rows(team_name or Path(source).stem or "Team", rows, source=source)


def _roster_rows(text: str, source: str) -> list[tuple[str, dict[str, str]]]:
    """The roster's non-empty rows, each with where it is (`roster.csv: row 3`, the file's line)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = []
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "name" not in header:
            raise _fail(source, "", None, "needs a header row with a 'name' column")
        unknown = [h for h in header if h and h not in MEMBER_FIELDS]
        if unknown:
            raise _fail(source, "", unknown[0], f"is not a roster column (use {', '.join(MEMBER_FIELDS)})")
        twice = next((h for n, h in enumerate(header) if h and h in header[:n]), None)
        if twice is not None:  # DictReader would keep the last cell and drop the first without a word
            raise _fail(source, "", twice, "is a column twice in the header row")
        reader.fieldnames = header
        for row in reader:
            if None in row:
                raise _fail(source, f"row {reader.line_num}", None, "has more cells than the header")
            cleaned = {k: v.strip() for k, v in row.items() if k and isinstance(v, str) and v.strip()}
            if cleaned:
                rows.append((f"{source}: row {reader.line_num}", cleaned))
    except csv.Error as exc:
        raise _fail(source, "", None, f"is not valid CSV ({exc})") from None
    return rows


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`, never reading more than one byte past
    the limit (a device such as /dev/zero, or a file that grows while read, cannot hang us)."""
    with path.open("rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _fail(str(path), "", None, "is not a regular file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _fail(path.name, "", None, f"is larger than {MAX_FILE_BYTES // 1024} KiB")
    return data


def load_team(path: str | Path) -> Team:
    """A team from a `.toml`, `.json` or `.csv` file."""
    path = Path(path)
    try:
        text = read_bounded(path).decode("utf-8")
    except FileNotFoundError:
        raise _fail(str(path), "", None, "does not exist") from None
    except IsADirectoryError:
        raise _fail(str(path), "", None, "is a directory, not a team file") from None
    except OSError as exc:
        raise _fail(str(path), "", None, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise _fail(path.name, "", None, "is not UTF-8 text") from None
    return parse_team_text(text, path.suffix or "toml", source=path.name)


def member_to_data(member: Member) -> dict[str, Any]:
    """The member's fields as they would be written in a team file (what the user gave)."""
    out: dict[str, Any] = {"name": member.name}
    given = member.given
    if member.region:
        out["region"] = member.region
    for key in ("timezone", "country", "subdivision", "holiday_categories"):
        if key in given or (member.region is None and key in {"timezone", "country", "subdivision"}):
            value = getattr(member, key)
            if value is not None:
                out[key] = list(value) if isinstance(value, tuple) else value
    for key in ("hours", "ramadan_hours", "stretch"):
        value = getattr(member, key)
        if value is not None and (key in given or (member.region is None and key == "hours")):
            out[key] = week_to_data(value)
    if "weekend" in given or member.region is None:
        from planner_app.hours import DAYS

        out["weekend"] = [DAYS[d] for d in sorted(member.weekend)]
    if member.away:
        out["away"] = [str(a) if a == b else f"{a}..{b}" for a, b in member.away]
    if not member.required:
        out["required"] = False
    return out


def team_to_data(team: Team) -> dict[str, Any]:
    """The team as a document that `team_from_data` reads back to an equal team."""
    head: dict[str, Any] = {"name": team.name} if team.id is None else {"name": team.name, "id": team.id}
    return {**head, "members": [member_to_data(m) for m in team.members]}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # a JSON string is a valid TOML basic string, except that TOML also forbids a raw DEL (U+007F)
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")  # pragma: no cover - our own data only


def team_to_toml(team: Team) -> str:
    """The team as a TOML team file."""
    lines = [f"name = {_toml_value(team.name)}"]
    if team.id is not None:
        lines.append(f"id = {_toml_value(team.id)}")
    for member in team_to_data(team)["members"]:
        lines += ["", "[[members]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in member.items()]
    return "\n".join(lines) + "\n"


def team_to_json(team: Team) -> str:
    """The team as a JSON team file."""
    return json.dumps(team_to_data(team), indent=2, ensure_ascii=False) + "\n"


def merge_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows with empty cells dropped, ready for `build_team` (helper for editors)."""
    return [{k: v for k, v in row.items() if v not in (None, "")} for row in rows]
