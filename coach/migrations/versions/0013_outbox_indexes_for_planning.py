"""outbox indexes for planning at scale

The planner reads each chunk's history by patient and due time: one index on
(patient_id, due_at) serves it (and every lookup by patient) where the index on
patient_id alone left PostgreSQL, with statistics lagging behind a first planning, to
scan the (status, due_at) index over the whole outbox for every chunk. Twilio's SID is
unique only once a message has one: a partial index, so the millions of planned rows
without one cost no index entry.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_SID = sa.text("twilio_sid IS NOT NULL")
# SQLite's unique constraint on twilio_sid has no name: batch mode names it by this.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _drop_sid_constraint() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # Unnamed as 0001 made it; named as this revision's downgrade makes it.
        names = [
            found["name"]
            for found in sa.inspect(bind).get_unique_constraints("outbox_message")
            if found["column_names"] == ["twilio_sid"]
        ]
        with op.batch_alter_table(
            "outbox_message", recreate="always", naming_convention=NAMING
        ) as batch_op:
            batch_op.drop_constraint(names[0] or "uq_outbox_message_twilio_sid", type_="unique")
    else:
        op.drop_constraint("outbox_message_twilio_sid_key", "outbox_message", type_="unique")


def upgrade() -> None:
    """Apply this revision."""
    _drop_sid_constraint()
    op.create_index(
        "ix_outbox_message_twilio_sid",
        "outbox_message",
        ["twilio_sid"],
        unique=True,
        postgresql_where=HAS_SID,
        sqlite_where=HAS_SID,
    )
    op.create_index(
        "ix_outbox_message_patient_id_due_at", "outbox_message", ["patient_id", "due_at"]
    )
    op.drop_index("ix_outbox_message_patient_id", table_name="outbox_message")


def downgrade() -> None:
    """Revert this revision."""
    op.create_index("ix_outbox_message_patient_id", "outbox_message", ["patient_id"])
    op.drop_index("ix_outbox_message_patient_id_due_at", table_name="outbox_message")
    op.drop_index("ix_outbox_message_twilio_sid", table_name="outbox_message")
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.create_unique_constraint("outbox_message_twilio_sid_key", ["twilio_sid"])
