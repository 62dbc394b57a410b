"""Regions: an onboarding briefing for each partner region, to read here or download as Markdown."""

from __future__ import annotations

import streamlit as st

from planner_app import zones
from planner_app.briefing import NOTE_TITLES, briefing, briefing_markdown, format_offset
from planner_app.hours import DAY_NAMES, describe_day
from planner_app.regions import NOTE_TOPICS, country_name, load_regions
from planner_app.ui import state


def render() -> None:
    regions = load_regions()
    st.title("Regions")
    st.caption(
        f"{len(regions)} region profiles: working week, office and Ramadan hours, holidays and notes, with sources."
    )
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
        if b.holidays:
            st.dataframe([{"Date": d.strftime("%a %d %b %Y"), "Holiday": n} for d, n in b.holidays], hide_index=True)
        else:
            st.markdown("None in the next 90 days.")
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
    st.download_button(
        "Download this briefing (.md)",
        briefing_markdown(b),
        f"briefing-{region.id}.md",
        "text/markdown",
        icon=":material/download:",
        key="brief_md",
        on_click="ignore",
    )
