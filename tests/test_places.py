"""Places as people write them, pasted lists of people, and team files that report every problem at once."""

from __future__ import annotations

import pytest

from planner_app.places import Place, UnknownPlace, parse_pasted, resolve_place, zone_country
from planner_app.teams import build_team, check_team_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Madrid", Place("Madrid", region="es-madrid")),
        ("  madrid ", Place("Madrid", region="es-madrid")),
        ("es-madrid", Place("Madrid", region="es-madrid")),
        ("Sao Paulo", Place("São Paulo", region="br-sao-paulo")),  # accents folded
        ("Asia/Kolkata", Place("Kolkata", timezone="Asia/Kolkata", country="IN")),
        ("Asia/Calcutta", Place("Kolkata", timezone="Asia/Kolkata", country="IN")),  # old IANA link name
        ("Romance Standard Time", Place("Paris", timezone="Europe/Paris", country="FR")),  # Windows id
        ("Porto Velho", Place("Porto Velho", timezone="America/Porto_Velho", country="BR")),  # no profile
        ("Reykjavik", Place("Reykjavik", timezone="Atlantic/Reykjavik", country="IS")),
        ("UTC", Place("UTC", timezone="Etc/UTC", country=None)),
    ],
)
def test_a_place_resolves_to_a_profile_else_a_zone_and_its_country(text: str, expected: Place) -> None:
    assert resolve_place(text) == expected


def test_a_city_without_a_profile_gets_its_countrys_holidays_and_weekend() -> None:
    team = build_team("t", [{"name": "Ana", **resolve_place("Porto Velho").fields()}])
    member = team.members[0]
    assert (member.timezone, member.country) == ("America/Porto_Velho", "BR")
    assert member.weekend == frozenset({5, 6})
    assert zone_country("Etc/UTC") is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Atlantis", "unknown place 'Atlantis'"),
        ("IST", "IST is ambiguous (India, Ireland or Israel)"),
        ("Mars/Base", "unknown time zone 'Mars/Base'"),
        ("", "is empty"),
    ],
)
def test_an_unknown_place_says_what_to_write(text: str, fragment: str) -> None:
    with pytest.raises(UnknownPlace) as info:
        resolve_place(text)
    assert fragment in str(info.value)


def test_a_pasted_list_reads_every_line_and_reports_every_bad_one() -> None:
    pasted = parse_pasted(
        "Ana, Madrid\n"
        "Ravi\tAsia/Kolkata\n"
        "# a comment\n"
        "\n"
        "Sam, New York, optional\n"
        "Bad, Atlantis\n"
        ", Paris\n"
        "Zoe\n"
        "Lin, (UTC+01:00) Brussels, Copenhagen, Madrid, Paris\n"
    )
    assert [r["name"] for r in pasted.rows] == ["Ana", "Ravi", "Sam", "Lin"]
    assert pasted.rows[0] == {"name": "Ana", "region": "es-madrid", "required": True}
    assert pasted.rows[1] == {"name": "Ravi", "timezone": "Asia/Kolkata", "country": "IN", "required": True}
    assert pasted.rows[2]["required"] is False
    assert pasted.rows[3]["timezone"] == "Europe/Paris"
    assert pasted.errors == (
        "pasted list: line 6: member 'Bad': 'place' unknown place 'Atlantis' (write a city with a time zone like "
        "'Madrid', a region id like 'es-madrid', or an IANA zone like 'Europe/Madrid')",
        "pasted list: line 7: 'name' is missing (write 'Ana, Madrid')",
        "pasted list: line 8: member 'Zoe': 'place' is missing (write 'Zoe, Madrid' or 'Zoe, Europe/Madrid')",
    )
    team = build_team("Pasted", pasted.rows)
    assert [m.place for m in team.members] == ["Madrid", "Kolkata", "New York", "Paris"]


def test_a_csv_upload_reports_every_error_with_its_row() -> None:
    text = "name,timezone,hours\nAna,Europe/Madrid,\nBen,Mars/Base,\nCy,Europe/Paris,25:00-26:00\nana,Asia/Tokyo,\n"
    check = check_team_text(text, "csv", source="crew.csv")
    assert check.team is None
    assert len(check.errors) == 3
    assert check.errors[0].startswith("crew.csv: row 3: member 'Ben': 'timezone' unknown time zone 'Mars/Base'")
    assert check.errors[1].startswith("crew.csv: row 4: member 'Cy': 'hours'")
    assert check.errors[2] == "crew.csv: row 5: member 'ana': 'name' duplicates member 'Ana'"


def test_a_toml_upload_reports_every_member_error() -> None:
    text = (
        'name = "T"\n[[members]]\nname = "A"\ntimezone = "Nowhere/Zone"\n'
        '[[members]]\nname = "B"\nregion = "xx-nowhere"\n[[members]]\nname = "C"\ntimezone = "UTC"\n'
    )
    check = check_team_text(text, "toml", source="t.toml")
    assert check.team is None
    assert [e.split(":")[1].strip() for e in check.errors] == ["member 'A'", "member 'B'"]
    good = check_team_text('name = "T"\n[[members]]\nname = "C"\ntimezone = "UTC"\n', "toml", source="t.toml")
    assert good.errors == ()
    assert good.team is not None
    assert [m.name for m in good.team.members] == ["C"]


def test_a_file_that_is_not_toml_is_one_error() -> None:
    check = check_team_text("name = [", "toml", source="t.toml")
    assert check.team is None
    assert len(check.errors) == 1
    assert check.errors[0].startswith("t.toml: is not valid TOML")
