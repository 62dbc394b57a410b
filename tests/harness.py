"""One way to start the app and a browser, for the browser tests, the benchmarks and the scripts.

- `StreamlitServer`: `streamlit run` on a free port of 127.0.0.1 (never another interface), its
  saved teams in a throw-away data folder unless told otherwise, waited on through its
  `/_stcore/health` endpoint, and always stopped (terminate, then kill).
- `chromium_options()`: Debian's Chromium (/usr/bin/chromium) with the flags that work on CI
  machines, for Playwright's sync and async APIs alike.
- `wait_ready()`: the app's OWN readiness signal. Every run of the app ends with a hidden
  `<span data-planner-ready="PAGE" data-run="N">` (planner_app.ui.components.ready_marker); a
  waiter asks for a run later than the one it saw before a click, so it never mistakes the
  previous run's page for the new one, and never depends on which chart happens to draw first.

Why here and not in `planner_app`: the product must not depend on Playwright (a test-only
dependency) nor ship test machinery in its wheel, and `tests/` is already importable from the
project root (`from tests.harness import ...`). Benchmarks and scripts put the project root on
`sys.path` and import it from here, so there is one copy of the flags, ports and waits to keep right.

Waits are on signals. Each also has a generous ceiling (`PLANNER_TEST_TIMEOUT_S`, default 180 s) so
a broken app fails the run instead of hanging it; on a busy 2-core machine the signal, not the
ceiling, decides how long a wait takes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
TIMEOUT_S = float(os.environ.get("PLANNER_TEST_TIMEOUT_S", "180"))
TIMEOUT_MS = int(TIMEOUT_S * 1000)
READY = "[data-planner-ready]"

# The newest readiness marker's run number (0 before the first), and whether a later one is there.
_RUN_JS = """() => {
  const marks = document.querySelectorAll('[data-planner-ready]');
  return marks.length ? Number(marks[marks.length - 1].dataset.run) : 0;
}"""
_READY_JS = """([after, page]) => {
  const marks = document.querySelectorAll('[data-planner-ready]');
  if (!marks.length) return false;
  const mark = marks[marks.length - 1];
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = app !== null && app.dataset.testScriptState === "notRunning";
  return idle && Number(mark.dataset.run) > after && (page === null || mark.dataset.plannerReady === page)
    && !document.querySelector('[data-stale="true"]');
}"""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """True when the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:  # noqa: S310 - our own local URL
            return bool(response.status == 200 and response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


class StreamlitServer:
    """`streamlit run SCRIPT` on 127.0.0.1:free port; use as a context manager (stopped on exit).

    `env` adds to (or overrides) the environment; unless it names a DATABASE_URL, saved teams go to
    a SQLite file in a fresh temporary data folder (XDG_DATA_HOME too), never the user's own store.
    """

    def __init__(
        self,
        script: Path = APP,
        *,
        env: Mapping[str, str] | None = None,
        args: Sequence[str] = (),
        log_path: Path | None = None,
        startup_timeout_s: float = TIMEOUT_S,
    ) -> None:
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._folder = tempfile.TemporaryDirectory(prefix="planner-app-")
        self.data_dir = Path(self._folder.name)
        self.log_path = log_path or self.data_dir / "streamlit.log"
        self.extra_env = dict(env or {})
        self.args = list(args)
        self.startup_timeout_s = startup_timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not started"
        return self.process.pid

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", *self.args,
        ]  # fmt: skip

    def start(self) -> StreamlitServer:
        """Start the server and return once it answers its health check (or raise with its log)."""
        env = {**os.environ, "XDG_DATA_HOME": str(self.data_dir), **self.extra_env}
        env.setdefault("DATABASE_URL", f"sqlite:///{self.data_dir / 'planner.sqlite'}")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + self.startup_timeout_s
        while not healthy(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not answer {self.url}/_stcore/health:\n{self.log()}")
            time.sleep(0.2)  # polling interval of the health check, not a wait for the app
        return self

    def log(self) -> str:
        """The server's output so far (the last 6000 characters)."""
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 15 s) and remove its data folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._folder.cleanup()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def chromium_available() -> bool:
    return CHROMIUM.exists()


def chromium_options(extra_args: Sequence[str] = ()) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch` (sync or async): Debian's Chromium, our flags."""
    return {"executable_path": str(CHROMIUM), "args": [*CHROMIUM_ARGS, *extra_args]}


def current_run(page: Any) -> int:
    """The run number of the newest readiness marker on `page` (0 before the app's first run ends)."""
    return int(page.evaluate(_RUN_JS))


def wait_ready(page: Any, *, after: int = 0, page_name: str | None = None, timeout_ms: int = TIMEOUT_MS) -> int:
    """Wait until the app finished a run later than `after` (on page `page_name`, if given), is idle
    and shows nothing stale; returns that run's number. Works with Playwright's sync API."""
    page.wait_for_function(_READY_JS, arg=[after, page_name], timeout=timeout_ms)
    return current_run(page)


async def wait_ready_async(
    page: Any, *, after: int = 0, page_name: str | None = None, timeout_ms: int = TIMEOUT_MS
) -> int:
    """`wait_ready` for Playwright's async API."""
    await page.wait_for_function(_READY_JS, arg=[after, page_name], timeout=timeout_ms)
    return int(await page.evaluate(_RUN_JS))


def run_coroutine(coroutine: Any) -> Any:
    """Run `coroutine` to its end in a thread of its own: the browser tests' Playwright keeps an event
    loop running in this thread, where asyncio.run() refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def saved_team_picker(page: Any) -> Any:
    """The sidebar's saved-team picker (the select labelled "Team"): the Plan page's own controls sit
    above it in the sidebar, so it is found by its label, not as the sidebar's first select."""
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Team", exact=True))
    return box.get_by_role("combobox")


def plan_summary(team_part: str) -> Any:
    """The Plan page's summary line that starts with `team_part` ("Pair team · 2 members · 2 required")
    and goes on with the length and dates (planner_app/ui/views/plan.py `_summary`), for get_by_text."""
    return re.compile("^" + re.escape(team_part) + r" · \d+ minutes · ")
