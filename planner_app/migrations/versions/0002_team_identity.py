"""Teams carry a stable id (uuid4 hex), so optimistic locking survives a rename and a stale save
cannot land on a team deleted and re-created under the same name. Existing teams get ids; nothing
else changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("uid", sa.String(32), nullable=True))
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    conn = op.get_bind()
    for (row_id,) in conn.execute(sa.select(teams.c.id)).all():
        conn.execute(teams.update().where(teams.c.id == row_id).values(uid=uuid.uuid4().hex))
    with op.batch_alter_table("teams") as batch:
        batch.alter_column("uid", existing_type=sa.String(32), nullable=False)
        batch.create_unique_constraint("uq_teams_uid", ["uid"])


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_constraint("uq_teams_uid", type_="unique")
        batch.drop_column("uid")
