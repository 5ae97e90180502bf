"""The model gateway: one streaming port over every provider."""
