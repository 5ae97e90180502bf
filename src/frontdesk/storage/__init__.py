"""Ports for persistence and their adapters (SQL, key-value, blobs, vectors)."""
