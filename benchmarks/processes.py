"""How the benchmarks start whole `planner` processes, so that every figure means the same thing.

- **Compiled, as installed.** `pip install` compiles every module's bytecode; a development tree edited
  since its last run (or a shell with PYTHONDONTWRITEBYTECODE set, as this workplace's is) would instead
  compile the changed modules in every timed run. `compile_tree()` compiles `planner_app` first.
- **The holiday cache.** A cold process whose holiday questions an earlier process asked reads the answers
  from disk (planner_app/holiday_cache.py) and never imports the `holidays` package. `cache_env(warm=True)`
  gives every run one cache folder, filled by an untimed run first; `cache_env(warm=False)` gives each run
  an empty folder of its own: the first command a user ever runs.
"""

from __future__ import annotations

import compileall
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_WARM = tempfile.mkdtemp(prefix="planner-bench-cache-")


def compile_tree() -> None:
    """Write `planner_app`'s bytecode, as `pip install` does (quietly; an error raises)."""
    if not compileall.compile_dir(ROOT / "planner_app", quiet=1):
        raise SystemExit("compileall failed for planner_app")


def cache_env(*, warm: bool) -> dict[str, str]:
    """The environment of a timed run: the shared holiday cache (`warm`) or a new empty one."""
    folder = _WARM if warm else tempfile.mkdtemp(prefix="planner-bench-cold-")
    return {**os.environ, "PLANNER_CACHE_DIR": folder}
