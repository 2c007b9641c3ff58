"""Composing the API's resources from already-loaded rows (see `schemas` for their shape)."""
