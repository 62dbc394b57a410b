"""`reply`: reading `--sent` without `datetime.strptime`, and what a cold `planner reply-by` imports.

The due instants themselves are checked against the minute oracle in tests/test_protocol.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from planner_app.reply import sent_clock

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = ROOT / "planner_app" / "data" / "demo-partnership.toml"


def _strptime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None


def _ours(text: str) -> dt.datetime | None:
    try:
        return sent_clock(text)
    except ValueError:
        return None


# pieces of near-valid texts: one or two digits, padding, other scripts' digits, the wrong separators
_PART = st.sampled_from(["0", "00", "1", "01", "09", "12", "13", "19", "23", "24", "29", "30", "31", "32", "59", "60"])
_YEAR = st.sampled_from(["2026", "0000", "0001", "9999", "226", "20260", "٢٠٢٦"])
_SEP = st.sampled_from(["T", "t", " ", "", "TT"])
_DAY = _PART | st.sampled_from([" 5", "٣", "1 "])


@given(year=_YEAR, month=_PART, day=_DAY, sep=_SEP, hour=_PART, minute=_PART)
@example(year="2026", month="2", day="29", sep="T", hour="9", minute="5")
@example(year="2028", month="02", day="29", sep="t", hour="23", minute="59")
def test_sent_clock_reads_what_strptime_reads(
    year: str, month: str, day: str, sep: str, hour: str, minute: str
) -> None:
    text = f"{year}-{month}-{day}{sep}{hour}:{minute}"
    assert _ours(text) == _strptime(text)


@given(st.text(alphabet="0123456789-:Tt ٣Z+", max_size=20))
def test_sent_clock_agrees_with_strptime_on_any_text(text: str) -> None:
    assert _ours(text) == _strptime(text)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_cold_reply_by_imports_neither_the_protocol_nor_strptime(fmt: str) -> None:
    """The command answers from the recipient's look-ahead alone: the rest of the protocol (ranking,
    windows), the store and the other presenters are never loaded."""
    probe = (
        "import sys, runpy; sys.argv = ['planner', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('planner_app', run_name='__main__')\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "import json; print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    args = ["reply-by", str(PARTNERSHIP), "--sender", "Anna", "--recipient", "Faisal"]
    args += ["--sent", "2026-03-18T16:00", "--within", "240", "--format", fmt]
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    assert "Faisal" in result.stdout
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "planner_app.reply" in loaded
    for module in (
        "planner_app.protocol",
        "planner_app.protocol_report",
        "planner_app.ranking",
        "planner_app.windows",
        "planner_app.export",
        "planner_app.store",
        "_strptime",
    ):
        assert module not in loaded
    assert "importlib.metadata" not in loaded or "holidays" in loaded  # --version's metadata: read only when asked
