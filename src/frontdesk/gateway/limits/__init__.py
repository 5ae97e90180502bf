"""Budgets and quotas: reserve before a call, settle after."""
