"""Fuzzing every parser: the only outcomes are a valid result or the project's own one-line error.

Examples are bounded so the suite stays fast; docs/reliability.md records how many inputs each
class gets per run. A deadline per example catches hangs.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner_app import sharing
from planner_app.errors import PlannerError
from planner_app.hours import parse_span, parse_week
from planner_app.regions import DATA_DIR, parse_region
from planner_app.teams import build_team, parse_team_text, team_to_data
from planner_app.windows import windows_for

FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
SLOW_FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


def one_line(error: Exception) -> None:
    text = str(error)
    assert text, "an error must say something"
    assert "\n" not in text, text
    assert "Traceback" not in text, text


# -- hour strings -----------------------------------------------------------------------------------

hourish = st.from_regex(r"\s*\d{1,3}:\d{1,3}\s*[-–]\s*\d{1,3}:\d{1,3}\s*", fullmatch=True)


@FUZZ
@given(st.one_of(hourish, st.text(max_size=30)))
def test_hour_strings(text: str) -> None:
    try:
        span = parse_span(text)
    except ValueError as exc:
        one_line(exc)
        return
    assert 0 <= span.start < 1440
    assert span.start < span.end <= span.start + 1440


week_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), hourish, st.text(max_size=12)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=10),
        st.dictionaries(st.sampled_from(["default", "mon", "fri", "sun", "xyz"]), inner, max_size=4),
    ),
    max_leaves=12,
)


@FUZZ
@given(week_values)
def test_week_tables(value: Any) -> None:
    try:
        week = parse_week(value)
    except (ValueError, TypeError) as exc:
        assert isinstance(exc, ValueError), f"{type(exc).__name__}: {exc}"
        one_line(exc)
        return
    assert len(week) == 7


# -- team files -------------------------------------------------------------------------------------

field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    hourish,
    st.sampled_from(
        [
            "es-madrid",
            "sa-riyadh",
            "Asia/Kolkata",
            "US/Pacific",
            "Asia/Calcutta",
            "Mars/Olympus",
            "IN",
            "KA",
            "BY",
            "fri",
            "sat",
            "2026-02-10..2026-02-11",
            "2026-13-01",
            "25:00-26:00",
        ]
    ),
    st.lists(st.one_of(hourish, st.sampled_from(["sat", "sun", "2026-03-02", "x"])), max_size=4),
)
member_tables = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "region",
            "timezone",
            "country",
            "subdivision",
            "hours",
            "weekend",
            "away",
            "required",
            "ramadan_hours",
            "stretch",
            "holiday_categories",
            "colour",
        ]
    ),
    field_values,
    max_size=6,
)
documents = st.fixed_dictionaries(
    {"name": st.one_of(st.text(max_size=20), st.integers()), "members": st.lists(member_tables, max_size=4)}
)


@FUZZ
@given(documents)
def test_team_documents_as_json(doc: dict[str, Any]) -> None:
    try:
        text = json.dumps(doc)
    except ValueError:
        return
    try:
        team = parse_team_text(text, "json", source="fuzz.json")
    except PlannerError as exc:
        one_line(exc)
        assert str(exc).startswith("fuzz.json")
        return
    assert team.members
    assert parse_team_text(json.dumps(team_to_data(team)), "json") == team  # what parses, round-trips


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["toml", "json", "csv"]))
def test_arbitrary_text_in_any_format(text: str, fmt: str) -> None:
    try:
        parse_team_text(text, fmt, source=f"fuzz.{fmt}")
    except PlannerError as exc:
        one_line(exc)


@FUZZ
@given(st.lists(st.lists(st.one_of(field_values.map(str), st.text(max_size=10)), min_size=1, max_size=5), max_size=5))
def test_csv_rosters(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "region", "timezone", "hours", "weekend"][: max(1, len(rows[0]) if rows else 1)])
    writer.writerows(rows)
    try:
        parse_team_text(out.getvalue(), "csv", source="fuzz.csv")
    except PlannerError as exc:
        one_line(exc)


# -- share links ------------------------------------------------------------------------------------

VALID = sharing.encode(
    build_team("T", [{"name": "A", "region": "gb-london"}, {"name": "B", "region": "de-berlin"}]),
    dt.date(2026, 6, 1),
    dt.date(2026, 6, 5),
    30,
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["team", "from", "to", "duration", "path", "file"]), st.text(max_size=60), max_size=5
    ),
    st.integers(0, len(VALID["team"]) - 1),
    st.characters(codec="ascii"),
)
def test_share_links(params: dict[str, str], position: int, char: str) -> None:
    for candidate in (
        params,
        {**VALID, **params},
        {**VALID, "team": VALID["team"][:position] + char + VALID["team"][position + 1 :]},
    ):
        try:
            shared = sharing.decode(candidate)
        except PlannerError as exc:
            one_line(exc)
            assert str(exc).startswith(("share link", "the end date", "the range", "dates must"))
            continue
        assert shared.team.members


def test_a_share_link_cannot_name_a_file_on_the_server() -> None:
    for hostile in ("/etc/passwd", "../../data/demo-team.toml", "file:///etc/passwd", "data/demo-team.toml"):
        try:
            sharing.decode({"team": hostile, "from": "2026-06-01", "to": "2026-06-02"})
        except PlannerError as exc:
            assert "share link: 'team' is damaged" in str(exc)
        else:  # pragma: no cover - would mean a path was read
            raise AssertionError(f"{hostile!r} was accepted")


# -- date ranges ------------------------------------------------------------------------------------

TEAM = build_team("R", [{"name": "A", "region": "sa-riyadh"}, {"name": "B", "region": "gb-london"}])


@SLOW_FUZZ
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.integers(-5, 1200), st.integers(-10, 2000))
def test_date_ranges(start: dt.date, days: int, duration: int) -> None:
    try:
        end = start + dt.timedelta(days=days)
    except OverflowError:
        return
    try:
        plan = windows_for(TEAM, start, end, duration)
    except PlannerError as exc:
        one_line(exc)
        return
    assert all(w.minutes >= duration for w in plan.windows)


# -- region files -----------------------------------------------------------------------------------

RIYADH = tomllib.loads((DATA_DIR / "sa-riyadh.toml").read_text(encoding="utf-8"))


@FUZZ
@given(
    st.sampled_from(sorted(RIYADH)),
    st.one_of(field_values, st.dictionaries(st.text(max_size=8), field_values, max_size=3)),
)
def test_region_profiles(key: str, value: Any) -> None:
    data = {**RIYADH, key: value}
    try:
        region = parse_region(Path("sa-riyadh.toml"), data)
    except PlannerError as exc:
        one_line(exc)
        assert str(exc).startswith("sa-riyadh.toml: ")
        return
    assert region.id == "sa-riyadh"
