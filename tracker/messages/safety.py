"""Messages about outputs, backups and database files that are not what they should be."""

MESSAGES: dict[str, dict[str, str]] = {}
