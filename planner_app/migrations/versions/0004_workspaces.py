"""Workspaces: teams (with their plans and agreements) and feeds belong to a workspace whose members
have a role (owner, editor, viewer); each saved team version records who saved it. Existing teams
and feeds move into the default workspace, losing nothing; team names become unique per workspace
(so a name in use elsewhere neither blocks nor reveals anything).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT_WORKSPACE = "default"
# Reflected unnamed constraints get these names in batch mode (SQLite), so the old unique(name) can go.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workspace_members",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(320), nullable=True),
    )
    workspaces = sa.table(
        "workspaces", sa.column("id", sa.String), sa.column("name", sa.String), sa.column("created_at", sa.DateTime)
    )
    op.bulk_insert(
        workspaces, [{"id": DEFAULT_WORKSPACE, "name": "Default workspace", "created_at": dt.datetime.now(dt.UTC)}]
    )
    with op.batch_alter_table("teams", naming_convention=NAMING) as batch:
        batch.add_column(sa.Column("workspace_id", sa.String(32), nullable=False, server_default=DEFAULT_WORKSPACE))
    with op.batch_alter_table("teams", naming_convention=NAMING) as batch:
        batch.alter_column("workspace_id", existing_type=sa.String(32), server_default=None)
        batch.drop_constraint(_team_name_unique(), type_="unique")
        batch.create_unique_constraint("uq_team_name_per_workspace", ["workspace_id", "name"])
        batch.create_foreign_key("fk_team_workspace", "workspaces", ["workspace_id"], ["id"], ondelete="CASCADE")
    with op.batch_alter_table("team_versions") as batch:
        batch.add_column(sa.Column("saved_by", sa.String(320), nullable=True))
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("workspace_id", sa.String(32), nullable=False, server_default=DEFAULT_WORKSPACE))
    with op.batch_alter_table("feeds") as batch:
        batch.alter_column("workspace_id", existing_type=sa.String(32), server_default=None)
        batch.create_foreign_key("fk_feed_workspace", "workspaces", ["workspace_id"], ["id"], ondelete="CASCADE")


def _team_name_unique() -> str:
    """The name of 0001's unnamed unique(name): PostgreSQL's own, or our convention's on SQLite."""
    return "teams_name_key" if op.get_bind().dialect.name == "postgresql" else "uq_teams_name"


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_constraint("fk_feed_workspace", type_="foreignkey")
        batch.drop_column("workspace_id")
    with op.batch_alter_table("team_versions") as batch:
        batch.drop_column("saved_by")
    with op.batch_alter_table("teams") as batch:
        batch.drop_constraint("fk_team_workspace", type_="foreignkey")
        batch.drop_constraint("uq_team_name_per_workspace", type_="unique")
        batch.create_unique_constraint("teams_name_key", ["name"])
        batch.drop_column("workspace_id")
    op.drop_table("workspace_members")
    op.drop_table("workspaces")
