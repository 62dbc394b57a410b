"""Plan: when can everyone meet? The chosen time first (best slot, or one the lead picks on the
timeline or in the table), then the advisor when time is short, the world-clock timeline, every
window, a week heatmap and exports.

The chosen start lives in the session (`plan_at`, UTC seconds) with `plan_at_picked` saying whether
the lead chose it. The exports book exactly that slot; a slot outside the common windows is only
written when the lead picked it, and then the file says who is outside their hours (issue 13).
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

import streamlit as st

from planner_app import export, sharing, zones
from planner_app.advisor import Suggestion, needs_advice
from planner_app.availability import local_to_utc
from planner_app.errors import PlannerError
from planner_app.ranking import Proposal, Slot
from planner_app.status import ChosenSlot, MemberAt, slot_at
from planner_app.teams import Member, team_to_toml
from planner_app.ui import cache, first_view, saved, state
from planner_app.ui.components import calendar_app_downloads, esc, file_stem, member_strip, show_error
from planner_app.ui.views import series
from planner_app.windows import Plan, Window

DURATIONS = [15, 30, 45, 60, 90, 120, 180]
MAX_HEATMAP_DAYS = 31
MAX_TABLE_MEMBERS = 8  # local-time columns that fit beside the viewer's time and the cost at 1280 px
CONTROLS_HEADING = "Dates and length"  # the Plan page's part of the sidebar
START_STEP_MINUTES = 5  # the start slider inside a window moves in steps of five minutes
# Material icons (a font Streamlit bundles): emoji need a font that not every phone or server has.
STATUS_ICONS = {
    "working": ":material/work:",
    "ramadan hours": ":material/nightlight:",
    "lunch": ":material/restaurant:",
    "off hours": ":material/schedule:",
    "night": ":material/bedtime:",
    "weekend": ":material/weekend:",
    "holiday": ":material/celebration:",
    "away": ":material/flight:",
}


# --- the chosen start ------------------------------------------------------------------------------


def _pick(start: int) -> None:
    """The lead chose `start` (a click, a table row, the start slider or a share link)."""
    st.session_state.plan_at = int(start)
    st.session_state.plan_at_picked = True


def _on_timeline_select() -> None:
    """A click on the day timeline: the clicked cell's start (UTC seconds in its customdata)."""
    event = st.session_state.get("plan_timeline")
    points = list(getattr(getattr(event, "selection", None), "points", None) or [])
    if not points:
        return
    point = points[0]
    custom = point.get("customdata")
    if isinstance(custom, list | tuple):
        custom = custom[0] if custom else None
    if isinstance(custom, int | float):
        _pick(int(custom))
        return
    reference = st.session_state.get("plan_reference") or state.viewer_timezone()
    try:  # the x value is the cell's wall clock in the reference zone
        local = dt.datetime.fromisoformat(str(point.get("x")))
    except ValueError:
        return
    _pick(local_to_utc(local.date(), local.hour * 60 + local.minute, reference))


def _on_table_select() -> None:
    event = st.session_state.get("slots_table")
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    starts = st.session_state.get("plan_table_starts", [])
    if rows and rows[0] < len(starts):
        _pick(starts[rows[0]])


def _on_slider() -> None:
    _pick(int(st.session_state.plan_start_slider))


def _chosen(proposal: Proposal, s: state.Settings) -> tuple[int, bool]:
    """The start to show and export, and whether the lead picked it. A pick from another team, range
    or length is forgotten (`plan_at_for` remembers what it was picked for)."""
    context = (s.key, s.start, s.end, s.duration)
    if st.session_state.get("plan_at_for") != context:
        st.session_state.plan_at_for = context
        shared = st.session_state.pop("shared_at", None)
        st.session_state.plan_at = shared
        st.session_state.plan_at_picked = shared is not None
    at = st.session_state.get("plan_at")
    if at is not None:
        return int(at), bool(st.session_state.get("plan_at_picked"))
    if proposal.slots:
        return proposal.slots[0].start, False
    return local_to_utc(s.start, 12 * 60, state.viewer_timezone()), False


# --- the page --------------------------------------------------------------------------------------


def render() -> None:
    _take_control_values(state.settings())
    s = state.settings()
    st.title("Plan a meeting")
    st.caption(_summary(s))
    # Boxes in the order they are shown, filled in another. The chosen time answers the question first (a
    # phone shows little more on its first screen); the controls that decide it sit in the sidebar, and
    # their values are taken before anything is drawn. The timeline is drawn first of all, so that the
    # chart reaches the browser, which then fetches the chart library, before the card is computed.
    # A session's first run stops after the chart: the controls and everything below the chart come
    # on the next run (ui/first_view.py), so nothing above the chart moves when they arrive.
    card_box, notes_box, timeline_box = st.container(), st.container(), st.container()
    controls_box = st.sidebar.container(key="plan_controls")  # the key widens the sidebar (components.CSS)
    with controls_box:
        st.markdown(f"**{CONTROLS_HEADING}**")
    try:
        proposal = cache.proposal(s.key, s.team, s.start, s.end, s.duration)
    except PlannerError as exc:
        with controls_box:  # the controls stay, so the visitor can change what the error is about
            _controls(s)
        show_error(str(exc))
        member_strip(s.team, state.now())
        return
    reference = st.session_state.get("plan_reference") or state.viewer_timezone()
    loads = cache.loads(s.key, proposal.plan, s.start, s.end, s.duration)
    start, picked = _chosen(proposal, s)
    chosen = slot_at(proposal.plan, start, loads=loads)
    with timeline_box:
        _timeline(proposal, reference, s, chosen)
    with card_box:
        _chosen_card(proposal, chosen, picked, s)
    with notes_box:
        for notice in cache.horizon(s.key, s.team, s.start, s.end):  # where the holiday data ends
            st.caption(f":material/event_note: {esc(notice)}")
        if needs_advice(proposal):
            _advisor(proposal, reference, s)
        undo = st.session_state.get("advisor_undo")
        if undo is not None:  # shown even when the change made the advisor unnecessary
            st.button(f"Undo: {esc(undo[3])}", key="advice_undo", on_click=_undo, icon=":material/undo:")
    if first_view.first_run():  # the controls and everything below the chart come on the next run
        first_view.rest_on_chart("plan_timeline")
        return
    with controls_box:
        _controls(s)
    st.caption("Everyone's local time now")
    member_strip(s.team, state.now())
    _metrics(proposal, reference, s)
    _slots(proposal, s, chosen)
    _heatmap(proposal.plan, reference, s)
    _exports(proposal.plan, chosen, picked)


def _summary(s: state.Settings) -> str:
    """What is being planned, in view where a phone hides the sidebar that changes it: `Global product
    team · 6 members · 3 required · 30 minutes · Mon 30 Nov – Sun 13 Dec 2026 (dates and length in the
    sidebar)`."""
    team = s.team
    first = f"{s.start:%a %d %b}" if s.start.year == s.end.year else f"{s.start:%a %d %b %Y}"
    when = f"{s.end:%a %d %b %Y}" if s.end == s.start else f"{first} – {s.end:%a %d %b %Y}"
    return (
        f"{esc(team.name)} · {len(team.members)} members · {len(team.required)} required · "
        f"{s.duration} minutes · {when} (dates and length in the sidebar)"
    )


def _take_control_values(s: state.Settings) -> None:
    """Put the dates and length the controls hold (changed in the browser before this run) into the
    settings, before the page draws anything with them."""
    if "plan_dates" not in st.session_state:
        st.session_state.plan_dates = (s.start, s.end)
    if "plan_duration" not in st.session_state:
        st.session_state.plan_duration = s.duration
    picked = st.session_state.plan_dates
    days = _picked_days(picked)
    if days is not None and days <= state.MAX_DAYS:
        state.set_range(*picked)
    state.set_duration(int(st.session_state.plan_duration))


def _picked_days(picked: object) -> int | None:
    """Days in a complete (start, end) pick of the date control; None while only a start is picked."""
    if isinstance(picked, tuple) and len(picked) == 2:
        start, end = picked
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            return (end - start).days + 1
    return None


def _controls(s: state.Settings) -> None:
    """Dates, length and the timeline's zone, in the sidebar under CONTROLS_HEADING. The widgets own their
    values through their keys (no `value=` that changes between runs), so a change takes one rerun, not
    two; `_take_control_values` read them already."""
    picked = st.date_input(
        "Dates (each member's local dates)",
        key="plan_dates",
        min_value=state.FIRST_DATE,
        max_value=state.LAST_DATE,
    )
    days = _picked_days(picked)
    if days is not None and days > state.MAX_DAYS:
        st.warning("The app plans up to a year at a time; use the command line for longer ranges.")
    st.select_slider("Meeting length (minutes)", options=sorted({*DURATIONS, s.duration}), key="plan_duration")
    zones_in_team = list(dict.fromkeys([state.viewer_timezone(), *(m.timezone for m in s.team.members), "Etc/UTC"]))
    st.selectbox("Show the day in", zones_in_team, key="plan_reference", format_func=lambda z: z.replace("_", " "))
    st.divider()  # the saved teams follow


# --- the chosen time -------------------------------------------------------------------------------


def _member_line(m: MemberAt) -> str:
    """`🟢 **Lena** · London · Tue 14:00–14:30 · working · 2.5` (compact enough for a phone)."""
    detail = f" ({esc(m.detail)})" if _why(m) else ""
    role = "" if m.required else " · optional"
    return (
        f"{STATUS_ICONS.get(m.status, '')} **{esc(m.name)}** · {esc(m.place)}{role} · "
        f"{m.start:%a %H:%M}–{m.end:%H:%M} · {m.status}{detail} · cost {m.cost:g}"
    )


def _why(m: MemberAt) -> str:
    """` (Eid al-Adha)`: the detail of a status, unless it only repeats the local time."""
    return f" ({m.detail})" if m.detail and m.status not in ("night", "off hours") else ""


def _outside(chosen: ChosenSlot) -> str:
    """`Lon (London) Mon 07:00, off hours (07:00 local)` for each required member outside their hours."""
    return "; ".join(f"{m.name} ({m.place}) {m.start:%a %H:%M}, {m.status}{_why(m)}" for m in chosen.outside_required)


def _outside_note(chosen: ChosenSlot) -> str | None:
    """What an export of a picked slot must say when it is outside someone's hours: the required
    members who are out, each with their local time and why."""
    if not chosen.outside_required:
        return None
    return f"Picked outside the common hours. Required members outside their hours: {_outside(chosen)}."


def _chosen_card(proposal: Proposal, chosen: ChosenSlot, picked: bool, s: state.Settings) -> None:
    """The answer first: the chosen (or best) slot on the viewer's clock, add-to-calendar and a link,
    then every member's local time, status and cost."""
    viewer = state.viewer_timezone()
    plan = proposal.plan
    with st.container(border=True, key="chosen_card"):
        title = "Chosen time" if picked else ("Best slot" if plan.windows else "Nearest miss")
        when = f"{zones.short_local(chosen.start, viewer)}–{zones.wall_clock(chosen.end, viewer):%H:%M}"
        st.markdown(f"**{title}** · {when} ({esc(zones.zone_label(viewer))}) · cost {chosen.cost:g}")
        allowed, reason = _may_book(plan, chosen, picked)
        left, right = st.columns(2)
        left.download_button(
            "Add to calendar (.ics)",
            data=lambda: _chosen_ics(plan, chosen),
            file_name=f"{file_stem(plan.team.name)}-meeting.ics",
            mime="text/calendar",
            icon=":material/event:",
            key="card_ics",
            on_click="ignore",
            type="primary",
            disabled=not allowed,
            help=reason,
            width="stretch",
        )
        with right.popover("Share this time", icon=":material/link:", width="stretch"):
            st.caption("Anyone with this link opens the same team, dates, length and start.")
            st.code(_link(plan, chosen.start), language=None, wrap_lines=True)
        if chosen.window is None and picked:
            st.warning(esc(_outside_note(chosen) or "Outside the common windows."), icon=":material/warning:")
        elif chosen.window is None:
            out = _outside(chosen) or "someone"
            note = f"Not bookable as it is: {esc(out)} outside hours. {esc(reason or '')}"
            st.info(note, icon=":material/event_busy:")
        st.markdown("  \n".join(_member_line(m) for m in chosen.members))


def _may_book(plan: Plan, chosen: ChosenSlot, picked: bool) -> tuple[bool, str | None]:
    """Whether the exports may write the chosen slot, and why not: a slot outside the common windows
    is written only when the lead picked it (nobody should book a meeting nobody agreed to)."""
    if chosen.window is not None or picked:
        return True, None
    return False, (
        f"No common window of {plan.duration} minutes ({plan.explanation or 'see the advisor'}). "
        "Pick a time on the timeline or in the table to book it anyway."
    )


def _chosen_ics(plan: Plan, chosen: ChosenSlot) -> bytes:
    title = f"{plan.team.name}: meeting"
    return export.windows_ics(plan, state.now(), [chosen.as_window()], title=title, note=_outside_note(chosen))


def _link(plan: Plan, at: int | None) -> str:
    link = sharing.encode(plan.team, plan.start, plan.end, plan.duration, at=at)
    base = str(getattr(st.context, "url", "") or "").split("?")[0]
    return f"{base}?" + "&".join(f"{k}={v}" for k, v in link.items())


# --- metrics and the advisor -----------------------------------------------------------------------


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


def _apply(suggestion: Suggestion, team_index: int) -> None:
    """Apply a change to the session's team and range, remembering what it was for Undo."""
    s = state.settings()
    st.session_state.advisor_undo = (s.team, s.start, s.end, suggestion.text)
    state.set_team(suggestion.teams[team_index])
    state.set_range(suggestion.start, suggestion.end)
    st.session_state.plan_dates = (suggestion.start, suggestion.end)


def _undo() -> None:
    undo = st.session_state.pop("advisor_undo", None)
    if undo is None:
        return
    team, start, end, _ = undo
    state.set_team(team)
    state.set_range(start, end)
    st.session_state.plan_dates = (start, end)


def _advisor(proposal: Proposal, reference: str, s: state.Settings) -> None:
    """Facts in words and one-click changes, each with its effect computed before the click."""
    st.subheader("Make it work")
    advice = cache.advice(s.key, proposal, s.start, s.end, s.duration, reference)
    for fact in advice.facts:
        st.markdown(esc(fact))
    for n, suggestion in enumerate(advice.suggestions):
        text, buttons = st.columns([4, 1.4], vertical_alignment="center")
        text.markdown(esc(suggestion.text))
        if suggestion.kind == "rotate":
            # pages are matched by url_path, so this names the app's Series page
            series_page = st.Page(series.render, title="Series", url_path="series")
            buttons.page_link(series_page, label="Plan a series", icon=":material/event_repeat:")
            continue
        labels = ["Plan the west call", "Plan the east call"] if suggestion.kind == "split" else ["Apply"]
        for index, label in enumerate(labels):
            buttons.button(label, key=f"advice_{n}_{index}", on_click=_apply, args=(suggestion, index))


# --- timeline and table ----------------------------------------------------------------------------


def _timeline(proposal: Proposal, reference: str, s: state.Settings, chosen: ChosenSlot) -> None:
    st.subheader("The day on everyone's clock")
    st.caption("Click a cell to pick that start: everyone's local time, status and cost update above.")
    day_options = [s.start + dt.timedelta(n) for n in range((s.end - s.start).days + 1)]
    default_day = zones.wall_clock(chosen.start, reference).date()
    if default_day not in day_options:
        default_day = s.start
    day = st.select_slider(
        "Day", options=day_options, value=default_day, format_func=lambda d: d.strftime("%a %d %b"), key="plan_day"
    )
    figure = cache.timeline(s.key, proposal.plan, s.duration, day, reference, s.start, s.end)
    st.plotly_chart(
        figure,
        config={"displayModeBar": False},
        on_select=_on_timeline_select,
        selection_mode="points",
        key="plan_timeline",
    )


def _slot_rows(plan: Plan, slots: list[Slot], viewer: str, members: list[Member]) -> list[dict[str, object]]:
    """One row per slot: the viewer's time first, then each shown member's compact local time."""
    rows = []
    for n, slot in enumerate(slots, 1):
        row: dict[str, object] = {"#": n, f"You ({zones.zone_label(viewer)})": zones.short_local(slot.start, viewer)}
        for m in members:
            if slot.outside.get(m.name):
                mark = f" ⚠{slot.outside[m.name]}′"
            elif not m.required and not plan.availability[m.name].covers(slot.start, slot.end):
                mark = " ○"
            else:
                mark = ""
            row[m.name] = f"{zones.short_local(slot.start, m.timezone, date=False)}{mark}"
        row["Cost"] = slot.cost
        rows.append(row)
    return rows


def _columns(members: list[Member]) -> dict[str, Any]:
    config: dict[str, Any] = {"#": st.column_config.NumberColumn(width="small")}
    for m in members:
        role = "required" if m.required else "optional"
        config[m.name] = st.column_config.TextColumn(
            width="small",
            help=f"{m.place} ({m.timezone}), {role}. ⚠n′: n minutes outside hours; ○: optional and outside hours.",
        )
    config["Cost"] = st.column_config.NumberColumn(width="small", help="Comfort cost (README: cost model)")
    return config


def _slots(proposal: Proposal, s: state.Settings, chosen: ChosenSlot) -> None:
    """Every window's best start (or the nearest misses), selectable; a start slider inside the
    chosen window."""
    plan, ranked = proposal.plan, list(proposal.slots)
    viewer = state.viewer_timezone()
    st.session_state.plan_table_starts = [slot.start for slot in ranked]
    if proposal.misses:
        st.warning(
            f"No common window of {s.duration} minutes: {esc(plan.explanation or '')}.", icon=":material/event_busy:"
        )
        st.subheader("Nearest misses")
        st.caption("The slots that leave the fewest required members outside their hours. Select one to look at it.")
    else:
        st.subheader(f"Every window, most comfortable first ({len(ranked)})")
        st.caption(
            "Each window's best start, ranked by the comfort cost (README: cost model). Select a row to choose it; "
            "then move the start inside its window below."
        )
    members = _table_members(plan)
    st.dataframe(
        _slot_rows(plan, ranked, viewer, members),
        hide_index=True,
        on_select=_on_table_select,
        selection_mode="single-row",
        key="slots_table",
        column_config=_columns(members),
        width="stretch",
    )
    if chosen.window is not None:
        _start_slider(plan, chosen, viewer)


def _table_members(plan: Plan) -> list[Member]:
    """Every member when the table fits at 1280 px; for a larger team, the ones the lead picks
    (required members first by default). The chosen-time card always shows everyone."""
    members = list(plan.team.members)
    if len(members) <= MAX_TABLE_MEMBERS:
        return members
    names = [m.name for m in members]
    default = [m.name for m in sorted(members, key=lambda m: not m.required)][:MAX_TABLE_MEMBERS]
    picked = st.multiselect(
        "Members in the table",
        names,
        default=default,
        key=f"plan_table_members_{zlib.crc32(chr(0).join(names).encode())}",  # a new team, a new picker
        max_selections=MAX_TABLE_MEMBERS,
    )
    return [m for m in members if m.name in picked]


def _start_slider(plan: Plan, chosen: ChosenSlot, viewer: str) -> None:
    """Any start inside the chosen window (five-minute steps, and the window's own first minute)."""
    window = chosen.window
    assert window is not None
    step = START_STEP_MINUTES * 60
    last = window.end - plan.duration * 60
    first_step = -(-window.start // step) * step
    options = sorted({window.start, chosen.start, *range(first_step, last + 1, step)})
    if len(options) < 2:
        return
    st.session_state.plan_start_slider = chosen.start
    st.select_slider(
        f"Start inside this window ({zones.zone_label(viewer)})",
        options=options,
        format_func=lambda t: zones.short_local(t, viewer),
        key="plan_start_slider",
        on_change=_on_slider,
    )


def _heatmap(plan: Plan, reference: str, s: state.Settings) -> None:
    st.subheader("Who is in, hour by hour")
    shown = plan
    if (s.end - s.start).days + 1 > MAX_HEATMAP_DAYS:
        st.caption(f"Showing the first {MAX_HEATMAP_DAYS} days of the range.")
        shown = plan.first_days(MAX_HEATMAP_DAYS)
    figure = cache.heatmap(s.key, shown, s.duration, reference, shown.start, shown.end)
    st.plotly_chart(figure, config={"displayModeBar": False}, key="heatmap_chart")


# --- exports ---------------------------------------------------------------------------------------


def _exports(plan: Plan, chosen: ChosenSlot, picked: bool) -> None:
    st.subheader("Take the plan away")
    team = plan.team
    slug = file_stem(team.name)
    allowed, reason = _may_book(plan, chosen, picked)
    windows: list[Window] = [chosen.as_window()] if allowed else []
    note = _outside_note(chosen)
    if allowed and note:
        st.warning(
            f"The calendar files book a time outside the common hours. {esc(note or '')}", icon=":material/warning:"
        )
    a, b, c, d, e = st.columns(5)
    a.download_button(
        "Calendar file (.ics, chosen slot)",
        data=lambda: _chosen_ics(plan, chosen),
        file_name=f"{slug}-meeting.ics",
        mime="text/calendar",
        icon=":material/event:",
        key="dl_ics",
        on_click="ignore",
        disabled=not allowed,
        help=reason,
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
        lambda: export.windows_entries(plan, windows, note=note),
        f"{slug}-meeting",
        allowed,
        state.viewer_timezone(),
        reason,
    )
    with d.popover("Share link", icon=":material/link:"):
        st.caption("Anyone with this link opens the same team, dates, length and chosen start.")
        st.code(_link(plan, chosen.start if picked else None), language=None, wrap_lines=True)
    with e.popover("Save plan", icon=":material/bookmark_add:"):
        slots = [{"start": w.start, "end": w.end} for w in windows]
        params: dict[str, Any] = {
            "from": plan.start.isoformat(),
            "to": plan.end.isoformat(),
            "duration": plan.duration,
        }
        base = str(getattr(st.context, "url", "") or "").split("?")[0]
        saved.save_plan_form("windows", params, slots, base)
