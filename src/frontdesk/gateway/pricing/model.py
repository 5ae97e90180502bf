"""Prices per model as data: USD per million tokens, input, output and cached input."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field


class ModelPrice(BaseModel):
    model_config = {"extra": "forbid"}

    input_per_mtok: Decimal = Field(ge=0)
    output_per_mtok: Decimal = Field(ge=0)
    cached_input_per_mtok: Decimal | None = Field(None, ge=0)  # None: same as input
