"""Response caching per tenant: exact and semantic."""
