"""A cache on disk of the `holidays` package's answers, so that a process which asks what an earlier one
asked never imports the package.

Importing any country of `holidays` runs `holidays.countries/__init__.py`, which imports all 250 country
modules: on a 2-core machine that and computing 20 countries' tables are about half of a cold
`planner windows` for a 100-member team. The answers only change when the package does, so they are
kept on disk, keyed on the installed package's version file (its bytes, size and modification time:
an upgrade or a reinstall starts a new cache and the old one is removed) and on `FORMAT`, which
changes when what we store changes.

Where: `$PLANNER_CACHE_DIR` (an empty value turns the cache off), else `$XDG_CACHE_HOME/culture-planner`,
else `~/.cache/culture-planner`. Each answer is one small JSON file written atomically (a temporary
file renamed into place), so processes running side by side never read half a file. A file that cannot
be read or parsed is computed again; a cache folder that cannot be written (read-only home, full disk)
only costs the time of computing, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
"""The layout of the stored answers; bump it when `regions` stores something else."""

ENVIRONMENT = "PLANNER_CACHE_DIR"


def cache_root() -> Path | None:
    """The folder that holds the cache (None when `$PLANNER_CACHE_DIR` is set empty: no cache)."""
    explicit = os.environ.get(ENVIRONMENT)
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "culture-planner"


@functools.cache
def package_fingerprint() -> str | None:
    """A short digest naming the installed `holidays` package (None if it cannot be found without
    importing it: then nothing is cached)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    version = Path(spec.origin).with_name("version.py")
    try:
        stat = version.stat()
        text = version.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(text)
    digest.update(f"{stat.st_size}:{stat.st_mtime_ns}:{FORMAT}:{spec.origin}".encode())
    return digest.hexdigest()[:16]


def remembered(kind: str, key: list[Any], compute: Callable[[], Any]) -> Any:
    """The JSON value `compute()` returns for `key`, from the cache when an earlier process stored it
    for the same `holidays` package; otherwise computed and stored."""
    folder = _folder()
    if folder is None:
        return compute()
    text = json.dumps([kind, key], separators=(",", ":"))
    key = json.loads(text)[1]  # tuples as the file will hold them (lists), to compare like with like
    name = hashlib.sha256(text.encode()).hexdigest()[:32]
    path = folder / f"{kind}-{name}.json"
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        stored = None
    if isinstance(stored, dict) and stored.get("key") == key:
        return stored["value"]
    value = compute()
    _write(path, {"key": key, "value": value})
    return value


@functools.cache
def _folder() -> Path | None:
    """This package version's cache folder, created on first use; older versions' folders removed."""
    root, fingerprint = cache_root(), package_fingerprint()
    if root is None or fingerprint is None:
        return None
    folder = root / f"holidays-{fingerprint}"
    if folder.is_dir():
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    import shutil  # here and in _write: a process that only reads the cache never loads these

    for old in root.glob("holidays-*"):
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)  # answers of a package that is no longer installed
    return folder


def _write(path: Path, data: dict[str, Any]) -> None:
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
