"""Frontdesk: a self-hosted platform for running enterprise AI assistants."""

__version__ = "0.1.0"
