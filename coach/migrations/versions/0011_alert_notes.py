"""alert notes: every acknowledgement note kept, with who and when

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import coach.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "alert_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("at", coach.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alert.id"]),
        sa.ForeignKeyConstraint(["clinician_id"], ["clinician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_note_alert_id"), ["alert_id"], unique=False)
    # The one note an alert could hold so far becomes its first note.
    op.execute(
        "INSERT INTO alert_note (alert_id, clinician_id, text, at) "
        "SELECT id, acknowledged_by, note, COALESCE(acknowledged_at, created_at) "
        "FROM alert WHERE note IS NOT NULL AND note <> ''"
    )


def downgrade() -> None:
    """Revert this revision (`alert.note` keeps the newest note)."""
    with op.batch_alter_table("alert_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_note_alert_id"))
    op.drop_table("alert_note")
