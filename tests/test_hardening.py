"""Parse-time hardening of team files: text that no file can hold, look-alike and hidden characters,
byte-order marks, duplicate keys and columns, bounded reads, zone names as HR tools write them, and
the team's stable id."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from planner_app import zones
from planner_app.errors import TeamFileError, UnknownTimezone
from planner_app.teams import (
    MAX_FILE_BYTES,
    Team,
    build_team,
    load_team,
    parse_member,
    parse_team_text,
    team_to_json,
    team_to_toml,
)

ROOT = Path(__file__).parent.parent


def _json(*members: dict[str, object], name: str = "T") -> str:
    return json.dumps({"name": name, "members": list(members)})


def _error(text: str, fmt: str = "json") -> str:
    with pytest.raises(TeamFileError) as caught:
        parse_team_text(text, fmt, source=f"team.{fmt}")
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- text ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (
            [{"name": "Ana\ud800", "timezone": "Europe/Madrid"}],
            "team.json: member 'Ana\\ud800': 'name' holds text that is not valid Unicode",
        ),
        (
            [{"name": "Ana", "timezone": "Europe/Madrid", "hours": ["09:00-17:00\udfff"]}],
            "team.json: member 'Ana': 'hours' holds text that is not valid Unicode",
        ),
        (
            [{"name": "\u202eAna", "timezone": "Europe/Madrid"}],
            "team.json: member '\\u202eAna': 'name' contains a bidirectional control character U+202E; remove it",
        ),
        (
            [{"name": "bell\x07", "timezone": "Europe/Madrid"}],
            "team.json: member 'bell\\x07': 'name' contains the control character U+0007; remove it",
        ),
        (
            [{"name": "esc\x1b[31m", "timezone": "Europe/Madrid"}],
            "team.json: member 'esc\\x1b[31m': 'name' contains the control character U+001B",
        ),
        (
            [{"name": "del\x7f", "timezone": "Europe/Madrid"}],
            "team.json: member 'del\\x7f': 'name' contains the control character U+007F",
        ),
        (
            [{"name": "nul\x00", "timezone": "Europe/Madrid"}],
            "team.json: member 'nul\\x00': 'name' contains the control character U+0000",
        ),
        (
            [{"name": "Zoë", "timezone": "Europe/Madrid"}, {"name": "Zoe\u0308", "timezone": "Europe/Paris"}],
            "team.json: member 'Zoë': 'name' duplicates member 'Zoë'",
        ),
        (
            [{"name": "Ana", "timezone": "Europe/Madrid"}, {"name": "A\u200bna", "timezone": "Europe/Paris"}],
            "team.json: member 'Ana': 'name' duplicates member 'Ana'",
        ),
    ],
    ids=["surrogate-name", "surrogate-hours", "bidi", "bel", "esc", "del", "nul", "nfc-duplicate", "zero-width"],
)
def test_hostile_text_is_one_line(members: list[dict[str, object]], expected: str) -> None:
    assert _error(_json(*members)).startswith(expected)


def test_names_are_normalised() -> None:
    member = parse_member({"name": "  Zoe\u0308\u200b  Dupont\ufeff ", "timezone": "Europe/Paris"})
    assert member.name == "Zoë Dupont"
    assert len(member.name) == 10  # one code point for ë (NFC)


def test_team_name_is_a_title_too() -> None:
    assert _error(_json({"name": "Ana", "timezone": "Europe/Madrid"}, name="Ops\x1b]0;pwned\x07")).startswith(
        "team.json: 'name' contains the control character U+001B"
    )
    assert build_team("Ops\u200b  team", [{"name": "A", "timezone": "Etc/UTC"}]).name == "Ops team"


# -- formats -------------------------------------------------------------------------------------------

TOML = 'name = "T"\n\n[[members]]\nname = "Ana"\ntimezone = "Europe/Madrid"\n'
CSV = "name,timezone\nAna,Europe/Madrid\n"


@pytest.mark.parametrize(
    ("fmt", "text"), [("toml", TOML), ("json", _json({"name": "Ana", "timezone": "Europe/Madrid"})), ("csv", CSV)]
)
def test_a_byte_order_mark_is_the_same_in_every_format(fmt: str, text: str) -> None:
    plain = parse_team_text(text, fmt, source=f"T.{fmt}")
    assert parse_team_text("\ufeff" + text, fmt, source=f"T.{fmt}") == plain
    assert plain.members[0].name == "Ana"


def test_a_byte_order_mark_in_a_file(tmp_path: Path) -> None:
    for fmt, text in (("toml", TOML), ("csv", CSV)):
        path = tmp_path / f"T.{fmt}"
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert load_team(path).members[0].timezone == "Europe/Madrid"


def test_duplicate_json_keys_and_csv_columns() -> None:
    doubled = '{"name": "T", "members": [{"name": "Ana", "timezone": "Europe/Madrid", "timezone": "Asia/Tokyo"}]}'
    assert _error(doubled) == "team.json: 'timezone' appears twice in one JSON object"
    assert _error('{"name": "T", "name": "U", "members": []}') == "team.json: 'name' appears twice in one JSON object"
    message = _error("name,timezone,Timezone\nAna,Europe/Madrid,Asia/Tokyo\n", "csv")
    assert message == "team.csv: 'timezone' is a column twice in the header row"


# -- bounded reads -------------------------------------------------------------------------------------


def test_dev_zero_does_not_hang() -> None:
    started = time.monotonic()
    with pytest.raises(TeamFileError, match=r"^/dev/zero: is not a regular file$"):
        load_team("/dev/zero")
    assert time.monotonic() - started < 30  # generous: it returns at once, but the machine is shared


def test_an_oversized_file_is_refused_after_reading_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    with pytest.raises(TeamFileError, match=r"^big.toml: is larger than 1024 KiB$"):
        load_team(path)


def test_cli_refuses_dev_zero_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner_app", "windows", "/dev/zero", "--from", "2026-01-05", "--to", "2026-01-09"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "planner: /dev/zero: is not a regular file\n"


def test_app_and_command_line_share_the_byte_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # Streamlit's uploader: decimal megabytes in browsers off Windows, binary on the server; both admit
    # every file the command line takes, and the planner's own check refuses one byte more in both
    assert config["server"]["maxUploadSize"] * 1_000_000 >= MAX_FILE_BYTES
    body = 'name = "T"\n[[members]]\nname = "A"\ntimezone = "Europe/Paris"\n'
    exactly = "#" * (MAX_FILE_BYTES - len(body) - 1) + "\n" + body
    assert len(exactly.encode()) == MAX_FILE_BYTES
    assert [m.name for m in parse_team_text(exactly, "toml").members] == ["A"]  # the last byte allowed
    assert _error("#" + exactly, "toml") == "team.toml: is larger than 1024 KiB"  # one byte more


# -- zone names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "zone"),
    [
        ("Romance Standard Time", "Europe/Paris"),
        ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/Paris"),
        ("(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/London"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"),
        ("(UTC) Coordinated Universal Time", "Etc/UTC"),
        ("tokyo standard time", "Asia/Tokyo"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Madrid", "Europe/Madrid"),
    ],
)
def test_windows_and_iana_names(written: str, zone: str) -> None:
    assert zones.resolve_zone_name(written) == zone
    assert parse_member({"name": "A", "timezone": written}).timezone == zone


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("EST", "EST is a fixed UTC-5; did you mean America/New_York?"),
        (
            "IST",
            "IST is ambiguous (India, Ireland or Israel); did you mean Asia/Kolkata, Europe/Dublin or Asia/Jerusalem?",
        ),
        ("CST", "CST is ambiguous (US Central, China or Cuba); did you mean America/Chicago or Asia/Shanghai?"),
        ("BST", "BST is ambiguous (British summer time or Bangladesh); did you mean Europe/London or Asia/Dhaka?"),
        ("Factory", "'Factory' is tzdata's placeholder, not a place"),
        ("(UTC+05:00) Madrid", "unknown time zone '(UTC+05:00) Madrid'"),
    ],
)
def test_abbreviations_and_placeholders_are_refused(written: str, expected: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        zones.resolve_zone_name(written)
    assert str(caught.value).startswith(expected)
    with pytest.raises(TeamFileError) as member_error:
        parse_member({"name": "Raj", "timezone": written}, source="team.toml")
    assert str(member_error.value).startswith(f"team.toml: member 'Raj': 'timezone' {expected}")


def test_a_windows_name_is_written_back_as_iana() -> None:
    team = parse_team_text(_json({"name": "Ana", "timezone": "Romance Standard Time"}), "json")
    assert 'timezone = "Europe/Paris"' in team_to_toml(team)


# -- team id -------------------------------------------------------------------------------------------


def test_team_id_round_trips_and_is_none_when_absent() -> None:
    text = 'name = "Ops"\nid = "team-7f3a"\n\n[[members]]\nname = "Ana"\ntimezone = "Europe/Madrid"\n'
    team = parse_team_text(text, "toml")
    assert team.id == "team-7f3a"
    assert team_to_toml(team).startswith('name = "Ops"\nid = "team-7f3a"\n')
    assert parse_team_text(team_to_toml(team), "toml") == team
    assert json.loads(team_to_json(team))["id"] == "team-7f3a"
    assert parse_team_text(team_to_json(team), "json") == team
    plain = parse_team_text(TOML, "toml")
    assert plain.id is None
    assert "id" not in json.loads(team_to_json(plain))
    assert Team("T", plain.members).id is None


@pytest.mark.parametrize("bad", ["", "has space", "x" * 65, 7, "ünï"])
def test_a_bad_team_id_is_one_line(bad: object) -> None:
    message = _error(json.dumps({"name": "T", "id": bad, "members": [{"name": "A", "timezone": "Etc/UTC"}]}))
    assert message.startswith("team.json: 'id' must be 1-64 letters, digits")
