"""Gateway: usage per model call, limit counters, canary state, limits on API keys.

Revision ID: 0004_gateway
Revises: 0003_virtual_keys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_gateway"
down_revision = "0003_virtual_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_usage",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128)),
        sa.Column("api_key_id", sa.String(40)),
        sa.Column("session_id", sa.String(40)),
        sa.Column("turn_id", sa.String(40)),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("surface", sa.String(8), nullable=False),
        sa.Column("logical_model", sa.String(200), nullable=False),
        sa.Column("route", sa.String(200)),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("input_tokens", sa.Integer, nullable=False),
        sa.Column("output_tokens", sa.Integer, nullable=False),
        sa.Column("cached_input_tokens", sa.Integer, nullable=False),
        sa.Column("cost_micros", sa.BigInteger, nullable=False),
        sa.Column("saved_micros", sa.BigInteger, nullable=False),
        sa.Column("cache", sa.String(10), nullable=False),
        sa.Column("ttft_ms", sa.Integer),
        sa.Column("latency_ms", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(60), nullable=False),
    )
    op.create_index("ix_model_usage_tenant_at", "model_usage", ["tenant_id", "at"])
    op.create_index("ix_model_usage_at", "model_usage", ["at"])
    op.create_table(
        "limit_counters",
        sa.Column("scope", sa.String(300), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("window", sa.String(20), primary_key=True),
        sa.Column("used", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "route_states",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("route", sa.String(200), primary_key=True),
        sa.Column("target", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("api_keys", sa.Column("limits", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("limits")
    op.drop_table("route_states")
    op.drop_table("limit_counters")
    op.drop_index("ix_model_usage_at", "model_usage")
    op.drop_index("ix_model_usage_tenant_at", "model_usage")
    op.drop_table("model_usage")
