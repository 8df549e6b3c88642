"""Spreadsheet layout shared by the XLSX and ODS writers: column widths and names."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.reporting.cells import display_width
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, Column, SheetRow

WIDTH_SAMPLE = 2_000  # rows measured for column widths before streaming the rest
MIN_WIDTH = {DATE: 11, MOMENT: 16, INT: 6}
MAX_WIDTH = {LONG: 60}
DEFAULT_MAX_WIDTH = 30


def column_widths(columns: tuple[Column, ...], sample: Sequence[SheetRow]) -> list[float]:
    """Widths in character units fitted to the sample, East Asian wide characters counted
    double; long text is capped (and wrapped by the writer)."""
    widths: list[float] = []
    for column in columns:
        longest = display_width(column.label) + 2  # room for the filter button
        if column.kind not in (DATE, MOMENT, INT):
            for row in sample:
                value = getattr(row, column.attr)
                if value:
                    line = max(str(value).split("\n"), key=len)
                    longest = max(longest, display_width(line[:200]))
        top = MAX_WIDTH.get(column.kind, DEFAULT_MAX_WIDTH)
        widths.append(float(max(MIN_WIDTH.get(column.kind, 4), min(longest + 1, top))))
    return widths


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
