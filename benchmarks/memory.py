"""Memory over many reruns: does the app's resident memory stay flat? (AppTest, in-process.)

Run from the project root:  .venv/bin/python benchmarks/memory.py

Prints figures; not a test. One AppTest session on streamlit_app.py (saved teams in a throw-away
SQLite file) runs 500 reruns; before each, the meeting-length slider moves to the next of its
options and the date range moves to a new range (start one day later, length 7-35 days), so every
rerun asks the Plan page's caches (every st.cache_resource function in planner_app/ui/cache.py,
found at start-up; each has max_entries and a ttl) for new keys, and they have to evict. "One rerun"
is one `AppTest.run()` after the widget changes (any `st.rerun()` of the page's own happens inside it).
Every 50 reruns, after gc.collect(): the process's VmRSS, glibc malloc's bytes in use and
freed-but-held (mallinfo2), Python's allocated blocks, gc-tracked objects, the entries in each cache
and the per-key compute locks Streamlit keeps for each cached function.

Then, to attribute the memory: the deep size of what the caches hold; the RSS given back when they
are cleared (after glibc's malloc_trim both times, so freed memory is returned); and, from empty
caches, what one rerun adds for a two-week and for a year-long range (the app plans up to 366 days),
which gives the caches' bound for such ranges. Reads Streamlit internals for the evidence
(ResourceCache._mem_cache, Cache._value_locks); if a release renames them, those columns show -1 and
the RSS figures still stand. Results also go to benchmarks/results/memory.json.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import hashlib
import json
import logging
import math
import os
import platform
import sys
import tempfile
import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner_app.ui import cache  # noqa: E402
from planner_app.ui.views.plan import DURATIONS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "memory.json"
RERUNS = 500
SAMPLE_EVERY = 50
BASE = dt.date(2026, 1, 5)
SLIDER_LABEL = "Meeting length (minutes)"
SKIP_TYPES = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def app_fingerprint() -> str:
    """A short hash of planner_app's sources and streamlit_app.py: which version of the app was measured."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "planner_app").rglob("*.py"), ROOT / "streamlit_app.py"]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def rss_kib() -> int:
    """This process's resident set size (VmRSS) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


_MALLINFO2_FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (*_MALLINFO2_FIELDS, "keepcost")]


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def malloc_trim() -> None:
    """Ask glibc to return freed heap memory to the system (so RSS shows live memory only)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def malloc_kib() -> tuple[int, int]:
    """glibc malloc (all arenas): KiB in use (with mmapped chunks) and KiB freed but still held; -1 if unknown."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return -1, -1
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) // 1024, info.fordblks // 1024


def date_range(n: int) -> tuple[dt.date, dt.date]:
    """The n-th date range: a new start every rerun, 7 to 35 days long."""
    start = BASE + dt.timedelta(days=n)
    return start, start + dt.timedelta(days=6 + n % 29)


def app_caches() -> dict[str, Any]:
    """Every st.cache_resource function of planner_app/ui/cache.py, by name (found, not listed: the module grows)."""
    return {
        name: fn
        for name, fn in vars(cache).items()
        if callable(fn) and hasattr(fn, "clear") and getattr(fn, "__module__", None) == cache.__name__
    }


CACHED = app_caches()


def resource_caches() -> dict[str, Any]:
    """Streamlit's ResourceCache behind each of those functions, by name (Streamlit internals)."""
    from streamlit.runtime.caching.cache_resource_api import _resource_caches

    wanted = {f"{cache.__name__}.{name}": name for name in CACHED}
    found: dict[str, Any] = {}
    for caches in getattr(_resource_caches, "_function_caches", {}).values():
        for resource_cache in caches.values():
            name = wanted.get(getattr(resource_cache, "display_name", ""))
            if name:
                found[name] = resource_cache
    return found


def cache_counts() -> tuple[dict[str, int], dict[str, int], int]:
    """Entries held, per-key compute locks kept (and those locks' bytes) for each cached function."""
    entries, locks, lock_bytes = {}, {}, 0
    caches = resource_caches()
    for name in CACHED:
        resource_cache = caches.get(name)
        mem = getattr(resource_cache, "_mem_cache", None)
        value_locks = getattr(resource_cache, "_value_locks", None)
        entries[name] = len(mem) if mem is not None else -1
        locks[name] = len(value_locks) if value_locks is not None else -1
        if value_locks is not None:
            lock_bytes += sys.getsizeof(value_locks)
            lock_bytes += sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in list(value_locks.items()))
    return entries, locks, lock_bytes


def deep_size(roots: Iterable[object], seen: set[int]) -> int:
    """Bytes of every object reachable from `roots` that is not in `seen` (which it extends)."""
    total, stack = 0, list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, SKIP_TYPES):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, np.ndarray) and obj.base is not None:
            stack.append(obj.base)  # a view's buffer belongs to its base
        stack.extend(gc.get_referents(obj))
    return total


def shared_objects(team: Any) -> set[int]:
    """Objects every cache entry may reach but none owns: the team, and plotly's per-class state."""
    seen: set[int] = set()
    deep_size([team, go.Figure(), go.Heatmap(), go.Scatter(), go.Bar()], seen)
    return seen


def contents_bytes(team: Any) -> dict[str, tuple[int, int]]:
    """Deep size of what each cache holds now, and its number of entries."""
    caches, seen = resource_caches(), shared_objects(team)
    out = {}
    for name in CACHED:
        mem = getattr(caches.get(name), "_mem_cache", None)
        values = [getattr(result, "value", result) for result in list(mem.values())] if mem is not None else []
        out[name] = (deep_size(values, seen), len(values))
    return out


def clear_all() -> None:
    for fn in CACHED.values():
        fn.clear()


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope of (rerun, KiB) points, in KiB per rerun."""
    if len(points) < 2:
        return 0.0
    xs, ys = np.array([p[0] for p in points], float), np.array([p[1] for p in points], float)
    return float(np.polyfit(xs, ys, 1)[0])


def take_sample(n: int, t_loop: float) -> dict[str, Any]:
    gc.collect()
    entries, locks, lock_bytes = cache_counts()
    used, free = malloc_kib()
    return {
        "rerun": n,
        "elapsed_s": round(time.perf_counter() - t_loop, 1),
        "rss_kib": rss_kib(),
        "malloc_used_kib": used,
        "malloc_free_kib": free,
        "python_blocks": sys.getallocatedblocks(),
        "gc_objects": len(gc.get_objects()),
        "cache_entries": entries,
        "compute_locks": locks,
        "compute_locks_kib": round(lock_bytes / 1024, 1),
    }


def print_header() -> None:
    width = 9 * len(CACHED)
    print(f"{'':>22}{'glibc malloc MiB':^18}{'':>9}{'entries held in each cache':^{width}}")
    print(
        f"{'rerun':>6} {'time s':>6} {'RSS MiB':>8} {'in use':>8} {'free':>8} {'py blk k':>8} "
        + " ".join(f"{k[:8]:>8}" for k in CACHED)
        + f" {'locks':>6} {'gc objs':>8}"
    )


def print_row(row: dict[str, Any]) -> None:
    entries = row["cache_entries"]
    print(
        f"{row['rerun']:>6} {row['elapsed_s']:>6} {row['rss_kib'] / 1024:>8.1f} {row['malloc_used_kib'] / 1024:>8.1f} "
        f"{row['malloc_free_kib'] / 1024:>8.1f} {row['python_blocks'] / 1000:>8.0f} "
        + " ".join(f"{entries[k]:>8}" for k in CACHED)
        + f" {sum(row['compute_locks'].values()):>6} {row['gc_objects']:>8}",
        flush=True,
    )


def rerun_with(at: AppTest, start: dt.date, end: dt.date, duration: int) -> None:
    next(s for s in at.select_slider if s.label == SLIDER_LABEL).set_value(duration)
    at.date_input(key="plan_dates").set_value((start, end))
    at.run()
    assert not at.exception, at.exception
    state = at.session_state
    assert (state["start"], state["end"], state["duration"]) == (start, end, duration)


def one_rerun_entries(at: AppTest, team: Any, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """From empty caches, what one rerun on this range puts in each (deep size, entries)."""
    clear_all()
    rerun_with(at, start, end, 30)
    return contents_bytes(team)


def main() -> None:
    # Clearing caches and building plotly figures outside a script run is expected here; keep Streamlit quiet about it.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    t_start = time.perf_counter()
    fingerprint = app_fingerprint()
    with tempfile.TemporaryDirectory(prefix="planner-memory-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'memory.sqlite'}"
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.run()
        assert not at.exception, at.exception
        team = at.session_state["team"]
        limits = {name: getattr(c, "max_entries", math.inf) for name, c in resource_caches().items()}

        print(
            f"memory over {RERUNS} reruns (demo team; the length slider and the date range change on every rerun); "
            f"app sources {fingerprint}"
        )
        print(
            "caches in planner_app/ui/cache.py: "
            + ", ".join(f"{name} (max_entries {limits.get(name, '?')})" for name in CACHED)
        )
        print_header()
        samples: list[dict[str, Any]] = []
        t_loop = time.perf_counter()
        samples.append(take_sample(0, t_loop))
        print_row(samples[-1])
        seen_keys: set[tuple[dt.date, dt.date, int]] = set()
        for n in range(1, RERUNS + 1):
            duration = DURATIONS[n % len(DURATIONS)]
            start, end = date_range(n)
            rerun_with(at, start, end, duration)
            seen_keys.add((start, end, duration))
            if n % SAMPLE_EVERY == 0:
                samples.append(take_sample(n, t_loop))
                print_row(samples[-1])
        loop_s = time.perf_counter() - t_loop

        # What the caches hold (deep size), then what clearing them gives back (after malloc_trim both times).
        held = contents_bytes(team)
        gc.collect()
        malloc_trim()
        rss_full, malloc_full, blocks_full = rss_kib(), malloc_kib(), sys.getallocatedblocks()
        clear_all()
        gc.collect()
        malloc_trim()
        rss_cleared, malloc_cleared, blocks_cleared = rss_kib(), malloc_kib(), sys.getallocatedblocks()

        # One rerun's entries for a short and for the longest range the app plans.
        two_weeks = one_rerun_entries(at, team, dt.date(2026, 3, 2), dt.date(2026, 3, 15))
        year = one_rerun_entries(at, team, dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    by_rerun = {row["rerun"]: row for row in samples}
    full_at = next(
        (r["rerun"] for r in samples if all(r["cache_entries"][k] >= limits.get(k, math.inf) for k in CACHED)), None
    )
    first, last = by_rerun[100], by_rerun[RERUNS]
    full = by_rerun[full_at] if full_at is not None else last

    def delta(key: str, a: dict[str, Any], b: dict[str, Any]) -> int:
        return int(b[key] - a[key])

    filling = [(r["rerun"], r["rss_kib"]) for r in samples if 100 <= r["rerun"] <= full["rerun"]]
    after_full = [(r["rerun"], r["rss_kib"]) for r in samples if r["rerun"] >= full["rerun"]]
    locks_per_rerun = (sum(last["compute_locks"].values()) - sum(first["compute_locks"].values())) / (RERUNS - 100)

    def per_entry(sizes: dict[str, tuple[int, int]]) -> dict[str, float]:
        return {name: round(size / count / 1024, 1) if count else 0.0 for name, (size, count) in sizes.items()}

    def bound_mib(sizes: dict[str, tuple[int, int]]) -> float:
        """All caches full of entries like these (max_entries each, entries of the average size)."""
        total = sum(size / count * limits.get(name, 0) for name, (size, count) in sizes.items() if count)
        return round(total / 2**20, 1)

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "app_fingerprint": fingerprint,
        "app_changed_during_run": app_fingerprint() != fingerprint,
        "workload": {
            "reruns": RERUNS,
            "sample_every": SAMPLE_EVERY,
            "distinct_keys": len(seen_keys),
            "durations": DURATIONS,
            "date_ranges": f"rerun n: {BASE} + n days, 7-35 days long",
            "rerun_loop_s": round(loop_s, 1),
            "mean_rerun_ms": round(loop_s / RERUNS * 1000, 1),
        },
        "caches": {name: {"max_entries": limits.get(name)} for name in CACHED},
        "samples": samples,
        "rss_growth_100_to_500_kib": delta("rss_kib", first, last),
        "caches_full_at_rerun": full_at,
        "while_filling": {
            "reruns": f"100-{full['rerun']}",
            "rss_kib": delta("rss_kib", first, full),
            "rss_slope_kib_per_rerun": round(slope(filling), 2),
            "malloc_used_kib": delta("malloc_used_kib", first, full),
            "python_blocks": delta("python_blocks", first, full),
        },
        "after_full": {
            "reruns": f"{full['rerun']}-{RERUNS}",
            "rss_kib": delta("rss_kib", full, last),
            "rss_slope_kib_per_rerun": round(slope(after_full), 2),
            "malloc_used_kib": delta("malloc_used_kib", full, last),
            "malloc_free_kib": delta("malloc_free_kib", full, last),
            "python_blocks": delta("python_blocks", full, last),
            "gc_objects": delta("gc_objects", full, last),
            "compute_locks": sum(last["compute_locks"].values()) - sum(full["compute_locks"].values()),
        },
        "compute_locks_per_rerun": locks_per_rerun,
        "compute_locks_kib_at_500": last["compute_locks_kib"],
        "cache_contents_at_500_kib": {name: round(size / 1024, 1) for name, (size, _) in held.items()},
        "trimmed_before_clear": {"rss_kib": rss_full, "malloc_used_kib": malloc_full[0], "python_blocks": blocks_full},
        "trimmed_after_clear": {
            "rss_kib": rss_cleared,
            "malloc_used_kib": malloc_cleared[0],
            "python_blocks": blocks_cleared,
        },
        "one_rerun_two_weeks": {
            "kib_per_entry": per_entry(two_weeks),
            "entries": {k: c for k, (_, c) in two_weeks.items()},
        },
        "one_rerun_one_year": {"kib_per_entry": per_entry(year), "entries": {k: c for k, (_, c) in year.items()}},
        "bound_two_week_entries_mib": bound_mib(two_weeks),
        "bound_year_entries_mib": bound_mib(year),
        "total_s": 0.0,
    }
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")

    mib = 1024
    growth = results["rss_growth_100_to_500_kib"]
    print()
    print(f"{len(seen_keys)} distinct (dates, length) keys; mean rerun {loop_s / RERUNS * 1000:.0f} ms")
    print(
        f"RSS rerun 100 -> {RERUNS}: {first['rss_kib'] / mib:.1f} -> {last['rss_kib'] / mib:.1f} MiB "
        f"({growth / mib:+.1f} MiB, {growth / (RERUNS - 100):+.1f} KiB per rerun)"
    )
    if full_at is None:
        print("  the caches never all reached max_entries in this run")
    else:
        fill, after = results["while_filling"], results["after_full"]
        print(
            f"  rerun 100 -> {full_at}, caches filling to max_entries: RSS {fill['rss_kib'] / mib:+.1f} MiB "
            f"({fill['rss_slope_kib_per_rerun']:+.1f} KiB/rerun), "
            f"malloc in use {fill['malloc_used_kib'] / mib:+.1f} MiB, python blocks {fill['python_blocks']:+d}"
        )
        print(
            f"  rerun {full_at} -> {RERUNS}, caches full and evicting: RSS {after['rss_kib'] / mib:+.1f} MiB "
            f"({after['rss_slope_kib_per_rerun']:+.1f} KiB/rerun), "
            f"malloc in use {after['malloc_used_kib'] / mib:+.1f} MiB, "
            f"malloc free-but-held {after['malloc_free_kib'] / mib:+.1f} MiB, "
            f"python blocks {after['python_blocks']:+d}, gc objects {after['gc_objects']:+d}"
        )
    print(
        f"Streamlit's per-key compute locks (Cache._value_locks; dropped only by .clear(), not by max_entries/ttl "
        f"eviction): {locks_per_rerun:.1f} more per rerun, {last['compute_locks_kib']:.0f} KiB at rerun {RERUNS}"
    )
    print(
        f"cache contents at rerun {RERUNS} (deep size; team and plotly's shared state excluded): "
        + ", ".join(f"{k} {v / 1024:.0f}" for k, (v, _) in held.items())
        + f" KiB; total {sum(v for v, _ in held.values()) / 2**20:.1f} MiB"
    )
    print(
        f"clearing the caches (after malloc_trim both times): python blocks {blocks_full:,} -> {blocks_cleared:,}, "
        f"malloc in use {malloc_full[0] / mib:.1f} -> {malloc_cleared[0] / mib:.1f} MiB, "
        f"RSS {rss_full / mib:.1f} -> {rss_cleared / mib:.1f} MiB (given back {(rss_full - rss_cleared) / mib:.1f} MiB)"
    )
    for label, sizes, bound in (
        ("two weeks", two_weeks, results["bound_two_week_entries_mib"]),
        ("one year", year, results["bound_year_entries_mib"]),
    ):
        print(
            f"one rerun from empty caches, {label}: "
            + ", ".join(f"{k} {v:.0f}" for k, v in per_entry(sizes).items())
            + f" KiB per entry; all caches full of such entries: about {bound:.0f} MiB"
        )
    if results["app_changed_during_run"]:
        print(f"WARNING: the app's sources changed during the run ({fingerprint} -> {app_fingerprint()}); rerun it")
    print(f"total {results['total_s']:.0f} s; results in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
