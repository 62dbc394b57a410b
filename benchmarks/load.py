"""Load: the Plan page's rerun latency as users see it, with 1, 10 and 25 concurrent browser sessions.

Run from the project root:  .venv/bin/python benchmarks/load.py

Prints figures; not a test. Starts `streamlit run streamlit_app.py` (this venv's streamlit) on a free
port of 127.0.0.1, saved teams in a throw-away SQLite file. After one uncounted warm-up session, for
each N it opens N browser contexts at once in one Debian Chromium (Playwright, async API; a context is
its own Streamlit session). Each session opens the Plan page on a share link (demo team, fixed dates,
30 minutes) and waits for the day timeline chart and the "Common windows" metric; then it moves the
meeting-length slider with the keyboard 4 times (Right, Right, End, Home: 45, 60, 180, 15 minutes).

A change's latency is measured in the page, on the browser's clock: from the keydown to the first DOM
or URL change after which the URL says the new `duration=`, the metric shows the engine's count of
windows for that length, the app is not running and no element is stale (including any rerun the
page starts itself). On the way it stamps when the new value left on the websocket and when the URL
changed. Page load is the page's clock from navigation
start to chart and metric. Server memory is VmRSS of the server process (and any children) before a
round, at its peak (sampled every 0.25 s), with the round's sessions still connected, and 2 s after
their contexts closed. CPU seconds per round: the server; this script with its Playwright driver and
Chromium (client and server share this machine's cores); and every other process.

The browser only ever reaches 127.0.0.1: Chromium resolves no host name (--host-resolver-rules), and
requests for other hosts are counted and listed. Bounded: 60 s for the warm-up; 60, 120 and 210 s
for the rounds of 1, 10 and 25 (less when the 330 s budget would be exceeded: a cut-off round reports
what it measured); 150 s per page load, 60 s per change; the server is always stopped.
Results also go to benchmarks/results/load.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner_app import sharing  # noqa: E402
from planner_app.teams import load_team  # noqa: E402
from planner_app.windows import windows_for  # noqa: E402
from tests.harness import StreamlitServer, chromium_options  # noqa: E402 - the shared harness

RESULTS = ROOT / "benchmarks" / "results" / "load.json"
# The harness's flags (tests/harness.py), plus: no throttling of pages that are not in front (25 run
# at once), and no host name resolves, so nothing but 127.0.0.1 can be reached.
EXTRA_CHROMIUM_ARGS = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SESSIONS = (1, 10, 25)
START, END = dt.date(2027, 2, 8), dt.date(2027, 2, 21)  # two weeks, Ramadan hours for Dubai
FIRST_DURATION = 30
CHANGES = (("ArrowRight", 45), ("ArrowRight", 60), ("End", 180), ("Home", 15))
ROUND_LIMIT_S = {1: 60.0, 10: 120.0, 25: 210.0}  # 25 page loads at once take 100-130 s of this machine
WARM_UP_LIMIT_S = 60.0
TOTAL_BUDGET_S = 330.0  # from the start of the script; a round that would not fit is cut short or skipped
LOAD_TIMEOUT_MS = 150_000
CHANGE_TIMEOUT_MS = 60_000
STARTUP_TIMEOUT_S = 60.0
SETTLE_S = 2.0

# In each page, on its own clock (performance.now(): ms since navigation start): every DOM change and
# every URL change checks whether the page now shows what we wait for and stamps the first time it does.
# Python only polls those stamps (every 100 ms), so the polling does not add to the figures.
RECORDER = r"""
(() => {
  const b = window.__bench = {keyAt: null, sentAt: null, urlAt: null, doneAt: null, loadedAt: null, want: null};
  const metric = (label) => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      const l = m.querySelector('[data-testid="stMetricLabel"]');
      if (l && l.textContent.includes(label)) {
        const v = m.querySelector('[data-testid="stMetricValue"]');
        return v ? v.textContent.trim() : null;
      }
    }
    return null;
  };
  const idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const running = app === null || app.dataset.testScriptState !== "notRunning";
    return !running && !document.querySelector('[data-stale="true"]');
  };
  const check = () => {
    const now = performance.now();
    if (b.loadedAt === null && document.querySelector(".st-key-plan_timeline .js-plotly-plot")) {
      if (/^\d+$/.test(metric("Common windows") || "")) b.loadedAt = now;
    }
    const want = b.want;
    if (want === null || b.keyAt === null || b.doneAt !== null) return;
    const url = new URLSearchParams(location.search).get("duration") === String(want.duration);
    if (url && b.urlAt === null) b.urlAt = now;
    if (url && metric("Common windows") === String(want.windows) && idle()) b.doneAt = now;
  };
  document.addEventListener("keydown", () => { b.keyAt = performance.now(); }, true);
  const send = WebSocket.prototype.send;  // the widget's new value leaving for the server
  WebSocket.prototype.send = function (...args) {
    if (b.want !== null && b.keyAt !== null && b.sentAt === null) b.sentAt = performance.now();
    return send.apply(this, args);
  };
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) { const result = original.apply(this, args); check(); return result; };
  }
  const everything = {subtree: true, childList: true, attributes: true, characterData: true};
  new MutationObserver(check).observe(document, everything);
  window.__benchArm = (want) => { b.want = want; b.keyAt = b.sentAt = b.urlAt = b.doneAt = null; };
  window.__benchIdle = idle;
  window.__benchState = () => {
    const sliders = [...document.querySelectorAll('[data-testid="stSlider"]')];
    const box = sliders.find((e) => e.textContent.includes("Meeting"));
    const app = document.querySelector('[data-testid="stApp"]');
    const active = document.activeElement;
    return {
      duration: new URLSearchParams(location.search).get("duration"),
      slider: box?.querySelector('[role="slider"]')?.getAttribute("aria-valuetext"),
      focused: active?.getAttribute("role") || active?.tagName,
      metric: metric("Common windows"),
      script: app?.dataset.testScriptState,
      stale: document.querySelectorAll('[data-stale="true"]').length,
      keyAt: b.keyAt, sentAt: b.sentAt, urlAt: b.urlAt, now: performance.now(),
    };
  };
})();
"""
LOADED = "() => window.__bench.loadedAt !== null"
IDLE = "() => window.__benchIdle()"
ARM = "(want) => window.__benchArm(want)"
DONE = "() => window.__bench.doneAt !== null"
TIMES = "() => [window.__bench.keyAt, window.__bench.sentAt, window.__bench.urlAt, window.__bench.doneAt]"
POLL_MS = 100


def app_fingerprint() -> str:
    """A short hash of planner_app's sources and streamlit_app.py: which version of the app was measured."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "planner_app").rglob("*.py"), ROOT / "streamlit_app.py"]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def process_tree(pid: int) -> set[int]:
    """The process and all its live descendants."""
    found, stack = set(), [pid]
    while stack:
        p = stack.pop()
        if p in found:
            continue
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        found.add(p)
    return found


def tree_rss_kib(pid: int) -> int:
    """VmRSS of the process and all its descendants, in KiB (0 once it has gone)."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def cpu_ticks(pids: set[int]) -> dict[int, int]:
    """User + system CPU time of each process, in clock ticks."""
    ticks = {}
    for p in pids:
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks[p] = int(fields[11]) + int(fields[12])
    return ticks


def machine_busy_ticks() -> int:
    """CPU time the whole machine spent busy (all cores, everything but idle and iowait), in clock ticks."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return sum(values) - values[3] - values[4]


class CpuMeter:
    """CPU seconds of the server, of this benchmark's own side (this process, the Playwright driver and
    Chromium) and of everything else on the machine, between start() and stop()."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.tick = os.sysconf("SC_CLK_TCK")

    def _client(self) -> dict[int, int]:
        return cpu_ticks(process_tree(os.getpid()) - process_tree(self.server_pid))

    def start(self) -> None:
        self.server0 = sum(cpu_ticks(process_tree(self.server_pid)).values())
        self.client0, self.busy0 = self._client(), machine_busy_ticks()

    def stop(self) -> dict[str, float]:
        """Call while the round's pages are still open: a closed page's renderer takes its CPU time along."""
        server = sum(cpu_ticks(process_tree(self.server_pid)).values()) - self.server0
        client = sum(t - self.client0.get(p, 0) for p, t in self._client().items())
        busy = machine_busy_ticks() - self.busy0
        return {
            "server": round(server / self.tick, 1),
            "browser_and_driver": round(client / self.tick, 1),
            "other_processes": round(max(busy - server - client, 0) / self.tick, 1),
        }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between the nearest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Round:
    """What one round's sessions measured."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.loads_ms: list[float] = []
        self.reruns_ms: list[float] = []
        self.url_ms: list[float] = []
        self.sent_ms: list[float] = []
        self.sessions_done = 0
        self.errors: list[str] = []
        self.off_host: list[str] = []
        self.contexts: list[BrowserContext] = []
        self.figures: dict[str, Any] = {}


async def new_page(browser: Browser, r: Round) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="UTC")
    r.contexts.append(context)

    def watch(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            r.off_host.append(request.url)

    context.on("request", watch)
    await context.add_init_script(RECORDER)
    return await context.new_page()


async def session(browser: Browser, url: str, expected: dict[int, int], r: Round, changes: int) -> None:
    """One user: open the Plan page, then move the length slider `changes` times, timing each rerun."""
    page = await new_page(browser, r)
    await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_function(LOADED, polling=POLL_MS, timeout=LOAD_TIMEOUT_MS)
    r.loads_ms.append(float(await page.evaluate("() => window.__bench.loadedAt")))
    slider = page.get_by_test_id("stSlider").filter(has_text="Meeting length").get_by_role("slider")
    for key, duration in CHANGES[:changes]:
        step = f"waiting for the page to be idle before {key} -> {duration}"
        try:
            await page.wait_for_function(IDLE, polling=POLL_MS, timeout=CHANGE_TIMEOUT_MS)
            await slider.focus()
            await page.evaluate(ARM, {"duration": duration, "windows": expected[duration]})
            await page.keyboard.press(key)
            step = f"waiting for {key} -> {duration} min ({expected[duration]} windows) to show"
            await page.wait_for_function(DONE, polling=POLL_MS, timeout=CHANGE_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            state = await page.evaluate("() => window.__benchState()")
            raise TimeoutError(f"{step}: page state {json.dumps(state)}") from None
        key_at, sent_at, url_at, done_at = await page.evaluate(TIMES)
        r.reruns_ms.append(done_at - key_at)
        r.url_ms.append(url_at - key_at)
        if sent_at is not None:
            r.sent_ms.append(sent_at - key_at)
    r.sessions_done += 1


async def run_round(
    browser: Browser, url: str, expected: dict[int, int], pid: int, n: int, changes: int, limit: float
) -> Round:
    r = Round(n)
    rss_before = tree_rss_kib(pid)
    peak = rss_before
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kib(pid))
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample())
    meter = CpuMeter(pid)
    meter.start()
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(session(browser, url, expected, r, changes)) for _ in range(n)]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall = time.perf_counter() - t0
    for task in done:
        exc = task.exception()
        if exc is not None:
            r.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:600]}")
    if pending:
        r.errors.append(f"{len(pending)} session(s) cut off at the round's limit of {limit:.0f} s")
    cpu = meter.stop()
    rss_connected = tree_rss_kib(pid)
    stop.set()
    await sampler
    peak = max(peak, rss_connected)
    await asyncio.gather(*(c.close() for c in r.contexts), return_exceptions=True)
    await asyncio.sleep(SETTLE_S)
    r.figures = {
        "sessions": n,
        "sessions_completed": r.sessions_done,
        "changes_per_session": changes,
        "limit_s": round(limit, 1),
        "wall_s": round(wall, 1),
        "page_load_ms": {
            "count": len(r.loads_ms),
            "median": round(statistics.median(r.loads_ms), 1) if r.loads_ms else None,
            "p95": round(percentile(r.loads_ms, 95), 1) if r.loads_ms else None,
            "max": round(max(r.loads_ms), 1) if r.loads_ms else None,
        },
        "rerun_ms": {
            "count": len(r.reruns_ms),
            "median": round(statistics.median(r.reruns_ms), 1) if r.reruns_ms else None,
            "p95": round(percentile(r.reruns_ms, 95), 1) if r.reruns_ms else None,
            "max": round(max(r.reruns_ms), 1) if r.reruns_ms else None,
            "sent_to_server_median": round(statistics.median(r.sent_ms), 1) if r.sent_ms else None,
            "url_updated_median": round(statistics.median(r.url_ms), 1) if r.url_ms else None,
            "all": [round(v, 1) for v in r.reruns_ms],
        },
        "server_rss_kib": {
            "before": rss_before,
            "peak": peak,
            "after_connected": rss_connected,
            "after_closed": tree_rss_kib(pid),
        },
        "cpu_s": cpu,
        "requests_to_other_hosts": len(r.off_host),
        "other_hosts_asked_for": sorted(set(r.off_host)),
        "errors": r.errors,
    }
    return r


async def drive(url: str, pid: int, deadline: float) -> dict[str, Any]:
    team = load_team(ROOT / "data" / "demo-team.toml")
    expected = {d: len(windows_for(team, START, END, d).windows) for d in {FIRST_DURATION, *(d for _, d in CHANGES)}}
    plan_url = f"{url}/?{urlencode(sharing.encode(team, START, END, FIRST_DURATION))}"
    out: dict[str, Any] = {"expected_common_windows": expected, "rounds": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(**chromium_options(EXTRA_CHROMIUM_ARGS))
        try:
            # One session first, not counted: the server's first run imports the app and fills its caches.
            warm = await run_round(browser, plan_url, expected, pid, 1, 1, WARM_UP_LIMIT_S)
            out["warm_up"] = warm.figures
            if warm.sessions_done != 1:
                raise RuntimeError(f"the warm-up session failed: {warm.errors}")
            for n in SESSIONS:
                limit = min(ROUND_LIMIT_S[n], deadline - time.monotonic())
                if limit < 20:
                    print(f"{n:>3} skipped: the {TOTAL_BUDGET_S:.0f} s budget is spent", flush=True)
                    out["rounds"].append({"sessions": n, "skipped": True})
                    continue
                r = await run_round(browser, plan_url, expected, pid, n, len(CHANGES), limit)
                out["rounds"].append(r.figures)
                print_round(r.figures)
        finally:
            await browser.close()
    return out


def print_header() -> None:
    print(f"{'':>16}{'page load ms':^16}{'rerun latency ms':^21}{'CPU s':^21}{'server RSS MiB':^24}")
    print(
        f"{'N':>3} {'done':>5} {'wall s':>6}"
        f" {'median':>7} {'p95':>7}"
        f" {'median':>7} {'p95':>7} {'n':>4}"
        f" {'server':>6} {'browser':>7} {'other':>6}"
        f" {'before':>7} {'peak':>7} {'after':>7}",
        flush=True,
    )


def print_round(f: dict[str, Any]) -> None:
    load, rerun, rss, cpu = f["page_load_ms"], f["rerun_ms"], f["server_rss_kib"], f["cpu_s"]

    def ms(v: float | None) -> str:
        return f"{v:>7.0f}" if v is not None else f"{'-':>7}"

    print(
        f"{f['sessions']:>3} {f['sessions_completed']:>2}/{f['sessions']:<2} {f['wall_s']:>6.1f}"
        f" {ms(load['median'])} {ms(load['p95'])}"
        f" {ms(rerun['median'])} {ms(rerun['p95'])} {rerun['count']:>4}"
        f" {cpu['server']:>6.1f} {cpu['browser_and_driver']:>7.1f} {cpu['other_processes']:>6.1f}"
        f" {rss['before'] / 1024:>7.1f} {rss['peak'] / 1024:>7.1f} {rss['after_connected'] / 1024:>7.1f}",
        flush=True,
    )
    for error, count in Counter(f["errors"]).items():
        print(f"      ! {count} x {error}")


def main() -> None:
    t_start, t_budget = time.perf_counter(), time.monotonic()
    loadavg_start = os.getloadavg()[0]
    fingerprint = app_fingerprint()
    with StreamlitServer(startup_timeout_s=STARTUP_TIMEOUT_S) as server:  # saved teams: a throw-away SQLite
        url = server.url
        startup_s = time.perf_counter() - t_start
        idle_rss = tree_rss_kib(server.pid)
        print(
            f"server on {url} (pid {server.pid}) healthy after {startup_s:.1f} s, RSS {idle_rss / 1024:.1f} MiB; "
            f"app sources {fingerprint}"
        )
        print(
            f"each session: Plan page for {START}..{END}, {FIRST_DURATION} min, then the length slider "
            f"{' '.join(k for k, _ in CHANGES)} (-> {', '.join(str(d) for _, d in CHANGES)} min)"
        )
        print_header()
        out = asyncio.run(drive(url, server.pid, deadline=t_budget + TOTAL_BUDGET_S - 15))

    warm = out["warm_up"]
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "app_fingerprint": fingerprint,
        "app_changed_during_run": app_fingerprint() != fingerprint,
        "setup": {
            "dates": [START.isoformat(), END.isoformat()],
            "first_duration": FIRST_DURATION,
            "changes": [{"key": k, "duration": d} for k, d in CHANGES],
            "chromium_args": chromium_options(EXTRA_CHROMIUM_ARGS)["args"],
            "round_limit_s": ROUND_LIMIT_S,
            "total_budget_s": TOTAL_BUDGET_S,
        },
        "loadavg_start": loadavg_start,
        "loadavg_end": os.getloadavg()[0],
        "server_startup_s": round(startup_s, 1),
        "server_idle_rss_kib": idle_rss,
        **out,
        "total_s": 0.0,
    }
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"warm-up session (not in the table): page load {warm['page_load_ms']['median']:.0f} ms, "
        f"first rerun {warm['rerun_ms']['median']:.0f} ms"
    )
    print("median/p95 of the key press -> URL, metric and idle page; 'after' with the round's sessions connected")
    for f in out["rounds"]:
        if not f.get("skipped") and f["rerun_ms"]["count"]:
            rerun = f["rerun_ms"]
            print(
                f"  N={f['sessions']}: key press -> value sent {rerun['sent_to_server_median']:.0f} ms -> "
                f"URL updated {rerun['url_updated_median']:.0f} ms -> page done {rerun['median']:.0f} ms (medians)"
            )
    print("CPU s: server process; this benchmark's Chromium, Playwright driver and itself; all other processes")
    measured = [warm, *(f for f in out["rounds"] if not f.get("skipped"))]
    off_host = sum(f["requests_to_other_hosts"] for f in measured)
    asked = sorted({u for f in measured for u in f["other_hosts_asked_for"]})
    print(f"requests to hosts other than 127.0.0.1: {off_host}, none resolved or sent (Chromium resolves no names)")
    for other in asked:
        print(f"  the page asked for {other}")
    print(f"load average (1 min) at start {results['loadavg_start']:.1f}, at end {results['loadavg_end']:.1f}")
    if results["app_changed_during_run"]:
        print(f"WARNING: the app's sources changed during the run ({fingerprint} -> {app_fingerprint()}); rerun it")
    print(f"total {results['total_s']:.0f} s; results in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
