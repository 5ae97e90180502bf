"""Guardrails and privacy: PII detection and pseudonymisation, injection defence, policies."""
