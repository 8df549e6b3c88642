"""User text made safe for each report format, in one place.

Every writer takes its text through here: control characters and bidi overrides are
stripped (tracker.domain.clean_text, via spreadsheet_text for spreadsheets), formula
starts are defused, markup is escaped. User text is data, never markup or a formula.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from tracker.domain import clean_text
from tracker.output.cells import spreadsheet_text

# Excel's (and LibreOffice Calc's) limit on the characters in one cell.
CELL_LIMIT = 32_767

# XML 1.0 forbids these even where clean_text lets them through; the XLSX and ODS writers
# would write a file that no spreadsheet opens.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&])")
# Block markup a line may start with: heading, quote, list item, setext underline, "1." / "1)".
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def text(value: object) -> str:
    """Plain user text: control characters gone (tab and newline kept)."""
    if value is None:
        return ""
    value = str(value)
    if value.isprintable():  # fast path: no control, format (bidi), surrogate or non-character code point
        return value
    return _NOT_XML.sub("", clean_text(value))


def one_line(value: object) -> str:
    return " ".join(text(value).split())


def is_formula_like(value: str) -> bool:
    """Would a spreadsheet take this (clean) text for a formula? The rule lives in
    spreadsheet_text, which looks at the first character only."""
    return _formula_start(value[:1])


@lru_cache(maxsize=4096)
def _formula_start(first: str) -> bool:
    return bool(first) and spreadsheet_text(first) != first


def csv_cell(value: object) -> str:
    """CSV has no cell types: a formula start gets the apostrophe spreadsheets read as 'text'."""
    if value is None or value == "":  # most of a wide table's cells (no officer, no 文號...)
        return ""
    clean = text(value)
    return spreadsheet_text(clean) if is_formula_like(clean) else clean


def spreadsheet_cell(value: object, *, key: str = "") -> str:
    """Text for an XLSX or ODS string cell: clean, and cut to the cell limit with a visible mark.

    The writer stores it as an explicit string cell, so no formula start can run; the
    text itself stays exactly as typed.
    """
    cleaned = text(value)
    if len(cleaned) <= CELL_LIMIT:
        return cleaned
    from tracker.i18n import t

    mark = t("export.truncated", key=key)
    return cleaned[: CELL_LIMIT - len(mark)] + mark


def shorten(value: object, limit: int) -> str:
    """For a digest: at most `limit` characters of one line, with an ellipsis when cut."""
    line = one_line(value)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def markdown(value: object) -> str:
    """Markdown inline text: markup characters escaped, line breaks as <br> (inside tables too)."""
    escaped = _MD_ANYWHERE.sub(r"\\\1", text(value))
    escaped = _MD_LINE_START.sub(_escape_line_start, escaped)
    return escaped.replace("\t", " ").replace("\n", "<br>")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.groups()
    # "1." / "1)" start a list: escape the punctuation that follows the digits.
    return indent + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def html_text(value: object) -> str:
    """HTML text: everything escaped, line breaks kept as <br>."""
    return html.escape(text(value), quote=True).replace("\n", "<br>")


# What XML 1.0 does not allow (besides tab, newline and carriage return): user text comes
# through text() already clean of these; dropped here again so that no caller of the XLSX and
# ODS writers can make a file that does not open.
_NOT_XML_AT_ALL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_escape(value: str) -> str:
    """Text for XML character data or a double-quoted attribute value (the `in` tests skip
    most cells' replaces: this runs for every cell of a 100,000-row spreadsheet)."""
    if not value.isprintable():  # rare: str.isprintable is False for every character XML forbids
        value = _NOT_XML_AT_ALL.sub("", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    return value


def display_width(value: str) -> int:
    """Columns a text takes in a monospace grid: East Asian wide and full-width count 2.
    (The widths are looked up by map() and counted by list.count, in C: at 100,000 rows a
    character at a time in Python was most of a spreadsheet export's time.)"""
    if value.isascii():
        return len(value)
    kinds = list(map(unicodedata.east_asian_width, value))
    return len(value) + kinds.count("W") + kinds.count("F")
