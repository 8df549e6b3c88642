"""Plain-text tables for the command line, written as the rows come.

One job: rows of cells in, aligned lines of text out to a stream. The layout is
Taskwarrior's: a bold header underlined with ─, two spaces between columns, no borders,
long text wrapped inside its column the Chinese way (tracker.output.wrap), widths counted
in terminal cells (a Chinese character takes two: tracker.output.width).

Every cell is user text as data: cleaned of terminal controls, escape sequences and bidi
overrides (tracker.output.cells.terminal_str) whoever made it. Colour is written here as
SGR codes, only on a terminal and never with NO_COLOR; in a pipe the text is plain and
lines may be PIPE_WIDTH cells wide, so that titles are not cut.

Streaming: the first SAMPLE_ROWS rows are read and measured; when there are no more, the
columns are exactly as wide as their widest cell. A longer table is not read twice: the
columns take the widths the caller knows ahead (Column.bound: a key's length, a date, the
status labels), the others their widest cell among the first rows, the most flexible column
(the title) whatever room is left; a later cell wider than its column is wrapped. Rows are
then written in chunks of CHUNK_ROWS as they come.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
from typing import TextIO

from tracker.output.cells import terminal_str
from tracker.output.width import cell_width
from tracker.output.wrap import wrap_measured

PIPE_WIDTH = 160  # a generous line in a pipe or a file: titles are not cut
GAP = "  "
SAMPLE_ROWS = 1000
CHUNK_ROWS = 500
KNOWN_CELLS = 4096  # texts whose width is kept (lead units, dates, labels repeat; titles come and go)
MIN_FLEX = 8  # a flexible column is never squeezed narrower than this (the line overflows instead)
RESET = "\x1b[0m"
_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}

# A cell: text, or text and a style ("bold red": the words of labels.STATUS_STYLE and Rich).
Cell = str | tuple[str, str]
# A cell made ready: clean text, style, and the cells its widest line takes.
_Ready = tuple[str, str, int]


@cache
def sgr(style: str) -> str:
    """The escape sequence that starts `style`."""
    return "\x1b[" + ";".join(_SGR[word] for word in style.split()) + "m"


@dataclass(frozen=True)
class Screen:
    """Where the text goes: how many cells a line may take, whether to colour it, the rule's character."""

    width: int
    color: bool = False
    rule: str = "─"

    @classmethod
    def of(cls, stream: TextIO) -> Screen:
        """A terminal: its width (or COLUMNS) and colour unless NO_COLOR or TERM=dumb.
        Anything else: plain, at least PIPE_WIDTH cells."""
        terminal = _is_terminal(stream)
        width = _columns(stream if terminal else None)
        color = (
            terminal
            and not os.environ.get("NO_COLOR")  # https://no-color.org: set and not empty
            and os.environ.get("TERM") != "dumb"
            and _escapes_work(stream)
        )
        return cls(
            width=width if terminal else max(width, PIPE_WIDTH),
            color=color,
            rule="─" if _encodes(stream, "─") else "-",
        )

    def paint(self, text: str, style: str) -> str:
        if not (self.color and style and text):
            return text
        return f"{sgr(style)}{text}{RESET}"


@dataclass(frozen=True)
class Column:
    header: str
    bound: int | None = None  # the widest a cell can be, when the caller knows it ahead
    flex: bool = False  # may be narrowed to fit the line, its text wrapped
    rest: bool = False  # flexible, and takes the room left while rows are not all seen (a title)


class Table:
    """Aligned columns, written to a stream row by row (see the module's docstring)."""

    def __init__(self, columns: Sequence[Column], screen: Screen, *, header: bool = True) -> None:
        self.columns = list(columns)
        self.screen = screen
        self.header = header
        self.widths: list[int] = []
        self._pads: list[str] = []  # the spaces after a cell, by their number
        self._known: dict[str, tuple[str, int]] = {}  # cell text -> clean text, width: the repeated are measured once

    def write(self, out: TextIO, rows: Iterable[Sequence[Cell]]) -> int:
        """Write the header and the rows; returns how many rows there were."""
        source = iter(rows)
        sample = [self._ready(row) for row in islice(source, SAMPLE_ROWS)]
        ahead = next(source, None)
        self.widths = self._layout(sample, complete=ahead is None)
        self._pads = [" " * count for count in range(max(self.widths, default=0) + 1)]
        chunk = self._head() + [self._render(row) for row in sample]
        out.write("".join(chunk))
        out.flush()
        count = len(sample)
        if ahead is None:
            return count
        chunk = []
        for row in chain((ahead,), source):
            chunk.append(self._render(self._ready(row)))
            if len(chunk) == CHUNK_ROWS:
                out.write("".join(chunk))
                out.flush()
                count += len(chunk)
                chunk.clear()
        out.write("".join(chunk))
        return count + len(chunk)

    # -- layout ---------------------------------------------------------------
    def _layout(self, sample: list[list[_Ready]], *, complete: bool) -> list[int]:
        columns = self.columns
        natural = [cell_width(column.header) if self.header else 0 for column in columns]
        for index, column in enumerate(columns):
            if complete or column.bound is None:
                widest = max((row[index][2] for row in sample), default=0)
            else:
                widest = column.bound
            natural[index] = max(natural[index], widest)
        flexible = [index for index, column in enumerate(columns) if column.flex or column.rest]
        if not flexible:
            return natural
        room = self.screen.width - len(GAP) * (len(columns) - 1)
        room -= sum(width for index, width in enumerate(natural) if index not in flexible)
        widths = list(natural)
        if not complete:  # rows not seen yet may be longer: the `rest` column takes what room is left
            for index in (index for index in flexible if columns[index].rest):
                widths[index] = max(widths[index], room - sum(widths[other] for other in flexible if other != index))
        if sum(widths[index] for index in flexible) <= room:
            return widths
        # Too wide: the widest flexible columns are narrowed first, to one width, until the line fits
        # (as Rich does); a column narrower than that, or wider by less than a quarter, keeps its width
        # (a lead unit is not broken for its last character).
        squeezed = sorted(flexible, key=lambda index: widths[index])
        while len(squeezed) > 1 and widths[squeezed[0]] * len(squeezed) * 4 <= room * 5:
            room -= widths[squeezed.pop(0)]
        for number, index in enumerate(sorted(squeezed)):
            share = room // len(squeezed) + (number < room % len(squeezed))
            widths[index] = max(share, min(MIN_FLEX, natural[index]))  # too narrow a terminal: lines run over
        return widths

    # -- rows -----------------------------------------------------------------
    def _ready(self, row: Sequence[Cell]) -> list[_Ready]:
        ready = []
        known = self._known
        for cell in row:
            text, style = (cell, "") if isinstance(cell, str) else cell
            if text.isascii() and text.isprintable():  # nothing to clean, one cell a character
                ready.append((text, style, len(text)))
                continue
            found = known.get(text)
            if found is None:
                if len(known) == KNOWN_CELLS:  # full of titles, as like as not: the repeated come back soon
                    known.clear()
                found = known[text] = _measure(text)
            ready.append((found[0], style, found[1]))
        return ready

    def _head(self) -> list[str]:
        if not self.header:
            return []
        head = self._render([(column.header, "bold", cell_width(column.header)) for column in self.columns])
        return [head, GAP.join(self.screen.rule * width for width in self.widths) + "\n"]

    def _render(self, row: list[_Ready]) -> str:
        pads = self._pads
        parts = []
        if self.screen.color:
            paint = self.screen.paint
            for (text, style, width), room in zip(row, self.widths, strict=True):
                if width > room or "\n" in text:
                    return self._render_tall(row)
                parts.append(paint(text, style) + pads[room - width])
        else:
            for (text, _, width), room in zip(row, self.widths, strict=True):
                if width > room or "\n" in text:
                    return self._render_tall(row)
                parts.append(text + pads[room - width])
        return GAP.join(parts).rstrip() + "\n"

    def _render_tall(self, row: list[_Ready]) -> str:
        """A row with a cell of more than one line: each such cell wrapped to its column."""
        pads, widths = self._pads, self.widths
        paint = self.screen.paint if self.screen.color else None
        first = []  # the row's first line, by column
        more: dict[int, list[str]] = {}  # the lines after it, of the columns that have them
        for index, ((text, style, width), room) in enumerate(zip(row, widths, strict=True)):
            if width <= room and "\n" not in text:
                first.append((paint(text, style) if paint else text) + pads[room - width])
                continue
            lines = [
                (paint(line, style) if paint else line) + (pads[room - used] if used <= room else "")
                for line, used in wrap_measured(text, room)
            ]
            first.append(lines[0])
            more[index] = lines[1:]
        out = [GAP.join(first).rstrip()]
        blank = [pads[room] for room in widths]
        for number in range(max(map(len, more.values()))):
            line = blank.copy()
            for index, lines in more.items():
                if number < len(lines):
                    line[index] = lines[number]
            out.append(GAP.join(line).rstrip())
        return "\n".join(out) + "\n"


def _measure(text: str) -> tuple[str, int]:
    """The clean text and the cells its widest line takes."""
    text = clean(text)
    if "\n" in text:
        return text, max(map(cell_width, text.split("\n")))
    return text, cell_width(text)


def clean(text: str) -> str:
    """User text ready for a cell or a line: terminal controls gone (terminal_str), tabs as spaces."""
    return text if text.isprintable() else terminal_str(text).replace("\t", " ")


def widest(values: Iterable[str]) -> int:
    """The cells the widest of `values` takes (give distinct values: each is measured)."""
    return max((cell_width(clean(value)) for value in values), default=0)


# -- the stream -------------------------------------------------------------------


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a file at all
        return False


def _columns(terminal: TextIO | None) -> int:
    """COLUMNS when set (as Rich and shutil read it), else the terminal's width, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if terminal is not None:
        try:
            return os.get_terminal_size(terminal.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):
            pass
    return 80


def _encodes(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _escapes_work(stream: TextIO) -> bool:
    """True on every terminal but the old Windows console, where escape sequences are
    turned on here (ENABLE_VIRTUAL_TERMINAL_PROCESSING) when they can be."""
    if sys.platform != "win32":
        return True
    try:
        import ctypes
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except (AttributeError, OSError, ValueError):
        return False
