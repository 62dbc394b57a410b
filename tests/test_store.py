"""The store against SQLite and a real PostgreSQL server: round trips, history, optimistic locking,
migrations, concurrency, a killed writer, and bad URLs."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner_app.cli import main
from planner_app.store import HEAD, StaleSave, Store, StoreError, TeamNotFound, database_url
from planner_app.store import metadata as store_metadata
from planner_app.teams import Team, build_team, load_team, team_to_data

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("DATABASE_URL", "")
HAS_PG = PG_URL.startswith(("postgresql", "postgres"))


def full_team(name: str = "Payments launch") -> Team:
    """A team that uses every member field."""
    return build_team(
        name,
        [
            {"name": "Ana", "region": "es-madrid", "away": ["2026-02-10..2026-02-11", "2026-03-02"]},
            {
                "name": "Raj", "timezone": "Asia/Kolkata", "country": "IN", "subdivision": "KA",
                "holiday_categories": ["public", "optional"],
                "hours": {"default": ["09:30-13:00", "14:00-18:30"], "fri": ["09:30-15:00"]},
                "weekend": ["sat", "sun"], "ramadan_hours": ["10:00-15:00"], "stretch": ["07:00-21:00"],
                "required": False,
            },
            {"name": "Nurse Ned", "timezone": "America/New_York", "hours": ["22:00-06:00"], "weekend": []},
            {"name": "Omar", "region": "ae-dubai", "hours": ["08:00-16:00"]},
        ],
    )  # fmt: skip


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        names = ", ".join(sa.inspect(conn).get_table_names())
        if names:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {names} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planner.sqlite'}"
        return
    if not HAS_PG:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the storage tests against PostgreSQL (DATABASE_URL is not set)")
        pytest.skip("no PostgreSQL server: run through scripts/with-postgres (make test does)")
    _reset_postgres(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)


def test_every_field_round_trips(url: str) -> None:
    store = Store(url)
    team = full_team()
    store.create_team(team)
    saved = store.get_team(team.name)
    assert saved.team == team
    assert team_to_data(saved.team) == team_to_data(team)
    assert saved.version == 1
    raj = saved.team.member("Raj")
    assert (raj.subdivision, raj.holiday_categories, raj.required) == ("KA", ("public", "optional"), False)
    assert raj.stretch is not None
    assert saved.team.member("Ana").away == team.member("Ana").away


def test_history_and_exact_restore(url: str) -> None:
    store = Store(url)
    v1 = full_team()
    team_id = store.create_team(v1).id
    v2 = Team(v1.name, v1.members[:2])
    store.save_team(team_id, v2, 1)
    store.rename_team(team_id, "Payments", 2)
    assert [(h.version, h.action, h.members, h.name) for h in store.history("Payments")] == [
        (3, "rename", 2, "Payments"), (2, "save", 2, v1.name), (1, "create", 4, v1.name)
    ]  # fmt: skip
    restored = store.restore(team_id, 1, 3)
    assert restored.version == 4
    assert store.get_team(v1.name).team == v1  # the name came back with the content
    assert store.team_at(v1.name, 2) == v2
    with pytest.raises(TeamNotFound):
        store.get_team("Payments")


def test_a_stale_save_is_refused_and_shows_the_newer_version(url: str) -> None:
    store = Store(url)
    team = full_team()
    team_id = store.create_team(team).id
    theirs = Team(team.name, team.members[:1])
    store.save_team(team_id, theirs, 1)
    mine = Team(team.name, team.members[1:])
    with pytest.raises(StaleSave, match="saved by someone else") as caught:
        store.save_team(team_id, mine, 1)
    assert caught.value.current.version == 2
    assert caught.value.current.team == theirs
    assert store.get_team(team.name).team == theirs
    assert len(store.history(team.name)) == 2


def test_migration_from_an_empty_database(url: str) -> None:
    assert Store(url, migrate=False).revision() is None
    store = Store(url)
    assert store.revision() == HEAD
    store.create_team(full_team())
    again = Store(url)  # opening again upgrades nothing and keeps the data
    assert again.revision() == HEAD
    assert [name for name, *_ in again.list_teams()] == ["Payments launch"]


def test_concurrent_saves_from_two_threads_exactly_one_wins(url: str) -> None:
    store = Store(url)
    team = full_team()
    team_id = store.create_team(team).id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(members: int) -> None:
        barrier.wait()
        try:
            store.save_team(team_id, Team(team.name, team.members[:members]), 1)
            outcomes.append("saved")
        except StaleSave:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["saved", "stale"]
    assert store.get_team(team.name).version == 2
    assert len(store.history(team.name)) == 2


def test_a_killed_process_mid_write_leaves_the_previous_version(url: str, tmp_path: Path) -> None:
    store = Store(url)
    team = full_team()
    store.create_team(team)
    marker = tmp_path / "writing"
    child = textwrap.dedent(
        f"""
        import time, pathlib
        from planner_app.store import Store
        from planner_app.teams import Team
        store = Store({url!r})
        def stall(self, *args, **kwargs):
            pathlib.Path({str(marker)!r}).write_text("x")  # the team row is updated, not committed
            time.sleep(120)
        Store._record_version = stall
        saved = store.get_team({team.name!r})
        store.save_team(saved.id, Team(saved.team.name, saved.team.members[:1]), saved.version)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never reached the middle of its write"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    after = Store(url)
    saved = after.get_team(team.name)
    assert saved.version == 1
    assert saved.team == team
    assert [h.version for h in after.history(team.name)] == [1]


def test_plans_are_saved_and_found_by_token(url: str) -> None:
    store = Store(url)
    store.create_team(full_team())
    plan = store.save_plan(
        "Payments launch", "windows", "Kick-off", {"from": "2026-03-02", "to": "2026-03-13", "duration": 45},
        [{"start": 1772445600, "end": 1772448300}], notes="Ana chairs",
    )  # fmt: skip
    found = store.get_plan(plan.token)
    assert (found.team, found.kind, found.title, found.notes, found.team_version) == (
        "Payments launch", "windows", "Kick-off", "Ana chairs", 1
    )  # fmt: skip
    assert found.params["duration"] == 45
    assert found.slots == [{"start": 1772445600, "end": 1772448300}]
    store.delete_team(store.get_team("Payments launch").id)
    with pytest.raises(StoreError, match="no saved plan"):
        store.get_plan(plan.token)


def test_a_duplicate_name_is_refused(url: str) -> None:
    store = Store(url)
    store.create_team(full_team())
    with pytest.raises(StoreError, match="already named"):
        store.create_team(full_team())
    store.duplicate_team(store.get_team("Payments launch").id, "Payments copy")
    assert [n for n, *_ in store.list_teams()] == ["Payments copy", "Payments launch"]


def test_a_corrupt_sqlite_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    content = b"this is not a database" * 100
    path.write_bytes(content)
    with pytest.raises(StoreError, match="file is not a database"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("mysql://user:secret@localhost/db", "unknown scheme 'mysql'"),
        ("not a url at all", "is not a URL"),
        ("postgresql://user:secret@127.0.0.1:1/db", "connection"),
    ],
)
def test_bad_database_urls_give_one_line_without_the_password(bad: str, expected: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store(bad)
    message = str(caught.value)
    assert expected in message
    assert "secret" not in message
    assert "\n" not in message


@pytest.mark.skipif(not HAS_PG, reason="no PostgreSQL server (scripts/with-postgres starts one)")
def test_a_wrong_postgres_password_is_reported() -> None:
    url = sa.engine.make_url(database_url(PG_URL)).set(password="wrong-password")
    with pytest.raises(StoreError, match="password authentication failed") as caught:
        Store(url.render_as_string(hide_password=False))
    assert "wrong-password" not in str(caught.value)


def test_teams_command_line(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo = ROOT / "data" / "demo-team.toml"
    assert main(["teams", "--db", url, "import", str(demo)]) == 0
    assert "as a new team (version 1, 6 members)" in capsys.readouterr().out
    small = tmp_path / "small.toml"
    small.write_text('name = "x"\n[[members]]\nname = "Lena"\nregion = "gb-london"\n')
    assert main(["teams", "--db", url, "import", str(small), "--name", "Global product team"]) == 0
    assert "as version 2 (1 members)" in capsys.readouterr().out
    assert main(["teams", "--db", url, "history", "Global product team"]) == 0
    history = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in history[1:]] == ["2", "1"]
    assert main(["teams", "--db", url, "restore", "Global product team", "1"]) == 0
    assert "saved as version 3" in capsys.readouterr().out
    assert main(["teams", "--db", url, "export", "Global product team"]) == 0
    exported = tmp_path / "exported.toml"
    exported.write_text(capsys.readouterr().out)
    assert load_team(exported) == load_team(demo)
    assert (
        main(["windows", "--db", url, "--team", "Global product team", "--from", "2026-12-07", "--to", "2026-12-08"])
        == 0
    )
    assert "Lena" in capsys.readouterr().out
    assert main(["teams", "--db", url, "show", "Nobody"]) == 2
    assert capsys.readouterr().err.strip() == "planner: no saved team named 'Nobody'"


def _drift(store: Store, declared: sa.MetaData) -> list[Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, declared))


def test_the_migrated_schema_is_exactly_the_declared_one(url: str) -> None:
    store = Store(url)
    assert _drift(store, store_metadata) == []


def test_the_drift_check_sees_a_difference(url: str) -> None:
    store = Store(url)
    drifted = sa.MetaData()
    for table in store_metadata.tables.values():
        table.to_metadata(drifted)
    sa.Table("teams", drifted, sa.Column("colour", sa.String(10)), extend_existing=True)
    drifted.tables["team_versions"].constraints = {
        c for c in drifted.tables["team_versions"].constraints if not isinstance(c, sa.UniqueConstraint)
    }
    kinds = {entry[0] if isinstance(entry, tuple) else entry[0][0] for entry in _drift(store, drifted)}
    assert {"add_column", "remove_constraint"} <= kinds


# -- optimistic locking on identity (issue 10, item 5) ---------------------------------------------


def test_a_stale_save_never_lands_on_a_team_deleted_and_recreated_under_its_name(url: str) -> None:
    store = Store(url)
    team = full_team()
    old_id = store.create_team(team).id  # session A opens version 1 of this team
    store.delete_team(old_id)  # session B deletes it and makes a new one with the same name
    newer = Team(team.name, team.members[:1])
    new_id = store.create_team(newer).id
    assert new_id != old_id
    with pytest.raises(StaleSave, match=r"deleted and saved anew.*now version 1") as caught:
        store.save_team(old_id, Team(team.name, team.members[1:]), 1)
    assert caught.value.current.id == new_id
    assert store.get_team(team.name).team == newer  # untouched
    store.delete_team(new_id)
    with pytest.raises(TeamNotFound, match="was deleted since you opened it"):
        store.save_team(old_id, team, 1)


def test_a_renamed_team_keeps_saving_from_the_other_session(url: str) -> None:
    store = Store(url)
    team = full_team()
    saved = store.create_team(team)  # both sessions open version 1
    store.rename_team(saved.id, "Payments (EMEA)", 1)  # session B renames: version 2
    mine = Team(team.name, team.members[:2])
    with pytest.raises(StaleSave, match=r"'Payments \(EMEA\)' was saved by someone else \(now version 2") as caught:
        store.save_team(saved.id, mine, 1)  # session A's edit started from version 1
    theirs = caught.value.current
    assert (theirs.id, theirs.team.name, theirs.version) == (saved.id, "Payments (EMEA)", 2)
    again = store.save_team(saved.id, Team(theirs.team.name, mine.members), theirs.version)  # after reloading
    assert again.version == 3
    assert store.get_team(team_id=saved.id).team.members == mine.members
    assert [h.name for h in store.history(team_id=saved.id)] == ["Payments (EMEA)", "Payments (EMEA)", team.name]


def test_migrations_0002_to_head_give_existing_teams_ids_and_a_workspace_losing_nothing(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    bare = Store(url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(ROOT / "planner_app" / "migrations"))
    with bare.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    data = json.dumps(team_to_data(full_team()))
    with bare.engine.begin() as conn:
        for number, name in enumerate(["Alpha", "Beta"], start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO teams (id, name, version, data, created_at, updated_at) "
                    "VALUES (:id, :n, 2, :d, :t, :t)"
                ),
                {"id": number, "n": name, "d": data, "t": now},
            )
            for version in (1, 2):
                conn.execute(
                    sa.text(
                        "INSERT INTO team_versions (team_id, version, name, data, action, saved_at) "
                        "VALUES (:id, :v, :n, :d, 'save', :t)"
                    ),
                    {"id": number, "v": version, "n": name, "d": data, "t": now},
                )
        conn.execute(
            sa.text(
                "INSERT INTO plans (token, team_id, team_version, kind, title, params, slots, notes, created_at) "
                "VALUES ('tok', 1, 2, 'windows', 'Kick-off', '{}', '[]', '', :t)"
            ),
            {"t": now},
        )
    bare.close()
    store = Store(url)  # upgrades to the newest revision
    summaries = store.list_teams(check=True)
    assert [(t.name, t.version, t.members) for t in summaries] == [("Alpha", 2, 4), ("Beta", 2, 4)]
    assert len({t.id for t in summaries}) == 2
    assert all(len(t.id) == 32 for t in summaries)
    assert [h.version for h in store.history("Beta")] == [2, 1]
    assert store.get_plan("tok").team == "Alpha"
    with store.engine.connect() as conn:  # 0004 moved them into the default workspace
        assert conn.execute(sa.text("SELECT DISTINCT workspace_id FROM teams")).scalars().all() == ["default"]
    assert store.save_team(summaries[0].id, full_team("Alpha"), 2).version == 3
    assert _drift(store, store_metadata) == []


def test_one_damaged_row_does_not_break_the_list(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(url)
    store.create_team(full_team())
    damaged = store.create_team(full_team("Broken"))
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE teams SET data = '{\"name\": \"Broken\", \"members\": 3' WHERE uid = :u"),
                     {"u": damaged.id})  # fmt: skip
    listed = {t.name: t for t in store.list_teams()}  # names only: nothing parsed, nothing fails
    assert set(listed) == {"Broken", "Payments launch"}
    checked = {t.name: t for t in store.list_teams(check=True)}
    assert checked["Payments launch"].damaged is None
    assert checked["Payments launch"].members == 4
    assert "is damaged and cannot be read" in (checked["Broken"].damaged or "")
    assert store.check_team(damaged.id, 1) is None  # the history still holds the good version 1
    with pytest.raises(StoreError, match=r"saved team 'Broken' \(version 1\) is damaged"):
        store.get_team("Broken")
    assert main(["teams", "--db", url, "list"]) == 0
    out = capsys.readouterr().out
    assert "Payments launch" in out
    assert "damaged" in out
    assert main(["teams", "--db", url, "show", "Broken"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "Payments launch", "--version", "99999999999999999999999"], "invalid version"),
        (["export", "Payments launch", "--version", "0"], "invalid version '0'"),
        (["restore", "Payments launch", "99999999999999999999999"], "invalid version"),
        (["export", "Payments launch", "--version", "7"], "has no version 7 (it is at version 1)"),
    ],
)
def test_versions_out_of_range_are_one_line(
    url: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Store(url).create_team(full_team())
    try:
        status = main(["teams", "--db", url, *args])
    except SystemExit as exc:  # argparse refuses the value itself
        status = int(exc.code or 0)
    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    with pytest.raises(StoreError, match="a version is a whole number"):
        Store(url).team_at("Payments launch", 10**22)
