"""Nothing lost: any valid team exported (TOML, JSON, share link, store) and read back is the same team."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner_app import sharing
from planner_app.errors import PlannerError
from planner_app.store import Store, StoreError
from planner_app.teams import Team, build_team, parse_team_text, team_to_json, team_to_toml

REGIONS = ["es-madrid", "sa-riyadh", "in-bengaluru", "au-sydney", "us-new-york", "np-kathmandu", "ae-dubai"]
ZONES = ["Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Europe/London", "US/Pacific", "Asia/Calcutta"]
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=30
).filter(lambda n: n.strip())


@st.composite
def spans(draw: st.DrawFn) -> str:
    start = draw(st.integers(0, 23 * 4)) * 15
    length = draw(st.integers(1, 40)) * 15
    end = (start + length) % 1440
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def members(draw: st.DrawFn, name: str) -> dict[str, object]:
    fields: dict[str, object] = {"name": name}
    if draw(st.booleans()):
        fields["region"] = draw(st.sampled_from(REGIONS))
    else:
        fields["timezone"] = draw(st.sampled_from(ZONES))
        if draw(st.booleans()):
            fields["country"] = draw(st.sampled_from(["IN", "GB", "NZ", "CA"]))
    if draw(st.booleans()):
        fields["hours"] = {"default": [draw(spans())], "fri": draw(st.lists(spans(), max_size=1))}
    if draw(st.booleans()):
        fields["weekend"] = draw(st.lists(st.sampled_from(["fri", "sat", "sun"]), unique=True, max_size=2))
    if draw(st.booleans()):
        fields["ramadan_hours"] = [draw(spans())]
    if draw(st.booleans()):
        fields["stretch"] = [draw(spans())]
    if draw(st.booleans()):
        day = draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 1)))
        fields["away"] = [f"{day}..{day + dt.timedelta(days=draw(st.integers(0, 20)))}", str(day)]
    fields["required"] = draw(st.booleans()) if name != "first" else True
    return fields


@st.composite
def teams(draw: st.DrawFn) -> Team | None:
    member_names = ["first", *draw(st.lists(names, max_size=4, unique_by=lambda n: " ".join(n.split()).casefold()))]
    member_names = list(dict.fromkeys(" ".join(n.split()) for n in member_names))
    if len({n.casefold() for n in member_names}) != len(member_names):
        return None
    rows = [draw(members(n)) for n in member_names]
    try:
        return build_team(draw(names), rows)
    except PlannerError:  # e.g. hours that leave no working day: not a valid team, nothing to round-trip
        return None


ROUND_TRIP = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@ROUND_TRIP
@given(teams())
def test_toml_and_json_exports_round_trip(team: Team | None) -> None:
    if team is None:
        return
    assert parse_team_text(team_to_toml(team), "toml") == team
    assert parse_team_text(team_to_json(team), "json") == team
    assert team_to_toml(parse_team_text(team_to_toml(team), "toml")) == team_to_toml(team)


@ROUND_TRIP
@given(teams())
def test_share_links_round_trip(team: Team | None) -> None:
    if team is None:
        return
    shared = sharing.decode(sharing.encode(team, dt.date(2026, 3, 1), dt.date(2026, 3, 14), 45))
    assert (shared.team, shared.start, shared.end, shared.duration) == (
        team,
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 14),
        45,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(team=teams())
def test_the_store_round_trips_every_team(team: Team | None, tmp_path_factory: pytest.TempPathFactory) -> None:
    if team is None:
        return
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('rt') / 'rt.sqlite'}")
    store.create_team(team)
    assert store.get_team(team.name).team == team
    store.close()


def test_a_failed_save_writes_nothing_and_can_be_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(f"sqlite:///{tmp_path / 'planner.sqlite'}")
    team = build_team("T", [{"name": "A", "region": "gb-london"}, {"name": "B", "region": "de-berlin"}])
    store.create_team(team)
    edited = Team("T", team.members[:1])

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(5, "Input/output error")  # the disk (or the server) goes away mid-save

    monkeypatch.setattr(Store, "_record_version", fail)
    with pytest.raises(StoreError, match="Input/output error"):
        store.save_team(store.get_team("T").id, edited, 1)
    monkeypatch.undo()
    assert store.get_team("T").team == team  # nothing half-written: the team row rolled back too
    assert [h.version for h in store.history("T")] == [1]
    assert store.save_team(store.get_team("T").id, edited, 1).version == 2  # the same save, retried, goes through
    assert store.get_team("T").team == edited
