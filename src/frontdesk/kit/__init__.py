"""Domain-free building blocks: ids, clock, errors, logging."""
