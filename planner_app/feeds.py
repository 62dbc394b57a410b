"""Live calendar feeds: what a feed token serves, recomputed from the saved team on every request.

A feed is a saved plan's chosen slots (`plan`), a saved series (`series`) or a team's holidays and
days away (`team-holidays`, a rolling window from a month back to a year ahead). The calendar is
rebuilt from the team as it is saved now, so a member's new day away or a changed holiday reaches
every subscriber at their next refresh. The bytes depend only on what is saved (DTSTAMP is the last
change, SEQUENCE the team's version, UIDs derive from the team's stable id), so an unchanged feed
keeps its ETag and a client's conditional request is answered "not modified".

A feed with nothing to show is still a valid calendar: RFC 5545 forbids an empty VCALENDAR, so it
holds one UTC VTIMEZONE, no event, and the reason in X-WR-CALDESC. Clients then remove the events
they had (an error answer would leave stale events in place).

Because the bytes are a function of what is saved, a server keeps recent bodies in a `FeedCache`
keyed on all of it: the feed, its plan, the team's stable id, version, last change and content, and
the date for a feed that depends on it. Every request still reads the feed, plan and team from the
store, so an edit, a deleted team or a revoked token shows at once (a changed key, or a 404), also
when another server process made the change; only the computing (a rotating series' search, the
ICS text) is skipped while nothing changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from planner_app import export, ical
from planner_app.errors import EmptyCalendar, PlannerError
from planner_app.teams import Team
from planner_app.windows import Window, windows_for

if TYPE_CHECKING:
    from planner_app.store import Feed, SavedPlan, SavedTeam, Store

# How often subscribers should fetch again (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for Outlook).
REFRESH = "PT1H"
HOLIDAYS_BEHIND = dt.timedelta(days=31)
HOLIDAYS_AHEAD = dt.timedelta(days=365)
_LIVE_LINES = f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}\r\nX-PUBLISHED-TTL:{REFRESH}\r\n".encode()


class FeedGone(PlannerError):
    """What the feed served no longer exists (its plan or team was deleted)."""


def etag(body: bytes) -> str:
    """A strong entity tag of a response body (quoted, as the ETag header carries it)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@dataclasses.dataclass(frozen=True, slots=True)
class _Recipe:
    """How to build a feed's calendar, and everything its bytes depend on (the cache key)."""

    key: Hashable
    name: str
    make: Callable[[], bytes]


class FeedCache:
    """Built feed bodies by everything that determines them, the least recently used dropped first
    beyond `entries` bodies or `budget` bytes. Safe to share between the server's worker threads."""

    def __init__(self, entries: int = 256, budget: int = 32 * 2**20) -> None:
        self.entries, self.budget = entries, budget
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._bodies)

    def get(self, key: Hashable) -> bytes | None:
        """The body built for `key`, or None when there is none (any more)."""
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        """Keep `body` for `key` (a body larger than the whole budget is not kept)."""
        if len(body) > self.budget:
            return
        with self._lock:
            old = self._bodies.pop(key, None)
            self._size += len(body) - (0 if old is None else len(old))
            self._bodies[key] = body
            while len(self._bodies) > self.entries or self._size > self.budget:
                self._size -= len(self._bodies.popitem(last=False)[1])


def feed_calendar(feed: Feed, store: Store, today: dt.date, cache: FeedCache | None = None) -> bytes:
    """The feed's iCalendar bytes, built from the saved team now. `store` is the feed's own
    read-only workspace (`Store.resolve_feed`). The feed, plan and team are read on every call;
    with a `cache`, the bytes are built only when something they depend on changed. Raises
    `FeedGone` when its plan or team is gone; a store that cannot be read raises its `StoreError`."""
    from planner_app.store import NotFound, TeamNotFound

    prepare = _BUILDERS.get(feed.kind)
    if prepare is None:  # a kind this version cannot serve
        raise FeedGone(f"feed kind {feed.kind!r} is not served")
    try:
        recipe = prepare(feed, store, today)
    except (NotFound, TeamNotFound) as exc:
        raise FeedGone(str(exc)) from None
    body = None if cache is None else cache.get(recipe.key)
    if body is None:
        body = _live(_or_empty(recipe.name, recipe.make))
        if cache is not None:
            cache.put(recipe.key, body)
    return body


def _canonical(value: object) -> str:
    """Saved parameters (JSON data) as one comparable string, for a cache key."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _feed_key(feed: Feed) -> tuple[object, ...]:
    return (feed.token, feed.kind, feed.target, _canonical(feed.params), feed.created_at)


def _plan_key(plan: SavedPlan) -> tuple[object, ...]:
    return (plan.token, plan.kind, plan.title, _canonical(plan.params), _canonical(plan.slots), plan.created_at)


def _team_key(saved: SavedTeam, team: Team) -> tuple[object, ...]:
    """The stored version and the content itself (a frozen, hashable Team compared by value), so a
    changed team can never match an old key, whatever its version number says."""
    return (saved.id, saved.version, saved.updated_at, team)


def _identified(saved: SavedTeam) -> Team:
    """The saved team with a stable id, so its events keep their UIDs when it is renamed."""
    return saved.team if saved.team.id else dataclasses.replace(saved.team, id=saved.id)


def _stamp(*moments: dt.datetime) -> dt.datetime:
    """DTSTAMP: when what the feed shows last changed (not the request time, which would change
    the bytes, and so the ETag, on every request)."""
    return max(moments)


def _or_empty(name: str, make: Callable[[], bytes]) -> bytes:
    """The calendar `make` builds, or a valid calendar without events that says why there is none
    (also when the saved parameters no longer fit the team, e.g. its series anchor left)."""
    try:
        return make()
    except EmptyCalendar as exc:
        return empty_calendar(name, str(exc).removeprefix("no calendar file written: "))
    except PlannerError as exc:
        return empty_calendar(name, f"this feed cannot be built from the saved team now: {exc}")
    except (KeyError, TypeError, ValueError) as exc:  # saved parameters written by another version
        return empty_calendar(name, f"the saved parameters cannot be read ({type(exc).__name__}: {exc})")


def empty_calendar(name: str, reason: str) -> bytes:
    """A calendar with no event (one UTC VTIMEZONE, so that it is not an empty VCALENDAR) whose
    description says why."""
    cal = ical.new_calendar(name, publish=True)
    cal.add("x-wr-caldesc", ical.text(f"Nothing to show right now: {reason}"))
    cal.add_component(ical.vtimezone("Etc/UTC", 0, 0))
    return ical.serialise(cal)


def _live(ics: bytes) -> bytes:
    """The calendar with its refresh interval, right after BEGIN:VCALENDAR (calendar properties come
    before the first component; the order among them is free)."""
    head = b"BEGIN:VCALENDAR\r\n"
    if not ics.startswith(head):  # pragma: no cover - every calendar we write starts so
        raise ValueError("not an iCalendar object")
    return head + _LIVE_LINES + ics[len(head) :]


def _plan_feed(feed: Feed, store: Store, _today: dt.date) -> _Recipe:
    plan = store.get_plan(feed.target)
    saved = store.get_team(team_id=plan.team_id)
    team = _identified(saved)

    def make() -> bytes:
        p = plan.params
        start, end = dt.date.fromisoformat(p["from"]), dt.date.fromisoformat(p["to"])
        computed = windows_for(team, start, end, int(p["duration"]))
        windows = [_window(computed.availability, int(s["start"]), int(s["end"]), team) for s in plan.slots]
        stamp = _stamp(saved.updated_at, plan.created_at, feed.created_at)
        return export.windows_ics(computed, stamp, windows, title=plan.title, sequence=saved.version)

    key = (_feed_key(feed), _plan_key(plan), _team_key(saved, team))
    return _Recipe(key, f"{team.name}: {plan.title}", make)


def _window(availability: dict[str, Any], start: int, end: int, team: Team) -> Window:
    """A chosen slot with the members who work throughout it, by the team's current calendars."""
    return Window(start, end, tuple(m.name for m in team.members if availability[m.name].covers(start, end)))


def _series_feed(feed: Feed, store: Store, _today: dt.date) -> _Recipe:
    from planner_app.series import plan_series

    plan = store.get_plan(feed.target)
    saved = store.get_team(team_id=plan.team_id)
    team = _identified(saved)

    def make() -> bytes:
        p = plan.params
        time = p.get("time")
        series = plan_series(
            team,
            dt.date.fromisoformat(p["start"]),
            int(p["count"]),
            str(p.get("cadence", "weekly")),
            int(p.get("duration", 30)),
            anchor=p.get("anchor"),
            mode=str(p.get("mode", "fixed")),
            time=None if time is None else int(time),
        )
        stamp = _stamp(saved.updated_at, plan.created_at, feed.created_at)
        return export.series_ics(series, stamp, sequence=saved.version)

    key = (_feed_key(feed), _plan_key(plan), _team_key(saved, team))
    return _Recipe(key, f"{team.name}: {plan.title}", make)


def holidays_range(feed: Feed, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a holidays feed covers: its saved `from`/`to`, else a month back to a year ahead."""
    params = feed.params
    if "from" in params and "to" in params:
        return dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"])
    return today - HOLIDAYS_BEHIND, today + HOLIDAYS_AHEAD


def _holidays_feed(feed: Feed, store: Store, today: dt.date) -> _Recipe:
    saved = store.get_team(team_id=feed.target)
    team = _identified(saved)

    def make() -> bytes:
        start, end = holidays_range(feed, today)
        return export.calendar_ics(team, start, end, _stamp(saved.updated_at, feed.created_at), sequence=saved.version)

    # today: the rolling window moves with it (a saved from/to does not, but a day's recompute is cheap)
    key = (_feed_key(feed), _team_key(saved, team), today)
    return _Recipe(key, f"{team.name}: holidays and days away", make)


# per kind: read what the feed serves from the store, and say how to build it
_BUILDERS: dict[str, Callable[[Feed, Store, dt.date], _Recipe]] = {
    "plan": _plan_feed,
    "series": _series_feed,
    "team-holidays": _holidays_feed,
}
