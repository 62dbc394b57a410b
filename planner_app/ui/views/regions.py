"""Regions: an onboarding briefing for each partner region, to read here or download as Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from planner_app import zones
from planner_app.briefing import (
    NOTE_TITLES,
    Briefing,
    Comparison,
    briefing,
    briefing_markdown,
    compare,
    format_offset,
    holiday_change_lines,
)
from planner_app.hours import DAY_NAMES, describe_day
from planner_app.regions import NOTE_TOPICS, Region, country_name, load_regions_lenient
from planner_app.ui import state
from planner_app.ui.components import esc

NO_COMPARISON = ""


def render() -> None:
    regions, problems = load_regions_lenient()
    st.title("Regions")
    st.caption(
        f"{len(regions)} region profiles: working week, office and Ramadan hours, holidays and notes, with sources."
    )
    for problem in problems:  # one broken profile is named; the others stay usable
        st.warning(f"Skipped a broken profile: {esc(problem)}", icon=":material/warning:")
    ids = list(regions)
    team_regions = [m.region for m in state.settings().team.members if m.region]
    default = ids.index(team_regions[0]) if team_regions else 0
    region_id = st.selectbox(
        "Region (type a city or country)",
        ids,
        index=default,
        key="region_pick",
        format_func=lambda i: f"{regions[i].name}, {country_name(regions[i].country)}",
    )
    region = regions[region_id]
    now = state.now()
    b = briefing(region, now)
    viewer = state.viewer_timezone()
    offset = zones.utc_offset(region.timezone, int(now.timestamp()))
    viewer_offset = zones.utc_offset(viewer, int(now.timestamp()))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Local time now", b.local_now.strftime("%a %H:%M"), help=f"{region.timezone}, UTC{format_offset(offset)}")
    c2.metric(f"Offset to you ({viewer.rsplit('/', 1)[-1]})", f"{format_offset(offset - viewer_offset)} h")
    c3.metric("Weekend", " + ".join(DAY_NAMES[d][:3] for d in sorted(region.weekend)))
    c4.metric("Ramadan hours", "shorter day" if region.ramadan_hours else "unchanged")

    left, right = st.columns([1.1, 1])
    with left:
        st.subheader("Working week")
        rows = []
        for d in range(7):
            off = d in region.weekend
            rows.append(
                {
                    "Day": DAY_NAMES[d],
                    "Office hours": "weekend" if off else describe_day(region.hours[d]),
                    **(
                        {"In Ramadan": "weekend" if off else describe_day(region.ramadan_hours[d])}
                        if region.ramadan_hours
                        else {}
                    ),
                }
            )
        st.dataframe(rows, hide_index=True)
        if region.weekend_vs_cldr:
            st.info(f"Weekend versus CLDR: {region.weekend_vs_cldr}", icon=":material/info:")
        st.subheader("Clock changes in the next 12 months")
        if b.clock_changes:
            for change in b.clock_changes:
                st.markdown(f"- {change.describe(region.timezone)}")
        else:
            st.markdown(f"- none: {region.timezone} keeps UTC{format_offset(offset)} all year")
    with right:
        st.subheader("Public holidays, next 90 days")
        _holidays(b)
        st.subheader("Ramadan")
        for first, last in b.ramadan:
            st.markdown(f"- {first:%d %b %Y} to {last:%d %b %Y}")
        st.caption("Umm al-Qura calendar; the local start can differ by a day with the moon sighting.")

    st.subheader("Working with colleagues here")
    cols = st.columns(3)
    for n, topic in enumerate(NOTE_TOPICS):
        with cols[n % 3].container(border=True):
            st.markdown(f"**{NOTE_TITLES[topic]}**")
            st.write(region.notes[topic])
    with st.expander(f"Sources ({len(region.sources)})"):
        for source in region.sources:
            st.markdown(
                f"- **{source.topic}**: [{source.title}]({source.url}), read {source.read}"
                + (f". {source.note}" if source.note else "")
            )
    _comparison(regions, region, now)
    st.download_button(
        "Download this briefing (.md)",
        briefing_markdown(b),
        f"briefing-{region.id}.md",
        "text/markdown",
        icon=":material/download:",
        key="brief_md",
        on_click="ignore",
    )


def _holidays(b: Briefing) -> None:
    """The blocked days ahead, then what the profile changed in the package's list and why."""
    if b.holidays:
        rows = [
            {"Date": d.strftime("%a %d %b %Y"), "Holiday": n, "Added by this profile": d in b.added}
            for d, n in b.holidays
        ]
        st.dataframe(rows, hide_index=True, key="region_holidays")
    else:
        st.markdown("None in the next 90 days.")
    for day, name in b.dropped:
        st.markdown(f"- {day:%a %d %b %Y}: {esc(name)} is **not blocked** (dropped by this profile)")
    changes = holiday_change_lines(b.region)
    if changes:
        with st.expander(f"Changes to the holidays package's list ({len(changes)})"):
            for line in changes:
                st.markdown(f"- {esc(line)}")


def _comparison(regions: Mapping[str, Region], region: Region, now: dt.datetime) -> None:
    """Side by side with a second region: weekend, hours in each other's clock, holidays, Ramadan."""
    st.subheader("Side by side")
    others = [NO_COMPARISON, *(i for i in regions if i != region.id)]
    other_id = st.selectbox(
        "Compare with",
        others,
        key="region_compare",
        format_func=lambda i: "(choose a region)" if i == NO_COMPARISON else regions[i].label,
    )
    if other_id == NO_COMPARISON:
        return
    c = compare(region, regions[other_id], now)
    _comparison_table(c)
    left, right = st.columns(2)
    for column, b in ((left, c.left), (right, c.right)):
        with column.container(border=True):
            r = b.region
            st.markdown(f"**{esc(r.label)}**")
            st.markdown(f"Weekend: {' + '.join(DAY_NAMES[d][:3] for d in sorted(r.weekend))}")
            st.markdown(f"Ramadan: {'shorter day' if r.ramadan_hours else 'hours unchanged'}")
            holidays = "; ".join(f"{d:%d %b} {esc(n)}" for d, n in b.holidays) or "none"
            st.markdown(f"Holidays, next 90 days: {holidays}")
            changes = "; ".join(esc(ch.describe(r.timezone)) for ch in b.clock_changes) or "none"
            st.markdown(f"Clock changes, next 12 months: {changes}")


def _comparison_table(c: Comparison) -> None:
    a, b = c.left.region, c.right.region
    rows = [
        {
            "Date": d.date.strftime("%a %d %b"),
            f"{a.name} hours": d.left,
            f"… on {b.name} clock": d.left_in_right,
            f"{b.name} hours": d.right,
            f"… on {a.name} clock": d.right_in_left,
        }
        for d in c.days
    ]
    st.dataframe(rows, hide_index=True, key="region_compare_week")
