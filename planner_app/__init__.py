"""Culture-aware meeting planner: the core (never imports streamlit)."""

from planner_app import zones as _zones  # noqa: F401  (pins the IANA rules to the tzdata package first)

__version__ = "0.1.0"
