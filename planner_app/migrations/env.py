"""Alembic environment: migrations run on the connection the store hands over, never from an ini file.

The schema is declared once, in `planner_app.store.metadata`; the migrations must produce exactly it
(tests/test_store.py compares a migrated database with it on SQLite and PostgreSQL).
"""

from __future__ import annotations

from alembic import context

from planner_app.store import metadata

connection = context.config.attributes["connection"]
# The store begins the transaction (one for the whole upgrade, version stamp included), so
# alembic's begin_transaction below joins it instead of committing each migration on its own.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
