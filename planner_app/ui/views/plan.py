"""Plan: when can everyone meet? Ranked slots, a world-clock timeline, a week heatmap, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from planner_app import export, sharing, zones
from planner_app.errors import PlannerError
from planner_app.ranking import Proposal, Slot
from planner_app.teams import team_to_toml
from planner_app.ui import cache, saved, state
from planner_app.ui.components import calendar_app_downloads, esc, file_stem, member_strip, show_error
from planner_app.windows import Plan, Window

DURATIONS = [15, 30, 45, 60, 90, 120, 180]
MAX_HEATMAP_DAYS = 31


def _slot_rows(plan: Plan, slots: list[Slot]) -> list[dict[str, object]]:
    rows = []
    for n, slot in enumerate(slots, 1):
        row: dict[str, object] = {
            "#": n,
            "UTC": zones.short_local(slot.start, "Etc/UTC"),
        }
        for m in plan.team.members:
            if slot.outside.get(m.name):
                mark = f"  ⚠ {slot.outside[m.name]} min outside hours"
            elif not m.required and not plan.availability[m.name].covers(slot.start, slot.end):
                mark = "  · optional, outside hours"
            else:
                mark = ""
            row[f"{m.name} · {m.place}"] = (
                f"{zones.short_local(slot.start, m.timezone)}–{zones.wall_clock(slot.end, m.timezone):%H:%M}{mark}"
            )
        row["Comfort cost"] = slot.cost
        rows.append(row)
    return rows


def _controls(s: state.Settings) -> None:
    """Dates and length. The widgets own their values through their keys (no `value=` that changes
    between runs), so a change takes one rerun, not two."""
    left, mid, right = st.columns([2.2, 1.3, 1.5])
    if "plan_dates" not in st.session_state:
        st.session_state.plan_dates = (s.start, s.end)
    if "plan_duration" not in st.session_state:
        st.session_state.plan_duration = s.duration
    picked = left.date_input(
        "Dates (each member's local dates)",
        key="plan_dates",
        min_value=state.FIRST_DATE,
        max_value=state.LAST_DATE,
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        start, end = picked
        if (end - start).days + 1 > state.MAX_DAYS:
            left.warning("The app plans up to a year at a time; use the command line for longer ranges.")
        else:
            state.set_range(start, end)
    state.set_duration(
        int(
            mid.select_slider("Meeting length (minutes)", options=sorted({*DURATIONS, s.duration}), key="plan_duration")
        )
    )
    zones_in_team = list(dict.fromkeys([state.viewer_timezone(), *(m.timezone for m in s.team.members), "Etc/UTC"]))
    right.selectbox("Show the day in", zones_in_team, key="plan_reference", format_func=lambda z: z.replace("_", " "))


def render() -> None:
    s = state.settings()
    st.title("Plan a meeting")
    st.caption(f"{esc(s.team.name)} · {len(s.team.members)} members · {len(s.team.required)} required")
    member_strip(s.team, state.now())
    _controls(s)
    s = state.settings()
    try:
        proposal = cache.proposal(s.key, s.team, s.start, s.end, s.duration)
    except PlannerError as exc:
        show_error(str(exc))
        return
    reference = st.session_state.get("plan_reference") or state.viewer_timezone()
    _metrics(proposal, reference, s)
    # The slots table is shown first, but the timeline is drawn first: the chart reaches the
    # browser before the table's heavier component loads (time to first chart, benchmarks/app.py).
    slots_box, timeline_box = st.container(), st.container()
    with timeline_box:
        _timeline(proposal, reference, s)
    with slots_box:
        chosen = _slots(proposal, s)
    _heatmap(proposal.plan, reference, s)
    _exports(proposal.plan, [proposal.window_for(slot) for slot in chosen])


def _metrics(proposal: Proposal, reference: str, s: state.Settings) -> None:
    plan = proposal.plan
    days_with = len({zones.wall_clock(w.start, reference).date() for w in plan.windows})
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Common windows", len(plan.windows))
    c2.metric("Hours in common", f"{proposal.total_minutes / 60:.1f} h")
    c3.metric("Days with a window", f"{days_with} of {(s.end - s.start).days + 1}")
    if not proposal.misses and proposal.slots:
        c4.metric(f"Best slot ({zones.zone_label(reference)})", zones.short_local(proposal.slots[0].start, reference))
    else:
        c4.metric("Best slot", "none")


def _timeline(proposal: Proposal, reference: str, s: state.Settings) -> None:
    st.subheader("The day on everyone's clock")
    day_options = [s.start + dt.timedelta(n) for n in range((s.end - s.start).days + 1)]
    slots = proposal.slots
    default_day = zones.wall_clock(slots[0].start, reference).date() if slots else s.start
    if default_day not in day_options:
        default_day = s.start
    day = st.select_slider(
        "Day", options=day_options, value=default_day, format_func=lambda d: d.strftime("%a %d %b"), key="plan_day"
    )
    figure = cache.timeline(s.key, proposal.plan, s.duration, day, reference, s.start, s.end)
    st.plotly_chart(figure, config={"displayModeBar": False}, key="timeline_chart")


def _slots(proposal: Proposal, s: state.Settings) -> list[Slot]:
    """The ranked slots (or nearest misses); returns the ones the lead picked, else the best one."""
    plan, ranked = proposal.plan, list(proposal.slots)
    if proposal.misses:
        st.warning(
            f"No common window of {s.duration} minutes: {esc(plan.explanation or '')}.", icon=":material/event_busy:"
        )
        st.subheader("Nearest misses")
        st.caption("The slots that leave the fewest required members outside their hours, by the fewest minutes.")
        st.dataframe(_slot_rows(plan, ranked), hide_index=True, key="miss_table")
        return ranked[:1]
    st.subheader("Best slots, most comfortable first")
    st.caption(
        "Ranked by the comfort cost (README: cost model): distance from each member's midday, time outside "
        "core hours, nights. Select rows to export just those."
    )
    picked = st.dataframe(
        _slot_rows(plan, ranked), hide_index=True, on_select="rerun", selection_mode="multi-row", key="slots_table"
    )
    chosen_rows = picked.selection.rows if picked is not None and picked.selection else []
    return [ranked[i] for i in chosen_rows] or ranked[:1]


def _heatmap(plan: Plan, reference: str, s: state.Settings) -> None:
    st.subheader("Who is in, hour by hour")
    shown = plan
    if (s.end - s.start).days + 1 > MAX_HEATMAP_DAYS:
        st.caption(f"Showing the first {MAX_HEATMAP_DAYS} days of the range.")
        shown = plan.first_days(MAX_HEATMAP_DAYS)
    figure = cache.heatmap(s.key, shown, s.duration, reference, shown.start, shown.end)
    st.plotly_chart(figure, config={"displayModeBar": False}, key="heatmap_chart")


def _exports(plan: Plan, windows: list[Window]) -> None:
    st.subheader("Take the plan away")
    team = plan.team
    slug = file_stem(team.name)
    a, b, c, d, e = st.columns(5)
    a.download_button(
        f"Calendar file (.ics, {len(windows)} slot{'s' if len(windows) != 1 else ''})",
        data=lambda: export.windows_ics(plan, state.now(), windows, title=f"{team.name}: meeting"),
        file_name=f"{slug}-meeting.ics",
        mime="text/calendar",
        icon=":material/event:",
        key="dl_ics",
        on_click="ignore",
        disabled=not windows,
        help=None
        if windows
        else "Nothing to put in a calendar: no slot in this range (an empty calendar file is invalid).",
    )
    b.download_button(
        "All windows (.csv)",
        data=lambda: export.plan_csv(plan),
        file_name=f"{slug}-windows.csv",
        mime="text/csv",
        icon=":material/table:",
        key="dl_csv",
        on_click="ignore",
    )
    c.download_button(
        "Team file (.toml)",
        data=lambda: team_to_toml(team),
        file_name=f"{slug}.toml",
        mime="application/toml",
        icon=":material/group:",
        key="dl_team",
        on_click="ignore",
    )
    calendar_app_downloads(
        "plan",
        lambda: export.windows_entries(plan, windows),
        f"{slug}-meeting",
        bool(windows),
        state.viewer_timezone(),
    )
    link = sharing.encode(team, plan.start, plan.end, plan.duration)
    base = str(getattr(st.context, "url", "") or "").split("?")[0]
    query = "&".join(f"{k}={v}" for k, v in link.items())
    with d.popover("Share link", icon=":material/link:"):
        st.caption("Anyone with this link opens the same team, dates and length.")
        st.code(f"{base}?{query}", language=None, wrap_lines=True)
    with e.popover("Save plan", icon=":material/bookmark_add:"):
        slots = [{"start": w.start, "end": w.end} for w in windows]
        params: dict[str, Any] = {
            "from": plan.start.isoformat(),
            "to": plan.end.isoformat(),
            "duration": plan.duration,
        }
        saved.save_plan_form("windows", params, slots, base)
