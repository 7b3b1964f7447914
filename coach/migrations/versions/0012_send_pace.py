"""send pace shared by the workers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coach.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "send_pace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("next_at", coach.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("send_pace")
