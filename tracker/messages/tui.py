"""Labels and messages of the terminal UI."""

MESSAGES: dict[str, dict[str, str]] = {
}
