"""Virtual keys: an optional model allow-list on API keys (NULL allows every model).

Revision ID: 0003_virtual_keys
Revises: 0002_knowledge
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_virtual_keys"
down_revision = "0002_knowledge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("models", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("models")
