"""Feed and read-API speed. Prints figures; not a test.

Targets (issue 11): a feed of a 52-week series for 12 members answers in <= 200 ms warm; the API's
windows for 100 members over a year takes at most 1.5x the command line's in-process time.

Conditions: one process, a throw-away SQLite store in a temp folder, the handlers called through
Starlette's TestClient (the full ASGI stack, no network and no Streamlit server); "warm" means after
one request has loaded the regions, holidays and zones and built the feed once, so the server's feed
cache holds it (each request still reads the feed, plan and team from the store). "Recomputed" is a
request whose feed must be built again, as after an edit of the team: the same server with its feed
cache switched off. The command line runs in-process through `cli.main` with stdout captured, opening
its store from --db as it does on every call; command line and API calls alternate, so that a load
change on a busy machine hits both alike, and the CPU time of each call (all threads) is printed
beside the wall time.

    python benchmarks/api.py
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.applications import Starlette  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from benchmarks.orgteam import member_rows  # noqa: E402
from benchmarks.series import REGIONS  # noqa: E402
from planner_app import cli  # noqa: E402
from planner_app.api import Api, Settings  # noqa: E402
from planner_app.feeds import FeedCache  # noqa: E402
from planner_app.store import Store  # noqa: E402
from planner_app.teams import build_team  # noqa: E402


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def alternating(actions: list[Callable[[], object]], runs: int) -> list[tuple[list[float], list[float]]]:
    """Wall and CPU seconds (all threads) of each action, the actions taking turns in every round."""
    results: list[tuple[list[float], list[float]]] = [([], []) for _ in actions]
    for _ in range(runs):
        for action, (wall, cpu) in zip(actions, results, strict=True):
            start, used = time.perf_counter(), time.process_time()
            action()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)
    return results


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms ({len(times)} runs)"


def feeds(store: Store, api: Api, client: TestClient) -> None:
    rows = [{"name": f"member-{n:02d}", "region": REGIONS[n % len(REGIONS)]} for n in range(12)]
    team = store.create_team(build_team("Benchmark 12", rows))
    for mode in ("fixed", "rotate"):
        params = {"start": "2026-01-06", "count": 52, "cadence": "weekly", "duration": 30, "mode": mode}
        params["time"] = 600 if mode == "fixed" else None
        plan = store.save_plan(team.team.name, "series", f"52 weeks, {mode}", params, [])
        path = f"/feeds/{store.create_feed('series', plan.token)}.ics"
        cold = timed(lambda p=path: client.get(p), 1)[0]
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        warm = timed(lambda p=path: client.get(p), 10)
        tag = answer.headers["etag"]
        not_modified = timed(lambda p=path, t=tag: client.get(p, headers={"If-None-Match": t}), 10)
        cache, api.feed_cache = api.feed_cache, FeedCache(entries=0)  # nothing kept: every request builds
        recomputed = timed(lambda p=path: client.get(p), 5)
        assert client.get(path).content == answer.content
        api.feed_cache = cache
        events = answer.content.count(b"BEGIN:VEVENT")
        print(f"feed, 52-week {mode} series, 12 members ({len(answer.content):,} bytes, {events} VEVENTs):")
        print(f"  cold {cold * 1000:.0f} ms; warm {ms(warm)}; 304 {ms(not_modified)}; target <= 200 ms warm")
        print(f"  recomputed (as after an edit) {ms(recomputed)}")


def windows(store: Store, url: str, client: TestClient) -> None:
    team = store.create_team(build_team("Organisation of 100", member_rows(100)))
    name = team.team.name
    query = {"team": name, "from": "2026-01-01", "to": "2026-12-31", "duration": "30"}
    argv = ["windows", "--team", name, "--db", url, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"]

    def command_line() -> bytes:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(argv) == 0
        return out.getvalue().encode()

    def api() -> bytes:
        answer = client.get("/api/v1/windows", params=query)
        assert answer.status_code == 200, answer.text
        return answer.content

    assert api() == command_line()  # warm both, and the same bytes
    (cli_times, cli_cpu), (api_times, api_cpu) = alternating([command_line, api], 7)
    ratio = statistics.median(api_times) / statistics.median(cli_times)
    cpu_ratio = statistics.median(api_cpu) / statistics.median(cli_cpu)
    print(f"API windows, 100 members x 2026 ({len(api()):,} bytes), calls alternating:")
    print(f"  command line in-process {ms(cli_times)}; CPU median {statistics.median(cli_cpu) * 1000:.0f} ms")
    print(f"  API                     {ms(api_times)}; CPU median {statistics.median(api_cpu) * 1000:.0f} ms")
    print(f"  API / command line = {ratio:.2f} (target <= 1.5); in CPU time {cpu_ratio:.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        store = Store(url)
        api = Api(lambda: Settings(url, shared=False))
        with TestClient(Starlette(routes=api.routes()), client=("127.0.0.1", 50000)) as client:
            feeds(store, api, client)
            windows(store, url, client)
        store.close()


if __name__ == "__main__":
    main()
