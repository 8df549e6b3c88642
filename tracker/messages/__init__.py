"""Message tables, one per area; tracker.i18n merges them."""
