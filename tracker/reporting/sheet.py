"""Spreadsheet layout shared by the XLSX and ODS writers: column widths, row heights and names.

Neither Excel nor LibreOffice sizes the rows of a generated file when it opens it (nor when
it prints it): a wrapped cell shows its first line only unless the row says how tall it is.
The height is worked out here from the text, East Asian wide characters counted double.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from tracker.reporting.cells import display_width
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, PERCENT, Column, SheetRow

WIDTH_SAMPLE = 2_000  # rows measured for column widths before streaming the rest
MIN_WIDTH = {DATE: 11, MOMENT: 16, INT: 6, PERCENT: 6}
MAX_WIDTH = {LONG: 60}
DEFAULT_MAX_WIDTH = 30


PAGE_CHARS = 170  # what an A4 landscape page holds at about 75 % (27 cm of 11-point text is 128)
SHRINK_FLOOR = {LONG: 24}  # a text column shrunk to fit the page keeps at least this width
DEFAULT_FLOOR = 8


def column_widths(columns: tuple[Column, ...], sample: Sequence[SheetRow]) -> list[float]:
    """Widths in character units fitted to the sample, East Asian wide characters counted
    double; long text is capped (and wrapped by the writer). When the table is wider than
    a landscape page holds, the text columns give way (their text wraps and the rows grow)
    so that printing fits the width without shrinking the type to nothing."""
    widths: list[float] = []
    for column in columns:
        label = display_width(column.label)
        longest = label // 2 + 2  # a long header wraps onto two lines
        if column.kind not in (DATE, MOMENT, INT, PERCENT):
            for row in sample:
                value = getattr(row, column.attr)
                if value:
                    line = max(str(value).split("\n"), key=len)
                    longest = max(longest, display_width(line[:200]))
        top = MAX_WIDTH.get(column.kind, DEFAULT_MAX_WIDTH)
        widths.append(float(max(MIN_WIDTH.get(column.kind, 4), min(longest + 1, top))))
    return _fitted(columns, widths)


def _fitted(columns: tuple[Column, ...], widths: list[float]) -> list[float]:
    """The text columns wider than their floor shrunk in proportion until the total fits PAGE_CHARS."""
    floors = [
        SHRINK_FLOOR.get(c.kind, DEFAULT_FLOOR) if c.kind not in (DATE, MOMENT, INT, PERCENT) else w
        for c, w in zip(columns, widths, strict=True)
    ]
    give = sum(max(0.0, w - f) for w, f in zip(widths, floors, strict=True))
    excess = sum(widths) - PAGE_CHARS
    if excess <= 0 or give <= 0:
        return widths
    share = min(1.0, excess / give)
    return [float(round(w - max(0.0, w - f) * share)) for w, f in zip(widths, floors, strict=True)]


def header_lines(columns: tuple[Column, ...], widths: Sequence[float]) -> int:
    """How many lines the header row takes (labels wrap in narrow columns)."""
    return max(
        (max(1, math.ceil(display_width(c.label) / max(1.0, w - 1))) for c, w in zip(columns, widths, strict=True)),
        default=1,
    )


LINE_POINTS = 15.0  # one line of 11-point text with CJK glyphs, in points
ROW_PADDING = 3.0
MAX_LINES = 40  # a very long note runs to 40 lines at most (about 600 points: one page tall)


REMEMBERED = 2_000  # values a column's line counts are remembered for
REMEMBERED_LENGTH = 64  # characters: longer values seldom repeat


def row_lines(columns: tuple[Column, ...], widths: Sequence[float], row: SheetRow) -> int:
    """How many lines the tallest cell of `row` takes once its text is wrapped (every text
    cell wraps: a title wider than its column grows the row instead of being cut off)."""
    return line_counter(columns, widths, remember=0)(row_values(columns)(row))


def line_counter(
    columns: tuple[Column, ...], widths: Sequence[float], *, remember: int = REMEMBERED
) -> Callable[[tuple[Any, ...]], int]:
    """``row_lines`` for a row's values (in the columns' order, see ``row_values``), for a
    writer that measures every row: it skips the columns that hold no text, and remembers
    the count of a short value that repeats (a label, a unit's name, an officer), up to
    `remember` values a column so that memory stays bounded."""
    rooms: list[tuple[int, float, dict[str, int]]] = [
        # The cell padding, and a wide character that does not fit.
        (index, max(1.0, width - 2), {})
        for index, (column, width) in enumerate(zip(columns, widths, strict=True))
        if column.kind not in (DATE, MOMENT, INT, PERCENT)
    ]

    def lines_of(values: tuple[Any, ...]) -> int:
        tallest = 1
        for index, room, counted in rooms:
            value = values[index]
            if not value or not isinstance(value, str):
                continue
            lines = counted.get(value)
            if lines is None:
                lines = text_lines(value, room)
                if len(counted) < remember and len(value) <= REMEMBERED_LENGTH:
                    counted[value] = lines
            if lines > tallest:
                tallest = lines
        return min(tallest, MAX_LINES)

    return lines_of


def text_lines(value: str, room: float) -> int:
    """The lines a text takes wrapped in `room` character units (its own lines each at least one)."""
    if "\n" in value:
        return sum(max(1, math.ceil(display_width(part) / room)) for part in value.split("\n"))
    if 2 * len(value) <= room:
        return 1  # one line however wide its characters (most cells): not measured
    return max(1, math.ceil(display_width(value) / room))


def row_values(columns: tuple[Column, ...]) -> Callable[[SheetRow], tuple[Any, ...]]:
    """A row's values in the columns' order, all in one call."""
    get = attrgetter(*(column.attr for column in columns))
    if len(columns) > 1:
        return get
    return lambda row: (get(row),)  # attrgetter of one name gives the value, not a tuple of one


def row_height(lines: int) -> float:
    """The row height in points for `lines` lines of text."""
    return round(lines * LINE_POINTS + ROW_PADDING, 2)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
