"""App speed: rerun latency after a widget change (AppTest, server side) and time to first chart.

Prints figures; not a test. Targets (README, issue 9): a warm rerun <= 100 ms median for the demo team;
from `streamlit run` to the first chart on screen <= 1.3x a one-chart Streamlit app on the same machine,
measured in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.processes import compile_tree  # noqa: E402 - after sys.path
from tests.harness import StreamlitServer, chromium_options  # noqa: E402 - the shared harness, after sys.path

RUNS = int(os.environ.get("RUNS", "5"))
ONE_CHART_APP = """
import streamlit as st
import plotly.graph_objects as go
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""


def rerun_latency(samples: int = 15) -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    at.run()  # the whole page, controls included: what the browser's report starts (ui/first_view.py)
    durations = [30, 60, 45, 90, 30]
    times = []
    for n in range(samples + 2):
        at.select_slider(key="plan_duration").set_value(durations[n % len(durations)])
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        assert not at.exception, at.exception
        if n >= 2:  # the first two fill the caches for these durations
            times.append(elapsed)
    return {"median_ms": statistics.median(times), "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))]}


def _first_chart(browser: Browser, script: Path, ready: bool) -> tuple[float, float | None]:
    """Seconds from launching `streamlit run SCRIPT` to a plotly chart drawn in Chromium (the one-chart
    baseline has no readiness marker, so both wait for the chart itself) and, with `ready`, to the
    app's own readiness marker: the whole page drawn (planner_app/ui/first_view.py)."""
    server = StreamlitServer(script)
    start = time.perf_counter()
    with server:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{server.url}/")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        chart = time.perf_counter() - start
        whole = None
        if ready:
            page.wait_for_selector("[data-planner-ready]", state="attached", timeout=120_000)
            whole = time.perf_counter() - start
        page.close()
    return chart, whole


def first_chart(baseline_script: Path, runs: int = RUNS) -> dict[str, list[float]]:
    """The one-chart app and the planner, one after the other `runs` times (a machine that gets busier
    or quieter during the benchmark affects both alike)."""
    times: dict[str, list[float]] = {"baseline": [], "planner": [], "whole": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_options())
        for _ in range(runs):
            times["baseline"].append(_first_chart(browser, baseline_script, ready=False)[0])
            chart, whole = _first_chart(browser, ROOT / "streamlit_app.py", ready=True)
            times["planner"].append(chart)
            times["whole"].append(whole or 0.0)
        browser.close()
    return times


def main() -> None:
    figures: dict[str, float] = {}
    rerun = rerun_latency()
    figures.update({f"rerun_{k}": round(v, 1) for k, v in rerun.items()})
    print(
        f"rerun after a widget change (demo team, warm): median {rerun['median_ms']:.0f} ms, "
        f"p95 {rerun['p95_ms']:.0f} ms"
    )
    compile_tree()  # as installed: bytecode written (this shell may set PYTHONDONTWRITEBYTECODE)
    with tempfile.TemporaryDirectory() as tmp:
        baseline_script = Path(tmp) / "one_chart.py"
        baseline_script.write_text(ONE_CHART_APP)
        times = first_chart(baseline_script)
    baseline, ours, whole = (statistics.median(times[k]) for k in ("baseline", "planner", "whole"))
    ratios = sorted(p / b for p, b in zip(times["planner"], times["baseline"], strict=True))
    figures.update(
        {
            "first_chart_one_chart_app_s": round(baseline, 2),
            "first_chart_planner_s": round(ours, 2),
            "first_chart_ratio": round(ours / baseline, 2),
            "first_chart_ratio_per_pair": [round(r, 2) for r in ratios],
            "whole_page_planner_s": round(whole, 2),
        }
    )
    print(
        f"streamlit run -> first chart, median of {RUNS} alternating runs: one-chart app {baseline:.2f} s, "
        f"planner {ours:.2f} s, ratio {ours / baseline:.2f} (pairs {min(ratios):.2f}-{max(ratios):.2f}); "
        f"the planner's whole page {whole:.2f} s"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
