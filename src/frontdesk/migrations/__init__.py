"""Alembic migrations. ``frontdesk.storage.migrate.upgrade`` runs them programmatically."""
