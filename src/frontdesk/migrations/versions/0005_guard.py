"""Guard: the pseudonymisation vault (tenant keys, conversation data keys, vault entries).

Revision ID: 0005_guard
Revises: 0004_gateway
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_guard"
down_revision = "0004_gateway"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guard_tenant_keys",
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("key_version", sa.Integer, nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", "key_version", name="pk_guard_tenant_keys"),
    )
    op.create_table(
        "guard_data_keys",
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(40), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("key_version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "conversation_id", name="pk_guard_data_keys"),
        sa.UniqueConstraint(
            "tenant_id",
            "conversation_id",
            "key_id",
            name="uq_guard_data_keys_tenant_id_conversation_id_key_id",
        ),
    )
    op.create_table(
        "guard_vault",
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("placeholder", sa.String(80), nullable=False),
        sa.Column("key_id", sa.String(40), nullable=False),
        sa.Column("entity_type", sa.String(40), nullable=False),
        sa.Column("value_digest", sa.LargeBinary, nullable=False),
        sa.Column("nonce", sa.LargeBinary, nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "conversation_id", "placeholder", name="pk_guard_vault"
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "conversation_id",
            "value_digest",
            name="uq_guard_vault_tenant_id_conversation_id_value_digest",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "conversation_id", "key_id"],
            [
                "guard_data_keys.tenant_id",
                "guard_data_keys.conversation_id",
                "guard_data_keys.key_id",
            ],
            name="fk_guard_vault_tenant_id_guard_data_keys",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("guard_vault")
    op.drop_table("guard_data_keys")
    op.drop_table("guard_tenant_keys")
