"""A store that always opens (issue 10, item 3): the first migration and its version stamp are one
transaction taken under a lock, so concurrent first opens queue and a process killed half-way
through leaves nothing behind; a read-only or missing data folder is one line, never a traceback."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner_app.store import HEAD, REVISIONS, Store, StoreError, database_url
from tests.test_store import HAS_PG, PG_URL, full_team

ROOT = Path(__file__).resolve().parents[1]
FORK = multiprocessing.get_context("fork")
OPENERS = 8


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        names = ", ".join(reversed(sa.inspect(conn).get_table_names()))
        if names:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {names} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """`fresh(round)` -> the URL of a store that does not exist yet."""
    if request.param == "postgresql":
        if not HAS_PG:
            if os.environ.get("CI") == "true":
                pytest.fail("CI must run the storage tests against PostgreSQL (DATABASE_URL is not set)")
            pytest.skip("no PostgreSQL server: run through scripts/with-postgres (make test does)")

        def make_pg(_round: int) -> str:
            _drop_everything(PG_URL)
            return PG_URL

        yield make_pg
        _drop_everything(PG_URL)
        return

    def make_sqlite(round_: int) -> str:
        return f"sqlite:///{tmp_path / f'round-{round_}' / 'planner.sqlite'}"

    yield make_sqlite


_barrier: Barrier | None = None


def _init(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier


def _open_at_once(url: str) -> str:
    assert _barrier is not None
    _barrier.wait(timeout=60)  # all openers start together
    try:
        store = Store(url)
        revision = store.revision()
        store.close()
        return f"ok {revision}"
    except StoreError as exc:
        return f"failed: {exc}"


def test_eight_processes_open_a_fresh_store_at_once_in_20_of_20_rounds(fresh: Any) -> None:
    barrier = FORK.Barrier(OPENERS)
    with FORK.Pool(OPENERS, initializer=_init, initargs=(barrier,)) as pool:
        for round_ in range(20):
            url = fresh(round_)
            outcomes = pool.map(_open_at_once, [url] * OPENERS, chunksize=1)
            assert outcomes == [f"ok {HEAD}"] * OPENERS, f"round {round_}: {outcomes}"
            store = Store(url)
            store.create_team(full_team())
            assert [name for name, *_ in store.list_teams()] == ["Payments launch"]
            store.close()


def _open_and_stall_at(url: str, statement: int, marker: str) -> None:
    """Open a fresh store; at the `statement`-th SQL statement of the upgrade, say so and wait to be killed."""
    count = 0

    def stall(*_args: Any) -> None:
        nonlocal count
        count += 1
        if count == statement:
            Path(marker + ".tmp").write_text("stalled")
            Path(marker + ".tmp").rename(marker)  # whole, never half-written
            time.sleep(600)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", stall)
    Store(url)
    Path(marker + ".tmp").write_text("finished")
    Path(marker + ".tmp").rename(marker)


def _statements_of_a_first_open(url: str) -> int:
    count = 0

    def counter(*_args: Any) -> None:
        nonlocal count
        count += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", counter)
    try:
        Store(url).close()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", counter)
    return count


def test_a_first_open_killed_at_any_point_never_leaves_a_store_that_fails(fresh: Any, tmp_path: Path) -> None:
    total = _statements_of_a_first_open(fresh(-1))
    outcomes = []
    for round_ in range(30):
        url = fresh(round_)
        marker = tmp_path / f"marker-{round_}"
        statement = 1 + round_ % total  # a kill at every statement of the upgrade, version stamp included
        child = FORK.Process(target=_open_and_stall_at, args=(url, statement, str(marker)))
        child.start()
        try:
            while not marker.exists() and child.is_alive():
                time.sleep(0.01)  # waiting on the child's own signal, not a time budget
            if child.is_alive():  # never signal a pid that was already reaped (it could be reused)
                child.kill()  # SIGKILL
        finally:
            child.join(timeout=60)
        assert child.exitcode in (0, -signal.SIGKILL), child.exitcode
        outcomes.append(marker.read_text() if marker.exists() else "exited")
        store = Store(url)  # must open, whatever the kill interrupted
        assert store.revision() == HEAD
        store.create_team(full_team())
        assert store.get_team("Payments launch").version == 1
        store.close()
    assert outcomes.count("stalled") == 30, outcomes  # every round really was killed mid-open


def test_the_known_revisions_are_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "planner_app" / "migrations"))
    script = ScriptDirectory.from_config(config)
    assert tuple(reversed([r.revision for r in script.walk_revisions()])) == REVISIONS
    assert script.get_current_head() == HEAD


def test_a_database_at_a_newer_revision_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.sqlite'}"
    Store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"schema revision 9999, newer than this planner knows") as caught:
        Store(url)
    assert "\n" not in str(caught.value)


# -- read-only and missing data folders --------------------------------------------------------------


def _without_privileges() -> list[str]:
    """Root writes everywhere, so as root the read-only cases run without root's capabilities."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only for the test")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"]


def _make_read_only(folder: Path) -> None:
    for path in [*folder.iterdir(), folder]:
        if os.geteuid() == 0:
            os.chown(path, 65534, -1)  # owned by nobody: root without capabilities is just "others"
        path.chmod(0o555 if path.is_dir() else 0o444)


@pytest.fixture
def readonly_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="planner-ro-"))
    yield path
    for inner in [path, *path.iterdir()]:
        inner.chmod(0o755)
    shutil.rmtree(path)


def _planner(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | (env or {})
    env["HOME"] = "/nonexistent"
    return subprocess.run(
        [*_without_privileges(), sys.executable, "-m", "planner_app", *args],
        cwd="/", env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _one_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("planner: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_read_only_data_folder_is_one_line(readonly_dir: Path) -> None:
    _make_read_only(readonly_dir)
    _one_line(_planner("teams", "--db", f"sqlite:///{readonly_dir / 'planner.sqlite'}", "list"), "is read-only")


def test_a_data_folder_that_cannot_be_made_is_one_line(readonly_dir: Path) -> None:
    _make_read_only(readonly_dir)
    url = f"sqlite:///{readonly_dir / 'missing' / 'planner.sqlite'}"
    _one_line(_planner("teams", "--db", url, "list"), "cannot create the data folder")


def test_the_default_data_folder_when_it_cannot_be_made_is_one_line(readonly_dir: Path) -> None:
    _make_read_only(readonly_dir)
    result = _planner("teams", "list", env={"XDG_DATA_HOME": str(readonly_dir / "data")})
    _one_line(result, "cannot create the data folder")


def test_an_existing_store_in_a_read_only_folder_is_read_but_not_written(readonly_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{readonly_dir / 'planner.sqlite'}"
    store = Store(url)
    store.create_team(full_team())
    store.close()
    _make_read_only(readonly_dir)
    listed = _planner("teams", "--db", url, "list")
    assert listed.returncode == 0, listed
    assert "Payments launch" in listed.stdout
    team_file = tmp_path / "team.toml"
    team_file.write_text('name = "Other"\n[[members]]\nname = "Lena"\nregion = "gb-london"\n')
    _one_line(_planner("teams", "--db", url, "import", str(team_file)), "read-only (saving is off)")
