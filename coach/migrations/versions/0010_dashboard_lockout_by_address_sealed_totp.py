"""dashboard: sign-in failures by client address, room for sealed TOTP secrets, import size

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("web_login_failure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_web_login_failure_client"), ["client"], unique=False)
    # A sealed secret (v1: + base64 of nonce, ciphertext and tag) is longer than the plain
    # base32 one; plain ones already stored stay readable and are sealed at their next use.
    with op.batch_alter_table("web_password", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=200),
            existing_nullable=True,
        )
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_rows", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_column("expected_rows")
    with op.batch_alter_table("web_password", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=True,
        )
    with op.batch_alter_table("web_login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_login_failure_client"))
        batch_op.drop_column("client")
