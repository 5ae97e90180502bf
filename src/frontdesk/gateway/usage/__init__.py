"""What model calls used and cost: reports over the ``model_usage`` table (API and CLI)."""
