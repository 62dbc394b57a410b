"""The partnership protocol against an independent minute-by-minute oracle, golden dates, and the CLI.

The oracle never touches the engine's intervals: for every UTC minute it asks zoneinfo for the
member's wall clock, then looks the wall clock up in the member's week table on that local date
(and the day before, for hours crossing midnight), using only the calendars' day kinds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import pytest

from planner_app import cli
from planner_app.calendars import DayKind, day_table
from planner_app.protocol import (
    SCHEMA,
    Protocol,
    protocol_for,
)
from planner_app.protocol_report import protocol_to_data
from planner_app.reply import reply_by
from planner_app.reply_report import reply_to_data
from planner_app.teams import Member, Team, build_team
from planner_app.zones import zone

UTC = dt.UTC
ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = ROOT / "planner_app" / "data" / "demo-partnership.toml"
MONDAY_1970 = 4 * 1440  # minutes: 1970-01-05 00:00Z is a Monday


# -- the oracle -------------------------------------------------------------------------------------


def oracle_minutes(member: Member, start: dt.date, end: dt.date) -> set[int]:
    """UTC minutes (since 1970) in which the member works, for their local dates `start..end`."""
    return set(oracle_work(member, start, end))


def oracle_work(member: Member, start: dt.date, end: dt.date) -> dict[int, int]:
    """Each UTC minute the member works, with the local working date (ordinal) it belongs to."""
    table = day_table(member, start, end)
    kinds = dict(zip(table.ordinals.tolist(), table.kinds.tolist(), strict=True))
    ramadan = dict(zip(table.ordinals.tolist(), table.ramadan.tolist(), strict=True))
    tz = zone(member.timezone)

    def spans(ordinal: int) -> tuple[tuple[int, int], ...]:
        if kinds.get(ordinal) != DayKind.WORKING:
            return ()
        weekday = dt.date.fromordinal(ordinal).weekday()
        week = member.ramadan_hours if ramadan[ordinal] and member.ramadan_hours is not None else member.hours
        return tuple((s.start, s.end) for s in week[weekday])

    first = int(dt.datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp()) // 60 - 2 * 1440
    last = int(dt.datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp()) // 60 + 4 * 1440
    worked = {}
    for minute in range(first, last):
        wall = dt.datetime.fromtimestamp(minute * 60, tz)
        ordinal, clock = wall.date().toordinal(), wall.hour * 60 + wall.minute
        if any(s <= clock < e for s, e in spans(ordinal)):
            worked[minute] = ordinal
        elif any(s <= clock + 1440 < e for s, e in spans(ordinal - 1)):
            worked[minute] = ordinal - 1
    return worked


def oracle_weeks(minutes: Iterable[int]) -> dict[dt.date, int]:
    weeks: dict[dt.date, int] = {}
    for m in minutes:
        monday = m - (m - MONDAY_1970) % (7 * 1440)
        key = dt.datetime.fromtimestamp(monday * 60, UTC).date()
        weeks[key] = weeks.get(key, 0) + 1
    return weeks


def oracle_zero_dates(a: set[int], b: set[int], start: dt.date, end: dt.date) -> set[dt.date]:
    shared, anyone = a & b, a | b
    out = set()
    day = start
    while day <= end:
        first = int(dt.datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) // 60
        minutes = range(first, first + 1440)
        if not any(m in shared for m in minutes) and any(m in anyone for m in minutes):
            out.add(day)
        day += dt.timedelta(days=1)
    return out


def oracle_due(recipient: Member, sent_local: str, sender: Member, within: int) -> int | None:
    """The end of the recipient's `within`-th working minute after the send, minute by minute."""
    wall = dt.datetime.strptime(sent_local, "%Y-%m-%dT%H:%M")
    sent = int(wall.replace(tzinfo=zone(sender.timezone), fold=0).timestamp()) // 60
    local = dt.datetime.fromtimestamp(sent * 60, zone(recipient.timezone)).date()
    grid = oracle_minutes(recipient, local - dt.timedelta(days=1), local + dt.timedelta(days=61))
    count = 0
    for minute in range(sent, sent + 60 * 1440):
        if minute in grid:
            count += 1
            if count == within:
                return (minute + 1) * 60
    return None


# -- scenario teams -------------------------------------------------------------------------------

SPLIT = {"default": ["09:00-12:00", "13:00-18:00"], "fri": ["08:00-12:00", "14:00-16:30"]}

DST_TEAM = build_team(
    "DST gap",
    [
        {"name": "Berlin", "region": "de-berlin"},
        {"name": "NewYork", "region": "us-new-york"},
        # night shift across the spring-forward gap of Europe/Berlin (02:00 -> 03:00 on 29 March)
        {"name": "Night", "timezone": "Europe/Berlin", "hours": ["22:00-06:00"], "country": "DE"},
        {"name": "Split", "timezone": "America/Chicago", "hours": SPLIT, "away": ["2026-03-16..2026-03-20"]},
    ],
)
GULF_TEAM = build_team(
    "Weekends and Ramadan",
    [
        {"name": "Riyadh", "region": "sa-riyadh"},
        {"name": "Kathmandu", "region": "np-kathmandu"},
        {"name": "SatOnly", "timezone": "Asia/Kathmandu", "weekend": ["sat"], "hours": ["10:00-17:00"]},
        {"name": "Dubai", "region": "ae-dubai"},
    ],
)
DATE_LINE_TEAM = build_team(
    "Date line",
    [
        {"name": "Auckland", "region": "nz-auckland"},
        {"name": "LosAngeles", "timezone": "America/Los_Angeles", "hours": ["08:00-17:00"]},
        {"name": "Kiritimati", "timezone": "Pacific/Kiritimati", "hours": ["09:00-17:00"]},
    ],
)
SCENARIOS = [
    (DST_TEAM, dt.date(2026, 3, 2), dt.date(2026, 4, 5)),
    (GULF_TEAM, dt.date(2026, 2, 9), dt.date(2026, 3, 29)),
    (DATE_LINE_TEAM, dt.date(2026, 3, 23), dt.date(2026, 4, 19)),
]


@pytest.fixture(scope="module", params=range(len(SCENARIOS)), ids=[t.name for t, _s, _e in SCENARIOS])
def scenario(request: pytest.FixtureRequest) -> tuple[Team, dt.date, dt.date, Protocol, dict[str, set[int]]]:
    team, start, end = SCENARIOS[request.param]
    grids = {m.name: oracle_minutes(m, start, end) for m in team.members}
    return team, start, end, protocol_for(team, start, end), grids


def test_every_pair_agrees_with_the_oracle_week_by_week(scenario) -> None:  # type: ignore[no-untyped-def]
    team, _start, _end, p, grids = scenario
    assert len(p.pairs) == len(team.members) * (len(team.members) - 1) // 2
    for pair in p.pairs:
        a, b = pair.names
        expected = oracle_weeks(grids[a] & grids[b])
        got = {w.week: w.minutes for w in pair.weeks}
        assert set(expected) <= set(got), (a, b)
        assert got == {week: expected.get(week, 0) for week in got}, (a, b)


def test_every_site_pair_agrees_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    _team, start, end, p, grids = scenario
    for pair in p.sites:
        x, y = (set().union(*(grids[n] for n in p.site_members[name])) for name in pair.names)
        got = {w.week: w.minutes for w in pair.weeks}
        expected = oracle_weeks(x & y)
        assert got == {week: expected.get(week, 0) for week in got}, pair.names
        assert {z.date for z in pair.zero_overlap} == oracle_zero_dates(x, y, start, end), pair.names


def test_every_zero_overlap_date_agrees_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    _team, start, end, p, grids = scenario
    for pair in p.pairs:
        a, b = pair.names
        got = {z.date for z in pair.zero_overlap}
        assert got == oracle_zero_dates(grids[a], grids[b], start, end), (a, b)
        assert all(z.reason for z in pair.zero_overlap)


def test_team_weeks_agree_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    team, _start, _end, p, grids = scenario
    common = set.intersection(*(grids[m.name] for m in team.required))
    expected = oracle_weeks(common)
    assert {w.week: w.minutes for w in p.team_weeks} == {w.week: expected.get(w.week, 0) for w in p.team_weeks}


def test_team_zero_overlap_dates_agree_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    team, start, end, p, grids = scenario
    common = set.intersection(*(grids[m.name] for m in team.required))
    anyone = set.union(*(grids[m.name] for m in team.required))
    assert {z.date for z in p.team_zero_overlap} == oracle_zero_dates(common, anyone, start, end)


def test_focus_day_losses_agree_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    """Pair-minutes lost on each candidate weekday, counted pair by pair and minute by minute."""
    team, start, end, p, _grids = scenario
    work = {m.name: oracle_work(m, start, end) for m in team.members}
    assert p.focus_day is not None
    for weekday, lost in p.focus_day.candidates:
        expected = 0
        for a, b in combinations(team.members, 2):
            wa, wb = work[a.name], work[b.name]
            expected += sum(
                1
                for minute in wa.keys() & wb.keys()
                if dt.date.fromordinal(wa[minute]).weekday() == weekday
                or dt.date.fromordinal(wb[minute]).weekday() == weekday
            )
        assert lost == expected, (weekday, lost, expected)
    assert p.focus_day.lost_pair_minutes == min(m for _d, m in p.focus_day.candidates)


def test_core_window_days_agree_with_the_oracle(scenario) -> None:  # type: ignore[no-untyped-def]
    team, start, end, p, grids = scenario
    core = p.core_window
    if core is None:
        return
    common = set.intersection(*(grids[m.name] for m in team.required))
    held = 0
    day = start
    while day <= end:
        midnight = int(dt.datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) // 60
        held += all(midnight + minute in common for minute in range(core.start, core.end))
        day += dt.timedelta(days=1)
    assert core.holds == held


REPLY_CASES = [
    # (team, sender, recipient, sent in the sender's local time, business minutes)
    (DST_TEAM, "NewYork", "Berlin", "2026-03-27T15:00", 240),  # across Berlin's spring-forward weekend
    (DST_TEAM, "Berlin", "Night", "2026-03-28T12:00", 600),  # the night shift through the gap
    (DST_TEAM, "Berlin", "Split", "2026-03-13T16:00", 700),  # across an away week and lunch breaks
    (DST_TEAM, "Berlin", "NewYork", "2026-03-29T02:30", 30),  # sent inside the gap: fold=0
    (GULF_TEAM, "Kathmandu", "Riyadh", "2026-03-18T16:00", 240),  # Ramadan hours, then Eid al-Fitr
    (GULF_TEAM, "Riyadh", "SatOnly", "2026-02-26T09:00", 1500),  # Saturday-only weekend
    (GULF_TEAM, "Dubai", "Kathmandu", "2026-02-19T13:00", 45),  # +05:45
    (DATE_LINE_TEAM, "LosAngeles", "Auckland", "2026-04-03T16:00", 480),  # NZ clocks go back on 5 April
    (DATE_LINE_TEAM, "Kiritimati", "LosAngeles", "2026-03-27T10:00", 120),  # +14:00 to -07:00
    (GULF_TEAM, "Dubai", "Riyadh", "1969-12-30T09:00", 900),  # across 1970: instants below zero
]


@pytest.mark.parametrize(("team", "sender", "recipient", "sent", "within"), REPLY_CASES)
def test_reply_by_agrees_with_the_oracle(team: Team, sender: str, recipient: str, sent: str, within: int) -> None:
    reply = reply_by(team, sender, recipient, sent, within)
    expected = oracle_due(team.member(recipient), sent, team.member(sender), within)
    assert reply.due == expected
    assert reply.due is not None
    assert reply.calendar_minutes == (reply.due - reply.sent) // 60


def test_reply_table_agrees_with_the_oracle() -> None:
    """Every send of the standard table (each whole hour of the sender's working dates), answered
    within 2 and 4 business hours, recomputed minute by minute: the median and the worst case with
    its date. The table counts the recipient's working time inside the range only, so does the oracle."""
    start, end = dt.date(2026, 3, 12), dt.date(2026, 3, 26)
    sub = Team("pair", (GULF_TEAM.member("Riyadh"), GULF_TEAM.member("Kathmandu")))
    p = protocol_for(sub, start, end)
    grids = {m.name: oracle_minutes(m, start, end) for m in sub.members}
    checked = 0
    for row in p.reply_tables:
        if row.expectation not in ("2 business hours", "4 business hours"):
            continue
        within = 120 if row.expectation.startswith("2") else 240
        sender, recipient = sub.member(row.sender), sub.member(row.recipient)
        spans = []
        for day, kind, clock in _sender_hours(sender, start, end):
            if kind and clock == row.hour:
                sent = int(dt.datetime.combine(day, dt.time(clock), zone(sender.timezone)).timestamp()) // 60
                due = _scan(grids[recipient.name], sent, within)
                if due is not None:
                    spans.append((due - sent, day))
        assert spans, row
        minutes = sorted(m for m, _d in spans)
        middle = len(minutes) // 2
        median = minutes[middle] if len(minutes) % 2 else (minutes[middle - 1] + minutes[middle]) // 2
        worst = max(spans, key=lambda item: (item[0], -item[1].toordinal()))
        assert (row.typical_minutes, row.worst_minutes, row.worst_date) == (median, worst[0], worst[1]), row
        checked += 1
    assert checked >= 20


def _sender_hours(member: Member, start: dt.date, end: dt.date) -> Iterable[tuple[dt.date, bool, int]]:
    """(date, working, hour) for each whole hour inside the member's hours on their working dates."""
    table = day_table(member, start, end)
    for ordinal, kind, ramadan in zip(
        table.ordinals.tolist(), table.kinds.tolist(), table.ramadan.tolist(), strict=True
    ):
        day = dt.date.fromordinal(ordinal)
        week = member.ramadan_hours if ramadan and member.ramadan_hours is not None else member.hours
        for span in week[day.weekday()] if kind == DayKind.WORKING else ():
            for minute in range(-(-span.start // 60) * 60, span.end, 60):
                yield day, True, minute // 60


def _scan(grid: set[int], sent: int, within: int) -> int | None:
    """Calendar minutes from `sent` until the `within`-th worked minute of the grid ends."""
    count = 0
    for minute in range(sent, sent + 60 * 1440):
        if minute in grid:
            count += 1
            if count == within:
                return minute + 1
    return None


# -- golden dates -----------------------------------------------------------------------------------


def test_berlin_and_new_york_share_more_while_only_the_us_has_changed() -> None:
    team = build_team("BN", [{"name": "B", "region": "de-berlin"}, {"name": "N", "region": "us-new-york"}])
    p = protocol_for(team, dt.date(2026, 3, 2), dt.date(2026, 4, 12))
    weeks = {w.week: w.minutes for w in p.pairs[0].weeks}
    # Berlin 09:00-17:00 (Fri -15:30), New York 09:00-18:00. Both on standard time: 15:00-17:00 Berlin
    # = 2 h a day (30 min on Friday). US on daylight time (8 March), Berlin not yet (29 March): 3 h.
    assert weeks[dt.date(2026, 3, 2)] == 4 * 120 + 30
    assert weeks[dt.date(2026, 3, 9)] == 4 * 180 + 90
    assert weeks[dt.date(2026, 3, 16)] == 4 * 180 + 90
    assert weeks[dt.date(2026, 3, 23)] == 4 * 180 + 90
    assert weeks[dt.date(2026, 4, 6)] == 3 * 120 + 30  # both on summer time; Easter Monday in Berlin


def test_riyadh_reply_by_across_eid_al_fitr_2026() -> None:
    team = build_team("BR", [{"name": "Anna", "region": "de-berlin"}, {"name": "Faisal", "region": "sa-riyadh"}])
    reply = reply_by(team, "Anna", "Faisal", "2026-03-18T16:00", 240)
    data = reply_to_data(reply)
    # sent Wed 18 March 16:00 Berlin = 18:00 Riyadh, after the Ramadan day (10:00-16:00); Eid al-Fitr
    # holidays from Thursday 19 to Tuesday 24 March; Wednesday 25 March 08:00-12:00 gives 4 hours.
    assert data["due"] == "2026-03-25T12:00:00+03:00"
    assert data["due_sender"] == "2026-03-25T10:00:00+01:00"
    assert (
        data["calendar_minutes"]
        == (dt.datetime(2026, 3, 25, 9, tzinfo=UTC) - dt.datetime(2026, 3, 18, 15, tzinfo=UTC)).total_seconds() // 60
    )
    assert data["business_minutes"] == 240
    skipped = {row["date"]: row["reason"] for row in data["skipped"]}
    assert sorted(skipped) == [f"2026-03-{d}" for d in range(19, 25)]
    assert "Eid al-Fitr" in skipped["2026-03-19"]


def test_eid_week_is_a_dip_with_its_causes() -> None:
    team = build_team("BR", [{"name": "Anna", "region": "de-berlin"}, {"name": "Faisal", "region": "sa-riyadh"}])
    p = protocol_for(team, dt.date(2026, 2, 2), dt.date(2026, 4, 26))
    week = next(w for w in p.pairs[0].weeks if w.week == dt.date(2026, 3, 16))
    kinds = {c["kind"] for c in week.causes}
    assert {"holiday", "ramadan", "weekend"} <= kinds
    eid = next(c for c in week.causes if c["kind"] == "holiday")
    assert eid["date"] == "2026-03-19"
    assert "Eid al-Fitr" in eid["name"]
    assert eid["place"] == "Riyadh"


def test_a_dst_dip_names_the_clock_change() -> None:
    team = build_team(
        "LS",
        [
            {"name": "L", "region": "gb-london", "hours": ["08:00-18:00"]},
            {"name": "S", "region": "au-sydney", "hours": ["06:00-19:00"]},
        ],
    )
    p = protocol_for(team, dt.date(2026, 8, 3), dt.date(2026, 10, 25))
    weeks = {w.week: w for w in p.pairs[0].weeks}
    # Sydney on AEST (+10) until 4 October: 19:00 = 09:00Z, London from 07:00Z (BST): 2 h a day
    assert weeks[dt.date(2026, 9, 21)].minutes == 600
    # from 5 October Sydney is on AEDT (+11): 19:00 = 08:00Z, 1 h a day, half the usual
    dip = weeks[dt.date(2026, 10, 12)]
    assert dip.minutes == 300
    change = next(c for c in dip.causes if c["kind"] == "clock_change")
    assert (change["zone"], change["date"]) == ("Australia/Sydney", "2026-10-04")


def test_focus_day_and_core_window() -> None:
    team = build_team("BR", [{"name": "Anna", "region": "de-berlin"}, {"name": "Faisal", "region": "sa-riyadh"}])
    p = protocol_for(team, dt.date(2026, 5, 4), dt.date(2026, 5, 31))
    assert p.focus_day is not None
    assert p.focus_day.name in {"Monday", "Tuesday", "Wednesday", "Thursday"}  # Fri/Sun are a weekend
    assert {d for d, _m in p.focus_day.candidates} == {0, 1, 2, 3}
    core = p.core_window
    assert core is not None
    # Berlin 07:00-15:00Z (CEST), Riyadh 05:00-09:00Z and 10:00-14:00Z: core 10:00-14:00Z
    assert (core.start, core.end) == (10 * 60, 14 * 60)
    assert core.holds + len(core.misses) >= core.team_days


def test_handoffs_follow_the_sun() -> None:
    from planner_app.teams import load_team

    p = protocol_for(load_team(PARTNERSHIP), dt.date(2026, 5, 4), dt.date(2026, 5, 29))
    assert p.site_order == ("Bengaluru", "Riyadh", "Berlin", "New York")
    last = p.handoffs[-1]
    assert (last.source, last.target) == ("New York", "Bengaluru")
    assert last.typical_minutes == 6 * 60  # 18:00 EDT = 22:00Z, Bengaluru 09:30 IST = 04:00Z
    assert all(g.minutes > 0 for g in p.coverage_gaps)


# -- command line ---------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_protocol_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "protocol", str(PARTNERSHIP), "--from", "2026-03-02", "--to", "2026-03-29", "--format", "json"
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["schema"] == SCHEMA == "culture-planner/protocol/v1"
    assert {"pairs", "sites", "team_weeks", "handoffs", "coverage_gaps", "focus_day", "core_window"} <= set(data)
    pair = data["pairs"][0]
    assert pair["members"] == ["Anna", "Jonas"]
    assert {"week", "minutes", "causes"} <= set(pair["weeks"][0])
    assert all(isinstance(w["minutes"], int) for w in pair["weeks"])
    assert data["sites"][0]["sites"] == ["Berlin", "Bengaluru"]
    assert all({"date", "reason"} == set(z) for s in data["sites"] for z in s["zero_overlap"])
    assert data == protocol_to_data(
        protocol_for(
            __import__("planner_app.teams").teams.load_team(PARTNERSHIP), dt.date(2026, 3, 2), dt.date(2026, 3, 29)
        )
    )


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_protocol_other_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    status, out, err = run(
        capsys, "protocol", str(PARTNERSHIP), "--from", "2026-03-02", "--to", "2026-03-29", "--format", fmt
    )
    assert status == 0, err
    assert "Riyadh" in out


def test_reply_by_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["reply-by", str(PARTNERSHIP), "--sender", "Anna", "--recipient", "Faisal"]
    status, out, err = run(capsys, *args, "--sent", "2026-03-18T16:00", "--within", "240", "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["due"] == "2026-03-25T12:00:00+03:00"
    assert {"due", "due_sender", "calendar_minutes", "business_minutes", "skipped"} <= set(data)
    status, out, _err = run(capsys, *args, "--sent", "2026-03-18T16:00", "--within", "240")
    assert status == 0
    assert "Wed 2026-03-25 12:00 (UTC+03:00)" in out


def test_reply_by_beyond_60_days_is_null(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    team = tmp_path / "t.toml"
    team.write_text(
        'name = "T"\n[[members]]\nname = "A"\nregion = "de-berlin"\n'
        '[[members]]\nname = "B"\nregion = "de-berlin"\naway = ["2026-06-01..2026-08-31"]\n',
        encoding="utf-8",
    )
    status, out, err = run(
        capsys,
        "reply-by",
        str(team),
        "--sender",
        "A",
        "--recipient",
        "B",
        "--sent",
        "2026-06-02T10:00",
        "--within",
        "60",
        "--format",
        "json",
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["due"] is None
    assert data["due_sender"] is None
    assert "60 days" in data["reason"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--sender", "Nobody", "--recipient", "Anna", "--sent", "2026-03-18T16:00", "--within", "60"],
            "no member 'Nobody'",
        ),
        (["--sender", "Anna", "--recipient", "Faisal", "--sent", "2026-03-18T16:00", "--within", "0"], "--within"),
        (["--sender", "Anna", "--recipient", "Faisal", "--sent", "2026-03-18T16:00", "--within", "-5"], "--within"),
        (["--sender", "Anna", "--recipient", "Faisal", "--sent", "18/03/2026 16:00", "--within", "60"], "--sent"),
    ],
)
def test_reply_by_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    status, out, err = run(capsys, "reply-by", str(PARTNERSHIP), *args)
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_protocol_bad_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "protocol", str(PARTNERSHIP), "--from", "2026-01-01", "--to", "2030-01-01")
    assert status == 2
    assert "longer than 3 years" in err
    assert err.count("\n") == 1
    with pytest.raises(SystemExit) as exc:
        cli.main(["protocol", str(PARTNERSHIP), "--from", "2026-01-01", "--to", "2026-02-01", "--format", "xml"])
    assert exc.value.code == 2


def test_commands_read_a_saved_team(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    status, _out, err = run(capsys, "teams", "--db", url, "import", str(PARTNERSHIP))
    assert status == 0, err
    name = "Berlin-Bengaluru-Riyadh-New York partnership"
    args = ["--db", url, "--team", name]
    status, out, err = run(
        capsys,
        "reply-by",
        *args,
        "--sender",
        "Anna",
        "--recipient",
        "Faisal",
        "--sent",
        "2026-03-18T16:00",
        "--within",
        "240",
        "--format",
        "json",
    )
    assert status == 0, err
    assert json.loads(out)["due"] == "2026-03-25T12:00:00+03:00"
    status, out, err = run(capsys, "protocol", *args, "--from", "2026-03-02", "--to", "2026-03-15", "--format", "json")
    assert status == 0, err
    assert json.loads(out)["team"] == name
