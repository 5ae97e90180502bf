"""The built-in recognizers; importing this package registers them all."""

from __future__ import annotations

from frontdesk.guard.pii.recognizers import (
    addresses,
    contact,
    dates_of_birth,
    financial,
    names,
    national_ids,
)

__all__ = ["addresses", "contact", "dates_of_birth", "financial", "names", "national_ids"]
