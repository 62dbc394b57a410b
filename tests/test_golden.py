"""Every export format against its golden file: a presenter change is a reviewed diff, never a surprise.

Regenerate with `scripts/generate-golden` and read `git diff tests/golden/` before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_cases import cases

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", sorted(cases()))
def test_export_equals_its_golden_file(name: str) -> None:
    expected = (GOLDEN / name).read_bytes()
    assert cases()[name]() == expected, f"tests/golden/{name} changed: run scripts/generate-golden and review the diff"


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(cases())
