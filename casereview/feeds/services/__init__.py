"""The feeds services: one module per act (imports, retention)."""
