"""Routes as data: logical models, weighted targets, sticky A/B, canary releases."""
