"""App speed: rerun latency after a widget change (AppTest, server side) and time to first chart.

Prints figures; not a test. Targets (README): a warm rerun <= 200 ms for the demo team; from
`streamlit run` to the first chart on screen <= 1.5x a one-chart Streamlit app on the same machine.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_first_chart(script: Path, runs: int = 3) -> float:
    """Median seconds from launching `streamlit run` to a plotly chart drawn in Chromium."""
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            port = _free_port()
            start = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(script),
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                            if r.read() == b"ok":
                                break
                    except OSError:
                        time.sleep(0.05)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                results.append(time.perf_counter() - start)
                page.close()
            finally:
                proc.terminate()
                proc.wait(timeout=20)
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
