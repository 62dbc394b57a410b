"""HTTP face of the core: live calendar feeds and the read API, served beside the app's pages by
Streamlit's own server (`streamlit_app.py` passes `routes()` to `st.App`). Starlette handlers only;
no streamlit here, so the handlers are tested without a server.

- `GET /feeds/<token>.ics`: a feed (planner_app.feeds), with an ETag and 304 on If-None-Match. An
  unknown or revoked token is a bare 404. Feeds need nothing but their unguessable token, so that
  calendar apps can subscribe. Bodies are kept in a `feeds.FeedCache` keyed on what they are built
  from, so a warm request reads the store and skips the computing.
- `GET /api/v1/{windows,series,calendar,regions}`: the bytes `planner <command> --format json`
  prints for the same saved team and arguments. Parameters are the command's flags without dashes
  and go through the command line's own parser and document functions, so a bad one is a 400 with
  the command line's one-line message (`{"error": "--to: ..."}`); an unknown team is a 404.
- `GET /api/v1/openapi.json`: planner_app.openapi.

Access. Local mode (no login configured): the server binds 127.0.0.1, and API calls from this
computer read the default workspace without a token. Shared mode (and any call from elsewhere):
`Authorization: Bearer <API token>`, made by a workspace owner, reads that workspace only; anything
of another workspace is 404, exactly like something that does not exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import ipaddress
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from planner_app.errors import PlannerError

if TYPE_CHECKING:
    from planner_app.feeds import FeedCache
    from planner_app.store import Store

COMMANDS = ("windows", "series", "calendar", "regions")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
FEED_HEADERS = {"Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff"}
UNAUTHORISED = "this API needs 'Authorization: Bearer <token>' with a live API token made by a workspace owner"


@dataclass(frozen=True, slots=True)
class Settings:
    """How the server is deployed: its database, and whether people log in (Shared mode)."""

    database_url: str | None
    shared: bool


class Api:
    """The feed and API handlers over one store (opened on first use, then kept)."""

    def __init__(self, settings: Callable[[], Settings], today: Callable[[], dt.date] | None = None) -> None:
        self._settings = settings  # read per request: the secrets may change while the server runs
        self._today = today or (lambda: dt.datetime.now(dt.UTC).date())
        self._stores: dict[str | None, Store] = {}
        self._lock = threading.Lock()

    @functools.cached_property
    def feed_cache(self) -> FeedCache:
        """Recent feed bodies; every request still reads the store. Made on the first feed request: the
        engine it needs loads then, not while the server starts (`streamlit run` waits for it)."""
        from planner_app import feeds

        return feeds.FeedCache()

    def routes(self) -> list[Route]:
        """The Starlette routes to serve beside the app."""
        return [
            Route("/feeds/{token}.ics", self.feed, methods=["GET"]),
            Route("/api/v1/openapi.json", self.openapi, methods=["GET"]),
            *(Route(f"/api/v1/{command}", self._document(command), methods=["GET"]) for command in COMMANDS),
        ]

    def store(self, url: str | None) -> Store:
        """The store at `url` (None: $DATABASE_URL or the embedded file), opened once per server."""
        from planner_app.store import Store

        with self._lock:
            if url not in self._stores:
                self._stores[url] = Store(url)
            return self._stores[url]

    # -- feeds ------------------------------------------------------------------------------------

    def feed(self, request: Request) -> Response:
        """A live calendar feed; 304 when the client's ETag still matches, 404 for a dead token."""
        from planner_app import feeds
        from planner_app.store import StoreError

        token = str(request.path_params["token"])
        if not _TOKEN.fullmatch(token):
            return Response(status_code=404)
        try:
            found = self.store(self._settings().database_url).resolve_feed(token)
            if found is None:
                return Response(status_code=404)
            body = feeds.feed_calendar(*found, self._today(), self.feed_cache)
        except feeds.FeedGone:
            return Response(status_code=404)
        except StoreError:  # the database is down: the client keeps what it has and retries
            return Response(status_code=503, headers={"Retry-After": "300"})
        tag = feeds.etag(body)
        headers = {**FEED_HEADERS, "ETag": tag}
        if _matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)

    # -- the read API -----------------------------------------------------------------------------

    def openapi(self, _request: Request) -> Response:
        """The OpenAPI description (public: it holds no data)."""
        from planner_app.openapi import openapi_document

        return JSONResponse(openapi_document())

    def _document(self, command: str) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            return self.document(command, request)

        endpoint.__name__ = f"api_{command}"
        return endpoint

    def document(self, command: str, request: Request) -> Response:
        """`planner <command> --format json` for the request's parameters, read in the caller's workspace."""
        from planner_app.store import NotFound, StoreError, TeamNotFound

        try:
            view = self._reader(request)
            if view is None:
                return _error(401, UNAUTHORISED, {"WWW-Authenticate": "Bearer"})
            body = json_document(command, _argv(command, request), view)
        except (TeamNotFound, NotFound) as exc:
            return _error(404, str(exc))
        except StoreError as exc:
            return _error(503, str(exc))
        except PlannerError as exc:
            return _error(400, _message(exc))
        return Response(body, media_type="application/json")

    def _reader(self, request: Request) -> Store | None:
        """The workspace this request may read, or None (401). A bearer token reads its own
        workspace; without one, only Local mode's requests from this computer are let in."""
        settings = self._settings()
        store = self.store(settings.database_url)
        token = _bearer(request)
        if token is not None:
            return store.resolve_api_token(token) if _TOKEN.fullmatch(token) else None
        if settings.shared or not _loopback(request):
            return None
        return store


def json_document(command: str, argv: list[str], store: Store) -> bytes:
    """The UTF-8 bytes `planner <argv> --format json` prints, with `--team` read from `store` (the
    caller's workspace). Raises the command line's errors: `ArgumentsError`, `TeamNotFound`, ..."""
    from planner_app import cli

    args = _parser().parse_args([command, *argv, "--format=json"])
    if command == "regions":
        return cli.regions_json(args).encode()
    if args.saved_team is None:
        raise PlannerError(cli.TEAM_MISSING)
    output = cli.TEAM_DOCUMENTS[command](args, store.get_team(args.saved_team).team)
    if isinstance(output, str):
        return output.encode()
    out = io.StringIO()
    output(out)
    return out.getvalue().encode()


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The command line's raising parser, built once: building it takes longer than a request's own
    parsing, and parsing leaves it unchanged (each call gets a new namespace), also across threads."""
    from planner_app import cli

    return cli.build_parser(raising=True)


def _argv(command: str, request: Request) -> list[str]:
    """The request's query as the command's flags (`--name=value`: a value can never become a flag,
    a file argument or a database); unknown or repeated parameters are refused."""
    from planner_app.openapi import PARAMETERS

    allowed = [p["name"] for p in PARAMETERS[command]]
    argv, seen = [], set()
    for key, value in request.query_params.multi_items():
        if key not in allowed:
            raise PlannerError(f"unknown parameter {key!r} ({command} takes {', '.join(allowed)})")
        if key in seen:
            raise PlannerError(f"parameter {key!r} is given more than once")
        seen.add(key)
        argv.append(f"--{key}={value}")
    return argv


def _message(exc: PlannerError) -> str:
    from planner_app.cli import with_flag

    return with_flag(exc)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _matches(if_none_match: str | None, tag: str) -> bool:
    """Whether If-None-Match names this entity tag (weak comparison, as RFC 9110 13.1.2 asks)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(candidate.strip().removeprefix("W/") == tag for candidate in if_none_match.split(","))


def routes(settings: Callable[[], Settings]) -> list[Route]:
    """The feed and API routes over the store `settings` names."""
    return Api(settings).routes()
