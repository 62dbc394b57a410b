"""Alembic migrations for the planner's store (run on start by planner_app.store)."""
