"""What a reader sees of the Markdown source AppTest reports: the app escapes every user-supplied
string (planner_app.ui.components.esc), so assertions on texts compare the shown text, not the source."""

from __future__ import annotations

import re

from planner_app.ui.components import WORD_JOINER

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation is dropped


def shown(source: object) -> str:
    """The text Markdown `source` shows (escapes undone, invisible word joiners removed)."""
    return _ESCAPE.sub(r"\1", str(source)).replace(WORD_JOINER, "")
