"""Parsed teams are kept by their stored text: reading an unchanged team again does not parse it again,
and any change of the text, even one that left the version number alone, is read afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import sqlalchemy as sa

from planner_app import store as store_module
from planner_app.store import Store
from planner_app.teams import Team, load_team

ROOT = Path(__file__).resolve().parent.parent


def test_an_unchanged_team_is_parsed_once_and_any_change_is_read_afresh(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'parse.sqlite'}")
    saved = store.create_team(load_team(ROOT / "data" / "demo-team.toml"))
    store_module._parse.cache_clear()
    first = store.get_team(team_id=saved.id)
    second = store.get_team(team_id=saved.id)
    info = store_module._parse.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert second.team == first.team

    lena = dataclasses.replace(first.team.members[1], away=((dt.date(2026, 5, 4), dt.date(2026, 5, 8)),))
    edited = Team(first.team.name, (first.team.members[0], lena, *first.team.members[2:]))
    store.save_team(saved.id, edited, first.version)
    assert store.get_team(team_id=saved.id).team.members[1].away == ((dt.date(2026, 5, 4), dt.date(2026, 5, 8)),)

    # a row changed behind the store's back, version unchanged: the text differs, so it is parsed again
    with store.engine.begin() as conn:
        teams = store_module.teams_table
        data = json.loads(conn.execute(sa.select(teams.c.data).where(teams.c.uid == saved.id)).scalar_one())
        data["members"][1]["away"] = []
        conn.execute(teams.update().where(teams.c.uid == saved.id).values(data=json.dumps(data)))
    assert store.get_team(team_id=saved.id).team.members[1].away == ()
