"""The feed and API handlers without a server (Starlette's TestClient): ETags, dead tokens, empty
calendars, the command line's bytes and messages, and who may read what in Local and Shared mode."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from openapi_spec_validator import validate
from starlette.applications import Starlette
from starlette.testclient import TestClient

from planner_app import cli
from planner_app.api import Api, Settings
from planner_app.feeds import etag
from planner_app.store import Store
from planner_app.teams import Team, load_team

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 1)
LOCAL = ("127.0.0.1", 50000)


@dataclasses.dataclass
class World:
    url: str
    store: Store
    team_id: str
    plan_feed: str
    series_feed: str
    holidays_feed: str
    client: Callable[..., TestClient]


def demo_team() -> Team:
    team = load_team(ROOT / "data" / "demo-team.toml")
    lena = dataclasses.replace(team.members[1], away=((dt.date(2026, 3, 9), dt.date(2026, 3, 11)),))
    return Team(team.name, (team.members[0], lena, *team.members[2:]))


@pytest.fixture
def world(tmp_path: Path) -> World:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    store = Store(url)
    saved = store.create_team(demo_team())
    slots = [{"start": int(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC).timestamp())}]
    slots[0]["end"] = slots[0]["start"] + 1800
    plan = store.save_plan(
        saved.team.name, "windows", "Kick-off", {"from": "2026-03-02", "to": "2026-03-06", "duration": 30}, slots
    )
    params = {
        "start": "2026-03-02",
        "count": 52,
        "cadence": "weekly",
        "duration": 30,
        "anchor": "Lena",
        "mode": "fixed",
        "time": 600,
    }
    series = store.save_plan(saved.team.name, "series", "Weekly sync", params, [])

    def client(*, shared: bool = False, address: tuple[str, int] = LOCAL) -> TestClient:
        api = Api(lambda: Settings(url, shared), today=lambda: TODAY)
        return TestClient(Starlette(routes=api.routes()), client=address)

    return World(
        url,
        store,
        saved.id,
        store.create_feed("plan", plan.token),
        store.create_feed("series", series.token),
        store.create_feed("team-holidays", saved.id),
        client,
    )


def events(body: bytes, start: dt.date, end: dt.date) -> list[icalendar.Event]:
    return list(recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(start, end))


# -- feeds --------------------------------------------------------------------------------------------


def test_a_feed_is_a_live_calendar_with_a_strong_etag_and_304(world: World) -> None:
    client = world.client()
    first = client.get(f"/feeds/{world.plan_feed}.ics")
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/calendar; charset=utf-8"
    assert first.headers["etag"] == etag(first.content)
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in first.content
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in first.content
    [meeting] = events(first.content, dt.date(2026, 3, 1), dt.date(2026, 3, 8))
    assert meeting["SUMMARY"] == "Kick-off"
    assert meeting.decoded("DTSTART") == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    again = client.get(f"/feeds/{world.plan_feed}.ics")
    assert again.content == first.content  # nothing changed: the same bytes, so the same tag
    tag = first.headers["etag"]
    for header in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        cached = client.get(f"/feeds/{world.plan_feed}.ics", headers={"If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.content == b""
        assert cached.headers["etag"] == tag
    assert client.get(f"/feeds/{world.plan_feed}.ics", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_revoked_unknown_and_malformed_tokens_are_a_bare_404(world: World) -> None:
    client = world.client()
    assert world.store.revoke_feed(world.plan_feed)
    for token in (world.plan_feed, "A" * 32, "short", "not~a~token~at~all~~~~~~"):
        answer = client.get(f"/feeds/{token}.ics")
        assert answer.status_code == 404, token
        assert answer.content == b""


def test_a_feed_follows_the_saved_team_and_keeps_its_uids(world: World) -> None:
    client = world.client()
    before = client.get(f"/feeds/{world.series_feed}.ics")
    saved = world.store.get_team(team_id=world.team_id)
    renamed = Team("Renamed team", saved.team.members)
    world.store.save_team(world.team_id, renamed, saved.version)
    after = client.get(f"/feeds/{world.series_feed}.ics")
    assert after.headers["etag"] != before.headers["etag"]
    uids = {str(e["UID"]) for e in events(before.content, dt.date(2026, 3, 1), dt.date(2027, 3, 1))}
    assert uids == {str(e["UID"]) for e in events(after.content, dt.date(2026, 3, 1), dt.date(2027, 3, 1))}
    assert b"SEQUENCE:2" in after.content
    assert b"SEQUENCE:1" in before.content
    held = events(after.content, dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    assert 40 <= len(held) <= 52  # a year of weekly meetings, holidays of the anchor skipped
    london = {e.decoded("DTSTART").astimezone(dt.UTC).hour for e in held}
    assert london == {9, 10}  # 10:00 in London: 10:00 UTC in winter, 09:00 UTC in summer


def test_a_holidays_feed_has_days_away_as_one_event(world: World) -> None:
    body = world.client().get(f"/feeds/{world.holidays_feed}.ics").content
    away = [e for e in events(body, TODAY, TODAY + dt.timedelta(days=60)) if "away" in str(e["SUMMARY"])]
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in away] == [(dt.date(2026, 3, 9), dt.date(2026, 3, 12))]


def test_a_feed_with_nothing_to_show_is_a_valid_calendar_without_events(world: World) -> None:
    saved = world.store.get_team(team_id=world.team_id)
    plan = world.store.save_plan(
        saved.team.name, "windows", "Nothing", {"from": "2026-03-02", "to": "2026-03-06", "duration": 30}, []
    )
    token = world.store.create_feed("plan", plan.token)
    answer = world.client().get(f"/feeds/{token}.ics")
    assert answer.status_code == 200
    cal = icalendar.Calendar.from_ical(answer.content)
    assert cal.walk("VEVENT") == []
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Etc/UTC"]  # RFC 5545: at least one component
    assert str(cal["X-WR-CALDESC"]).startswith("Nothing to show right now: ")
    assert events(answer.content, dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == []


def test_a_series_whose_anchor_left_the_team_empties_with_the_reason(world: World) -> None:
    saved = world.store.get_team(team_id=world.team_id)
    without_lena = Team(saved.team.name, tuple(m for m in saved.team.members if m.name != "Lena"))
    world.store.save_team(world.team_id, without_lena, saved.version)
    body = world.client().get(f"/feeds/{world.series_feed}.ics").content
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VEVENT") == []
    assert "Lena" in str(cal["X-WR-CALDESC"])


def test_a_deleted_team_takes_its_feeds_with_it(world: World) -> None:
    world.store.delete_team(world.team_id)
    client = world.client()
    for token in (world.plan_feed, world.series_feed, world.holidays_feed):
        assert client.get(f"/feeds/{token}.ics").status_code == 404


# -- the read API -------------------------------------------------------------------------------------


def cli_run(argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, str]:
    try:
        status = cli.main(argv)
    except SystemExit as exit_:  # the parser's own refusals exit
        status = int(exit_.code or 0)
    out, err = capsysbinary.readouterr()
    return status, out, err.decode()


@pytest.mark.parametrize(
    ("command", "query", "argv"),
    [
        (
            "windows",
            "team={t}&from=2026-03-02&to=2026-03-13&duration=45",
            ["--from", "2026-03-02", "--to", "2026-03-13", "--duration", "45"],
        ),
        (
            "series",
            "team={t}&start=2026-03-02&count=8&cadence=biweekly&anchor=Omar&time=11:00",
            ["--start", "2026-03-02", "--count", "8", "--cadence", "biweekly", "--anchor", "Omar", "--time", "11:00"],
        ),
        (
            "series",
            "team={t}&start=2026-03-02&count=6&mode=rotate",
            ["--start", "2026-03-02", "--count", "6", "--mode", "rotate"],
        ),
        ("calendar", "team={t}&from=2026-03-01&to=2026-04-30", ["--from", "2026-03-01", "--to", "2026-04-30"]),
    ],
)
def test_api_bytes_are_the_command_lines(
    world: World, capsysbinary: pytest.CaptureFixture[bytes], command: str, query: str, argv: list[str]
) -> None:
    name = world.store.get_team(team_id=world.team_id).team.name
    answer = world.client().get(f"/api/v1/{command}?" + query.format(t=name.replace(" ", "+")))
    status, out, _ = cli_run([command, "--team", name, "--db", world.url, *argv, "--format", "json"], capsysbinary)
    assert (answer.status_code, status) == (200, 0)
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == out
    assert json.loads(answer.content)["schema"] == f"culture-planner/{command}/v1"


def test_regions_are_the_command_lines(world: World, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    client = world.client()
    for query, argv in (("", []), ("?search=saudi", ["--search", "saudi"])):
        answer = client.get("/api/v1/regions" + query)
        assert answer.content == cli_run(["regions", "--format", "json", *argv], capsysbinary)[1]
    assert [r["id"] for r in client.get("/api/v1/regions?search=riyadh").json()["regions"]] == ["sa-riyadh"]


@pytest.mark.parametrize(
    ("query", "argv"),
    [
        ("from=2026-13-01&to=2026-03-06", ["--from", "2026-13-01", "--to", "2026-03-06"]),
        ("from=2026-03-06&to=2026-03-01", ["--from", "2026-03-06", "--to", "2026-03-01"]),
        ("from=2026-03-02&to=2026-03-06&duration=0", ["--from", "2026-03-02", "--to", "2026-03-06", "--duration", "0"]),
        (
            "from=2026-03-02&to=2026-03-06&duration=--to",
            ["--from", "2026-03-02", "--to", "2026-03-06", "--duration=--to"],
        ),
        ("from=2026-03-02", ["--from", "2026-03-02"]),
    ],
)
def test_bad_parameters_are_400_with_the_command_lines_message(
    world: World, capsysbinary: pytest.CaptureFixture[bytes], query: str, argv: list[str]
) -> None:
    name = world.store.get_team(team_id=world.team_id).team.name
    answer = world.client().get(f"/api/v1/windows?team={name}&{query}")
    status, _, err = cli_run(["windows", "--team", name, "--db", world.url, *argv, "--format", "json"], capsysbinary)
    assert (answer.status_code, status) == (400, 2)
    line = err.strip().removeprefix("planner windows: ").removeprefix("planner: ").removesuffix(" (see --help)")
    assert answer.json() == {"error": line}


def test_the_field_at_fault_is_named_by_its_flag(world: World) -> None:
    name = world.store.get_team(team_id=world.team_id).team.name
    error = world.client().get(f"/api/v1/windows?team={name}&from=2026-03-06&to=2026-03-01").json()["error"]
    assert error.startswith("--to: ")
    error = world.client().get(f"/api/v1/series?team={name}&start=2026-03-02&count=4&anchor=Nobody").json()["error"]
    assert error.startswith("--anchor: ")


def test_unknown_team_is_404_and_unknown_or_repeated_parameters_are_400(world: World) -> None:
    client = world.client()
    answer = client.get("/api/v1/calendar?team=Nobody&from=2026-03-01&to=2026-03-02")
    assert (answer.status_code, answer.json()) == (404, {"error": "no saved team named 'Nobody'"})
    assert client.get("/api/v1/calendar?from=2026-03-01&to=2026-03-02").json() == {"error": cli.TEAM_MISSING}
    for query in (
        "team=x&from=2026-03-01&to=2026-03-02&db=sqlite:///x",
        "team=x&format=csv",
        "team=/etc/passwd&team=y",
    ):
        answer = client.get(f"/api/v1/calendar?{query}")
        assert answer.status_code == 400, query
    assert "unknown parameter 'db'" in client.get("/api/v1/calendar?db=x").json()["error"]


def test_openapi_document_is_valid_and_names_every_flag(world: World) -> None:
    document = world.client().get("/api/v1/openapi.json").json()
    validate(document)
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for command in ("windows", "series", "calendar", "regions"):
        names = {p["name"] for p in document["paths"][f"/api/v1/{command}"]["get"]["parameters"]}
        flags = {s.lstrip("-") for a in subparsers[command]._actions for s in a.option_strings}
        assert names <= flags, command
        assert flags - names <= {"h", "help", "format", "viewer-timezone", "db", "rank", "slots"}, command


# -- access -------------------------------------------------------------------------------------------


def test_local_mode_answers_this_computer_only_without_a_token(world: World) -> None:
    assert world.client().get("/api/v1/regions").status_code == 200
    assert world.client(address=("::1", 1)).get("/api/v1/regions").status_code == 200
    far = world.client(address=("192.0.2.7", 1)).get("/api/v1/regions")
    assert far.status_code == 401
    assert far.headers["www-authenticate"] == "Bearer"
    token = world.store.create_api_token()
    auth = {"Authorization": f"Bearer {token}"}
    assert world.client(address=("192.0.2.7", 1)).get("/api/v1/regions", headers=auth).status_code == 200
    # feeds need only their token, from anywhere (calendar services fetch them)
    assert world.client(address=("192.0.2.7", 1)).get(f"/feeds/{world.plan_feed}.ics").status_code == 200


def test_shared_mode_reads_the_tokens_workspace_only(world: World) -> None:
    alice = world.store.create_workspace("Alice's", "alice@example.org")
    bob = world.store.create_workspace("Bob's", "bob@example.org")
    alice.create_team(Team("Secret roadmap", demo_team().members))
    alice_token, bob_token = alice.create_api_token(), bob.create_api_token()
    client = world.client(shared=True)
    query = "/api/v1/calendar?team=Secret+roadmap&from=2026-03-01&to=2026-03-02"
    assert client.get(query).status_code == 401  # no token, even from this computer
    assert client.get(query, headers={"Authorization": f"Bearer {alice_token}"}).status_code == 200
    foreign = client.get(query, headers={"Authorization": f"Bearer {bob_token}"})
    missing = client.get(query.replace("Secret", "Unknown"), headers={"Authorization": f"Bearer {bob_token}"})
    assert (foreign.status_code, missing.status_code) == (404, 404)  # the same answer: existence does not leak
    assert foreign.json()["error"] == "no saved team named 'Secret roadmap'"
    assert alice.revoke_feed(alice_token)
    assert client.get(query, headers={"Authorization": f"Bearer {alice_token}"}).status_code == 401
    for credential in (f"Bearer {world.plan_feed}", "Bearer ", "Basic YWxpY2U6eA==", f"Bearer {bob_token}x"):
        assert client.get("/api/v1/regions", headers={"Authorization": credential}).status_code == 401, credential


def test_api_tokens_are_made_by_owners_and_are_never_feeds(world: World) -> None:
    alice = world.store.create_workspace("Alice's", "alice@example.org")
    alice.invite("viewer@example.org", "viewer")
    viewer = world.store.workspace(alice.workspace_id, "viewer@example.org")
    with pytest.raises(Exception, match="only an owner"):
        viewer.create_api_token()
    token = alice.create_api_token()
    assert world.client().get(f"/feeds/{token}.ics").status_code == 404
    assert [f.token for f in alice.list_feeds(kind="api")] == [token]
    assert alice.list_feeds() == []
