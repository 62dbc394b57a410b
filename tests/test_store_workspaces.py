"""Workspaces in the store (issue 10, item 1): nothing of another workspace is listed, opened,
overwritten, fed or revealed, by name, id, plan token or feed token; viewers open but never save;
owners manage members; each saved version records who saved it."""

from __future__ import annotations

import pytest

from planner_app.store import DEFAULT_WORKSPACE, NotFound, Store, StoreError, TeamNotFound
from planner_app.teams import Team
from tests.test_store import full_team, url  # noqa: F401 - the sqlite/postgresql fixture

ALICE, BOB = "alice@example.com", "Bob@Example.com"


def _two_workspaces(url: str) -> tuple[Store, Store]:  # noqa: F811
    base = Store(url)
    return base.create_workspace("Alice's team", ALICE), base.create_workspace("Bob's team", BOB)


def test_nothing_of_another_workspace_is_reachable(url: str) -> None:  # noqa: F811
    alice, bob = _two_workspaces(url)
    team = alice.create_team(full_team())
    plan = alice.save_plan(None, "windows", "Kick-off", {"from": "2026-03-02"}, [], team_id=team.id)
    feed = alice.create_feed("team-holidays", team.id)
    alice.save_agreement(None, "a = 1", 0, team_id=team.id)
    assert bob.list_teams() == []
    assert bob.list_feeds() == []
    for attempt in (
        lambda: bob.get_team("Payments launch"),
        lambda: bob.get_team(team_id=team.id),
        lambda: bob.history(team_id=team.id),
        lambda: bob.team_at(None, 1, team_id=team.id),
        lambda: bob.save_team(team.id, Team("Payments launch", team.team.members[:1]), 1),
        lambda: bob.rename_team(team.id, "Mine now", 1),
        lambda: bob.delete_team(team.id),
        lambda: bob.get_agreement(team_id=team.id),
        lambda: bob.save_agreement(None, "b = 2", 1, team_id=team.id),
        lambda: bob.create_feed("team-holidays", team.id),
    ):
        with pytest.raises(TeamNotFound, match=r"no such saved team|no saved team named|was deleted since you opened"):
            attempt()
    with pytest.raises(StoreError, match=f"no saved plan '{plan.token}'"):
        bob.get_plan(plan.token)
    with pytest.raises(StoreError, match="no saved plan"):
        bob.create_feed("plan", plan.token)
    assert bob.feed(feed) is None
    assert bob.revoke_feed(feed) is False
    assert alice.feed(feed) is not None  # still live: Bob could not revoke it
    # the same name in Bob's workspace is Bob's own team, and neither blocks nor reveals Alice's
    mine = bob.create_team(full_team())
    assert mine.id != team.id
    assert alice.get_team("Payments launch").version == 1
    assert alice.get_team("Payments launch").team == full_team()
    # a workspace Bob is not in answers exactly like one that does not exist
    base = Store(url)
    with pytest.raises(NotFound) as theirs:
        base.workspace(alice.workspace_id, BOB)
    with pytest.raises(NotFound) as nowhere:
        base.workspace("0" * 32, BOB)
    assert str(theirs.value) == str(nowhere.value)


def test_viewers_open_and_export_but_never_save(url: str) -> None:  # noqa: F811
    alice, _bob = _two_workspaces(url)
    team = alice.create_team(full_team())
    alice.invite(BOB, "viewer")
    bob = Store(url).workspace(alice.workspace_id, BOB)
    assert bob.role == "viewer"
    assert bob.read_only is not None
    assert [t.name for t in bob.list_teams()] == ["Payments launch"]
    assert bob.team_at(None, 1, team_id=team.id) == full_team()  # export
    for attempt in (
        lambda: bob.save_team(team.id, Team("Payments launch", team.team.members[:1]), 1),
        lambda: bob.create_team(full_team("Other")),
        lambda: bob.delete_team(team.id),
        lambda: bob.save_plan(None, "windows", "x", {}, [], team_id=team.id),
        lambda: bob.save_agreement(None, "x = 1", 0, team_id=team.id),
        lambda: bob.create_feed("team-holidays", team.id),
    ):
        with pytest.raises(StoreError, match="not save"):
            attempt()
    with pytest.raises(StoreError, match="only an owner"):
        bob.invite("carol@example.com", "owner")
    assert alice.get_team(team_id=team.id).version == 1


def test_editors_save_history_records_who_and_owners_manage_members(url: str) -> None:  # noqa: F811
    alice, _bob = _two_workspaces(url)
    team = alice.create_team(full_team())
    alice.invite(BOB, "editor")
    bob = Store(url).workspace(alice.workspace_id, BOB)
    bob.save_team(team.id, Team("Payments launch", team.team.members[:2]), 1)
    assert [(h.version, h.saved_by) for h in alice.history(team_id=team.id)] == [
        (2, "bob@example.com"), (1, ALICE)
    ]  # fmt: skip
    assert [(m.email, m.role) for m in alice.members()] == [(ALICE, "owner"), ("bob@example.com", "editor")]
    with pytest.raises(StoreError, match="at least one owner"):
        alice.remove_member(ALICE)
    with pytest.raises(StoreError, match="at least one owner"):
        alice.invite(ALICE, "viewer")
    alice.remove_member(BOB)
    with pytest.raises(NotFound):
        Store(url).workspace(alice.workspace_id, BOB)
    assert [w.name for w in Store(url).workspaces_of(BOB)] == ["Bob's team"]
    with pytest.raises(StoreError, match="is not an e-mail address"):
        alice.invite("not an address", "editor")
    with pytest.raises(StoreError, match="a role is one of"):
        alice.invite("carol@example.com", "admin")


def test_local_mode_is_the_default_workspace_and_owners_can_be_bootstrapped(url: str) -> None:  # noqa: F811
    local = Store(url)
    assert (local.workspace_id, local.role) == (DEFAULT_WORKSPACE, "owner")
    local.create_team(full_team())
    local.ensure_member(DEFAULT_WORKSPACE, ALICE, "owner")
    local.ensure_member(DEFAULT_WORKSPACE, ALICE, "viewer")  # already a member: unchanged
    alice = local.workspace(DEFAULT_WORKSPACE, ALICE)
    assert alice.role == "owner"
    assert [t.name for t in alice.list_teams()] == ["Payments launch"]
    assert alice.workspace_name() == "Default workspace"


def test_a_feed_resolves_to_its_own_workspace_only(url: str) -> None:  # noqa: F811
    alice, bob = _two_workspaces(url)
    team = alice.create_team(full_team())
    bob.create_team(full_team("Bob's own"))
    token = alice.create_feed("team-holidays", team.id)
    resolved = Store(url).resolve_feed(token)
    assert resolved is not None
    feed, view = resolved
    assert (feed.kind, feed.target) == ("team-holidays", team.id)
    assert [t.name for t in view.list_teams()] == ["Payments launch"]  # not Bob's
    assert view.get_team(team_id=feed.target).team == full_team()
    with pytest.raises(StoreError, match="a feed only reads"):
        view.delete_team(team.id)
    alice.revoke_feed(token)
    assert Store(url).resolve_feed(token) is None
    assert Store(url).resolve_feed("guessed-token") is None
