"""Benchmark of the window engine: warm engine, cold `planner windows` CLI, and a numpy minute-grid cross-check.

Run from the project root:  .venv/bin/python benchmarks/engine.py  [--reps 20] [--cli-runs 5] [--no-cli]

Prints figures (it is not a test): a generated 100-member / 20-country team planned over 2026 with
30-minute windows. The minute grid recomputes the same windows a second, naive way; the script
asserts they match the engine's exactly (start and end of every window, and the optional attendees),
and checks the engine's local->UTC conversion against an independent per-date `zoneinfo` conversion.
Results also go to benchmarks/results/engine.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner_app import zones  # noqa: E402  (pins zoneinfo to the tzdata package, as the app does)
from planner_app.availability import Availability, team_availability  # noqa: E402
from planner_app.calendars import DayKind, day_table  # noqa: E402
from planner_app.hours import MINUTES_PER_DAY, Span, parse_week, week_to_data  # noqa: E402
from planner_app.regions import get_region  # noqa: E402
from planner_app.teams import build_team, load_team, team_to_toml  # noqa: E402
from planner_app.windows import common_intervals, plan_from_availability, windows_for  # noqa: E402

SEED = 20260101
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
DURATION = 30
N_MEMBERS = 100
TARGET_WARM_MS = 50.0
TARGET_CLI_S = 1.0
TARGET_SPEEDUP = 5.0

# 20 profiles from 20 countries: Fri-Sat weekends (SA EG BD IL), Fri-only (IR), Sat-only (NP), Ramadan hours
# (SA EG BD AE MA PK), southern-hemisphere DST (AU CL), half/quarter-hour zones (IN +5:30, NP +5:45, IR +3:30),
# Morocco's Ramadan clock change, Egypt's and Israel's own DST rules, US/EU DST on different dates.
REGION_IDS = (
    "sa-riyadh",
    "eg-cairo",
    "bd-dhaka",
    "il-tel-aviv",
    "ae-dubai",
    "ma-casablanca",
    "pk-karachi",
    "ir-tehran",
    "au-sydney",
    "in-bengaluru",
    "np-kathmandu",
    "gb-london",
    "de-berlin",
    "us-new-york",
    "br-sao-paulo",
    "jp-tokyo",
    "sg-singapore",
    "za-johannesburg",
    "cl-santiago",
    "fr-paris",
)
# The team's agreed core band in UTC minutes: members whose office hours never touch it get an override
# that extends their day to cover it (an evening slot in Tokyo/Sydney, an early start in New York...).
CORE = (11 * 60 + 30, 13 * 60)
BAND = (11 * 60, 14 * 60)


# -- team generation ------------------------------------------------------------------------------


def _offset_minutes(timezone: str, day: dt.date) -> int:
    local = dt.datetime(day.year, day.month, day.day, 12, tzinfo=zones.zone(timezone))
    offset = local.utcoffset()
    assert offset is not None
    return int(offset.total_seconds()) // 60


def _season_offsets(timezone: str) -> tuple[int, int]:
    jan, jul = _offset_minutes(timezone, dt.date(2026, 1, 15)), _offset_minutes(timezone, dt.date(2026, 7, 15))
    return min(jan, jul), max(jan, jul)


def _touches(spans: tuple[Span, ...], offset: int, band: tuple[int, int]) -> bool:
    return any(s.start - offset < band[1] and s.end - offset > band[0] for s in spans)


def _merge_day(spans: list[tuple[int, int]]) -> list[str]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [str(Span(s, e)) for s, e in merged]


def _extended(week: tuple[tuple[Span, ...], ...], extra: tuple[int, int] | None, early: int = 0) -> dict[str, Any]:
    """A week table (team-file data) with `extra` added to every day and the first span started `early` sooner."""
    days = []
    for spans in week:
        items = [(s.start, s.end) for s in spans]
        if items and early:
            items[0] = (max(0, items[0][0] - early), items[0][1])
        if extra and items:
            items.append(extra)
        days.append(_merge_day(items))
    return week_to_data(parse_week(dict(zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), days, strict=True))))


def _needs_extension(week: tuple[tuple[Span, ...], ...], timezone: str) -> bool:
    lo, hi = _season_offsets(timezone)
    return not (_touches(week[0], lo, CORE) and _touches(week[0], hi, CORE))


def _extension(timezone: str, rng: random.Random) -> tuple[int, int]:
    """Local span covering BAND (UTC) in both seasons, +-15 min of personal jitter."""
    lo, hi = _season_offsets(timezone)
    start = BAND[0] + lo + rng.choice((-15, 0, 15))
    end = BAND[1] + hi + rng.choice((-15, 0, 15))
    start %= MINUTES_PER_DAY
    end %= MINUTES_PER_DAY
    return start, end if end > start else end + MINUTES_PER_DAY


def generate_rows(seed: int = SEED) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rng = random.Random(seed)
    regions = [get_region(r) for r in REGION_IDS]
    assert len({r.country for r in regions}) == len(regions) == 20, "need 20 different countries"
    counts = [2] * len(regions)
    for _ in range(N_MEMBERS - sum(counts)):
        counts[rng.randrange(len(regions))] += 1
    rows: list[dict[str, Any]] = []
    stats = {
        "hours_override": 0,
        "ramadan_override": 0,
        "early_start": 0,
        "away": 0,
        "optional": 0,
        "timezone_or_subdivision_override": 0,
    }
    for region, count in zip(regions, counts, strict=True):
        for k in range(1, count + 1):
            rows.append({"name": f"{region.name} {k:02d}", "region": region.id})
    # A few optional members: two far away on plain office hours (no override), six drawn at random.
    optional = {"Tokyo 01", "Sydney 01"} | set(rng.sample([r["name"] for r in rows], 6))
    for row in rows:
        region = get_region(row["region"])
        if row["name"] in optional:
            row["required"] = False
            stats["optional"] += 1
            if row["name"] in {"Tokyo 01", "Sydney 01"}:
                continue
        if _needs_extension(region.hours, region.timezone):
            row["hours"] = _extended(region.hours, _extension(region.timezone, rng))
            stats["hours_override"] += 1
        elif rng.random() < 0.3:
            row["hours"] = _extended(region.hours, None, early=rng.choice((30, 60)))
            stats["early_start"] += 1
        if region.ramadan_hours is not None and _needs_extension(region.ramadan_hours, region.timezone):
            row["ramadan_hours"] = _extended(region.ramadan_hours, _extension(region.timezone, rng))
            stats["ramadan_override"] += 1
        if rng.random() < 0.22:
            ranges = []
            for _ in range(rng.choice((1, 1, 2))):
                first = START + dt.timedelta(rng.randrange(365))
                length = rng.choice((1, 1, 2, 3, 5, 9)) if row.get("required", True) else rng.choice((5, 10, 15))
                last = min(first + dt.timedelta(length - 1), END)
                ranges.append(str(first) if first == last else f"{first}..{last}")
            row["away"] = ranges
            stats["away"] += 1
    by_name = {r["name"]: r for r in rows}
    # Members who live elsewhere than their office's profile: other subdivision or an equivalent zone.
    by_name["Berlin 02"]["subdivision"] = "BY"
    by_name["Sydney 02"].update(subdivision="VIC", timezone="Australia/Melbourne")
    by_name["London 02"]["timezone"] = "Europe/Lisbon"
    stats["timezone_or_subdivision_override"] = 3
    return rows, stats


# -- timing helpers -------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], reps: int) -> tuple[list[float], Any]:
    """Wall times in ms of `reps` calls, and the last result."""
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(times), 3), "best_ms": round(min(times), 3)}


# -- minute grid ----------------------------------------------------------------------------------


def grid_span(avail: dict[str, Availability]) -> tuple[int, int]:
    """(first UTC second, number of minutes) covering every member's intervals."""
    lo = min(int(a.starts[0]) for a in avail.values() if len(a.starts))
    hi = max(int(a.ends[-1]) for a in avail.values() if len(a.ends))
    for a in avail.values():
        assert not (a.starts % 60).any(), "interval start not on a whole minute"
        assert not (a.ends % 60).any(), "interval end not on a whole minute"
    return lo, (hi - lo) // 60


def build_grid(a: Availability, base: int, n: int) -> np.ndarray:
    """Boolean array over every UTC minute from `base`: True where the member works."""
    grid = np.zeros(n, dtype=bool)
    for s, e in zip(((a.starts - base) // 60).tolist(), ((a.ends - base) // 60).tolist(), strict=True):
        grid[s:e] = True
    return grid


def runs(both: np.ndarray, duration: int) -> tuple[np.ndarray, np.ndarray]:
    """Runs of True at least `duration` minutes long: (start, end) minute indices."""
    edges = np.diff(np.concatenate(([0], both.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = ends - starts >= duration
    return starts[keep], ends[keep]


def grid_windows(grids: list[np.ndarray], duration: int) -> tuple[np.ndarray, np.ndarray]:
    """AND across the members' grids, then runs of True at least `duration` minutes."""
    both = grids[0].copy()
    for g in grids[1:]:
        np.logical_and(both, g, out=both)
    return runs(both, duration)


def grid_fused(avails: list[Availability], base: int, n: int, duration: int) -> tuple[np.ndarray, np.ndarray]:
    """The same, without keeping a grid per member: fill one reused buffer per member and AND it in."""
    both = np.ones(n, dtype=bool)
    scratch = np.empty(n, dtype=bool)
    for a in avails:
        scratch.fill(False)
        for s, e in zip(((a.starts - base) // 60).tolist(), ((a.ends - base) // 60).tolist(), strict=True):
            scratch[s:e] = True
        np.logical_and(both, scratch, out=both)
    return runs(both, duration)


def independent_grid(member: Any, base: int, n: int) -> tuple[np.ndarray, int]:
    """The member's grid straight from their local hours: one aware datetime per local time, fold=0
    (stdlib zoneinfo: a time in a spring-forward gap takes the offset before it, an ambiguous time its
    first occurrence). Shares only the day kinds (weekend/holiday/away/Ramadan) with the engine.
    Returns the grid and how many of the member's local dates had a UTC-offset change."""
    tz = zoneinfo.ZoneInfo(member.timezone)
    table = day_table(member, START, END)
    grid = np.zeros(n, dtype=bool)
    base_minute = base // 60
    transitions = 0
    for ordinal, kind, ramadan in zip(
        table.ordinals.tolist(), table.kinds.tolist(), table.ramadan.tolist(), strict=True
    ):
        date = dt.date.fromordinal(ordinal)
        nxt = date + dt.timedelta(1)
        if (
            dt.datetime(date.year, date.month, date.day, tzinfo=tz).utcoffset()
            != dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).utcoffset()
        ):
            transitions += 1
        if kind != DayKind.WORKING:
            continue
        week = member.ramadan_hours if ramadan and member.ramadan_hours is not None else member.hours
        for span in week[date.weekday()]:
            s, e = (_utc_minute(date, m, tz) - base_minute for m in (span.start, span.end))
            if e > s:
                grid[s:e] = True
    return grid, transitions


def _utc_minute(date: dt.date, minute: int, tz: zoneinfo.ZoneInfo) -> int:
    day = date + dt.timedelta(days=minute // MINUTES_PER_DAY)
    minute %= MINUTES_PER_DAY
    stamp = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz).timestamp()
    assert stamp % 60 == 0
    return int(stamp) // 60


def _load() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


def _where(file: str, line: int, fn: str) -> str:
    if file == "<string>":
        return "dataclass-generated, <string>"
    return f"{Path(file).parent.name}/{Path(file).name}:{line}" if line else "built-in"


# -- cold CLI -------------------------------------------------------------------------------------

PHASES = r"""
import sys, time, json
t0 = time.perf_counter()
import datetime as dt
from planner_app import cli, export
from planner_app.teams import load_team
from planner_app.windows import windows_for
t1 = time.perf_counter()
team = load_team(sys.argv[1])
t2 = time.perf_counter()
plan = windows_for(team, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 30)
t3 = time.perf_counter()
out = export.plan_json(plan)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load_team": t2 - t1, "windows_for": t3 - t2, "plan_json": t4 - t3,
                  "json_bytes": len(out.encode())}))
"""


CLI_PROFILE = r"""
import cProfile, contextlib, io, json, pstats, sys
from pathlib import Path
profiler = cProfile.Profile()
with contextlib.redirect_stdout(io.StringIO()):
    profiler.enable()
    from planner_app import cli
    cli.main(["windows", sys.argv[1], "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"])
    profiler.disable()
st = pstats.Stats(profiler)
keep = ("planner_app", "pendulum", "zoneinfo", "json/")
rows = [(ct, nc, f"{Path(f).parent.name}/{Path(f).name}:{line} {fn}") for (f, line, fn), (_c, nc, _t, ct, _) in
        st.stats.items() if any(k in f for k in keep)]
rows.sort(reverse=True)
print(json.dumps({"total": st.total_tt, "top": rows[:14]}))
"""


def run_cold(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return times


# -- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="warm repetitions (default 20)")
    parser.add_argument("--cli-runs", type=int, default=5, help="cold CLI runs (default 5)")
    parser.add_argument("--no-cli", action="store_true", help="skip the subprocess measurements")
    parser.add_argument("--keep-team", action="store_true", help="keep the generated team file in its temp dir")
    args = parser.parse_args()
    t_script = time.perf_counter()
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "targets": {"warm_engine_ms": TARGET_WARM_MS, "cold_cli_s": TARGET_CLI_S, "grid_speedup": TARGET_SPEEDUP},
    }

    # 1. team -----------------------------------------------------------------------------------
    rows, stats = generate_rows()
    built = build_team("Benchmark 100 x 20", rows, source="generated")
    tmp = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    team_file = tmp / "team.toml"
    team_file.write_text(team_to_toml(built), encoding="utf-8")
    team = load_team(team_file)
    assert team == built, "team file does not read back to the generated team"
    countries = sorted({m.country for m in team.members if m.country})
    print(
        f"== team: {len(team.members)} members ({len(team.required)} required, {len(team.optional)} optional), "
        f"{len(countries)} countries, {len(REGION_IDS)} region profiles, seed {SEED}"
    )
    print(f"   file {team_file} ({team_file.stat().st_size} bytes); overrides: {stats}")
    print(f"   countries: {' '.join(countries)}")
    print(f"   range {START}..{END}, duration {DURATION} min; load average {_load()} on {os.cpu_count()} CPUs at start")
    results["team"] = {
        "members": len(team.members),
        "required": len(team.required),
        "optional": len(team.optional),
        "countries": len(countries),
        "regions": list(REGION_IDS),
        "seed": SEED,
        "overrides": stats,
    }

    # 2. warm engine ----------------------------------------------------------------------------
    t0 = time.perf_counter()
    plan = windows_for(team, START, END, DURATION)  # first call fills the holiday / Ramadan / offset caches
    first_call_ms = (time.perf_counter() - t0) * 1000
    reps = args.reps
    engine_t, plan = timed(lambda: windows_for(team, START, END, DURATION), reps)
    avail_t, avail = timed(lambda: team_availability(team, START, END), reps)
    plan_t, _ = timed(lambda: plan_from_availability(team, START, END, DURATION, avail), reps)
    required_av = [avail[m.name] for m in team.required]

    def sweep() -> tuple[np.ndarray, np.ndarray]:
        s, e = common_intervals(required_av)
        keep = (e - s) >= DURATION * 60
        return s[keep], e[keep]

    sweep_t, (sw_s, sw_e) = timed(sweep, reps)
    n_intervals = sum(len(a.starts) for a in avail.values())
    n_req_intervals = sum(len(a.starts) for a in required_av)
    minutes = [w.minutes for w in plan.windows]
    print(f"\n== warm engine (median of {reps}; first call {first_call_ms:.0f} ms filled the caches)")
    print(
        f"   {len(plan.windows)} windows ({sum(minutes)} min, {min(minutes, default=0)}-{max(minutes, default=0)} min "
        f"each), {len(plan.unavailable)} member-days off, {n_intervals} member intervals "
        f"({n_req_intervals} of required members)"
    )
    rows_out = [
        ("windows_for (whole engine)", engine_t),
        ("  team_availability (day tables + local->UTC)", avail_t),
        ("  plan_from_availability (sweep, Window objects + attendees, unavailable list)", plan_t),
        ("    sweep + duration filter only (common_intervals)", sweep_t),
    ]
    for label, ts in rows_out:
        s = summary(ts)
        print(f"   {label:<82} median {s['median_ms']:8.2f} ms   best {s['best_ms']:8.2f} ms")
    verdict = "OK" if statistics.median(engine_t) <= TARGET_WARM_MS else "OVER TARGET"
    print(f"   target <= {TARGET_WARM_MS:.0f} ms warm: {verdict}")
    results["engine_warm"] = {
        "reps": reps,
        "first_call_ms": round(first_call_ms, 1),
        "windows": len(plan.windows),
        "unavailable_rows": len(plan.unavailable),
        "intervals": n_intervals,
        "required_intervals": n_req_intervals,
        "windows_for": summary(engine_t),
        "team_availability": summary(avail_t),
        "plan_from_availability": summary(plan_t),
        "sweep_and_filter": summary(sweep_t),
    }

    # cProfile of one warm call
    profiler = cProfile.Profile()
    profiler.runcall(windows_for, team, START, END, DURATION)
    st = pstats.Stats(profiler)
    total = st.total_tt * 1000  # type: ignore[attr-defined]
    entries = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    print(f"\n== cProfile of one warm windows_for ({total:.1f} ms under the profiler), top by own time")
    print(f"   {'calls':>8} {'own ms':>8} {'cum ms':>8}  function")
    profile_rows = []
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in entries[:12]:
        print(f"   {nc:>8} {tt * 1000:>8.2f} {ct * 1000:>8.2f}  {fn} ({_where(file, line, fn)})")
        profile_rows.append(
            {
                "function": fn,
                "where": _where(file, line, fn),
                "calls": nc,
                "own_ms": round(tt * 1000, 2),
                "cum_ms": round(ct * 1000, 2),
            }
        )
    ours = sorted(
        ((k, v) for k, v in st.stats.items() if "planner_app" in k[0]),  # type: ignore[attr-defined]
        key=lambda kv: kv[1][3],
        reverse=True,
    )
    print("   planner_app functions by cumulative time:")
    for (file, line, fn), (_cc, nc, _tt, ct, _callers) in ours[:6]:
        print(f"   {nc:>8} {'':>8} {ct * 1000:>8.2f}  {fn} ({_where(file, line, fn)})")
    results["engine_profile_top"] = profile_rows

    # 4. minute grid ----------------------------------------------------------------------------
    base, n = grid_span(avail)
    req_names = [m.name for m in team.required]
    build_t, grids = timed(lambda: [build_grid(avail[name], base, n) for name in req_names], reps)
    and_t, (g_s, g_e) = timed(lambda: grid_windows(grids, DURATION), reps)
    fused_t, (f_s, f_e) = timed(lambda: grid_fused(required_av, base, n, DURATION), reps)
    assert np.array_equal(f_s, g_s)
    assert np.array_equal(f_e, g_e)
    grid_pairs = [(base + 60 * int(s), base + 60 * int(e)) for s, e in zip(g_s, g_e, strict=True)]
    engine_pairs = [(w.start, w.end) for w in plan.windows]
    assert grid_pairs == engine_pairs, f"grid {len(grid_pairs)} windows != engine {len(engine_pairs)} windows"
    assert list(zip(sw_s.tolist(), sw_e.tolist(), strict=True)) == engine_pairs
    # optional attendees, from the optional members' grids (not timed)
    opt_grids = {m.name: build_grid(avail[m.name], base, n) for m in team.optional}
    for w, (s, e) in zip(plan.windows, zip(g_s.tolist(), g_e.tolist(), strict=True), strict=True):
        extra = tuple(name for name, g in opt_grids.items() if g[s:e].all())
        assert w.attendees == tuple(req_names) + extra, f"attendees differ for window at {w.start_utc}"
    # independent local->UTC conversion per local date
    t0 = time.perf_counter()
    mismatched_members, mismatched_minutes, transition_days = [], 0, 0
    indep_req = []
    for m in team.members:
        g, tr = independent_grid(m, base, n)
        transition_days += tr
        ref = grids[req_names.index(m.name)] if m.required else opt_grids[m.name]
        diff = int(np.count_nonzero(g != ref))
        if diff:
            mismatched_members.append(m.name)
            mismatched_minutes += diff
        if m.required:
            indep_req.append(g)
    i_s, i_e = grid_windows(indep_req, DURATION)
    indep_pairs = [(base + 60 * int(s), base + 60 * int(e)) for s, e in zip(i_s, i_e, strict=True)]
    indep_s = time.perf_counter() - t0
    assert not mismatched_members, f"{mismatched_minutes} minutes differ for {mismatched_members[:5]}"
    assert indep_pairs == engine_pairs

    med = {
        k: statistics.median(v)
        for k, v in {
            "engine": engine_t,
            "avail": avail_t,
            "sweep": sweep_t,
            "build": build_t,
            "and": and_t,
            "fused": fused_t,
        }.items()
    }
    grid_core = med["and"]
    grid_from_intervals = min(med["build"] + med["and"], med["fused"])  # the faster of the two grid variants
    speedups = {
        "core: grid AND+runs / engine sweep+filter": grid_core / med["sweep"],
        "same input+output: grid build+AND+runs / engine sweep+filter": grid_from_intervals / med["sweep"],
        "end to end, same output: (availability + grid) / (availability + sweep)": (med["avail"] + grid_from_intervals)
        / (med["avail"] + med["sweep"]),
        "end to end: (availability + grid) / windows_for": (med["avail"] + grid_from_intervals) / med["engine"],
    }
    print(
        f"\n== numpy minute grid: {len(req_names)} required members x {n} UTC minutes "
        f"({n * len(req_names) / 1e6:.1f} M cells, {n * len(req_names) / 2**20:.0f} MiB of bool)"
    )
    print(
        f"   windows identical to the engine's: {len(engine_pairs)} (start, end) pairs, and every window's "
        f"optional attendees ({len(opt_grids)} optional members)"
    )
    print(
        f"   independent check: every member's grid rebuilt from local hours with one zoneinfo conversion per "
        f"local time (fold=0) matches the engine's intervals minute for minute ({len(team.members)} members, "
        f"{transition_days} member-dates with a UTC-offset change; same windows; {indep_s:.2f} s, not timed below)"
    )
    grid_rows = [
        ("grid build from the members' UTC intervals (bool array per member)", build_t),
        ("grid AND across required members + runs >= 30 min", and_t),
        ("grid fused: one reused buffer, fill + AND per member, then runs", fused_t),
        ("(engine, for comparison: sweep + duration filter, from the same intervals)", sweep_t),
    ]
    for label, ts in grid_rows:
        s = summary(ts)
        print(f"   {label:<82} median {s['median_ms']:8.2f} ms   best {s['best_ms']:8.2f} ms")
    print(
        f"   grid total from intervals = faster of (build + AND/runs = {med['build'] + med['and']:.2f} ms) and "
        f"(fused = {med['fused']:.2f} ms) = {grid_from_intervals:.2f} ms"
    )
    print(
        "   included: grid = building the bool arrays from the intervals, AND, run extraction; "
        "engine sweep = common_intervals + duration filter."
    )
    print(
        "   excluded from both: day tables (weekends, holidays, away, Ramadan) and local->UTC conversion "
        f"(team_availability, {med['avail']:.2f} ms, shared input);"
    )
    print(
        "   windows_for additionally builds Window objects with optional attendees, the unavailable list "
        "and the no-window explanation, which the grid does not."
    )
    print("   speed-up of the engine over the grid (grid time / engine time, medians):")
    for label, value in speedups.items():
        print(f"     {label:<78} {value:7.1f}x")
    results["grid"] = {
        "minutes": n,
        "required_members": len(req_names),
        "identical_windows": True,
        "identical_attendees": True,
        "independent_zoneinfo_check": {
            "members": len(team.members),
            "mismatched_minutes": 0,
            "offset_change_dates": transition_days,
            "seconds": round(indep_s, 2),
        },
        "build": summary(build_t),
        "and_runs": summary(and_t),
        "fused_build_and_runs": summary(fused_t),
        "grid_from_intervals_ms": round(grid_from_intervals, 3),
        "speedup_engine_over_grid": {k: round(v, 2) for k, v in speedups.items()},
    }

    # 3. cold CLI -------------------------------------------------------------------------------
    py = str(ROOT / ".venv" / "bin" / "python")
    planner = str(ROOT / ".venv" / "bin" / "planner")
    if not args.no_cli:
        cmd = [planner, "windows", str(team_file), "--from", str(START), "--to", str(END), "--format", "json"]
        run_cold(cmd, 1)  # discarded: page cache and .pyc files, as on any machine after the first run
        cli_t = run_cold(cmd, args.cli_runs)
        pass_t = run_cold([py, "-c", "pass"], args.cli_runs)
        import_t = run_cold(
            [py, "-c", "import planner_app.cli, planner_app.export, planner_app.windows"], args.cli_runs
        )
        phases_out = subprocess.run(
            [py, "-c", PHASES, str(team_file)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        phases = json.loads(phases_out.stdout.strip().splitlines()[-1])
        prof_out = subprocess.run(
            [py, "-c", CLI_PROFILE, str(team_file)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        cli_profile = json.loads(prof_out.stdout.strip().splitlines()[-1])
        print(
            f"\n== cold CLI: `planner windows TEAM --from {START} --to {END} --format json > /dev/null` "
            f"(fresh process each run, median of {args.cli_runs}, after 1 discarded run)"
        )
        print(
            f"   planner windows ... --format json      median {statistics.median(cli_t):6.3f} s   "
            f"best {min(cli_t):6.3f} s"
        )
        print(
            f"   python -c pass (interpreter start-up)  median {statistics.median(pass_t):6.3f} s   "
            f"best {min(pass_t):6.3f} s"
        )
        print(f"   python -c 'import planner_app.cli, export, windows'  median {statistics.median(import_t):6.3f} s")
        print(
            "   one fresh process, phase by phase: "
            + ", ".join(f"{k} {v:.3f} s" for k, v in phases.items() if k != "json_bytes")
            + f" (JSON {phases['json_bytes'] / 1e6:.1f} MB)"
        )
        print(
            f"   cProfile of one fresh `planner windows` ({cli_profile['total']:.2f} s under the profiler), "
            "planner_app / pendulum / zoneinfo / json by cumulative time:"
        )
        for ct, nc, name in cli_profile["top"]:
            print(f"   {nc:>8} calls {ct * 1000:>8.1f} ms  {name}")
        verdict = "OK" if statistics.median(cli_t) <= TARGET_CLI_S else "OVER TARGET"
        print(f"   target <= {TARGET_CLI_S:.1f} s cold: {verdict}")
        results["cli_cold"] = {
            "runs": args.cli_runs,
            "planner_windows_json": {"median_s": round(statistics.median(cli_t), 3), "best_s": round(min(cli_t), 3)},
            "python_pass": {"median_s": round(statistics.median(pass_t), 3), "best_s": round(min(pass_t), 3)},
            "imports_only": {"median_s": round(statistics.median(import_t), 3)},
            "phases_s": {k: (round(v, 3) if k != "json_bytes" else v) for k, v in phases.items()},
            "profile_top_cumulative": [
                {"cum_ms": round(ct * 1000, 1), "calls": nc, "function": name} for ct, nc, name in cli_profile["top"]
            ],
        }

    # 5. summary --------------------------------------------------------------------------------
    print("\n== summary")
    print(f"   {'measure':<58} {'value':>12} {'target':>10}  verdict")
    table = [
        (
            "warm engine windows_for, median",
            f"{med['engine']:.1f} ms",
            f"<= {TARGET_WARM_MS:.0f} ms",
            med["engine"] <= TARGET_WARM_MS,
        ),
        ("warm engine windows_for, best", f"{min(engine_t):.1f} ms", "", None),
    ]
    if "cli_cold" in results:
        c = results["cli_cold"]
        table += [
            (
                "cold `planner windows --format json`, median of 5",
                f"{c['planner_windows_json']['median_s']:.3f} s",
                f"<= {TARGET_CLI_S:.1f} s",
                c["planner_windows_json"]["median_s"] <= TARGET_CLI_S,
            ),
            ("  python -c pass, median", f"{c['python_pass']['median_s']:.3f} s", "", None),
        ]
    for label, value in speedups.items():
        short = label.split(":")[0]
        table.append(
            (
                f"grid/engine speed-up, {short}",
                f"{value:.1f}x",
                f">= {TARGET_SPEEDUP:.0f}x" if short.startswith("same") else "",
                value >= TARGET_SPEEDUP if short.startswith("same") else None,
            )
        )
    table.append(("windows identical (engine = grid = independent zoneinfo)", f"{len(engine_pairs)}", "", True))
    for label, value, target, ok in table:
        mark = "" if ok is None else ("OK" if ok else "MISSED")
        print(f"   {label:<58} {value:>12} {target:>10}  {mark}")
    elapsed = time.perf_counter() - t_script
    print(
        f"   (script ran {elapsed:.1f} s; load average {_load()} at the end: other processes on this machine "
        "inflate medians, compare best times too)"
    )
    results["load_average_end"] = _load()
    results["script_seconds"] = round(elapsed, 1)
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "engine.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"   figures written to {(out_dir / 'engine.json').relative_to(ROOT)}")
    if not args.keep_team:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
