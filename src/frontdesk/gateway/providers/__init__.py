"""Built-in provider adapters. Each module exposes ``register(registry)`` and is loaded
through the ``frontdesk.providers`` entry-point group, exactly as a third-party plugin is."""
