"""Finding the app's sidebar controls in AppTest runs by what they are, not by their position: the
sidebar holds the Plan page's controls above the saved teams."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest


def saved_pick(at: AppTest) -> Any:
    """The saved-team picker (labelled "Team"; its key carries the session's team version)."""
    (picker,) = [box for box in at.sidebar.selectbox if box.label == "Team"]
    return picker
