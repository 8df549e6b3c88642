"""Labels and messages of the weekly summary and the exports."""

MESSAGES: dict[str, dict[str, str]] = {
}
