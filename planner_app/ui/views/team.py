"""Team: add members by city or time zone, edit their hours and days away, upload or download the team."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner_app import zones
from planner_app.errors import PlannerError
from planner_app.hours import DAYS, describe_day, week_to_text
from planner_app.regions import load_regions
from planner_app.teams import (
    MAX_MEMBERS,
    Member,
    build_team,
    parse_member,
    parse_team_text,
    team_to_json,
    team_to_toml,
)
from planner_app.ui import state
from planner_app.ui.components import esc, file_stem, show_error

COLUMNS = ("name", "region", "timezone", "hours", "weekend", "ramadan_hours", "away", "required")


def member_row(m: Member) -> dict[str, Any]:
    """The editable cells for a member: what they gave; blank means 'from the region profile'."""
    given = m.given
    return {
        "name": m.name,
        "region": m.region or "",
        "timezone": given.get("timezone", "" if m.region else m.timezone),
        "hours": week_to_text(m.hours) if "hours" in given or not m.region else "",
        "weekend": ", ".join(DAYS[d] for d in sorted(m.weekend)) if "weekend" in given else "",
        "ramadan_hours": week_to_text(m.ramadan_hours) if "ramadan_hours" in given and m.ramadan_hours else "",
        "away": "; ".join(str(a) if a == b else f"{a}..{b}" for a, b in m.away),
        "required": m.required,
        # keep fields the editor does not show, so an edit never drops them
        **{k: given[k] for k in ("country", "subdivision", "holiday_categories", "stretch") if k in given},
    }


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if value is None or (isinstance(value, float) and value != value):  # NaN from an empty new row
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        out[key] = value
    return out


def validate_rows(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows that parse, and one message per row that does not (naming the row, member and field)."""
    good, errors = [], []
    for index, row in enumerate(rows, 1):
        cleaned = _clean(row)
        if not cleaned or set(cleaned) == {"required"}:
            continue  # an empty new row
        try:
            parse_member(cleaned, source=f"row {index}", index=index)
            good.append(cleaned)
        except PlannerError as exc:
            errors.append(str(exc))
    return good, errors


def _region_label(region_id: str) -> str:
    if not region_id:
        return "— by time zone —"
    r = load_regions()[region_id]
    local = zones.wall_clock(int(state.now().timestamp()), r.timezone)
    return f"{r.label} · {local:%a %H:%M} now"


def _add_member(team_members: list[Member]) -> None:
    st.subheader("Add a member")
    with st.form("add_member", clear_on_submit=False, border=True):
        c1, c2, c3, c4 = st.columns([1.2, 2.2, 1.8, 0.8])
        name = c1.text_input("Name", max_chars=100, placeholder="e.g. Aisha")
        region_ids = ["", *load_regions().keys()]
        region = c2.selectbox(
            "City (type to search)",
            region_ids,
            format_func=_region_label,
            index=0,
            help="Regions bring time zone, public holidays, weekend, office and Ramadan hours.",
        )
        zone = c3.selectbox(
            "…or time zone",
            ["", *sorted(zones.available_zones())],
            index=0,
            format_func=lambda z: z or "— from the city —",
        )
        required = c4.toggle("Required", value=True)
        submitted = st.form_submit_button("Add member", type="primary", icon=":material/person_add:")
    if submitted:
        fields: dict[str, Any] = {"name": name, "required": required}
        if region:
            fields["region"] = region
        if zone:
            fields["timezone"] = zone
        try:
            if len(team_members) >= MAX_MEMBERS:
                raise PlannerError(f"a team has at most {MAX_MEMBERS} members")
            team = state.settings().team
            new = build_team(team.name, [*(member_row(m) for m in team.members), fields], source="new member")
        except PlannerError as exc:
            show_error(str(exc))
            return
        state.set_team(new)
        st.toast(f"Added {esc(name)}")
        st.rerun()


def _editor(s: state.Settings) -> None:
    st.subheader("Members")
    st.caption(
        "Blank cells come from the member's region profile. Hours like `09:00-13:00, 14:00-18:00 | fri: 09:00-15:00`; "
        "weekend like `fri, sat`; away like `2026-12-24..2027-01-02; 2027-02-10`."
    )
    regions = ["", *load_regions().keys()]
    edited = st.data_editor(
        [member_row(m) for m in s.team.members],
        key=f"team_editor_{s.version}",
        num_rows="dynamic",
        hide_index=True,
        column_order=COLUMNS,
        column_config={
            "name": st.column_config.TextColumn("Name", required=True, max_chars=100),
            "region": st.column_config.SelectboxColumn("Region", options=regions),
            "timezone": st.column_config.TextColumn("Time zone", help="IANA name; overrides the region's"),
            "hours": st.column_config.TextColumn("Hours", width="medium"),
            "weekend": st.column_config.TextColumn("Weekend"),
            "ramadan_hours": st.column_config.TextColumn("Ramadan hours"),
            "away": st.column_config.TextColumn("Away", width="medium"),
            "required": st.column_config.CheckboxColumn("Required", default=True),
        },
    )
    rows = edited.to_dict("records") if hasattr(edited, "to_dict") else list(edited)
    good, errors = validate_rows(rows)
    if errors:
        for message in errors:
            show_error(message)
        st.info("Your edits are kept in the table above; the plan uses the last valid team until they are fixed.")
        return
    try:
        team = build_team(s.team.name, good, source="team table")
    except PlannerError as exc:
        show_error(str(exc))
        return
    if team != s.team:
        state.set_team(team)
        st.rerun()


def _resolved(s: state.Settings) -> None:
    with st.expander("What the planner uses for each member", expanded=False):
        rows = []
        now = state.now()
        for m in s.team.members:
            working = [d for d in range(7) if d not in m.weekend]
            rows.append(
                {
                    "Member": m.name,
                    "Place": m.place,
                    "Time zone": m.timezone,
                    "Local time now": zones.short_local(int(now.timestamp()), m.timezone, date=False),
                    "Holidays": f"{m.country or '—'}{'-' + m.subdivision if m.subdivision else ''}",
                    "Weekend": ", ".join(DAYS[d] for d in sorted(m.weekend)) or "none",
                    "Hours (first working day)": describe_day(m.hours[working[0]]) if working else "—",
                    "Ramadan hours": "yes" if m.ramadan_hours else "no",
                    "Required": m.required,
                }
            )
        st.dataframe(rows, hide_index=True)


def _files(s: state.Settings) -> None:
    st.subheader("Files")
    left, right = st.columns([2, 1])
    with left:
        upload = st.file_uploader(
            "Upload a team file (.toml or .json) or a CSV roster (name, region or timezone, hours, weekend, required)",
            type=["toml", "json", "csv"],
            key=f"upload_{s.version}",
        )
        if upload is not None:
            try:
                text = upload.getvalue().decode("utf-8")
                team = parse_team_text(text, upload.name.rsplit(".", 1)[-1], source=upload.name)
            except UnicodeDecodeError:
                show_error(f"{upload.name}: is not UTF-8 text")
            except PlannerError as exc:
                show_error(str(exc))
            else:
                state.set_team(team)
                st.toast(f"Loaded {esc(team.name)} ({len(team.members)} members)")
                st.rerun()
    with right:
        slug = file_stem(s.team.name)
        st.download_button(
            "Download team (.toml)",
            team_to_toml(s.team),
            f"{slug}.toml",
            "application/toml",
            icon=":material/download:",
            key="team_toml",
            on_click="ignore",
        )
        st.download_button(
            "Download team (.json)",
            team_to_json(s.team),
            f"{slug}.json",
            "application/json",
            icon=":material/data_object:",
            key="team_json",
            on_click="ignore",
        )
        if st.button("Reset to the demo team", icon=":material/restart_alt:"):
            state.set_team(state.demo_team())
            st.rerun()


def render() -> None:
    s = state.settings()
    st.title("Team")
    new_name = st.text_input("Team name", value=s.team.name, max_chars=100, key=f"team_name_{s.version}")
    if new_name.strip() and " ".join(new_name.split()) != s.team.name:
        state.set_team(type(s.team)(" ".join(new_name.split()), s.team.members))
        st.rerun()
    elif not new_name.strip():
        show_error("team: 'name' must not be empty")
    st.caption(f"{len(s.team.members)} members: " + ", ".join(esc(m.name) for m in s.team.members))
    _editor(s)
    _resolved(s)
    _add_member(list(s.team.members))
    _files(s)
