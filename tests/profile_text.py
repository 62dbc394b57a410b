"""Shipped profile text for tests that add their own holiday changes with known wording."""

from __future__ import annotations

import re

from planner_app.regions import DATA_DIR

_CHANGE_TABLES = re.compile(r"\[\[holidays_(?:drop|add)\]\]\n(?:(?!\[).*\n)*")


def shipped_without_holiday_changes(region_id: str) -> str:
    """The profile's TOML with its own `[[holidays_drop]]` and `[[holidays_add]]` tables removed."""
    return _CHANGE_TABLES.sub("", (DATA_DIR / f"{region_id}.toml").read_text(encoding="utf-8"))


# A source line and Tunisia's move of Revolution Day, in known wording, for tests of holiday changes.
SOURCE = 'source = { title = "Example: a page", url = "https://example.org/page", read = 2026-11-29 }'
TN_MOVE = f"""
[[holidays_drop]]
name = "Revolution and Youth Day"
dates = ["01-14"]
why = "Presidential Decree 2021-223 made 14 January a working day."
{SOURCE}

[[holidays_add]]
name = "Revolution and Youth Day"
dates = ["12-17"]
from_year = 2021
why = "Presidential Decree 2021-223 moved Revolution Day from 14 January to 17 December."
{SOURCE}
"""
