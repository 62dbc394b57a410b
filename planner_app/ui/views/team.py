"""Team: start a new team or edit this one, paste a list of people, add members by city or time zone, edit
their hours and days away, upload or download the team.

The table is a draft kept in the session (`team_draft_*`): it survives a visit to another page, and the
plan follows it whenever it is a valid team. While it is not (a new, empty team; a bad cell), the page
says "Unsaved changes" and the plan keeps the last valid team.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from planner_app import zones
from planner_app.errors import PlannerError
from planner_app.hours import DAYS, describe_day, parse_week, parse_weekend, week_to_text
from planner_app.places import UnknownPlace, parse_pasted, resolve_place
from planner_app.regions import load_regions
from planner_app.teams import (
    MAX_MEMBERS,
    Member,
    Team,
    check_team_rows,
    check_team_text,
    parse_member,
    team_to_json,
    team_to_toml,
)
from planner_app.ui import state
from planner_app.ui.components import esc, file_stem, show_error

# Name and Required first (and pinned), so both stay in view however far the table scrolls.
COLUMNS = ("name", "required", "region", "timezone", "country", "hours", "weekend", "ramadan_hours", "away")
NEW_TEAM_NAME = "New team"
_HIDDEN = ("subdivision", "holiday_categories", "stretch")
# Cells that show the member's defaults (from the region profile or the country); a cell still equal to its
# default is left out of the member's fields, so files keep only what the lead chose.
_DEFAULTED = ("timezone", "country", "hours", "weekend", "ramadan_hours")
# A hidden cell that remembers which cells showed defaults: when the lead changes a member's region, the
# untouched cells follow the new region instead of pinning the old one's zone and hours.
SHOWN_DEFAULTS = "shown_defaults"


def member_row(m: Member) -> dict[str, Any]:
    """The editable cells for a member, every one filled in: what they gave, else the defaults in force
    (the profile's or the country's hours, weekend and Ramadan hours)."""
    given = m.given
    row: dict[str, Any] = {
        "name": m.name,
        "required": m.required,
        "region": m.region or "",
        "timezone": m.timezone,
        "country": m.country or "",
        "hours": week_to_text(m.hours),
        "weekend": ", ".join(DAYS[d] for d in sorted(m.weekend)),
        "ramadan_hours": week_to_text(m.ramadan_hours) if m.ramadan_hours else "",
        "away": "; ".join(str(a) if a == b else f"{a}..{b}" for a, b in m.away),
        # keep fields the editor does not show, so an edit never drops them
        **{k: given[k] for k in _HIDDEN if k in given},
    }
    row[SHOWN_DEFAULTS] = json.dumps({k: row[k] for k in _DEFAULTED if k not in given and row[k] != ""})
    return row


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


def _same(key: str, text: object, default: Member) -> bool:
    """Whether a cell says what the member would get without it."""
    try:
        if key in ("hours", "ramadan_hours"):
            return bool(parse_week(text) == getattr(default, key))
        if key == "weekend":
            return parse_weekend(text) == default.weekend
        value = default.timezone if key == "timezone" else default.country
        return str(text).strip().casefold() == (value or "").casefold()
    except (ValueError, TypeError):
        return False


def without_defaults(row: dict[str, Any]) -> dict[str, Any]:
    """The row minus the cells that only repeat its defaults (a region's zone, its hours...), and minus
    the cells still showing the defaults they were drawn with."""
    shown = _shown(row.pop(SHOWN_DEFAULTS, None))
    row = {k: v for k, v in row.items() if not (k in shown and shown[k] == v)}
    placed = "region" in row or "country" in row
    droppable = [k for k in _DEFAULTED if k in row and (placed or k != "timezone")]
    if "region" not in row:
        droppable = [k for k in droppable if k != "country"]
    if not droppable:
        return row
    try:
        default = parse_member({k: v for k, v in row.items() if k not in droppable}, source="row")
    except PlannerError:
        return row  # the full row's own check names the problem
    return {k: v for k, v in row.items() if k not in droppable or not _same(k, v, default)}


def _shown(text: object) -> dict[str, str]:
    try:
        data = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def draft_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's non-empty rows, cleaned, with cells that repeat a default left out."""
    out = []
    for row in rows:
        cleaned = _clean(row)
        if not cleaned or set(cleaned) <= {"required", SHOWN_DEFAULTS}:
            continue  # an empty new row
        out.append(without_defaults(cleaned))
    return out


def validate_rows(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows that parse, and one message per row that does not (naming the row, member and field)."""
    good, errors = [], []
    for index, cleaned in enumerate(draft_rows(rows), 1):
        try:
            parse_member(cleaned, source=f"row {index}", index=index)
            good.append(cleaned)
        except PlannerError as exc:
            errors.append(str(exc))
    return good, errors


# --- the draft: the table as the lead left it, kept across pages ------------------------------------------


def _reset_draft(team: Team, version: int) -> None:
    ss = st.session_state
    ss.team_draft_name = team.name
    ss.team_draft_rows = [member_row(m) for m in team.members]
    ss.team_draft_for = version
    _new_table(ss.team_draft_rows)


def _new_table(rows: list[dict[str, Any]]) -> None:
    """Show `rows` in a fresh editor (a new key: the old one's pending edits are already in the rows)."""
    ss = st.session_state
    ss.team_draft_base = [dict(r) for r in rows]
    ss.team_draft_key = ss.get("team_draft_key", 0) + 1


def _draft(s: state.Settings) -> None:
    """The draft for this team: kept while it is ours, started afresh when the team changed elsewhere (a
    saved team loaded, a link opened)."""
    ss = st.session_state
    if "team_draft_rows" not in ss or ss.team_draft_for != s.version:
        _reset_draft(s.team, s.version)
    elif f"team_editor_{ss.team_draft_key}" not in ss:
        # back from another page: the editor's own state is gone, so it starts from the kept rows
        _new_table(ss.team_draft_rows)


def _apply(team: Team) -> None:
    """Make `team` the one the plan uses, keeping the draft (it now matches)."""
    state.set_team(team)
    st.session_state.team_draft_for = st.session_state.version


def unsaved(s: state.Settings) -> bool:
    """Whether the table differs from the team the plan uses."""
    ss = st.session_state
    if ss.get("team_draft_for") != s.version:
        return False
    mine = draft_rows(ss.get("team_draft_rows", []))
    theirs = draft_rows([member_row(m) for m in s.team.members])
    return ss.get("team_draft_name", s.team.name) != s.team.name or mine != theirs


# --- the page ------------------------------------------------------------------------------------------


def _region_label(region_id: str) -> str:
    if not region_id:
        return "— by time zone —"
    r = load_regions()[region_id]
    local = zones.wall_clock(int(state.now().timestamp()), r.timezone)
    return f"{r.label} · {local:%a %H:%M} now"


def _filled(row: dict[str, Any]) -> dict[str, Any]:
    """A new member's row with every cell shown (their defaults), when the row is a valid member."""
    try:
        return member_row(parse_member(row, source="new member"))
    except PlannerError:
        return row


def _append(rows: list[dict[str, Any]]) -> None:
    ss = st.session_state
    ss.team_draft_rows = [*ss.team_draft_rows, *(_filled(r) for r in rows)]
    _new_table(ss.team_draft_rows)


def _start(team_name: str) -> None:
    ss = st.session_state
    ss.team_draft_name = team_name
    ss.team_draft_rows = []
    _new_table([])


def _new_and_paste() -> None:
    left, right = st.columns([1, 3])
    if left.button("New team", icon=":material/group_add:", help="Start from an empty table"):
        _start(NEW_TEAM_NAME)
        st.rerun()
    with right.expander("Paste a list of people", icon=":material/content_paste:"):
        st.caption(
            "One person a line: a name, then a city, an IANA zone or a Windows zone name, optionally "
            "`optional`. For example `Ana, Madrid`, `Ravi, Asia/Kolkata`, `Sam, New York, optional`."
        )
        text = st.text_area("People", key="team_paste", height=140, placeholder="Ana, Madrid\nRavi, Asia/Kolkata")
        if st.button("Add these people", icon=":material/playlist_add:", key="team_paste_add"):
            pasted = parse_pasted(text)
            for message in pasted.errors:
                show_error(message)
            if pasted.rows:
                _append(list(pasted.rows))
                st.session_state.team_pasted = len(pasted.rows)
                if not pasted.errors:
                    st.rerun()


def _add_member() -> None:
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
        place = c3.text_input(
            "…or any city or time zone",
            max_chars=100,
            placeholder="e.g. Porto Velho, Asia/Kolkata",
            help="Any city with its own IANA time zone (the country's holidays and weekend apply), an IANA "
            "zone name, or a Windows zone name.",
        )
        required = c4.toggle("Required", value=True)
        submitted = st.form_submit_button("Add member", type="primary", icon=":material/person_add:")
    if submitted:
        fields: dict[str, Any] = {"name": name, "required": required}
        try:
            if region:
                fields["region"] = region
            elif place.strip():
                fields.update(resolve_place(place).fields())
            if len(st.session_state.team_draft_rows) >= MAX_MEMBERS:
                raise PlannerError(f"a team has at most {MAX_MEMBERS} members")
            parse_member(fields, source="new member")
        except PlannerError as exc:
            show_error(f"new member: 'place' {exc}" if isinstance(exc, UnknownPlace) else str(exc))
            return
        _append([fields])
        st.toast(f"Added {esc(name)}")
        st.rerun()


def _editor(s: state.Settings) -> None:
    ss = st.session_state
    st.subheader("Members")
    st.caption(
        "Each cell shows what the planner uses: the region profile's or the country's defaults unless you "
        "change them. Hours like `09:00-13:00, 14:00-18:00 | fri: 09:00-15:00`; weekend like `fri, sat`; "
        "away like `2026-12-24..2027-01-02; 2027-02-10`."
    )
    regions = ["", *load_regions().keys()]
    edited = st.data_editor(
        ss.team_draft_base,
        key=f"team_editor_{ss.team_draft_key}",
        num_rows="dynamic",
        hide_index=True,
        column_order=COLUMNS,
        column_config={
            "name": st.column_config.TextColumn("Name", required=True, max_chars=100, pinned=True),
            "required": st.column_config.CheckboxColumn("Required", default=True, pinned=True),
            "region": st.column_config.SelectboxColumn("Region", options=regions),
            "timezone": st.column_config.TextColumn("Time zone", help="IANA name; overrides the region's"),
            "country": st.column_config.TextColumn("Country", help="ISO code for public holidays, like ES"),
            "hours": st.column_config.TextColumn("Hours", width="medium"),
            "weekend": st.column_config.TextColumn("Weekend"),
            "ramadan_hours": st.column_config.TextColumn("Ramadan hours"),
            "away": st.column_config.TextColumn("Away", width="medium"),
        },
    )
    rows = edited.to_dict("records") if hasattr(edited, "to_dict") else [dict(r) for r in edited]
    ss.team_draft_rows = rows


def _sync(s: state.Settings) -> state.Settings:
    """Apply the draft when it is a valid team; else list every problem under an "Unsaved changes" marker."""
    ss = st.session_state
    rows = draft_rows(ss.team_draft_rows)
    check = check_team_rows(
        ss.team_draft_name, [(f"row {n}", r) for n, r in enumerate(rows, 1)], source="team table", team_id=s.team.id
    )
    if check.team is not None and check.team != s.team:
        _apply(check.team)
        return state.settings()
    if check.team is None and unsaved(s):
        st.warning(
            "**Unsaved changes** — the plan keeps using the last valid team until these are fixed "
            "(or discarded). They stay here while you visit other pages.",
            icon=":material/edit_note:",
        )
        for message in check.errors:
            show_error(message if rows or "at least one" not in message else "Add a member to start the team.")
        if st.button("Discard changes", icon=":material/undo:", key="team_discard"):
            _reset_draft(s.team, s.version)
            st.rerun()
    return s


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


def _upload(s: state.Settings) -> None:
    upload = st.file_uploader(
        "Upload a team file (.toml or .json) or a CSV roster (name, region or timezone, hours, weekend, required)",
        type=["toml", "json", "csv"],
        key=f"upload_{s.version}",
    )
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        show_error(f"{upload.name}: is not UTF-8 text")
        return
    check = check_team_text(text, upload.name.rsplit(".", 1)[-1], source=upload.name)
    if check.team is None:
        st.caption(f"{len(check.errors)} problem{'s' if len(check.errors) != 1 else ''}; the team is unchanged.")
        for message in check.errors:
            show_error(message)
        return
    state.set_team(check.team)
    st.toast(f"Loaded {esc(check.team.name)} ({len(check.team.members)} members)")
    st.rerun()


def _files(s: state.Settings) -> None:
    st.subheader("Files")
    left, right = st.columns([2, 1])
    with left:
        _upload(s)
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
    _draft(s)
    ss = st.session_state
    st.title("Team")
    new_name = st.text_input("Team name", value=ss.team_draft_name, max_chars=100, key=f"team_name_{ss.team_draft_key}")
    if new_name.strip():
        ss.team_draft_name = " ".join(new_name.split())
    else:
        show_error("team: 'name' must not be empty")
    _new_and_paste()
    if ss.pop("team_pasted", 0):
        st.success("Added the pasted people to the table.", icon=":material/check:")
    _editor(s)
    s = _sync(s)
    members = list(s.team.members)
    st.caption(f"{len(members)} members: " + ", ".join(esc(m.name) for m in members))
    _resolved(s)
    _add_member()
    _files(s)
