"""Team agreements (versioned TOML text, issue 14) and live feeds (issue 11) in the store, on SQLite
and PostgreSQL: optimistic locking, history, revocation and what a deleted team takes with it."""

from __future__ import annotations

import threading

import pytest

from planner_app.store import StaleSave, Store, StoreError, TeamNotFound
from tests.test_store import full_team, url  # noqa: F401 - the sqlite/postgresql fixture

AGREEMENT = 'core_hours = "13:00-15:00 UTC"\nrotation = "fair"\n'


def test_agreements_are_versioned_and_refuse_a_stale_save(url: str) -> None:  # noqa: F811
    store = Store(url)
    store.create_team(full_team())
    assert store.get_agreement("Payments launch") is None
    assert store.agreement_history("Payments launch") == []
    first = store.save_agreement("Payments launch", AGREEMENT, 0, saved_by="ana@example.com")
    assert (first.version, first.text, first.saved_by) == (1, AGREEMENT, "ana@example.com")
    second = store.save_agreement("Payments launch", AGREEMENT + 'notes = "x"\n', 1)
    assert second.version == 2
    with pytest.raises(
        StaleSave, match=r"agreement of team 'Payments launch' was saved by someone else \(now version 2"
    ):
        store.save_agreement("Payments launch", "mine", 1)
    with pytest.raises(StaleSave) as caught:
        store.save_agreement("Payments launch", "mine", 0)
    assert caught.value.agreement is not None
    assert caught.value.agreement.version == 2
    newest = store.get_agreement("Payments launch")
    assert newest is not None
    assert (newest.version, newest.text) == (2, AGREEMENT + 'notes = "x"\n')
    assert [(a.version, a.saved_by) for a in store.agreement_history("Payments launch")] == [
        (2, None), (1, "ana@example.com")
    ]  # fmt: skip
    team_id = store.get_team("Payments launch").id
    store.rename_team(team_id, "Payments", 1)
    renamed = store.get_agreement(team_id=team_id)
    assert renamed is not None
    assert renamed.team == "Payments"  # the agreement follows the team's identity, not its name
    with pytest.raises(TeamNotFound):
        store.get_agreement("Nobody")


def test_two_first_agreements_at_once_one_wins(url: str) -> None:  # noqa: F811
    store = Store(url)
    store.create_team(full_team())
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        barrier.wait()
        try:
            store.save_agreement("Payments launch", text, 0)
            outcomes.append("saved")
        except StaleSave:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(t,)) for t in ("a = 1", "b = 2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["saved", "stale"]
    assert [a.version for a in store.agreement_history("Payments launch")] == [1]


def test_feeds_are_created_served_revoked_and_die_with_their_team(url: str) -> None:  # noqa: F811
    store = Store(url)
    team = store.create_team(full_team())
    plan = store.save_plan("Payments launch", "windows", "Kick-off", {"from": "2026-03-02"}, [])
    series = store.save_plan("Payments launch", "series", "Weekly", {"start": "2026-03-02"}, [])
    plan_feed = store.create_feed("plan", plan.token, created_by="ana@example.com")
    series_feed = store.create_feed("series", series.token)
    holidays = store.create_feed("team-holidays", team.id, params={"years": 2})
    assert len({plan_feed, series_feed, holidays}) == 3
    assert all(len(token) == 32 for token in (plan_feed, series_feed, holidays))
    served = store.feed(holidays)
    assert served is not None
    assert (served.kind, served.target, served.params) == ("team-holidays", team.id, {"years": 2})
    assert store.feed("not-a-token") is None
    assert {f.token for f in store.list_feeds()} == {plan_feed, series_feed, holidays}
    assert [f.token for f in store.list_feeds(kind="plan")] == [plan_feed]
    assert store.revoke_feed(plan_feed) is True
    assert store.revoke_feed(plan_feed) is False
    assert store.feed(plan_feed) is None
    assert plan_feed in {f.token for f in store.list_feeds(include_revoked=True)}
    with pytest.raises(StoreError, match="no saved series"):
        store.create_feed("series", plan.token)  # a windows plan is not a series
    with pytest.raises(StoreError, match="feed kind must be one of"):
        store.create_feed("everything", team.id)
    with pytest.raises(TeamNotFound):
        store.create_feed("team-holidays", "0" * 32)
    store.delete_team(team.id)
    assert store.feed(series_feed) is None
    assert store.feed(holidays) is None
