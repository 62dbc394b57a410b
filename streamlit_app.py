"""Culture-aware meeting planner: `streamlit run streamlit_app.py`. Pages live in planner_app/ui."""

from planner_app.ui.app import run

run()
