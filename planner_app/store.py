"""Saved teams (with every earlier version), saved plans, team agreements and live-feed tokens,
in workspaces, on SQLAlchemy 2.

- Embedded default: a SQLite file in the user's data directory, made on first use.
- `DATABASE_URL` (or an explicit URL: `--db`, a Streamlit secret) points at PostgreSQL instead.
- The schema is declared once (`metadata` below); Alembic migrations create or upgrade it on open,
  as one transaction under a lock, and never drop data.
- Scope: a `Store` is always a view of one workspace (Local mode: the default one, as its owner;
  Shared mode: `store.workspace(id, user)`), and every query is limited to it.
- Optimistic locking: teams have a stable id; every save names it and the version it started from;
  a stale save is refused with `StaleSave`, which carries the newer version. Each save is one
  transaction, so a crash mid-save leaves the previous version intact.
- Every failure becomes a one-line `StoreError` that never shows a password (`redact_url`, `scrub`).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import re
import secrets
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner_app.errors import PlannerError
from planner_app.teams import MAX_NAME_LENGTH, Team, team_from_data, team_to_data

APP_NAME = "culture-planner"
# every schema revision this code knows, oldest first (a test checks that alembic agrees)
REVISIONS = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]
FEED_KINDS = ("plan", "series", "team-holidays")
# A read-API token is a row of the feeds table of this kind (target: its workspace): a secret that
# reads one workspace, revocable like a feed, never served as a calendar (and no feed is an API token).
API_KIND = "api"
ROLES = ("owner", "editor", "viewer")
DEFAULT_WORKSPACE = "default"  # Local mode's one workspace; migration 0004 moves existing teams into it
# Held (transaction-scoped) by whoever upgrades a PostgreSQL schema, so concurrent first opens queue.
_PG_MIGRATION_LOCK = 7_421_000_001
_T = TypeVar("_T")

metadata = sa.MetaData()
workspaces_table = sa.Table(
    "workspaces",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
members_table = sa.Table(
    "workspace_members",
    metadata,
    sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("email", sa.String(320), primary_key=True),
    sa.Column("role", sa.String(10), nullable=False),  # owner, editor, viewer
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(320), nullable=True),
)
teams_table = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("uid", sa.String(32), nullable=False),  # the stable id saves name (0002)
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("workspace_id", sa.String(32), nullable=False),  # (0004)
    sa.UniqueConstraint("uid", name="uq_teams_uid"),
    sa.UniqueConstraint("workspace_id", "name", name="uq_team_name_per_workspace"),
    sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_team_workspace", ondelete="CASCADE"),
)
versions_table = sa.Table(
    "team_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(320), nullable=True),  # who saved it (shared mode), shown in history (0004)
    sa.UniqueConstraint("team_id", "version", name="uq_team_version"),
)
plans_table = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token", sa.String(32), nullable=False, unique=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    sa.Column("team_version", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("slots", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
agreements_table = sa.Table(
    "agreements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(320), nullable=True),
    sa.UniqueConstraint("team_id", "version", name="uq_agreement_version"),
)
feeds_table = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # plan, series, team-holidays
    sa.Column("target", sa.String(64), nullable=False),  # a saved plan's token, or a team's stable id
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(320), nullable=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("workspace_id", sa.String(32), nullable=False),  # (0004)
    sa.UniqueConstraint("token", name="uq_feed_token"),
    sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_feed_workspace", ondelete="CASCADE"),
)


class StoreError(PlannerError):
    """The store cannot be reached or used: a one-line reason, no password."""


class TeamNotFound(StoreError):
    """No saved team has that name (or id)."""


class StaleSave(StoreError):
    """Somebody saved the team since this edit started; `current` is their version (the team now
    holding that name, when the one being edited was deleted and another made under its name)."""

    def __init__(self, message: str, current: SavedTeam, *, agreement: Agreement | None = None) -> None:
        super().__init__(message)
        self.current = current
        self.agreement = agreement  # for a stale agreement save: the newer agreement


class NotFound(StoreError):
    """Not there for you: unknown, or in a workspace you are not a member of (the same answer, so
    that existence never leaks)."""


class DamagedTeam(StoreError):
    """A stored team that cannot be read back (edited by hand, or written by a broken version)."""


@dataclass(frozen=True, slots=True)
class SavedTeam:
    """A team as stored: its content, its stable id and the version a later save must name."""

    team: Team
    version: int
    updated_at: dt.datetime
    id: str = ""


class TeamSummary(NamedTuple):
    """One line of the saved-team list: read without parsing the team unless asked to check it."""

    name: str
    version: int
    members: int | None  # None when not checked (the sidebar) or damaged
    updated_at: dt.datetime
    id: str
    damaged: str | None = None  # why the stored team cannot be read, when it was checked


@dataclass(frozen=True, slots=True)
class TeamVersion:
    """One entry of a team's history."""

    version: int
    name: str
    action: str
    saved_at: dt.datetime
    members: int | None  # None: this stored version is damaged
    saved_by: str | None = None  # an e-mail address in shared mode


@dataclass(frozen=True, slots=True)
class SavedPlan:
    """A saved plan: a team version, what was planned (params) and the chosen slots."""

    token: str
    team: str
    team_version: int
    kind: str
    title: str
    params: dict[str, Any]
    slots: list[dict[str, Any]]
    notes: str
    created_at: dt.datetime
    team_id: str = ""


@dataclass(frozen=True, slots=True)
class Agreement:
    """One version of a team's agreement: TOML text, who saved it and when."""

    team: str
    team_id: str
    version: int
    text: str
    saved_at: dt.datetime
    saved_by: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """A live calendar feed: a secret token that serves one plan, series or team's days away."""

    token: str
    kind: str
    target: str
    params: dict[str, Any]
    created_at: dt.datetime
    created_by: str | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    """A workspace and the role a user has in it."""

    id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class WorkspaceMember:
    """A member of a workspace: e-mail address and role."""

    email: str
    role: str
    added_at: dt.datetime
    added_by: str | None


def default_sqlite_path() -> Path:
    """Where the embedded database lives: the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "planner.sqlite"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else $DATABASE_URL, else the embedded SQLite file."""
    url = explicit or os.environ.get("DATABASE_URL") or ""
    if not url.strip():
        return f"sqlite:///{default_sqlite_path()}"
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):  # the psycopg 3 driver is the one we ship
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# scheme://user:PASSWORD@host... : the password runs to the LAST "@", so that an unescaped "@" in it
# is hidden whole (over-hiding a malformed URL is fine, showing part of a password is not)
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:@]*:)(?P<password>.*)@", re.DOTALL)
# password=... in a query string (?password=) or in libpq's key=value form, quoted or not
_KEYVALUE = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|pass)\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'?|\"[^\"]*\"?|[^&\s]*)",
    re.IGNORECASE,
)
_MIN_SECRET = 3  # shorter fragments are hidden by position only (replacing "ab" everywhere garbles text)


def _password_candidates(url: str) -> set[str]:
    """Every string that may be the password of `url`, however it is malformed (raw and %-decoded)."""
    found: set[str] = set()
    userinfo = _USERINFO.search(url)
    if userinfo:
        whole = userinfo.group("password")
        found.update({whole, whole.split("@")[0], whole.split("@")[-1]})
    for match in _KEYVALUE.finditer(url):
        value = match.group("value")
        found.update({value, value.strip("'\""), url[match.end("key") :].split("&")[0].split(" ")[0]})
        found.add(url[match.end("key") :].split("&")[0])
    try:
        parsed = sa.engine.make_url(url)
        if parsed.password:
            found.add(str(parsed.password))
    except (sa.exc.ArgumentError, ValueError, TypeError):
        pass
    found |= {urllib.parse.unquote(c) for c in found} | {urllib.parse.unquote_plus(c) for c in found}
    return {c for c in found if len(c) >= _MIN_SECRET and c != "***"}


def scrub(text: str, url: str) -> str:
    """`text` (an error message, a log line) with anything that may be `url`'s password replaced by ***."""
    for candidate in sorted(_password_candidates(url), key=len, reverse=True):
        text = text.replace(candidate, "***")
    return text


def redact_url(url: str) -> str:
    """The database URL as people may see it: its password, in any form (user:password@, ?password=,
    libpq's key=value, malformed or not), replaced by ***. Every message that names a database uses it."""
    text = _USERINFO.sub(lambda m: m.group("head") + "***@", url, count=1)
    text = _KEYVALUE.sub(lambda m: m.group("key") + "***", text)
    return scrub(text, url)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite drops the zone


def _describe(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Store:
    """The planner's storage. Open it once; each method is its own transaction."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.safe_url = redact_url(self.url)
        try:
            parsed = sa.engine.make_url(self.url)
        except (sa.exc.ArgumentError, ValueError, TypeError):
            raise StoreError(
                f"database URL {self.safe_url!r} is not a URL like sqlite:///path or postgresql://..."
            ) from None
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(
                f"database {self.safe_url}: unknown scheme {parsed.drivername!r} (use sqlite or postgresql)"
            )
        options: dict[str, Any] = {"future": True}
        self.read_only: str | None = None  # why saving is off, when the database can only be read
        # The scope every query is filtered by. Local mode: the default workspace, one person, owner.
        # Shared mode: `store.workspace(id, user)` gives a view bound to one workspace and one member.
        self.workspace_id = DEFAULT_WORKSPACE
        self.user: str | None = None  # who saves (an e-mail address in shared mode), recorded with each version
        self.role = "owner"
        if parsed.get_backend_name() == "sqlite":
            self._sqlite_folder(parsed.database or "")
            if parsed.query.get("mode") == "ro":  # sqlite:///file:path?mode=ro&uri=true, opened read-only on purpose
                self.read_only = f"the database {self.safe_url} is opened read-only (saving is off)"
            options["connect_args"] = {"timeout": 15}
        else:
            options["connect_args"] = {"connect_timeout": 5}
            options["pool_pre_ping"] = True
        try:
            self.engine: Engine = sa.create_engine(parsed, **options)
        except (sa.exc.SQLAlchemyError, ImportError, ValueError, TypeError) as exc:
            raise self._error(exc) from None
        if parsed.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self._guard(self.migrate)

    def _sqlite_folder(self, database: str) -> None:
        """Make the data folder of a SQLite file; a folder that cannot be made or written is one line
        (a missing file cannot be created there) or read-only mode (an existing file is still read)."""
        if not database or database == ":memory:" or database.startswith("file:"):
            return
        path = Path(database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"database {self.safe_url}: cannot create the data folder {path.parent} "
                f"({exc.strerror or exc}); set DATABASE_URL or --db to a writable place"
            ) from None
        writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
        if writable:
            return
        if not path.exists():
            raise StoreError(
                f"database {self.safe_url}: the data folder {path.parent} is read-only; "
                "set DATABASE_URL or --db to a writable place"
            )
        self.read_only = f"the database {self.safe_url} is read-only (saving is off)"

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(self.read_only)
        if self.role not in ("owner", "editor"):
            raise StoreError("you can open and export in this workspace, not save (your role is viewer)")

    def _guard(self, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except PlannerError:
            raise
        except (sa.exc.SQLAlchemyError, ValueError, TypeError) as exc:  # a driver's own parse errors too
            raise self._error(exc) from None
        except OSError as exc:
            raise self._error(exc, exc.strerror) from None
        except Exception as exc:  # alembic's CommandError and friends: still one line, never a traceback
            if type(exc).__module__.startswith("alembic"):
                raise self._error(exc) from None
            raise

    def _error(self, exc: BaseException, reason: str | None = None) -> StoreError:
        """A one-line StoreError naming the database, with the password scrubbed from the driver's text."""
        return StoreError(scrub(f"database {self.safe_url}: {reason or _describe(exc)}", self.url))

    @contextmanager
    def _transaction(self, *, check: bool = True) -> Iterator[Connection]:
        if check:
            self._writable()  # every write of the workspace's content comes through here
        elif self.read_only:
            raise StoreError(self.read_only)
        with self.engine.begin() as conn:
            yield conn

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest revision (never drops data).

        The whole upgrade, version stamp included, is one transaction taken under a lock (SQLite:
        BEGIN IMMEDIATE with transactional DDL; PostgreSQL: an advisory lock), so concurrent first
        opens queue and one that is killed half-way leaves nothing behind."""
        current = self.revision()
        if current == HEAD:
            return
        if current is not None and current not in REVISIONS:
            raise StoreError(
                f"database {self.safe_url} is at schema revision {current}, newer than this planner knows "
                f"(up to {HEAD}); upgrade the planner"
            )
        if self.read_only:
            raise StoreError(f"{self.read_only}; its schema (revision {current}) needs an upgrade to {HEAD}")
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        engine = self._migration_engine()
        try:
            with engine.connect() as conn, conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        finally:
            if engine is not self.engine:
                engine.dispose()

    def _migration_engine(self) -> Engine:
        """The engine an upgrade runs on. For SQLite, a separate one in the driver's autocommit mode
        whose BEGIN is ours (IMMEDIATE: the write lock up front, so two first opens never both read
        "no schema" and then race), which makes CREATE TABLE part of the transaction. Foreign keys
        stay off there: a batch migration copies and drops tables, and ON DELETE CASCADE must not fire."""
        if self.engine.dialect.name != "sqlite":
            return self.engine
        engine = sa.create_engine(self.engine.url, poolclass=sa.pool.NullPool, connect_args={"timeout": 60})

        def connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

        def begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        sa.event.listen(engine, "connect", connect)
        sa.event.listen(engine, "begin", begin)
        return engine

    def revision(self) -> str | None:
        """The schema revision the database is at."""

        def read() -> str | None:
            with self.engine.connect() as conn:
                if not sa.inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

        return self._guard(read)

    def close(self) -> None:
        self.engine.dispose()

    # -- workspaces -------------------------------------------------------------------------------

    def workspace(self, workspace_id: str, user: str) -> Store:
        """This store seen by `user` in workspace `workspace_id`: every query of the returned view is
        limited to that workspace, and writes to owners and editors. `NotFound` when the user is not a
        member (or there is no such workspace: the same answer, so existence does not leak)."""
        email = _email(user)

        def read() -> str | None:
            with self.engine.connect() as conn:
                return conn.execute(
                    sa.select(members_table.c.role).where(
                        members_table.c.workspace_id == workspace_id, members_table.c.email == email
                    )
                ).scalar()

        role = self._guard(read)
        if role is None:
            raise NotFound("no such workspace")
        view = copy.copy(self)
        view.workspace_id, view.user, view.role = workspace_id, email, role
        if role == "viewer" and not view.read_only:  # the sidebar shows why saving is off
            view.read_only = "you are a viewer in this workspace: you can open and export, not save"
        return view

    def workspaces_of(self, user: str) -> list[WorkspaceInfo]:
        """The workspaces `user` is a member of, with their role, by name."""
        email = _email(user)

        def read() -> list[WorkspaceInfo]:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(workspaces_table.c.id, workspaces_table.c.name, members_table.c.role)
                    .join(members_table, members_table.c.workspace_id == workspaces_table.c.id)
                    .where(members_table.c.email == email)
                    .order_by(workspaces_table.c.name, workspaces_table.c.id)
                ).all()
            return [WorkspaceInfo(r.id, r.name, r.role) for r in rows]

        return self._guard(read)

    def create_workspace(self, name: str, owner: str) -> Store:
        """A new workspace owned by `owner`; returns the owner's view of it."""
        email, name = _email(owner), " ".join(name.split())[:100] or "Workspace"
        workspace_id = uuid.uuid4().hex

        def write() -> None:
            now = _now()
            with self._transaction(check=False) as conn:
                conn.execute(workspaces_table.insert().values(id=workspace_id, name=name, created_at=now))
                conn.execute(
                    members_table.insert().values(
                        workspace_id=workspace_id, email=email, role="owner", added_at=now, added_by=email
                    )
                )

        self._guard(write)
        return self.workspace(workspace_id, email)

    def ensure_member(self, workspace_id: str, user: str, role: str) -> None:
        """Deployment bootstrap (never from a visitor's input): make `user` a member of
        `workspace_id` with `role` unless they already are one (e.g. the configured owners of the
        default workspace, which holds the teams saved before workspaces existed)."""
        email = _email(user)
        _check_role(role)

        def write() -> None:
            with self._transaction(check=False) as conn:
                exists = conn.execute(
                    sa.select(members_table.c.role).where(
                        members_table.c.workspace_id == workspace_id, members_table.c.email == email
                    )
                ).first()
                if exists is None:
                    conn.execute(
                        members_table.insert().values(
                            workspace_id=workspace_id, email=email, role=role, added_at=_now(), added_by=None
                        )
                    )

        self._guard(write)

    def workspace_name(self) -> str:
        """The name of this view's workspace."""

        def read() -> str:
            with self.engine.connect() as conn:
                name = conn.execute(
                    sa.select(workspaces_table.c.name).where(workspaces_table.c.id == self.workspace_id)
                ).scalar()
            if name is None:
                raise NotFound("no such workspace")
            return str(name)

        return self._guard(read)

    def members(self) -> list[WorkspaceMember]:
        """The members of this view's workspace, owners first."""

        def read() -> list[WorkspaceMember]:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(members_table)
                    .where(members_table.c.workspace_id == self.workspace_id)
                    .order_by(members_table.c.role != "owner", members_table.c.email)
                ).all()
            return [WorkspaceMember(r.email, r.role, _aware(r.added_at), r.added_by) for r in rows]

        return self._guard(read)

    def invite(self, user: str, role: str) -> None:
        """Add a member to this workspace, or change their role (owners only)."""
        email = _email(user)
        _check_role(role)
        self._owner_only()

        def write() -> None:
            with self._transaction() as conn:
                where = (members_table.c.workspace_id == self.workspace_id, members_table.c.email == email)
                if conn.execute(sa.select(members_table.c.role).where(*where)).first() is None:
                    conn.execute(
                        members_table.insert().values(
                            workspace_id=self.workspace_id, email=email, role=role, added_at=_now(), added_by=self.user
                        )
                    )
                else:
                    conn.execute(members_table.update().where(*where).values(role=role))
                self._keep_an_owner(conn)

        self._guard(write)

    def remove_member(self, user: str) -> None:
        """Remove a member from this workspace (owners only; the last owner stays)."""
        email = _email(user)
        self._owner_only()

        def write() -> None:
            with self._transaction() as conn:
                conn.execute(
                    members_table.delete().where(
                        members_table.c.workspace_id == self.workspace_id, members_table.c.email == email
                    )
                )
                self._keep_an_owner(conn)

        self._guard(write)

    def _owner_only(self) -> None:
        if self.role != "owner":
            raise StoreError(f"only an owner of this workspace can change its members (your role is {self.role})")

    def _keep_an_owner(self, conn: Connection) -> None:
        owners = conn.execute(
            sa.select(sa.func.count())
            .select_from(members_table)
            .where(members_table.c.workspace_id == self.workspace_id, members_table.c.role == "owner")
        ).scalar()
        if not owners:  # raising rolls the change back
            raise StoreError("a workspace keeps at least one owner; make someone else owner first")

    # -- teams ------------------------------------------------------------------------------------

    def list_teams(self, *, check: bool = False) -> list[TeamSummary]:
        """Every saved team, by name. Only names and versions are read; `check=True` also reads each
        team (for its member count) and marks one that cannot be read as damaged instead of failing."""

        def read() -> list[TeamSummary]:
            columns = [teams_table.c.uid, teams_table.c.name, teams_table.c.version, teams_table.c.updated_at]
            if check:
                columns.append(teams_table.c.data)
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(*columns)
                    .where(teams_table.c.workspace_id == self.workspace_id)
                    .order_by(teams_table.c.name)
                ).all()
            summaries = []
            for r in rows:
                members, damaged = None, None
                if check:
                    try:
                        members = len(_parse(r.data, r.name, r.version).members)
                    except DamagedTeam as exc:
                        damaged = str(exc)
                summaries.append(TeamSummary(r.name, r.version, members, _aware(r.updated_at), r.uid, damaged))
            return summaries

        return self._guard(read)

    def _row(self, conn: Connection, name: str | None = None, *, team_id: str | None = None) -> Any:
        here = sa.select(teams_table).where(teams_table.c.workspace_id == self.workspace_id)
        if team_id is not None:
            row = conn.execute(here.where(teams_table.c.uid == team_id)).first()
            if row is None:
                raise TeamNotFound("no such saved team (it may have been deleted)")
            return row
        row = conn.execute(here.where(teams_table.c.name == name)).first()
        if row is None:
            raise TeamNotFound(f"no saved team named {name!r}")
        return row

    @staticmethod
    def _saved(row: Any) -> SavedTeam:
        return SavedTeam(_parse(row.data, row.name, row.version), row.version, _aware(row.updated_at), row.uid)

    def get_team(self, name: str | None = None, *, team_id: str | None = None) -> SavedTeam:
        """The newest version of a saved team, by name or by its stable id."""

        def read() -> SavedTeam:
            with self.engine.connect() as conn:
                return self._saved(self._row(conn, name, team_id=team_id))

        return self._guard(read)

    def check_team(self, team_id: str, version: int) -> str | None:
        """Why that version of a saved team cannot be read, or None when it can."""
        try:
            self.team_at(None, version, team_id=team_id)
        except DamagedTeam as exc:
            return str(exc)
        return None

    def _record_version(self, conn: Connection, team_id: int, version: int, team: Team, action: str) -> None:
        conn.execute(
            versions_table.insert().values(
                team_id=team_id,
                version=version,
                name=team.name,
                data=_dump(team),
                action=action,
                saved_at=_now(),
                saved_by=self.user,
            )
        )

    def _name_taken(self, conn: Connection, name: str, but: int | None = None) -> None:
        query = sa.select(teams_table.c.id).where(
            teams_table.c.name == name, teams_table.c.workspace_id == self.workspace_id
        )
        if but is not None:
            query = query.where(teams_table.c.id != but)
        if conn.execute(query).first():
            raise StoreError(f"a saved team is already named {name!r}; pick another name")

    def create_team(self, team: Team, *, action: str = "create") -> SavedTeam:
        """Store a new team (version 1, a new stable id); refuses a name already in use."""
        _check_name(team.name)

        def write() -> SavedTeam:
            now, uid = _now(), uuid.uuid4().hex
            with self._transaction() as conn:
                self._name_taken(conn, team.name)
                key = conn.execute(
                    teams_table.insert().values(
                        uid=uid,
                        workspace_id=self.workspace_id,
                        name=team.name,
                        version=1,
                        data=_dump(team),
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key
                assert key is not None
                self._record_version(conn, key[0], 1, team, action)
            return SavedTeam(team, 1, now, uid)

        return self._guard(write)

    def save_team(self, team_id: str, team: Team, expected_version: int, *, action: str = "save") -> SavedTeam:
        """Replace the saved team with stable id `team_id` by `team` (which may carry a new name) if
        nobody saved it since `expected_version`; otherwise `StaleSave` with the newer version (or the
        team now holding its name, when it was deleted and re-created), and nothing written."""
        _check_name(team.name)
        _check_version(expected_version)

        def write() -> SavedTeam:
            now = _now()
            with self._transaction() as conn:
                row = self._row_or_stale(conn, team_id, team.name, expected_version)
                self._name_taken(conn, team.name, but=row.id)
                result = conn.execute(
                    teams_table.update()
                    .where(teams_table.c.id == row.id, teams_table.c.version == expected_version)
                    .values(name=team.name, version=expected_version + 1, data=_dump(team), updated_at=now)
                )
                if result.rowcount != 1:
                    current = self._saved(self._row(conn, team_id=team_id))
                    raise StaleSave(
                        f"team {current.team.name!r} was saved by someone else (now version {current.version}; "
                        f"you started from version {expected_version}); your edits are kept, reload to see theirs",
                        current,
                    )
                self._record_version(conn, row.id, expected_version + 1, team, action)
            return SavedTeam(team, expected_version + 1, now, team_id)

        return self._guard(write)

    def _row_or_stale(self, conn: Connection, team_id: str, name: str, expected_version: int) -> Any:
        """The team being saved; when it was deleted, the team now named like it is the newer one."""
        try:
            return self._row(conn, team_id=team_id)
        except TeamNotFound:
            here = teams_table.c.workspace_id == self.workspace_id
            successor = conn.execute(sa.select(teams_table).where(teams_table.c.name == name, here)).first()
            if successor is None:
                raise TeamNotFound(
                    f"team {name!r} was deleted since you opened it; your edits are kept: save them as a new team"
                ) from None
            current = self._saved(successor)
            raise StaleSave(
                f"team {name!r} was deleted and saved anew by someone else (now version {current.version} of "
                f"another team; you started from version {expected_version} of the deleted one); your edits "
                "are kept, reload to see theirs or save yours under another name",
                current,
            ) from None

    def rename_team(self, team_id: str, new_name: str, expected_version: int) -> SavedTeam:
        """Rename a saved team (a new version with the same members)."""
        current = self.get_team(team_id=team_id)
        new = Team(" ".join(new_name.split()), current.team.members)
        return self.save_team(team_id, new, expected_version, action="rename")

    def duplicate_team(self, team_id: str, new_name: str) -> SavedTeam:
        """A copy of a saved team under a new name (a new team, version 1)."""
        current = self.get_team(team_id=team_id)
        return self.create_team(Team(" ".join(new_name.split()), current.team.members), action="duplicate")

    def delete_team(self, team_id: str) -> None:
        """Delete a team, its history and its saved plans."""

        def write() -> None:
            with self._transaction() as conn:
                row = self._row(conn, team_id=team_id)
                tokens = sa.select(plans_table.c.token).where(plans_table.c.team_id == row.id)
                conn.execute(  # its feeds die with it (a feed of a deleted team serves nothing)
                    feeds_table.update()
                    .where(feeds_table.c.revoked_at.is_(None))
                    .where(sa.or_(feeds_table.c.target == row.uid, feeds_table.c.target.in_(tokens)))
                    .values(revoked_at=_now())
                )
                conn.execute(agreements_table.delete().where(agreements_table.c.team_id == row.id))
                conn.execute(plans_table.delete().where(plans_table.c.team_id == row.id))
                conn.execute(versions_table.delete().where(versions_table.c.team_id == row.id))
                conn.execute(teams_table.delete().where(teams_table.c.id == row.id))

        self._guard(write)

    def history(self, name: str | None = None, *, team_id: str | None = None) -> list[TeamVersion]:
        """Every saved version of the team, newest first (a damaged version is listed, without members)."""

        def read() -> list[TeamVersion]:
            with self.engine.connect() as conn:
                row = self._row(conn, name, team_id=team_id)
                rows = conn.execute(
                    sa.select(versions_table)
                    .where(versions_table.c.team_id == row.id)
                    .order_by(versions_table.c.version.desc())
                ).all()
            return [
                TeamVersion(r.version, r.name, r.action, _aware(r.saved_at), _members(r.data), r.saved_by) for r in rows
            ]

        return self._guard(read)

    def team_at(self, name: str | None, version: int, *, team_id: str | None = None) -> Team:
        """The team exactly as it was saved at `version`."""
        _check_version(version)

        def read() -> Team:
            with self.engine.connect() as conn:
                row = self._row(conn, name, team_id=team_id)
                old = conn.execute(
                    sa.select(versions_table.c.data).where(
                        versions_table.c.team_id == row.id, versions_table.c.version == version
                    )
                ).scalar()
            if old is None:
                raise StoreError(f"team {row.name!r} has no version {version} (it is at version {row.version})")
            return _parse(old, row.name, version)

        return self._guard(read)

    def restore(self, team_id: str, version: int, expected_version: int) -> SavedTeam:
        """Make an earlier version the newest one (history keeps everything in between)."""
        old = self.team_at(None, version, team_id=team_id)
        return self.save_team(team_id, old, expected_version, action=f"restore v{version}"[:20])

    # -- plans ------------------------------------------------------------------------------------

    def save_plan(
        self,
        team_name: str | None,
        kind: str,
        title: str,
        params: dict[str, Any],
        slots: list[dict[str, Any]],
        notes: str = "",
        *,
        team_id: str | None = None,
    ) -> SavedPlan:
        """Save a plan of a saved team; returns it with the token its share link carries."""
        if kind not in ("windows", "series"):
            raise StoreError(f"plan kind must be 'windows' or 'series' (got {kind!r})")

        def write() -> SavedPlan:
            token = secrets.token_urlsafe(12)
            now = _now()
            with self._transaction() as conn:
                row = self._row(conn, team_name, team_id=team_id)
                conn.execute(
                    plans_table.insert().values(
                        token=token,
                        team_id=row.id,
                        team_version=row.version,
                        kind=kind,
                        title=title[:200],
                        params=json.dumps(params),
                        slots=json.dumps(slots),
                        notes=notes,
                        created_at=now,
                    )
                )
            return SavedPlan(token, row.name, row.version, kind, title[:200], params, slots, notes, now, row.uid)

        return self._guard(write)

    def get_plan(self, token: str) -> SavedPlan:
        """The saved plan with this token."""

        def read() -> SavedPlan:
            with self.engine.connect() as conn:
                row = conn.execute(
                    sa.select(plans_table, teams_table.c.name, teams_table.c.uid)
                    .join(teams_table, teams_table.c.id == plans_table.c.team_id)
                    .where(plans_table.c.token == token, teams_table.c.workspace_id == self.workspace_id)
                ).first()
            if row is None:
                raise NotFound(f"no saved plan {token!r} (it may have been deleted with its team)")
            try:
                params, slots = json.loads(row.params), json.loads(row.slots)
            except (ValueError, RecursionError):
                raise StoreError(f"saved plan {token!r} is damaged and cannot be read") from None
            return SavedPlan(
                row.token, row.name, row.team_version, row.kind, row.title, params, slots, row.notes,
                _aware(row.created_at), row.uid,
            )  # fmt: skip

        return self._guard(read)

    def list_plans(self, team_name: str | None = None, *, team_id: str | None = None) -> list[SavedPlan]:
        """The saved plans of a team, newest first."""

        def read() -> list[str]:
            with self.engine.connect() as conn:
                row = self._row(conn, team_name, team_id=team_id)
                return list(
                    conn.execute(
                        sa.select(plans_table.c.token)
                        .where(plans_table.c.team_id == row.id)
                        .order_by(plans_table.c.created_at.desc())
                    ).scalars()
                )

        return [self.get_plan(token) for token in self._guard(read)]

    # -- agreements -------------------------------------------------------------------------------

    def get_agreement(self, team_name: str | None = None, *, team_id: str | None = None) -> Agreement | None:
        """The newest agreement of a saved team, or None when it has none yet."""

        def read() -> Agreement | None:
            with self.engine.connect() as conn:
                team = self._row(conn, team_name, team_id=team_id)
                row = conn.execute(
                    sa.select(agreements_table)
                    .where(agreements_table.c.team_id == team.id)
                    .order_by(agreements_table.c.version.desc())
                    .limit(1)
                ).first()
            return None if row is None else _agreement(team, row)

        return self._guard(read)

    def agreement_history(self, team_name: str | None = None, *, team_id: str | None = None) -> list[Agreement]:
        """Every saved version of a team's agreement, newest first."""

        def read() -> list[Agreement]:
            with self.engine.connect() as conn:
                team = self._row(conn, team_name, team_id=team_id)
                rows = conn.execute(
                    sa.select(agreements_table)
                    .where(agreements_table.c.team_id == team.id)
                    .order_by(agreements_table.c.version.desc())
                ).all()
            return [_agreement(team, row) for row in rows]

        return self._guard(read)

    def save_agreement(
        self,
        team_name: str | None,
        text: str,
        expected_version: int,
        *,
        team_id: str | None = None,
        saved_by: str | None = None,
    ) -> Agreement:
        """Save a new version of a team's agreement if nobody saved one since `expected_version`
        (0 for the first); otherwise `StaleSave` with the newer agreement, and nothing written."""
        if not 0 <= expected_version < MAX_VERSION:
            raise StoreError(f"an agreement version is a whole number from 0 (got {expected_version})")
        if saved_by is None:
            saved_by = self.user

        def write() -> Agreement:
            now = _now()
            with self._transaction() as conn:
                team = self._row(conn, team_name, team_id=team_id)
                newest = conn.execute(
                    sa.select(sa.func.max(agreements_table.c.version)).where(agreements_table.c.team_id == team.id)
                ).scalar()
                if (newest or 0) != expected_version:
                    current = conn.execute(
                        sa.select(agreements_table).where(
                            agreements_table.c.team_id == team.id, agreements_table.c.version == newest
                        )
                    ).first()
                    newer = _agreement(team, current)
                    raise StaleSave(
                        f"the agreement of team {team.name!r} was saved by someone else (now version {newest}; "
                        f"you started from version {expected_version}); your text is kept, reload to see theirs",
                        self._saved(team),
                        agreement=newer,
                    )
                conn.execute(
                    agreements_table.insert().values(
                        team_id=team.id, version=expected_version + 1, text=text, saved_at=now, saved_by=saved_by
                    )
                )  # two concurrent first saves: the unique (team_id, version) lets one of them in
            return Agreement(team.name, team.uid, expected_version + 1, text, now, saved_by)

        try:
            return self._guard(write)
        except StoreError as exc:
            if "uq_agreement_version" in str(exc) or "UNIQUE constraint failed: agreements" in str(exc):
                return self.save_agreement(team_name, text, expected_version, team_id=team_id, saved_by=saved_by)
            raise

    # -- feeds ------------------------------------------------------------------------------------

    def create_feed(
        self, kind: str, target: str, *, params: dict[str, Any] | None = None, created_by: str | None = None
    ) -> str:
        """A new live feed of a saved plan (`plan`), series (`series`) or a team's days away
        (`team-holidays`, target: the team's stable id); returns its secret token."""
        if kind not in FEED_KINDS:
            raise StoreError(f"feed kind must be one of {', '.join(FEED_KINDS)} (got {kind!r})")

        def write() -> str:
            token = secrets.token_urlsafe(24)
            with self._transaction() as conn:
                self._feed_target(conn, kind, target)
                conn.execute(
                    feeds_table.insert().values(
                        token=token,
                        workspace_id=self.workspace_id,
                        kind=kind,
                        target=target,
                        params=json.dumps(params or {}),
                        created_at=_now(),
                        created_by=created_by if created_by is not None else self.user,
                    )
                )
            return token

        return self._guard(write)

    def _feed_target(self, conn: Connection, kind: str, target: str) -> None:
        """Refuses a feed of something that does not exist (or is not of that kind)."""
        if kind == "team-holidays":
            self._row(conn, team_id=target)
            return
        plan_kind = conn.execute(
            sa.select(plans_table.c.kind)
            .join(teams_table, teams_table.c.id == plans_table.c.team_id)
            .where(plans_table.c.token == target, teams_table.c.workspace_id == self.workspace_id)
        ).scalar()
        if plan_kind != ("windows" if kind == "plan" else "series"):
            raise StoreError(f"no saved {kind} {target!r} to make a feed of")

    def revoke_feed(self, token: str) -> bool:
        """Stop a feed for good; True when it was live."""

        def write() -> bool:
            with self._transaction() as conn:
                result = conn.execute(
                    feeds_table.update()
                    .where(feeds_table.c.token == token, feeds_table.c.revoked_at.is_(None))
                    .where(feeds_table.c.workspace_id == self.workspace_id)
                    .values(revoked_at=_now())
                )
            return bool(result.rowcount)

        return self._guard(write)

    def feed(self, token: str) -> Feed | None:
        """The live feed with this token; None when it is unknown or revoked."""

        def read() -> Feed | None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    sa.select(feeds_table).where(
                        feeds_table.c.token == token,
                        feeds_table.c.revoked_at.is_(None),
                        feeds_table.c.workspace_id == self.workspace_id,
                        feeds_table.c.kind != API_KIND,
                    )
                ).first()
            return None if row is None else _feed(row)

        return self._guard(read)

    def resolve_feed(self, token: str) -> tuple[Feed, Store] | None:
        """For the public feed endpoint (calendar apps subscribe without logging in): the live feed
        with this token and a read-only view of its own workspace to build it from, so a feed can
        serve nothing of any other workspace. None when the token is unknown or revoked."""

        found = self._live_token(token, feed=True)
        if found is None:
            return None
        return found[0], self._reader(found[1], "a feed only reads")

    def _live_token(self, token: str, *, feed: bool) -> tuple[Feed, str] | None:
        """The live feed (or API token) with this secret, in any workspace, and its workspace id."""
        kind = feeds_table.c.kind != API_KIND if feed else feeds_table.c.kind == API_KIND

        def read() -> tuple[Feed, str] | None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    sa.select(feeds_table).where(feeds_table.c.token == token, feeds_table.c.revoked_at.is_(None), kind)
                ).first()
            return None if row is None else (_feed(row), str(row.workspace_id))

        return self._guard(read) if token else None

    def _reader(self, workspace_id: str, why: str) -> Store:
        view = copy.copy(self)
        view.workspace_id, view.user, view.role = workspace_id, None, "viewer"
        view.read_only = why
        return view

    def create_api_token(self) -> str:
        """A new secret for the read API (`Authorization: Bearer <token>`) that reads this workspace
        only; owners make them. Returns the token (revoke it with `revoke_feed`)."""
        self._owner_only()

        def write() -> str:
            token = secrets.token_urlsafe(32)
            with self._transaction() as conn:
                conn.execute(
                    feeds_table.insert().values(
                        token=token,
                        workspace_id=self.workspace_id,
                        kind=API_KIND,
                        target=self.workspace_id,
                        params="{}",
                        created_at=_now(),
                        created_by=self.user,
                    )
                )
            return token

        return self._guard(write)

    def resolve_api_token(self, token: str) -> Store | None:
        """For the read API: a read-only view of the workspace this live API token reads; None when
        the token is unknown, revoked or not an API token (a feed token reads no API)."""
        found = self._live_token(token, feed=False)
        return None if found is None else self._reader(found[1], "an API token only reads")

    def list_feeds(
        self, *, kind: str | None = None, target: str | None = None, include_revoked: bool = False
    ) -> list[Feed]:
        """Feeds, newest first: all of them, or of one kind and/or target."""

        def read() -> list[Feed]:
            query = (
                sa.select(feeds_table)
                .where(feeds_table.c.workspace_id == self.workspace_id)
                .order_by(feeds_table.c.created_at.desc(), feeds_table.c.id.desc())
            )
            if kind is not None:
                query = query.where(feeds_table.c.kind == kind)
            else:  # API tokens are listed only when asked for by their kind
                query = query.where(feeds_table.c.kind != API_KIND)
            if target is not None:
                query = query.where(feeds_table.c.target == target)
            if not include_revoked:
                query = query.where(feeds_table.c.revoked_at.is_(None))
            with self.engine.connect() as conn:
                return [_feed(row) for row in conn.execute(query).all()]

        return self._guard(read)


def _agreement(team: Any, row: Any) -> Agreement:
    return Agreement(team.name, team.uid, row.version, row.text, _aware(row.saved_at), row.saved_by)


def _feed(row: Any) -> Feed:
    try:
        params = json.loads(row.params)
    except (ValueError, RecursionError):
        params = {}
    revoked = _aware(row.revoked_at) if row.revoked_at is not None else None
    return Feed(row.token, row.kind, row.target, params, _aware(row.created_at), row.created_by, revoked)


def _dump(team: Team) -> str:
    return json.dumps(team_to_data(team), ensure_ascii=False, sort_keys=True)


# Keyed on the stored text itself, so a parsed team can never outlive an edit; the API and feeds read
# the same few teams over and over (a 100-member team takes ~5 ms to parse). Teams are immutable.
@functools.lru_cache(maxsize=16)
def _parse(data: str, name: str, version: int) -> Team:
    """The stored team; a row that cannot be read is a one-line DamagedTeam, never a traceback."""
    try:
        return team_from_data(json.loads(data), source=f"saved team {name!r} version {version}")
    except (PlannerError, ValueError, TypeError, KeyError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DamagedTeam(f"saved team {name!r} (version {version}) is damaged and cannot be read: {reason}") from None


def _members(data: str) -> int | None:
    try:
        members = json.loads(data)["members"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return len(members) if isinstance(members, list) else None


MAX_VERSION = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL


def _check_version(version: int) -> None:
    if not 1 <= version <= MAX_VERSION:
        raise StoreError(f"a version is a whole number from 1 to {MAX_VERSION} (got {version})")


def _email(user: str) -> str:
    email = user.strip().lower()
    if not 3 <= len(email) <= 320 or "@" not in email or any(c.isspace() for c in email):
        raise StoreError(f"{user[:80]!r} is not an e-mail address")
    return email


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"a role is one of {', '.join(ROLES)} (got {role!r})")


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a team name must be 1 to {MAX_NAME_LENGTH} characters (got {len(name)})")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
