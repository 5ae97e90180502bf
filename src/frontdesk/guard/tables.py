"""Tables of the pseudonymisation vault: tenant keys, conversation data keys, vault entries.

Nothing here is readable without a key: tenant keys are wrapped by the local master key (or
live in a KMS and never reach this database), data keys are wrapped by their tenant's key,
and vault values are AES-GCM ciphertext under their conversation's data key. Placeholders
and entity types are stored in clear: they are what the rest of the system already sees.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)

from frontdesk.storage.sql import metadata

# Tenant key-encryption keys of the local key provider, wrapped by the master key file.
# Destroying a key erases ``wrapped_key`` and keeps the row as a tombstone: every data key
# it wrapped becomes unreadable, and the next key gets a new version instead of reusing
# the number (so a data key restored from an old backup reads as "destroyed", not "wrong").
guard_tenant_keys = Table(
    "guard_tenant_keys",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("key_version", Integer, primary_key=True),
    Column("wrapped_key", LargeBinary),  # nonce + AES-GCM ciphertext; NULL once destroyed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("destroyed_at", DateTime(timezone=True)),
)

# One data key per conversation that has seen personal data, wrapped by the tenant key.
# ``key_id`` names this generation of the key: vault rows reference it, so a row encrypted
# under a deleted key can never attach itself to a key created later for the same
# conversation. Deleting the row is the crypto-shredding of the conversation.
guard_data_keys = Table(
    "guard_data_keys",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("conversation_id", String(64), primary_key=True),
    Column("key_id", String(40), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("key_version", Integer, nullable=False),  # of the tenant key that wrapped it
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "conversation_id", "key_id"),
)

# Placeholder -> encrypted value, per conversation. ``value_digest`` is an HMAC of the
# entity type and normalised value under a key derived from the data key: "same value, same
# placeholder" is a lookup, and after shredding nobody can test a guess against it.
guard_vault = Table(
    "guard_vault",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("conversation_id", String(64), primary_key=True),
    Column("placeholder", String(80), primary_key=True),
    Column("key_id", String(40), nullable=False),
    Column("entity_type", String(40), nullable=False),
    Column("value_digest", LargeBinary, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "conversation_id", "value_digest"),
    ForeignKeyConstraint(
        ["tenant_id", "conversation_id", "key_id"],
        [
            guard_data_keys.c.tenant_id,
            guard_data_keys.c.conversation_id,
            guard_data_keys.c.key_id,
        ],
        ondelete="CASCADE",
    ),
)
