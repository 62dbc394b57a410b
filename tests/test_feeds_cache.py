"""The feed cache: a warm request does not compute again, and nothing it keeps outlives a change of
what the feed is built from (the team, the subscription, the date of a rolling holidays feed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from planner_app import feeds, series
from planner_app.api import Api, Settings
from planner_app.teams import Team
from tests import test_api
from tests.test_api import LOCAL, TODAY, World, events

world = test_api.world  # the saved demo team with a plan, a series and a holidays feed


@pytest.fixture
def planner_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the series planner's runs (feeds import it from planner_app.series at each build)."""
    calls: list[int] = []
    plan = series.plan_series

    def counted(*args: Any, **kwargs: Any) -> series.Series:
        calls.append(1)
        return plan(*args, **kwargs)

    monkeypatch.setattr(series, "plan_series", counted)
    return calls


def serving(world: World, today: Callable[[], dt.date] = lambda: TODAY) -> tuple[Api, TestClient]:
    api = Api(lambda: Settings(world.url, shared=False), today=today)
    return api, TestClient(Starlette(routes=api.routes()), client=LOCAL)


def fresh(world: World, path: str, today: dt.date = TODAY) -> bytes:
    """What a server that never served this feed answers (no cache to help it)."""
    return serving(world, lambda: today)[1].get(path).content


def test_a_warm_feed_request_does_not_plan_the_series_again(world: World, planner_calls: list[int]) -> None:
    api, client = serving(world)
    path = f"/feeds/{world.series_feed}.ics"
    first = client.get(path)
    assert first.status_code == 200
    assert len(planner_calls) == 1
    again = client.get(path)
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    not_modified = client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert not_modified.status_code == 304
    assert not_modified.headers["etag"] == first.headers["etag"]
    assert len(planner_calls) == 1  # both answered from the cache
    assert len(api.feed_cache) == 1


def test_an_edit_to_the_team_reaches_the_next_request(world: World, planner_calls: list[int]) -> None:
    _, client = serving(world)
    path = f"/feeds/{world.series_feed}.ics"
    before = client.get(path).content
    saved = world.store.get_team(team_id=world.team_id)
    # Lena, the anchor, away the week of the 18 March meeting: that occurrence is skipped
    lena = next(m for m in saved.team.members if m.name == "Lena")
    away = dataclasses.replace(lena, away=(*lena.away, (dt.date(2026, 3, 16), dt.date(2026, 3, 20))))
    edited = Team(saved.team.name, tuple(away if m is lena else m for m in saved.team.members))
    world.store.save_team(world.team_id, edited, saved.version)
    after = client.get(path).content
    assert len(planner_calls) == 2  # planned again for the edited team
    assert after != before
    assert after == fresh(world, path)  # exactly what an uncached server builds from the saved team now
    march = dt.date(2026, 3, 14), dt.date(2026, 3, 21)
    assert len(events(before, *march)) == 1
    assert events(after, *march) == []


def test_a_changed_team_is_never_served_from_an_old_key_whatever_its_version_says(world: World) -> None:
    cache = feeds.FeedCache()
    found = world.store.resolve_feed(world.series_feed)
    assert found is not None
    feed, view = found
    first = feeds.feed_calendar(feed, view, TODAY, cache)
    saved = view.get_team(team_id=world.team_id)
    renamed = dataclasses.replace(saved, team=Team("Another name", saved.team.members))  # same version and time
    view.get_team = lambda *_a, **_k: renamed  # type: ignore[method-assign]
    second = feeds.feed_calendar(feed, view, TODAY, cache)
    assert second != first
    assert b"X-WR-CALNAME:Another name: weekly meeting" in second
    assert len(cache) == 2


def test_a_rolling_holidays_feed_moves_with_the_date(world: World) -> None:
    day = [TODAY]
    _, client = serving(world, lambda: day[0])
    path = f"/feeds/{world.holidays_feed}.ics"
    march = client.get(path).content
    day[0] = TODAY + dt.timedelta(days=60)
    may = client.get(path).content
    assert may != march
    assert may == fresh(world, path, day[0])
    away = [e for e in events(may, TODAY, day[0]) if "away" in str(e["SUMMARY"])]
    assert away == []  # Lena's March days away fell out of the window a month before 30 April


def test_a_revoked_or_deleted_feed_is_404_though_its_body_was_kept(world: World) -> None:
    _, client = serving(world)
    for token in (world.plan_feed, world.series_feed):
        assert client.get(f"/feeds/{token}.ics").status_code == 200
    assert world.store.revoke_feed(world.plan_feed)
    assert client.get(f"/feeds/{world.plan_feed}.ics").status_code == 404
    world.store.delete_team(world.team_id)
    assert client.get(f"/feeds/{world.series_feed}.ics").status_code == 404


def test_the_cache_drops_the_least_recently_used_bodies_beyond_its_bounds() -> None:
    cache = feeds.FeedCache(entries=2, budget=10)
    cache.put("a", b"aaa")
    cache.put("b", b"bbb")
    assert cache.get("a") == b"aaa"  # now the most recently used
    cache.put("c", b"ccc")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"aaa", None, b"ccc")
    cache.put("d", b"dddddddd")  # over the byte budget: the oldest go until it fits
    assert (cache.get("a"), cache.get("c"), cache.get("d")) == (None, None, b"dddddddd")
    cache.put("huge", b"x" * 11)  # larger than the whole budget: not kept, nothing dropped for it
    assert cache.get("huge") is None
    assert cache.get("d") == b"dddddddd"
    cache.put("d", b"dd")  # replaced, and its size with it
    cache.put("e", b"eeeeeeee")
    assert (cache.get("d"), cache.get("e")) == (b"dd", b"eeeeeeee")
