"""App speed: rerun latency after a widget change (AppTest, server side) and time to first chart.

Prints figures; not a test. Targets (README, issue 9): a warm rerun <= 100 ms median for the demo team;
from `streamlit run` to the first chart on screen <= 1.3x a one-chart Streamlit app on the same machine,
measured in the same run.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness import StreamlitServer, chromium_options  # noqa: E402 - the shared harness, after sys.path

ONE_CHART_APP = """
import streamlit as st
import plotly.graph_objects as go
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""


def rerun_latency(samples: int = 15) -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    durations = [30, 60, 45, 90, 30]
    times = []
    for n in range(samples + 2):
        at.select_slider[0].set_value(durations[n % len(durations)])
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        assert not at.exception, at.exception
        if n >= 2:  # the first two fill the caches for these durations
            times.append(elapsed)
    return {"median_ms": statistics.median(times), "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))]}


def time_to_first_chart(script: Path, runs: int = 3) -> float:
    """Median seconds from launching `streamlit run` to a plotly chart drawn in Chromium (the figure
    measured; the one-chart baseline has no readiness marker, so both wait for the chart itself)."""
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_options())
        for _ in range(runs):
            server = StreamlitServer(script)
            start = time.perf_counter()
            with server:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{server.url}/")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                results.append(time.perf_counter() - start)
                page.close()
        browser.close()
    return statistics.median(results)


def main() -> None:
    figures: dict[str, float] = {}
    rerun = rerun_latency()
    figures.update({f"rerun_{k}": round(v, 1) for k, v in rerun.items()})
    print(
        f"rerun after a widget change (demo team, warm): median {rerun['median_ms']:.0f} ms, "
        f"p95 {rerun['p95_ms']:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        baseline_script = Path(tmp) / "one_chart.py"
        baseline_script.write_text(ONE_CHART_APP)
        baseline = time_to_first_chart(baseline_script)
    ours = time_to_first_chart(ROOT / "streamlit_app.py")
    figures.update(
        {
            "first_chart_one_chart_app_s": round(baseline, 2),
            "first_chart_planner_s": round(ours, 2),
            "first_chart_ratio": round(ours / baseline, 2),
        }
    )
    print(
        f"streamlit run -> first chart: one-chart app {baseline:.2f} s, planner {ours:.2f} s, "
        f"ratio {ours / baseline:.2f}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
