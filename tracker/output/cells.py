"""One place that makes user text safe for a cell, a terminal line or a markup document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain import clean_text

if TYPE_CHECKING:
    from rich.text import Text

# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): these first
# characters start formulas or DDE in Excel, LibreOffice and Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_text(value: str | None) -> str:
    """Text for CSV, XLSX and ODS: control characters gone, a formula start defused with a
    leading apostrophe (Excel's and LibreOffice's own marker for 'this is text')."""
    if value is None:
        return ""
    text = clean_text(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def terminal_str(value: str | None) -> str:
    """User text for a terminal: control characters, escape sequences and bidi overrides gone
    (tab and newline kept). Text without any of them comes back as it is, at once: str.isprintable
    is false for every character clean_text removes."""
    if not value:
        return ""
    return value if value.isprintable() else clean_text(value)


def terminal_text(value: str | None) -> Text:
    """A rich Text, never parsed as markup, with terminal controls stripped again at display."""
    from rich.text import Text

    return Text(terminal_str(value))
