"""The `planner` command: argument parsing and printing only; the work is done by the core modules.

Exit status: 0 on success (zero windows is a valid answer), 2 on bad input with one line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from planner_app.errors import EmptyCalendar, InstallationError, PlannerError
from planner_app.teams import Team

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads only for the commands that use it
    from planner_app.export import CalendarEntry
    from planner_app.regions import RegionSummary
    from planner_app.series import Series
    from planner_app.store import Store
    from planner_app.windows import Plan, Window

FORMATS_WINDOWS = ("table", "json", "csv", "ics", "google-csv", "outlook-csv")
FORMATS_CALENDAR = ("table", "json", "csv", "ics", "google-csv", "outlook-csv")
# what a command gives: text, bytes, or a writer that streams a large document to a file object
Output = str | bytes | Callable[[TextIO], None]
TEAM_MISSING = "give either a team file or --team NAME (a saved team)"
VIEWER_HELP = "google-csv, outlook-csv: the zone of the calendar the file is imported into (IANA name)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other input error
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


class ArgumentsError(PlannerError):
    """Arguments the parser refused; the message is the command line's, without its program prefix."""


class _RaisingParser(_Parser):
    """The same parser for callers that are not a terminal (the read API): refuses by raising."""

    def error(self, message: str) -> NoReturn:
        raise ArgumentsError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (use YYYY-MM-DD)") from None


def _minutes(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of minutes {text!r}") from None


def _version(text: str) -> int:
    from planner_app.store import MAX_VERSION  # loaded only when a store command parses a version

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_VERSION:
        raise argparse.ArgumentTypeError(f"invalid version {text[:40]!r} (a whole number from 1; see history)")
    return value


def _clock(text: str) -> int:
    try:
        hours, minutes = text.split(":")
        value = int(hours) * 60 + int(minutes)
        if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
            raise ValueError
        return value
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid time {text!r} (use HH:MM)") from None


def _team_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("team", nargs="?", default=None, help="team file (.toml, .json or .csv roster)")
    parser.add_argument(
        "--team", dest="saved_team", default=None, metavar="NAME", help="a saved team instead of a file"
    )
    parser.add_argument("--db", default=None, metavar="URL", help="database URL (default: $DATABASE_URL, else SQLite)")


def _load_team(args: argparse.Namespace) -> Team:
    if (args.team is None) == (args.saved_team is None):
        raise PlannerError(TEAM_MISSING)
    if args.saved_team is not None:
        from planner_app.store import Store

        return Store(args.db).get_team(args.saved_team).team
    from planner_app.teams import load_team

    return load_team(args.team)


def _horizon_notes(team: Team, start: dt.date, end: dt.date) -> None:
    """Say on stderr where a member's holiday data ends inside the plan (one line each)."""
    from planner_app.horizon import holiday_horizon_notices

    for line in holiday_horizon_notices(team, start, end):
        print(f"planner: note: {line}", file=sys.stderr)


def _program_version() -> str:
    """`planner 0.1.0 (tzdata 2026c)`: the installed package's version and the zone rules it reads."""
    from importlib.metadata import PackageNotFoundError, version

    from planner_app import __version__, zones

    try:
        number = version("culture-planner")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = __version__
    return f"planner {number} (tzdata {zones.TZDATA_VERSION})"


class _VersionAction(argparse.Action):
    """`--version`: the version is looked up only when asked for (reading the installed package's
    metadata costs a cold command a tenth of a second)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(_program_version())
        parser.exit()


def build_parser(*, raising: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; `raising=True`: one that raises `ArgumentsError` instead of exiting."""
    parser_class = _RaisingParser if raising else _Parser
    parser = parser_class(prog="planner", description="Culture-aware meeting planner.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=parser_class)

    _add_windows(sub)
    _add_series(sub)
    _add_calendar(sub)

    t = sub.add_parser("teams", help="saved teams: list, show, import, export, history, restore")
    t.add_argument("--db", default=None, metavar="URL", help="database URL (default: $DATABASE_URL, else SQLite)")
    tsub = t.add_subparsers(dest="action", required=True, parser_class=parser_class)
    tsub.add_parser("list", help="every saved team")
    show = tsub.add_parser("show", help="a saved team's members")
    show.add_argument("name")
    imp = tsub.add_parser("import", help="save a team file (a new team, or a new version of one)")
    imp.add_argument("file")
    imp.add_argument("--name", default=None, help="save under this name (default: the file's team name)")
    exp = tsub.add_parser("export", help="print a saved team as a team file")
    exp.add_argument("name")
    exp.add_argument("--format", choices=("toml", "json"), default="toml")
    exp.add_argument("--version", type=_version, default=None, help="an earlier version (see history)")
    hist = tsub.add_parser("history", help="every saved version of a team")
    hist.add_argument("name")
    res = tsub.add_parser("restore", help="make an earlier version the newest")
    res.add_argument("name")
    res.add_argument("version", type=_version)

    r = sub.add_parser("regions", help="list the region profiles")
    r.add_argument("--format", choices=("table", "json"), default="table")
    r.add_argument("--search", default="", help="only regions matching these words")

    _protocol_parsers(sub)

    one = sub.add_parser("region", help="the onboarding briefing for one region")
    one.add_argument("id", help="region id, e.g. sa-riyadh")
    one.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    one.add_argument("--viewer-timezone", default=None, help="show the offset to this IANA zone")
    return parser


def _add_windows(sub: Any) -> None:
    w = sub.add_parser("windows", help="common meeting windows of a team")
    _team_source(w)
    w.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    w.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    w.add_argument("--duration", type=_minutes, default=30, metavar="MIN", help="minimum length (default 30)")
    w.add_argument("--format", choices=FORMATS_WINDOWS, default="table")
    w.add_argument("--viewer-timezone", default=None, metavar="ZONE", help=VIEWER_HELP)
    w.add_argument("--rank", action="store_true", help="table: list the most comfortable slots first")
    w.add_argument(
        "--slots", type=_minutes, default=None, metavar="N", help="ics: the N most comfortable slots as meetings"
    )


def _add_series(sub: Any) -> None:
    se = sub.add_parser("series", help="a recurring meeting: fixed time or fair rotation, with DST drift")
    _team_source(se)
    se.add_argument("--start", type=_date, required=True, metavar="DATE", help="first meeting date (anchor's calendar)")
    se.add_argument("--count", type=_minutes, required=True, metavar="N", help="number of meetings")
    se.add_argument("--cadence", choices=("weekly", "biweekly", "monthly"), default="weekly")
    se.add_argument("--duration", type=_minutes, default=30, metavar="MIN")
    se.add_argument(
        "--anchor",
        default=None,
        metavar="MEMBER|utc",
        help="whose clock holds the time: a member's name, 'utc', or member:NAME for a member named like 'utc' "
        "(default: first required)",
    )
    se.add_argument("--mode", choices=("fixed", "rotate"), default="fixed")
    se.add_argument(
        "--time", type=_clock, default=None, metavar="HH:MM", help="fixed: the anchor's local time (default: best)"
    )
    se.add_argument("--format", choices=FORMATS_WINDOWS, default="table")
    se.add_argument("--viewer-timezone", default=None, metavar="ZONE", help=VIEWER_HELP)


def _add_calendar(sub: Any) -> None:
    c = sub.add_parser("calendar", help="each member's status for each date")
    _team_source(c)
    c.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    c.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    c.add_argument("--format", choices=FORMATS_CALENDAR, default="table")
    c.add_argument("--viewer-timezone", default=None, metavar="ZONE", help=VIEWER_HELP)


def _protocol_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    pr = sub.add_parser("protocol", help="a partnership's shared hours, dips, handoffs, focus day and core window")
    _team_source(pr)
    pr.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    pr.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    pr.add_argument("--format", choices=("table", "json", "markdown", "csv"), default="table")
    rb = sub.add_parser("reply-by", help="when an answer is due, in the recipient's working minutes")
    _team_source(rb)
    rb.add_argument("--sender", required=True, metavar="NAME")
    rb.add_argument("--recipient", required=True, metavar="NAME")
    rb.add_argument("--sent", required=True, metavar="YYYY-MM-DDTHH:MM", help="the sender's local time")
    rb.add_argument("--within", type=_minutes, required=True, metavar="MINUTES", help="the recipient's working minutes")
    rb.add_argument("--format", choices=("text", "json"), default="text")


def _protocol(args: argparse.Namespace) -> str:
    from planner_app import protocol_report as report
    from planner_app.protocol import protocol_for

    p = protocol_for(_load_team(args), args.start, args.end)
    render = {"json": report.protocol_json, "markdown": report.protocol_markdown, "csv": report.protocol_csv}
    return render.get(args.format, report.protocol_table)(p)


def _reply_by(args: argparse.Namespace) -> str:
    from planner_app import reply_report as report
    from planner_app.reply import reply_by

    r = reply_by(_load_team(args), args.sender, args.recipient, args.sent, args.within)
    return report.reply_json(r) if args.format == "json" else report.reply_text(r)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- the JSON documents: one function per command, shared by `--format json` and the read API --------


def windows_json(args: argparse.Namespace, team: Team) -> Callable[[TextIO], None]:
    """The windows document of `team` for the parsed arguments, as a writer (a long plan is streamed)."""
    from planner_app import export

    return functools.partial(export.write_plan_json, _plan(args, team))


def series_json(args: argparse.Namespace, team: Team) -> str:
    """The series document of `team` for the parsed arguments."""
    from planner_app import export

    return export.series_json(_plan_series(args, team))


def calendar_json(args: argparse.Namespace, team: Team) -> Callable[[TextIO], None]:
    """The calendar document (each member's status per date) of `team`, as a writer."""
    from planner_app import export
    from planner_app.calendars import check_range

    check_range(args.start, args.end)
    return functools.partial(export.write_calendar_json, team, args.start, args.end)


def regions_json(args: argparse.Namespace) -> str:
    """The regions document: the region profiles matching `--search`."""
    from planner_app.export import dump_json, regions_to_data

    return dump_json(regions_to_data(_matching_regions(args)[0]))


# a team's JSON document per command, from the parsed arguments and the team (`regions_json` needs no team)
TEAM_DOCUMENTS: dict[str, Callable[[argparse.Namespace, Team], str | Callable[[TextIO], None]]] = {
    "windows": windows_json,
    "series": series_json,
    "calendar": calendar_json,
}


def _plan(args: argparse.Namespace, team: Team) -> Plan:
    from planner_app.windows import windows_for

    return windows_for(team, args.start, args.end, args.duration)


def _plan_series(args: argparse.Namespace, team: Team) -> Series:
    from planner_app.series import plan_series

    return plan_series(
        team, args.start, args.count, args.cadence, args.duration, anchor=args.anchor, mode=args.mode, time=args.time
    )


def _matching_regions(args: argparse.Namespace) -> tuple[list[RegionSummary], list[str]]:
    from planner_app.regions import region_index

    summaries, problems = region_index()
    words = (args.search or "").lower().split()
    return [r for r in summaries if r.matches(words)], list(problems)


def _windows(args: argparse.Namespace) -> Output:
    from planner_app import export

    team = _load_team(args)
    if args.format == "json":
        writer = windows_json(args, team)
        _horizon_notes(team, args.start, args.end)
        return writer
    plan = _plan(args, team)
    _horizon_notes(team, args.start, args.end)
    if args.format == "csv":
        return functools.partial(export.write_plan_csv, plan)
    if args.format == "ics":
        return _windows_ics(args, plan)
    if args.format.endswith("-csv"):
        windows = None if args.slots is None else _slot_windows(args, plan)
        return _calendar_app_csv(args, export.windows_entries(plan, windows))
    if args.rank and plan.windows:
        from planner_app.ranking import best_slots

        lines = [f"{team.name}: the most comfortable {plan.duration}-minute slots, best first", ""]
        for n, slot in enumerate(best_slots(plan), 1):
            lines.append(f"{n:>2}. {export.utc_iso(slot.start)}  cost {slot.cost:g}")
            for m in team.members:
                lines.append(f"      {m.name}: {export.describe_local(slot.start, slot.end, m)}")
        return "\n".join(lines) + "\n"
    return export.plan_table(plan, limit=50)


def _windows_ics(args: argparse.Namespace, plan: Plan) -> bytes:
    """Free "available" blocks, or with --slots N the N best slots as meetings, like the app."""
    from planner_app import export

    if args.slots is None:
        return export.availability_ics(plan, _now())
    return export.windows_ics(plan, _now(), _slot_windows(args, plan), title=f"{plan.team.name}: meeting")


def _slot_windows(args: argparse.Namespace, plan: Plan) -> list[Window]:
    """The --slots N most comfortable slots (ranking.best_slots), as meetings."""
    from planner_app import export
    from planner_app.ranking import best_slots

    if args.slots < 1:
        raise PlannerError(f"--slots must be a whole number of at least 1 (got {args.slots})")
    return export.slot_windows(plan, best_slots(plan, limit=args.slots) if plan.windows else [])


def _calendar_app_csv(args: argparse.Namespace, entries: list[CalendarEntry]) -> bytes:
    from planner_app import export

    app = args.format.removesuffix("-csv")
    if args.viewer_timezone is None:
        raise PlannerError(
            f"--format {args.format} needs --viewer-timezone ZONE (the zone of the calendar imported into)"
        )
    return export.calendar_app_csv(entries, app, args.viewer_timezone)


def _saved_version(args: argparse.Namespace) -> int | None:
    """The saved team's version (an ICS SEQUENCE that rises when the team changes), None for a file."""
    if args.saved_team is None:
        return None
    from planner_app.store import Store

    return Store(args.db).get_team(args.saved_team).version


def _series(args: argparse.Namespace) -> str | bytes:
    from planner_app import export

    team = _load_team(args)
    s = _plan_series(args, team)
    _horizon_notes(team, args.start, max((o.date for o in s.occurrences), default=args.start))
    if args.format == "json":
        return export.series_json(s)
    if args.format == "csv":
        return export.series_csv(s)
    if args.format == "ics":
        return export.series_ics(s, _now(), sequence=_saved_version(args))
    if args.format.endswith("-csv"):
        return _calendar_app_csv(args, export.series_entries(s))
    return export.series_table(s)


def _calendar(args: argparse.Namespace) -> Output:
    from planner_app import export
    from planner_app.calendars import check_range

    team = _load_team(args)
    check_range(args.start, args.end)
    _horizon_notes(team, args.start, args.end)
    if args.format == "json":
        return calendar_json(args, team)
    if args.format == "csv":
        return functools.partial(export.write_calendar_csv, team, args.start, args.end)
    if args.format == "ics":
        return export.calendar_ics(team, args.start, args.end, _now(), sequence=_saved_version(args))
    if args.format.endswith("-csv"):
        return _calendar_app_csv(args, export.calendar_entries(team, args.start, args.end))
    return export.calendar_table(team, args.start, args.end)


def _teams(args: argparse.Namespace) -> str:
    from planner_app.store import Store

    store = Store(args.db)
    return _TEAM_ACTIONS[args.action](store, args)


def _teams_list(store: Store, _args: argparse.Namespace) -> str:
    rows = store.list_teams(check=True)  # a damaged team is listed as such, never a traceback
    lines = [f"{'team':<40} {'version':>7} {'members':>7}  updated (UTC)"]
    lines += [
        f"{r.name:<40} {r.version:>7} {'damaged' if r.damaged else r.members:>7}  {r.updated_at:%Y-%m-%d %H:%M}"
        for r in rows
    ]
    lines.append(f"{len(rows)} saved team{'s' if len(rows) != 1 else ''} in {store.safe_url}")
    lines += [f"damaged: {r.damaged}" for r in rows if r.damaged]
    return "\n".join(lines) + "\n"


def _teams_show(store: Store, args: argparse.Namespace) -> str:
    saved = store.get_team(args.name)
    lines = [f"{saved.team.name} (version {saved.version}, saved {saved.updated_at:%Y-%m-%d %H:%M} UTC)"]
    for m in saved.team.members:
        role = "required" if m.required else "optional"
        lines.append(f"  {m.name:<24} {m.place:<20} {m.timezone:<30} {role}")
    return "\n".join(lines) + "\n"


def _teams_import(store: Store, args: argparse.Namespace) -> str:
    from planner_app.store import TeamNotFound
    from planner_app.teams import load_team

    team = load_team(args.file)
    if args.name:
        team = Team(" ".join(args.name.split()), team.members)
    try:
        current = store.get_team(team.name)
    except TeamNotFound:
        saved = store.create_team(team, action="import")
        return f"saved {team.name!r} as a new team (version {saved.version}, {len(team.members)} members)\n"
    saved = store.save_team(current.id, team, current.version, action="import")
    return f"saved {team.name!r} as version {saved.version} ({len(team.members)} members)\n"


def _teams_export(store: Store, args: argparse.Namespace) -> str:
    from planner_app.teams import team_to_json, team_to_toml

    team = store.team_at(args.name, args.version) if args.version is not None else store.get_team(args.name).team
    return team_to_json(team) if args.format == "json" else team_to_toml(team)


def _teams_history(store: Store, args: argparse.Namespace) -> str:
    lines = [f"{'version':>7}  {'saved (UTC)':<16}  {'action':<12} {'members':>7}  name"]
    lines += [
        f"{h.version:>7}  {h.saved_at:%Y-%m-%d %H:%M}  {h.action:<12} {_count(h.members):>7}  {h.name}"
        for h in store.history(args.name)
    ]
    return "\n".join(lines) + "\n"


def _count(members: int | None) -> str:
    return "damaged" if members is None else str(members)


def _teams_restore(store: Store, args: argparse.Namespace) -> str:
    current = store.get_team(args.name)
    saved = store.restore(current.id, args.version, current.version)
    return f"restored {args.name!r} to the content of version {args.version}, saved as version {saved.version}\n"


_TEAM_ACTIONS: dict[str, Callable[[Store, argparse.Namespace], str]] = {
    "list": _teams_list,
    "show": _teams_show,
    "import": _teams_import,
    "export": _teams_export,
    "history": _teams_history,
    "restore": _teams_restore,
}


def _regions(args: argparse.Namespace) -> str:
    regions, problems = _matching_regions(args)
    for problem in problems:  # one broken profile is reported; the others are still listed
        print(f"planner: skipped a broken profile: {problem}", file=sys.stderr)
    if args.format == "json":
        return regions_json(args)
    lines = [f"{'id':<24} {'city':<20} {'zone':<32} {'weekend':<9} typical hours"]
    for r in regions:
        ramadan = "  (Ramadan hours)" if r.ramadan_hours else ""
        lines.append(f"{r.id:<24} {r.name:<20} {r.timezone:<32} {'+'.join(r.weekend):<9} {r.typical_hours}{ramadan}")
    lines.append(f"{len(regions)} region{'s' if len(regions) != 1 else ''}")
    return "\n".join(lines) + "\n"


def _region(args: argparse.Namespace) -> str:
    from planner_app import zones
    from planner_app.briefing import briefing, briefing_markdown, briefing_text
    from planner_app.regions import get_region

    region = get_region(args.id)
    if args.viewer_timezone:
        zones.zone(args.viewer_timezone)
    b = briefing(region, _now())
    if args.format == "json":
        from planner_app.export import briefing_to_data, dump_json

        return dump_json(briefing_to_data(b, args.viewer_timezone))
    return briefing_markdown(b) if args.format == "markdown" else briefing_text(b, args.viewer_timezone)


COMMANDS = {
    "windows": _windows,
    "series": _series,
    "calendar": _calendar,
    "teams": _teams,
    "regions": _regions,
    "region": _region,
    "protocol": _protocol,
    "reply-by": _reply_by,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        output = COMMANDS[args.command](args)
    except EmptyCalendar as exc:  # RFC 5545 forbids an empty calendar: nothing written, and why
        print(f"planner: {exc}", file=sys.stderr)
        return 0
    except PlannerError as exc:
        print(f"planner: {with_flag(exc)}", file=sys.stderr)
        return 2
    except InstallationError as exc:  # ours, not the user's: a different status, and who can fix it
        print(f"planner: installation problem: {exc}", file=sys.stderr)
        return 1
    try:
        _write(output)
    except PlannerError as exc:  # raised while a streamed document was being made
        print(f"planner: {with_flag(exc)}", file=sys.stderr)
        return 2
    except InstallationError as exc:
        print(f"planner: installation problem: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `planner ... | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 0
    return 0


# The core names the argument at fault; the command line says which of its flags that is.
FLAGS = {
    "start": "--from",
    "end": "--to",
    "duration": "--duration",
    "count": "--count",
    "cadence": "--cadence",
    "anchor": "--anchor",
    "mode": "--mode",
    "time": "--time",
}


def with_flag(exc: PlannerError) -> str:
    """The one-line message of an input error as the command line prints it: the flag at fault first."""
    flag = FLAGS.get(exc.field or "")
    return f"{flag}: {exc}" if flag else str(exc)


def _write(output: Output) -> None:
    """Write a command's output to stdout: bytes, text, or a writer that streams a large document."""
    if isinstance(output, bytes):
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    elif callable(output):  # a large JSON or CSV document, written as it is made
        output(sys.stdout)
    else:
        sys.stdout.write(output)
    sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
