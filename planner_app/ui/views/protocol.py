"""Protocol: how a partnership works between meetings. Shared hours per week and their dips, reply-by
times on both clocks, follow-the-sun handoffs, a focus day, the core window and the working agreement."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from pathlib import Path

import streamlit as st

from planner_app import zones
from planner_app.agreement import (
    LEAD_FIELDS,
    Agreement,
    agreement_from_toml,
    agreement_html,
    agreement_markdown,
    agreement_to_toml,
)
from planner_app.errors import PlannerError
from planner_app.hours import clock_text
from planner_app.protocol import PairShare, Protocol, protocol_for, reply_table
from planner_app.protocol_report import utc_hours
from planner_app.reply import reply_by
from planner_app.reply_report import reply_to_data
from planner_app.teams import Team, load_team
from planner_app.ui import protocol_charts, saved, state
from planner_app.ui.components import esc, file_stem, show_error, without_autolinks
from planner_app.zones import format_offset

DEMO_PARTNERSHIP = Path(str(importlib.resources.files("planner_app").joinpath("data", "demo-partnership.toml")))
# Ramadan and Eid al-Fitr in Riyadh and the three weeks when only the US has changed its clocks
DEMO_RANGE = (dt.date(2026, 2, 2), dt.date(2026, 4, 26))
DEMO_SENT = dt.date(2026, 3, 18)  # the day before Eid al-Fitr 2026
EXPECTATIONS = {"1 business hour": 60, "2 business hours": 120, "4 business hours": 240, "8 business hours": 480}


@st.cache_resource(max_entries=1)
def demo_partnership() -> Team:
    return load_team(DEMO_PARTNERSHIP)


@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def _protocol(key: str, _team: Team, start: dt.date, end: dt.date) -> Protocol:
    """The protocol; `key` is the team's TOML text, the cache key for `_team`."""
    return protocol_for(_team, start, end)


def _pick_team() -> tuple[Team, str, tuple[dt.date, dt.date]]:
    s = state.settings()
    own = s.team.name
    demo = demo_partnership()
    choices = [demo.name] if own == demo.name else [demo.name, own]
    default = 0 if own == state.demo_team().name else len(choices) - 1
    name = st.radio("Team", choices, index=default, horizontal=True, key="proto_team")
    if name == demo.name:
        return demo, state._team_key(demo), DEMO_RANGE
    monday = state.today() - dt.timedelta(days=state.today().weekday())
    return s.team, s.key, (monday, monday + dt.timedelta(weeks=12) - dt.timedelta(days=1))


def render() -> None:
    st.title("Partnership protocol")
    st.caption("Shared hours per UTC week, when answers are due, who hands over to whom, and the working agreement.")
    team, key, default_range = _pick_team()
    picked = st.date_input("Dates", value=default_range, key=f"proto_dates_{team.name}")
    if not isinstance(picked, tuple) or len(picked) != 2:
        st.info("Pick a first and a last date.")
        return
    start, end = picked
    try:
        p = _protocol(key, team, start, end)
    except PlannerError as exc:
        show_error(str(exc))
        return
    _shared_hours(p)
    _reply_calculator(p)
    _handoffs(p)
    _focus(p)
    _agreement(p)


def _selected_share(p: Protocol) -> PairShare | None:
    mode = st.segmented_control(
        "Compare", ["Two sites", "Two members", "Whole team"], default="Two sites", key="proto_mode"
    )
    if mode == "Whole team":
        return p.team_share
    options = list(p.site_members) if mode == "Two sites" else [m.name for m in p.team.members]
    pairs = p.sites if mode == "Two sites" else p.pairs
    if len(options) < 2:
        st.info("This team has only one site; compare two members instead.")
        return None
    c1, c2 = st.columns(2)
    a = c1.selectbox("First", options, index=0, key=f"proto_a_{mode}")
    others = [o for o in options if o != a]
    b = c2.selectbox("Second", others, index=_ramadan_first(p, others), key=f"proto_b_{mode}")
    return next(x for x in pairs if set(x.names) == {a, b})


def _ramadan_first(p: Protocol, names: list[str]) -> int:
    """The first option (member or site) keeping Ramadan hours: its dips are the ones worth a look."""
    ramadan = {m.name for m in p.team.members if m.ramadan_hours is not None}
    ramadan |= {site for site, members in p.site_members.items() if set(members) & ramadan}
    return next((i for i, name in enumerate(names) if name in ramadan), 0)


def _shared_hours(p: Protocol) -> None:
    st.subheader("Shared hours per week")
    chosen = _selected_share(p)
    if chosen is None:
        return
    weeks = chosen.weeks
    median = chosen.median
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("Hours shared in the range", f"{chosen.total_minutes / 60:.1f} h")
    k2.metric("Median week", f"{median / 60:.1f} h", help="over the weeks whose seven UTC dates lie in the range")
    k3.metric("Dip weeks", chosen.dips, help="weeks 25 % or more below the median full week")
    k4.metric("Zero-overlap dates", len(chosen.zero_index), help="UTC dates on which one works and they share nothing")
    st.plotly_chart(protocol_charts.weekly_figure(chosen), config={"displayModeBar": False}, key="proto_weekly")
    dips = [
        {
            "Week (UTC, from Monday)": str(w.week),
            "Hours": round(w.minutes / 60, 1),
            "Causes": "; ".join(str(c["text"]) for c in w.causes),
        }
        for w in weeks
        if w.causes
    ]
    if dips:
        st.dataframe(dips, hide_index=True, key="proto_dips")
    zero = chosen.zero_overlap
    with st.expander(f"Zero-overlap dates ({len(zero)})"):
        st.dataframe([{"Date (UTC)": str(z.date), "Reason": z.reason} for z in zero], hide_index=True)


def _clock(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset else 0
    return f"{moment:%a %d %b %H:%M} {format_offset(seconds)}"


def _reply_calculator(p: Protocol) -> None:
    st.subheader("Reply-by calculator")
    names = [m.name for m in p.team.members]
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 0.8, 1.2])
    sender = c1.selectbox("Sender", names, index=0, key="proto_sender")
    others = [n for n in names if n != sender] or names
    recipient = c2.selectbox("Recipient", others, index=_ramadan_first(p, others), key="proto_recipient")
    middle = p.start + dt.timedelta(days=(p.end - p.start).days // 2)
    first = DEMO_SENT if p.start <= DEMO_SENT <= p.end else middle
    day = c3.date_input("Sent on (sender's date)", value=first, key="proto_sent_day")
    clock = c4.time_input("at (sender's time)", value=dt.time(16, 0), key="proto_sent_time", step=900)
    expectation = c5.selectbox("Answer within", list(EXPECTATIONS), index=2, key="proto_within")
    try:
        reply = reply_by(p.team, sender, recipient, f"{day:%Y-%m-%d}T{clock:%H:%M}", EXPECTATIONS[expectation])
    except PlannerError as exc:
        show_error(str(exc))
        return
    data = reply_to_data(reply)
    if reply.due is None:
        st.warning(f"No answer due within 60 days: {esc(str(data['reason']))}")
        return
    due_r = reply.due_local(reply.recipient_timezone)
    due_s = reply.due_local(reply.sender_timezone)
    assert due_r is not None
    assert due_s is not None
    k1, k2, k3 = st.columns([1.3, 1.3, 1])
    k1.metric(f"Due for {esc(recipient)}", _clock(due_r), help=f"{esc(recipient)}'s clock ({reply.recipient_timezone})")
    k2.metric(f"Due for {esc(sender)}", _clock(due_s), help=f"{esc(sender)}'s clock ({reply.sender_timezone})")
    minutes = reply.calendar_minutes or 0
    k3.metric("Calendar time", f"{minutes // 60} h {minutes % 60:02d} min")
    if reply.skipped:
        st.caption("Skipped: " + esc("; ".join(f"{z.date:%a %d %b} {z.reason}" for z in reply.skipped)))
    _reply_table(p, sender, recipient)


def _hours_text(minutes: int | None) -> str:
    return "–" if minutes is None else f"{minutes / 60:.1f} h"


def _reply_table(p: Protocol, sender: str, recipient: str) -> None:
    """The standard expectations for this sender and recipient, by the sender's sending hour."""
    pair = next((x for x in p.pairs if set(x.names) == {sender, recipient}), None)
    if pair is None:
        return
    parties = {party.name: party for party in pair.parties}
    rows: dict[int, dict[str, str]] = {}
    for r in reply_table(parties[sender], parties[recipient], p.start, p.end):
        row = rows.setdefault(r.hour, {f"Sent at ({sender}'s clock)": f"{r.hour:02d}:00"})
        worst = f", worst {_hours_text(r.worst_minutes)} ({r.worst_date:%d %b})" if r.worst_date else ""
        row[r.expectation] = f"{_hours_text(r.typical_minutes)}{worst}"
    with st.expander(f"Standard reply times, {esc(sender)} to {esc(recipient)} (typical and worst calendar time)"):
        st.dataframe(list(rows.values()), hide_index=True)


def _handoffs(p: Protocol) -> None:
    st.subheader("Follow the sun")
    sites = [x for s in p.sites for x in s.parties]
    unique = {x.name: x for x in sites}
    if len(unique) < 2:
        st.info("One site only: there is nobody to hand over to.")
        return
    left, right = st.columns([1, 1.2])
    left.plotly_chart(
        protocol_charts.handoff_ring(list(unique.values()), p.site_order),
        config={"displayModeBar": False},
        key="proto_ring",
    )
    right.dataframe(
        [
            {
                "Handoff": f"{h.source} → {h.target}",
                "Typical (min)": h.typical_minutes,
                "Worst (min)": h.worst_minutes,
                "Worst date": str(h.worst_date),
            }
            for h in p.handoffs
        ],
        hide_index=True,
    )
    right.caption("Positive minutes: a gap nobody of the two covers; negative: the two overlap.")
    gaps = p.coverage_gaps
    right.caption(f"{len(gaps)} coverage gaps on working days in the range's full weeks.")
    if gaps:
        with right.expander("Coverage gaps"):
            st.dataframe(
                [
                    {
                        "Week": str(g.week),
                        "UTC": utc_hours(g.start, g.end),
                        "Minutes": g.minutes,
                        "Before": g.before,
                        "After": g.after,
                    }
                    for g in gaps
                ],
                hide_index=True,
            )


def _focus(p: Protocol) -> None:
    st.subheader("Focus day and core window")
    k1, k2, k3 = st.columns(3)
    f, c = p.focus_day, p.core_window
    k1.metric("No-meeting day", f.name if f else "none", help="working for everyone; least shared time lost")
    if c:
        k2.metric("Core window (UTC)", f"{clock_text(c.start)}–{clock_text(c.end)}")
        k3.metric("Holds on", f"{c.holds} of {c.team_days} days")
    else:
        k2.metric("Core window (UTC)", "none")
        k3.metric("Holds on", "–", help="the required members never all work at the same time")


def _agreement(p: Protocol) -> None:
    st.subheader("Working agreement")
    stored, stored_version = saved.saved_agreement_text(p.team.name)
    defaults = agreement_from_toml(stored) if stored is not None else Agreement(p.team.name)
    values = {}
    with st.expander("Edit the agreement", expanded=False):
        for field_name, label in LEAD_FIELDS:
            values[field_name] = st.text_input(label, value=getattr(defaults, field_name), key=f"proto_ag_{field_name}")
    agreement = Agreement(p.team.name, **values)
    saved.save_agreement_button(p.team.name, agreement_to_toml(agreement), stored_version)
    now = state.now()
    team_version = saved.saved_team_version(p.team.name)
    markdown = agreement_markdown(agreement, p, now, team_version)
    with st.container(border=True, height=360):
        st.markdown(without_autolinks(markdown))  # its user text is escaped by agreement_markdown
    slug = file_stem(p.team.name)
    a, b, c = st.columns(3)
    a.download_button(
        "Agreement (.md)",
        markdown,
        f"{slug}-agreement.md",
        "text/markdown",
        key="proto_md",
        on_click="ignore",
        icon=":material/description:",
    )
    b.download_button(
        "Printable page (.html)",
        agreement_html(agreement, p, now, team_version),
        f"{slug}-agreement.html",
        "text/html",
        key="proto_html",
        on_click="ignore",
        icon=":material/print:",
    )
    c.download_button(
        "Agreement fields (.toml)",
        agreement_to_toml(agreement),
        f"{slug}-agreement.toml",
        "application/toml",
        key="proto_toml",
        on_click="ignore",
        icon=":material/data_object:",
    )
    st.caption(
        f"Clocks: {esc(', '.join(sorted({m.timezone for m in p.team.members})))} (tzdata {zones.TZDATA_VERSION})."
    )
