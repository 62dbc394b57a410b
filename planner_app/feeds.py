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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planner_app import export, ical
from planner_app.errors import EmptyCalendar, PlannerError
from planner_app.teams import Team
from planner_app.windows import Window, windows_for

if TYPE_CHECKING:
    from planner_app.store import Feed, SavedTeam, Store

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


def feed_calendar(feed: Feed, store: Store, today: dt.date) -> bytes:
    """The feed's iCalendar bytes, built from the saved team now. `store` is the feed's own
    read-only workspace (`Store.resolve_feed`). Raises `FeedGone` when its plan or team is gone;
    a store that cannot be read raises its `StoreError`."""
    from planner_app.store import NotFound, TeamNotFound

    build = _BUILDERS.get(feed.kind)
    if build is None:  # a kind this version cannot serve
        raise FeedGone(f"feed kind {feed.kind!r} is not served")
    try:
        return _live(build(feed, store, today))
    except (NotFound, TeamNotFound) as exc:
        raise FeedGone(str(exc)) from None


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


def _plan_feed(feed: Feed, store: Store, _today: dt.date) -> bytes:
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

    return _or_empty(f"{team.name}: {plan.title}", make)


def _window(availability: dict[str, Any], start: int, end: int, team: Team) -> Window:
    """A chosen slot with the members who work throughout it, by the team's current calendars."""
    return Window(start, end, tuple(m.name for m in team.members if availability[m.name].covers(start, end)))


def _series_feed(feed: Feed, store: Store, _today: dt.date) -> bytes:
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

    return _or_empty(f"{team.name}: {plan.title}", make)


def holidays_range(feed: Feed, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a holidays feed covers: its saved `from`/`to`, else a month back to a year ahead."""
    params = feed.params
    if "from" in params and "to" in params:
        return dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"])
    return today - HOLIDAYS_BEHIND, today + HOLIDAYS_AHEAD


def _holidays_feed(feed: Feed, store: Store, today: dt.date) -> bytes:
    saved = store.get_team(team_id=feed.target)
    team = _identified(saved)

    def make() -> bytes:
        start, end = holidays_range(feed, today)
        return export.calendar_ics(team, start, end, _stamp(saved.updated_at, feed.created_at), sequence=saved.version)

    return _or_empty(f"{team.name}: holidays and days away", make)


_BUILDERS: dict[str, Callable[[Feed, Store, dt.date], bytes]] = {
    "plan": _plan_feed,
    "series": _series_feed,
    "team-holidays": _holidays_feed,
}
