"""Messages of tamper evidence: db check and the history hash chain."""

MESSAGES: dict[str, dict[str, str]] = {}
