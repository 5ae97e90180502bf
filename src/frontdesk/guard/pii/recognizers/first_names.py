"""The first-name gazetteer (``first_names.yaml`` beside this module: source and filters are
described in its header), loaded once on first use."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["first_names"]


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    text = resources.files(__package__).joinpath("first_names.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return frozenset(str(yaml.load(text, Loader=loader)["first_names"]).split())
