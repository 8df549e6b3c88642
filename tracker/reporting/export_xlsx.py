"""The XLSX export, streamed row by row into the archive (tracker.reporting.xlsx_stream).

Row 1 is the title (what, which report, as of when), row 2 the frozen header with an
autofilter, repeated on every printed page. The page: A4 landscape, one page wide (the rows
run on), margins, a footer 第 N 頁，共 M 頁; every cell boxed and wrapped, each row as tall
as its text (tracker.reporting.sheet). With the ROC setting dates keep their date value
and show as 105/12/16 through an era number format. User text is written as explicit
string cells (never a formula, whatever it starts with; a formula-like text also gets
Excel's quote-prefix so that editing the cell keeps it text), dates as date cells, numbers
as numbers, status cells coloured.

Each column gets a function from value to cell, chosen once per sheet: at 100,000 items
(2,000,000 cells) the work per cell is what the export costs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, BinaryIO

from tracker.reporting import cells
from tracker.reporting.markup import OVERDUE_INK, STATUS_FILL
from tracker.reporting.rows import (
    DATE,
    INT,
    LONG,
    MOMENT,
    PERCENT,
    STATUS,
    TEXT,
    Column,
    ExportRow,
    ExportTable,
    SheetRow,
)
from tracker.reporting.sheet import (
    MAX_LINES,
    WIDTH_SAMPLE,
    column_widths,
    header_lines,
    line_counter,
    row_height,
    row_values,
)

if TYPE_CHECKING:
    from tracker.reporting.xlsx_stream import PageSetup, Stylesheet, Workbook

PAPER_A4 = 9  # the paper size code of OOXML page setup
# A ROC date (105/12/16) on a real date value: [$-xxyyzzzz] with calendar type yy = 04 (the
# Taiwan calendar) and locale zzzz = 0404 (zh-TW); `e` is the era year. LibreOffice shows
# 105/12/16 (the [$-zh-TW,…] form it does not read: it shows the serial number).
ROC_DATE = "[$-40404]e/mm/dd"
# Inches: 1.5 cm at the sides, 1.8 cm top and bottom, header and footer 0.8 cm from the edge.
MARGINS = (0.6, 0.6, 0.7, 0.7, 0.3, 0.3)
# A column's cells for values that repeat (labels, units, dates) are kept once made; only
# short values, and only so many, so that long notes never pile up in memory.
CACHED_LENGTH = 64
CACHED_VALUES = 2_000

# value, row -> the cell's XML after its reference (xlsx_stream.Rows); the row is there for
# the key a cut text names and for the status that colours a status cell. The value is the
# column's: a str, int, date or datetime, or None.
CellMaker = Callable[[Any, SheetRow], str]


def write_xlsx(table: ExportTable, out: BinaryIO) -> None:
    from tracker.i18n import t
    from tracker.reporting import xlsx_stream

    styles = _Styles(xlsx_stream.Stylesheet(), table.roc)
    book = xlsx_stream.Workbook(out, styles.sheet)
    page = xlsx_stream.PageSetup(
        landscape=True,
        paper_size=PAPER_A4,
        fit_width=True,
        centred=True,
        margins=MARGINS,
        footer=t("export.page_footer", lang=table.lang, page="&P", pages="&N"),  # page number, page count
        footer_size=9,
    )
    sheets: list[tuple[str, tuple[Column, ...], Iterable[SheetRow]]] = [
        (t("export.sheet_items", lang=table.lang), table.columns, table.rows)
    ]
    if table.history is not None:
        sheets.append((t("export.sheet_history", lang=table.lang), table.history_columns, table.history))
    for name, columns, rows in sheets:
        _write_sheet(book, styles, page, cells.one_line(name), columns, rows, table.heading)
    book.close()


def _write_sheet(
    book: Workbook,
    styles: _Styles,
    page: PageSetup,
    name: str,
    columns: tuple[Column, ...],
    rows: Iterable[SheetRow],
    heading: str,
) -> None:
    from tracker.reporting.xlsx_stream import Rows

    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    widths = column_widths(columns, sample)  # written at the top of the sheet: known before the rows
    sheet = book.add_sheet(name, widths, page=page, frozen_rows=2, title_row=2)
    sheet.write(Rows(1).row(1, [styles.text(heading, "title")]))
    grid = Rows(len(columns))
    header = [styles.text(column.label, "header") for column in columns]
    sheet.write(grid.row(2, header, row_height(header_lines(columns, widths))))
    # Per column: the cells already made for values that repeat (empty, labels, dates), and
    # the function that makes the others. A known value costs one dict lookup.
    makers = [styles.maker(column) for column in columns]
    known = [remembered.get for remembered, _ in makers]
    make = [maker for _, maker in makers]
    values = row_values(columns)
    lines_of = line_counter(columns, widths)
    heights = {lines: row_height(lines) for lines in range(2, MAX_LINES + 1)}  # one line: the default height
    number = 2
    for row in itertools.chain(sample, rows):
        number += 1
        found = values(row)
        made = [
            cell if (cell := get(value)) is not None else maker(value, row)
            for get, maker, value in zip(known, make, found, strict=True)
        ]
        sheet.add_row(grid.row(number, made, heights.get(lines_of(found))))
    sheet.finish(number, len(columns), autofilter_from=2)


def _row_key(row: SheetRow) -> str:
    """The item a row is about, named in the mark of a text cut at the cell limit."""
    return row.key if isinstance(row, ExportRow) else row.item


class _Styles:
    """The export's cell styles, each added to the stylesheet once, and the function that
    makes each column's cells."""

    def __init__(self, sheet: Stylesheet, roc: bool) -> None:
        from tracker.reporting import xlsx_stream
        from tracker.reporting.xlsx_stream import Style

        self.sheet = sheet
        self._xml = xlsx_stream  # its cell functions, bound once: they run per cell
        boxed = Style(box=True, top=True)  # every cell but the title: boxed, at the top
        wrapped = replace(boxed, wrap=True)
        text_styles: dict[str, Style] = {
            "title": Style(bold=True, size=13),
            "header": replace(wrapped, bold=True, fill="DDDDDD"),
            TEXT: wrapped,
            LONG: wrapped,
            **{f"status-{code}": replace(boxed, fill=fill) for code, fill in STATUS_FILL.items()},
        }
        # Text styles come in pairs: plain, and with the quote prefix for a formula-like text.
        self.texts = {
            name: (sheet.add(style), sheet.add(replace(style, quote=True))) for name, style in text_styles.items()
        }
        self.date = sheet.add(replace(boxed, number_format=ROC_DATE if roc else "yyyy-mm-dd"))
        self.moment = sheet.add(replace(boxed, number_format=f"{ROC_DATE} hh:mm" if roc else "yyyy-mm-dd hh:mm"))
        self.int = sheet.add(boxed)
        self.percent = sheet.add(replace(boxed, number_format="0%"))
        self.overdue = sheet.add(replace(boxed, bold=True, color=OVERDUE_INK))
        self.empty = self._xml.cell_empty(self.texts[TEXT][0])  # empty, but boxed like the others

    def text(self, value: object, style: str = TEXT, *, key: str = "") -> str:
        """An explicit string cell: stored as text even when it starts with = + - @, and
        quote-prefixed then, so that editing the cell in Excel keeps it text. A text left
        empty once cleaned is an empty (boxed) cell."""
        plain, quoted = self.texts[style]
        clean = cells.spreadsheet_cell(value, key=key)
        if not clean:
            return self._xml.cell_empty(plain)
        return self._xml.cell_text(quoted if cells.is_formula_like(clean) else plain, clean)

    def maker(self, column: Column) -> tuple[dict[object, str], CellMaker]:
        """This column's cells: the ones already made, by value (empty values: an empty boxed
        cell), and the function that makes a cell for any other value, adding it to the
        first when the value is likely to come again (labels, units, dates)."""
        number, serial, empty = self._xml.cell_number, self._xml.serial, self.empty
        made: dict[object, str] = {None: empty, "": empty}
        kind = column.kind
        if kind == DATE:
            date_style = self.date
            return made, _remembering(made, lambda value, _row: number(date_style, serial(value)))
        if kind == MOMENT:
            moment_style = self.moment
            # Local time to the second (serial() reads the clock fields): Excel has no time zones.
            # Hardly two alike: not worth remembering.
            return made, lambda value, _row: number(moment_style, serial(value))
        if kind == PERCENT:
            percent_style = self.percent
            return made, _remembering(made, lambda value, _row: number(percent_style, int(value) / 100))
        if kind == INT:
            int_style = self.overdue if column.attr == "days_overdue" else self.int
            return made, _remembering(made, lambda value, _row: number(int_style, int(value)))
        if kind == STATUS:  # coloured by the row's status, not by its label: made by the pair
            return made, self._status_maker()
        return made, _remembering(made, self._text_maker(LONG if kind == LONG else TEXT))

    def _text_maker(self, style: str) -> CellMaker:
        text, limit = self.text, cells.CELL_LIMIT

        def make(value: Any, row: SheetRow) -> str:
            # The key is looked up only for a text long enough to be cut (the mark names the item).
            return text(value, style, key=_row_key(row) if len(str(value)) > limit else "")

        return make

    def _status_maker(self) -> CellMaker:
        made: dict[tuple[str, str], str] = {}
        plain = self._text_maker(TEXT)

        def make(value: Any, row: SheetRow) -> str:
            if not isinstance(row, ExportRow):  # only the items' sheet has a status column
                return plain(value, row)
            code = row.status.value
            cell = made.get((value, code))
            if cell is None:  # five statuses, a label each
                cell = made[value, code] = self.text(value, f"status-{code}")
            return cell

        return make


def _remembering(made: dict[object, str], make: CellMaker) -> CellMaker:
    """`make`, adding the cells of short values to `made` (up to CACHED_VALUES of them): long
    texts are seldom alike and would hold memory."""

    def remember(value: Any, row: SheetRow) -> str:
        cell = make(value, row)
        if len(made) < CACHED_VALUES and (not isinstance(value, str) or len(value) <= CACHED_LENGTH):
            made[value] = cell
        return cell

    return remember
