"""Renderers: from plain rows (tracker.storage.queries) to what people and scripts read."""
