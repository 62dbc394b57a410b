"""Screenshot a page of the app with Debian's Chromium.

    python scripts/screenshot.py URL OUT.png            # an app that is already running
    python scripts/screenshot.py --serve PAGE OUT.png   # start the app (tests/harness.py), then shoot

The shot is taken once the app's own readiness marker says the page finished its run (and any
chart on it has drawn), not after a fixed delay.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.harness import TIMEOUT_MS, StreamlitServer, chromium_options, wait_ready

# Plotly draws after the element arrives: wait until every chart on the page has its SVG.
CHARTS_DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart')]
  .every((chart) => chart.querySelector('.js-plotly-plot .main-svg'))"""


def shoot(url: str, out: str, width: int = 1280, height: int = 800) -> None:
    """Open `url`, wait for the app to be ready and its charts drawn, and save a full-page PNG."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_options())
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        wait_ready(page)
        page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
        page.screenshot(path=out, full_page=True)
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", action="store_true", help="start the app; the first argument is a page path")
    parser.add_argument("target", help="the URL, or with --serve the page path (e.g. '', 'series')")
    parser.add_argument("out", help="the PNG to write")
    args = parser.parse_args(argv)
    if args.serve:
        with StreamlitServer() as server:
            shoot(f"{server.url}/{args.target.lstrip('/')}", args.out)
    else:
        shoot(args.target, args.out)


if __name__ == "__main__":
    main()
