"""Team files: TOML, JSON and CSV rosters, region defaults and overrides, and every bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner_app.errors import PlannerError, TeamFileError
from planner_app.hours import Span, parse_week
from planner_app.regions import get_region
from planner_app.teams import (
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_NAME_LENGTH,
    Member,
    Team,
    load_team,
    parse_roster,
    parse_team_text,
    team_to_json,
    team_to_toml,
)

MemberFactory = Callable[..., Member]
WriteTeam = Callable[..., Path]

RICH_TOML = """\
name = "Launch crew"

[[members]]
name = "Ana"
region = "es-madrid"

[[members]]
name = "Raj"
region = "in-bengaluru"
timezone = "Asia/Calcutta"
hours = { default = ["10:00-14:00", "15:00-19:00"], fri = ["10:00-16:00"] }
away = ["2026-02-10..2026-02-11", 2026-03-02]

[[members]]
name = "Fatima"
region = "ae-dubai"
required = false

[[members]]
name = "Lee"
timezone = "US/Pacific"
country = "us"
subdivision = "CA"
hours = ["08:00-12:00", "13:00-16:30"]
weekend = ["sat", "sun"]
stretch = ["07:00-19:00"]
"""

RICH_JSON = {
    "name": "Launch crew",
    "members": [
        {"name": "Ana", "region": "es-madrid"},
        {
            "name": "Raj",
            "region": "in-bengaluru",
            "timezone": "Asia/Calcutta",
            "hours": {"default": ["10:00-14:00", "15:00-19:00"], "fri": ["10:00-16:00"]},
            "away": ["2026-02-10..2026-02-11", "2026-03-02"],
        },
        {"name": "Fatima", "region": "ae-dubai", "required": False},
        {
            "name": "Lee",
            "timezone": "US/Pacific",
            "country": "us",
            "subdivision": "CA",
            "hours": ["08:00-12:00", "13:00-16:30"],
            "weekend": ["sat", "sun"],
            "stretch": ["07:00-19:00"],
        },
    ],
}


def test_toml_and_json_with_the_same_schema_give_equal_teams(write_team: WriteTeam) -> None:
    from_toml = load_team(write_team(RICH_TOML, "crew.toml"))
    from_json = load_team(write_team(json.dumps(RICH_JSON), "crew.json"))
    assert from_toml == from_json
    assert from_toml.name == "Launch crew"
    assert [m.name for m in from_toml.members] == ["Ana", "Raj", "Fatima", "Lee"]
    assert [m.name for m in from_toml.required] == ["Ana", "Raj", "Lee"]
    assert [m.name for m in from_toml.optional] == ["Fatima"]
    raj = from_toml.member("Raj")
    assert raj.timezone == "Asia/Kolkata"
    assert raj.away == ((dt.date(2026, 2, 10), dt.date(2026, 2, 11)), (dt.date(2026, 3, 2), dt.date(2026, 3, 2)))
    lee = from_json.member("Lee")
    assert (lee.timezone, lee.country, lee.subdivision, lee.region) == ("America/Los_Angeles", "US", "CA", None)
    assert lee.stretch == parse_week(["07:00-19:00"])
    with pytest.raises(PlannerError, match="no member 'Nobody'"):
        from_toml.member("Nobody")


def test_parse_team_text_matches_load_team(write_team: WriteTeam) -> None:
    assert parse_team_text(RICH_TOML, "toml") == load_team(write_team(RICH_TOML))
    assert parse_team_text(json.dumps(RICH_JSON), ".JSON") == load_team(write_team(RICH_TOML))


# -- region defaults and overrides ----------------------------------------------------------------


def test_region_gives_every_default(member: MemberFactory) -> None:
    madrid = get_region("es-madrid")
    m = member(region="es-madrid")
    assert m.region == "es-madrid"
    assert m.timezone == "Europe/Madrid" == madrid.timezone
    assert (m.country, m.subdivision) == ("ES", "MD")
    assert m.hours == madrid.hours
    assert m.hours[0] == (Span(540, 840), Span(900, 1110))  # split day 09:00-14:00, 15:00-18:30
    assert m.weekend == frozenset({5, 6})
    assert m.ramadan_hours is None
    assert m.holiday_categories == ("public",)
    assert m.away == ()
    assert m.required is True
    assert m.stretch is None
    assert m.place == "Madrid"


def test_region_id_is_case_and_space_insensitive(member: MemberFactory) -> None:
    assert member(region=" ES-Madrid ").region == "es-madrid"


def test_region_with_ramadan_hours_and_categories(member: MemberFactory) -> None:
    dubai = member(region="ae-dubai")
    assert dubai.ramadan_hours == get_region("ae-dubai").ramadan_hours
    assert dubai.ramadan_hours is not None
    assert dubai.weekend == frozenset({5, 6})
    munich = member(region="de-munich")
    assert munich.holiday_categories == ("public", "catholic")
    assert munich.subdivision == "BY"


def test_override_timezone(member: MemberFactory) -> None:
    m = member(region="in-bengaluru", timezone="Europe/London")
    assert m.timezone == "Europe/London"
    assert (m.country, m.subdivision) == ("IN", "KA")  # holidays still from the region
    assert m.place == "Bengaluru"


def test_override_country_drops_the_region_subdivision(member: MemberFactory) -> None:
    m = member(region="in-bengaluru", country="us")
    assert (m.country, m.subdivision) == ("US", None)
    assert m.timezone == "Asia/Kolkata"
    m = member(region="in-bengaluru", country="US", subdivision="NY")
    assert (m.country, m.subdivision) == ("US", "NY")


def test_override_subdivision(member: MemberFactory) -> None:
    m = member(region="in-bengaluru", subdivision="MH")
    assert (m.country, m.subdivision) == ("IN", "MH")


def test_override_hours_list(member: MemberFactory) -> None:
    m = member(region="es-madrid", hours=["10:00-16:00"])
    assert m.hours == tuple((Span(600, 960),) for _ in range(7))
    assert m.weekend == frozenset({5, 6})


def test_override_hours_table(member: MemberFactory) -> None:
    m = member(region="gb-london", hours={"default": ["08:00-16:00"], "fri": ["08:00-12:00"], "mon": []})
    assert m.hours[0] == ()
    assert m.hours[1] == (Span(480, 960),)
    assert m.hours[4] == (Span(480, 720),)


def test_override_weekend(member: MemberFactory) -> None:
    assert member(region="gb-london", weekend=["fri", "sat"]).weekend == frozenset({4, 5})
    assert member(region="sa-riyadh", weekend="sat;sun").weekend == frozenset({5, 6})
    assert member(region="gb-london", weekend=[]).weekend == frozenset()


def test_override_ramadan_hours(member: MemberFactory) -> None:
    m = member(region="gb-london", ramadan_hours=["09:00-15:00"])
    assert m.ramadan_hours == parse_week(["09:00-15:00"])
    m = member(region="ae-dubai", ramadan_hours={"default": ["10:00-14:00"]})
    assert m.ramadan_hours is not None
    assert m.ramadan_hours[0] == (Span(600, 840),)
    assert member(timezone="Europe/London").ramadan_hours is None


def test_override_away_ranges(member: MemberFactory) -> None:
    m = member(region="gb-london", away=["2026-02-10..2026-02-12", dt.date(2026, 3, 1), "2026-04-01"])
    assert m.away == (
        (dt.date(2026, 2, 10), dt.date(2026, 2, 12)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
    )
    assert m.away_dates() == {
        dt.date(2026, 2, 10),
        dt.date(2026, 2, 11),
        dt.date(2026, 2, 12),
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
    }
    assert member(timezone="UTC", away="2026-05-01;2026-05-04..2026-05-05").away == (
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1)),
        (dt.date(2026, 5, 4), dt.date(2026, 5, 5)),
    )
    assert member(timezone="UTC", away=dt.date(2026, 6, 1)).away == ((dt.date(2026, 6, 1), dt.date(2026, 6, 1)),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("yes", True), ("no", False), ("optional", False), ("TRUE", True), ("0", False)],
)
def test_override_required(member: MemberFactory, value: object, expected: bool) -> None:
    assert member(region="gb-london", required=value).required is expected


def test_no_region_defaults(member: MemberFactory) -> None:
    m = member(timezone="Asia/Tokyo")
    assert m.region is None
    assert (m.timezone, m.country, m.subdivision) == ("Asia/Tokyo", None, None)
    assert m.hours == parse_week(["09:00-17:00"])
    assert m.weekend == frozenset({5, 6})
    assert m.place == "Tokyo"


def test_names_are_whitespace_normalised(member: MemberFactory) -> None:
    assert member(name="  Mary \n Ann\t", timezone="UTC").name == "Mary Ann"


@pytest.mark.parametrize(
    ("old", "new"),
    [("Asia/Calcutta", "Asia/Kolkata"), ("US/Pacific", "America/Los_Angeles"), ("Europe/Kiev", "Europe/Kyiv")],
)
def test_old_zone_names_are_accepted_and_canonicalised(member: MemberFactory, old: str, new: str) -> None:
    m = member(timezone=old)
    assert m.timezone == new
    assert member(region="gb-london", timezone=old).timezone == new


def test_timezone_is_required_without_a_region(member: MemberFactory) -> None:
    with pytest.raises(TeamFileError) as info:
        member(name="Raj")
    assert str(info.value) == (
        "test: member 'Raj': 'timezone' is required when there is no 'region' (an IANA name like 'Asia/Kolkata')"
    )


# -- CSV rosters ----------------------------------------------------------------------------------

ROSTER = """\
Name,Region,Timezone,Hours,Weekend,Away,Required
Ana,es-madrid,,,,,
Raj,in-bengaluru,,09:00-13:00;14:00-18:00,,2026-02-10..2026-02-11;2026-03-02,
Kim,,Asia/Seoul,"08:00-12:00, 13:00-17:00",fri;sat,,no
"""


def test_csv_roster(write_team: WriteTeam) -> None:
    team = load_team(write_team(ROSTER, "berlin-office.csv"))
    assert team.name == "berlin-office"
    assert [m.name for m in team.members] == ["Ana", "Raj", "Kim"]
    ana, raj, kim = team.members
    assert ana == parse_team_text('name="x"\n[[members]]\nname="Ana"\nregion="es-madrid"\n', "toml").members[0]
    assert raj.hours == tuple((Span(540, 780), Span(840, 1080)) for _ in range(7))
    assert raj.away == ((dt.date(2026, 2, 10), dt.date(2026, 2, 11)), (dt.date(2026, 3, 2), dt.date(2026, 3, 2)))
    assert raj.timezone == "Asia/Kolkata"
    assert (kim.timezone, kim.region, kim.required) == ("Asia/Seoul", None, False)
    assert kim.hours[0] == (Span(480, 720), Span(780, 1020))
    assert kim.weekend == frozenset({4, 5})
    assert [m.name for m in team.optional] == ["Kim"]


def test_csv_roster_with_bom_and_blank_rows() -> None:
    team = parse_roster("\ufeffname,timezone\nA,UTC\n,\n\nB,Europe/Paris\n", source="x.csv", team_name="Given")
    assert team.name == "Given"
    assert [(m.name, m.timezone) for m in team.members] == [("A", "Etc/UTC"), ("B", "Europe/Paris")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("timezone\nUTC\n", "roster.csv: needs a header row with a 'name' column"),
        ("name,colour\nA,red\n", "roster.csv: 'colour' is not a roster column"),
        ("name,timezone\nA,UTC,extra\n", "roster.csv: row 2: has more cells than the header"),
        ("name,timezone\nA,Mars/Base\n", "roster.csv: row 2: member 'A': 'timezone' unknown time zone 'Mars/Base'"),
        ("name,timezone,hours\nA,UTC,09:00-13:00;12:00-18:00\n", "roster.csv: row 2: member 'A': 'hours'"),
        ("name,timezone\n", "roster.csv: 'members' must list at least one member"),
    ],
)
def test_csv_roster_errors(text: str, fragment: str) -> None:
    with pytest.raises(TeamFileError) as info:
        parse_roster(text)
    assert str(info.value).startswith(fragment)
    assert "\n" not in str(info.value)


# -- writing back ---------------------------------------------------------------------------------

ROUND_TRIP_MEMBERS = [
    {"name": "Ana", "region": "es-madrid"},
    {"name": "Raj", "region": "in-bengaluru", "timezone": "Asia/Calcutta", "away": ["2026-02-10..2026-02-11"]},
    {"name": "Fatima", "region": "ae-dubai", "required": False, "ramadan_hours": ["10:00-14:00"]},
    {"name": "Lee", "timezone": "US/Pacific", "country": "US", "subdivision": "CA", "stretch": ["07:00-19:00"]},
    {"name": "Kim", "timezone": "Asia/Seoul", "hours": {"default": ["22:00-06:00"], "fri": [], "sat": ["10:00-12:00"]}},
    {"name": "Jo", "region": "de-munich", "country": "AT", "holiday_categories": ["public", "bank"]},
    {
        "name": "Sam",
        "region": "in-bengaluru",
        "subdivision": "MH",
        "weekend": ["sun"],
        "hours": "09:00-13:00;14:00-18:00",
    },
    {"name": 'Q "quoted" \\ back\u00e9', "timezone": "Pacific/Chatham", "weekend": "fri"},
]


def test_team_to_toml_round_trip(write_team: WriteTeam) -> None:
    team = load_team(write_team(ROUND_TRIP_MEMBERS, team="Round trip"))
    text = team_to_toml(team)
    again = parse_team_text(text, "toml")
    assert again == team
    assert [m.timezone for m in again.members][:4] == [
        "Europe/Madrid",
        "Asia/Kolkata",
        "Asia/Dubai",
        "America/Los_Angeles",
    ]
    # a third pass writes the same file: the writer is stable
    assert team_to_toml(again) == text


def test_team_to_json_round_trip() -> None:
    team = parse_team_text(json.dumps({"name": "Round trip", "members": ROUND_TRIP_MEMBERS}), "json")
    assert parse_team_text(team_to_json(team), "json") == team
    assert parse_team_text(team_to_toml(team), "toml") == team


@pytest.mark.parametrize("name", ['quote " and \\ backslash', "日本 🙂", "Zoë", "tab\tinside"])
def test_team_to_toml_round_trips_awkward_names(member: MemberFactory, name: str) -> None:
    team = Team("T", (member(name=name, timezone="UTC"),))
    assert parse_team_text(team_to_toml(team), "toml") == team
    assert parse_team_text(team_to_json(team), "json") == team


def test_team_to_toml_keeps_region_defaults_out(member: MemberFactory) -> None:
    team = Team("T", (member(name="Ana", region="es-madrid"),))
    assert team_to_toml(team) == 'name = "T"\n\n[[members]]\nname = "Ana"\nregion = "es-madrid"\n'


# -- every bad input: TeamFileError, one line naming file, member and field -----------------------


def _member_file(**fields: object) -> list[dict[str, object]]:
    return [{"name": "Raj", **fields}]


BAD_TEAMS = [
    pytest.param(
        _member_file(timezone="Asia/Bangalore"),
        ["team.toml: member 'Raj': 'timezone' unknown time zone 'Asia/Bangalore'"],
        id="unknown-timezone",
    ),
    pytest.param(
        _member_file(timezone="../../etc/passwd"),
        ["team.toml: member 'Raj': 'timezone' unknown time zone"],
        id="path-like-timezone",
    ),
    pytest.param(
        _member_file(timezone=["Asia/Kolkata"]),
        ["team.toml: member 'Raj': 'timezone' unknown time zone ['Asia/Kolkata']"],
        id="timezone-not-a-string",
    ),
    pytest.param(
        _member_file(region="in-bangalore"),
        ["team.toml: member 'Raj': 'region' unknown region 'in-bangalore'", "did you mean in-bengaluru"],
        id="unknown-region",
    ),
    pytest.param(
        _member_file(region=5), ["team.toml: member 'Raj': 'region' must be a region id"], id="region-not-a-string"
    ),
    pytest.param(
        _member_file(timezone="Asia/Kolkata", country="XX"),
        ["team.toml: member 'Raj': 'country' unknown country 'XX'"],
        id="unknown-country",
    ),
    pytest.param(
        _member_file(timezone="Asia/Kolkata", country="IND"),
        ["team.toml: member 'Raj': 'country' must be an ISO 3166-1 alpha-2 code"],
        id="country-not-alpha-2",
    ),
    pytest.param(
        _member_file(region="in-bengaluru", subdivision="ZZ"),
        ["team.toml: member 'Raj': 'subdivision' unknown subdivision 'ZZ' of IN"],
        id="unknown-subdivision",
    ),
    pytest.param(
        _member_file(timezone="UTC", subdivision="CA"),
        ["team.toml: member 'Raj': 'subdivision' needs a 'country'"],
        id="subdivision-without-country",
    ),
    pytest.param(
        _member_file(region="gb-london", holiday_categories=["pagan"]),
        ["team.toml: member 'Raj': 'holiday_categories' holiday category 'pagan'"],
        id="unknown-holiday-category",
    ),
    pytest.param(
        _member_file(timezone="UTC", hours=["25:00-26:00"]),
        ["team.toml: member 'Raj': 'hours' must be HH:MM-HH:MM", "25:00-26:00"],
        id="hour-25",
    ),
    pytest.param(
        _member_file(timezone="UTC", hours=["12:60-13:00"]),
        ["team.toml: member 'Raj': 'hours'", "12:60-13:00"],
        id="minute-60",
    ),
    pytest.param(
        _member_file(timezone="UTC", hours=["09:00-12:00", "11:00-13:00"]),
        ["team.toml: member 'Raj': 'hours' intervals 09:00-12:00 and 11:00-13:00 overlap"],
        id="overlapping-hours",
    ),
    pytest.param(
        _member_file(timezone="UTC", hours={"default": ["09:00-17:00"], "fri": ["nope"]}),
        ["team.toml: member 'Raj': 'hours' fri: must be HH:MM-HH:MM"],
        id="bad-day-override",
    ),
    pytest.param(
        _member_file(timezone="UTC", ramadan_hours=["garbage"]),
        ["team.toml: member 'Raj': 'ramadan_hours' must be HH:MM-HH:MM"],
        id="bad-ramadan-hours",
    ),
    pytest.param(
        _member_file(timezone="UTC", stretch=[f"{h:02d}:00-{h:02d}:30" for h in range(9)]),
        ["team.toml: member 'Raj': 'stretch' has 9 intervals in one day"],
        id="too-many-intervals",
    ),
    pytest.param(
        _member_file(timezone="UTC", hours=[]),
        ["team.toml: member 'Raj': 'hours' gives no working hours on any working day"],
        id="no-hours",
    ),
    pytest.param(
        _member_file(timezone="UTC", weekend=["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
        ["team.toml: member 'Raj': 'weekend' cannot make every day of the week a weekend day"],
        id="all-weekend",
    ),
    pytest.param(
        _member_file(timezone="UTC", weekend=["caturday"]),
        ["team.toml: member 'Raj': 'weekend' must be a weekday"],
        id="bad-weekend",
    ),
    pytest.param(
        _member_file(timezone="UTC", away=["2026-02-11..2026-02-10"]),
        ["team.toml: member 'Raj': 'away' range '2026-02-11..2026-02-10' ends before it starts"],
        id="away-backwards",
    ),
    pytest.param(
        _member_file(timezone="UTC", away=["2026-02-30"]),
        ["team.toml: member 'Raj': 'away' must be a date YYYY-MM-DD"],
        id="away-bad-date",
    ),
    pytest.param(
        _member_file(timezone="UTC", away=["2020-01-01..2026-01-01"]),
        ["team.toml: member 'Raj': 'away' covers more than 1098 days"],
        id="away-too-long",
    ),
    pytest.param(
        _member_file(timezone="UTC", required="maybe"),
        ["team.toml: member 'Raj': 'required' must be true or false"],
        id="bad-required",
    ),
    pytest.param(
        _member_file(timezone="UTC", colour="blue"),
        ["team.toml: member 'Raj': 'colour' is not a member field"],
        id="unknown-member-field",
    ),
    pytest.param(
        [{"timezone": "UTC"}],
        ["team.toml: member #1: 'name' must be a non-empty string"],
        id="missing-name",
    ),
    pytest.param(
        [{"name": "x" * (MAX_NAME_LENGTH + 1), "timezone": "UTC"}],
        ["team.toml: member 'xxxx", "'name' is 101 characters long; at most 100 are allowed"],
        id="name-over-100",
    ),
    pytest.param(
        [{"name": "Raj", "timezone": "UTC"}, {"name": "raj", "timezone": "UTC"}],
        ["team.toml: member 'raj': 'name' duplicates member 'Raj'"],
        id="duplicate-name",
    ),
    pytest.param(
        [{"name": f"m{i}", "timezone": "UTC"} for i in range(MAX_MEMBERS + 1)],
        ["team.toml: 'members' has more than 500 members"],
        id="over-500-members",
    ),
    pytest.param('name = "T"\nmembers = []\n', ["team.toml: 'members' must list at least one member"], id="no-members"),
    pytest.param('name = "T"\n', ["team.toml: 'members' must be an array of member tables"], id="members-missing"),
    pytest.param(
        'name = "T"\nmembers = [1]\n', ["team.toml: member #1: must be a table of fields"], id="member-not-table"
    ),
    pytest.param(
        'members = [{name = "A", timezone = "UTC"}]\n',
        ["team.toml: 'name' must be a non-empty string"],
        id="no-team-name",
    ),
    pytest.param('name = "T"\nowner = "x"\n', ["team.toml: 'owner' is not a team field"], id="unknown-team-field"),
    pytest.param('[[members]\nname = "Raj"\n', ["team.toml: is not valid TOML"], id="malformed-toml"),
    pytest.param("x = " + "[" * 5000, ["team.toml: is not valid TOML"], id="toml-too-deep"),
    pytest.param("x = " + "1" * 5000, ["team.toml: is not valid TOML"], id="toml-too-many-digits"),
]


@pytest.mark.parametrize(("text", "fragments"), BAD_TEAMS)
def test_bad_team_files(write_team: WriteTeam, text: str | list[dict[str, object]], fragments: list[str]) -> None:
    with pytest.raises(TeamFileError) as info:
        load_team(write_team(text))
    message = str(info.value)
    assert isinstance(info.value, PlannerError)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(fragments[0]), message
    for fragment in fragments[1:]:
        assert fragment in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param('{"name": "T", "members": [', "team.json: is not valid JSON", id="malformed-json"),
        pytest.param("[" * 100_000, "team.json: is not valid JSON", id="json-too-deep"),
        pytest.param(
            '{"name": "T", "members": [{"name": "A", "timezone": "UTC", "required": ' + "1" * 5000 + "}]}",
            "team.json: is not valid JSON",
            id="json-too-many-digits",
        ),
        pytest.param("[]", "team.json: must be a table with 'name' and [[members]]", id="json-not-an-object"),
        pytest.param(
            json.dumps({"name": "T", "members": [{"name": "Raj", "timezone": {"zone": "UTC"}}]}),
            "team.json: member 'Raj': 'timezone' unknown time zone",
            id="json-timezone-object",
        ),
        pytest.param(
            json.dumps({"name": "T", "members": [{"name": "Raj", "timezone": "UTC", "hours": [None]}]}),
            "team.json: member 'Raj': 'hours' must be a string HH:MM-HH:MM",
            id="json-null-hour",
        ),
    ],
)
def test_bad_json_team_files(write_team: WriteTeam, text: str, fragment: str) -> None:
    with pytest.raises(TeamFileError) as info:
        load_team(write_team(text, "team.json"))
    assert str(info.value).startswith(fragment), str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(TeamFileError, match=r"missing\.toml: does not exist$"):
        load_team(missing)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(TeamFileError, match=r"folder\.toml: is a directory, not a team file$"):
        load_team(folder)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'name = "\xff\xfe"\n')
    with pytest.raises(TeamFileError, match=r"^binary\.toml: is not UTF-8 text$"):
        load_team(binary)
    other = tmp_path / "team.yaml"
    other.write_text("name: T\n", encoding="utf-8")
    with pytest.raises(TeamFileError, match=r"^team\.yaml: has an unknown format 'yaml'"):
        load_team(other)


def test_file_over_one_mib(write_team: WriteTeam) -> None:
    body = 'name = "T"\n\n[[members]]\nname = "Raj"\ntimezone = "UTC"\n'
    padding = "#" * (MAX_FILE_BYTES - len(body.encode()) - 1) + "\n"
    at_limit = write_team(body + padding)
    assert at_limit.stat().st_size == MAX_FILE_BYTES
    assert load_team(at_limit).members[0].name == "Raj"
    too_big = write_team(body + "#" + padding, "big.toml")
    assert too_big.stat().st_size == MAX_FILE_BYTES + 1
    with pytest.raises(TeamFileError) as info:
        load_team(too_big)
    assert str(info.value) == "big.toml: is larger than 1024 KiB"
    with pytest.raises(TeamFileError, match="is larger than 1024 KiB"):
        parse_team_text(body + "#" + padding, "toml", source="pasted")


def test_exactly_500_members_are_allowed(write_team: WriteTeam) -> None:
    path = write_team([{"name": f"m{i}", "timezone": "UTC"} for i in range(MAX_MEMBERS)])
    assert len(load_team(path).members) == 500


def test_exactly_100_character_name_is_allowed(member: MemberFactory) -> None:
    assert member(name="y" * MAX_NAME_LENGTH, timezone="UTC").name == "y" * 100


def test_error_message_stays_on_one_line_for_hostile_names(write_team: WriteTeam) -> None:
    path = write_team([{"name": "Evil\nBEGIN", "timezone": "Nowhere/Zone"}], "t.toml")
    with pytest.raises(TeamFileError) as info:
        load_team(path)
    assert str(info.value).startswith("t.toml: member 'Evil\\nBEGIN': 'timezone' unknown time zone")
    assert "\n" not in str(info.value)
