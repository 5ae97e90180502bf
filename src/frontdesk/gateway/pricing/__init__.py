"""Prices per model and the cost of each call."""
