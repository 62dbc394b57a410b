"""Shipped profile text for tests that add their own holiday changes with known wording."""

from __future__ import annotations

import re

from planner_app.regions import DATA_DIR

_CHANGE_TABLES = re.compile(r"\[\[holidays_(?:drop|add)\]\]\n(?:(?!\[).*\n)*")


def shipped_without_holiday_changes(region_id: str) -> str:
    """The profile's TOML with its own `[[holidays_drop]]` and `[[holidays_add]]` tables removed."""
    return _CHANGE_TABLES.sub("", (DATA_DIR / f"{region_id}.toml").read_text(encoding="utf-8"))
