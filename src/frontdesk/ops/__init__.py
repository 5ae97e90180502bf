"""Operations: audit, metrics, logging, health."""
