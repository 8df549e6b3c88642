"""The XLSX export, streamed with openpyxl's write-only mode (flat memory at 100,000 rows).

Row 1 is the title (what, which report, as of when), row 2 the frozen header with an
autofilter, repeated on every printed page. The page: A4 landscape, one page wide (the rows
run on), margins, a footer 第 N 頁，共 M 頁; every cell boxed and wrapped, each row as tall
as its text (tracker.reporting.sheet). With the ROC setting dates keep their date value
and show as 105/12/16 through an era number format. User text is written as explicit string cells (never a formula, whatever
it starts with; a formula-like text also gets Excel's quote-prefix so that editing the
cell keeps it text), dates as date cells, numbers as numbers, status cells coloured.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

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
from tracker.reporting.sheet import WIDTH_SAMPLE, column_letter, column_widths, header_lines, row_height, row_lines

if TYPE_CHECKING:  # openpyxl itself is imported only when an XLSX is written
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

PAPER_A4 = 9  # the paper size code of OOXML page setup
# A ROC date (105/12/16) on a real date value: [$-xxyyzzzz] with calendar type yy = 04 (the
# Taiwan calendar) and locale zzzz = 0404 (zh-TW); `e` is the era year. LibreOffice shows
# 105/12/16 (the [$-zh-TW,…] form it does not read: it shows the serial number).
ROC_DATE = "[$-40404]e/mm/dd"


def write_xlsx(table: ExportTable, out: BinaryIO) -> None:
    from openpyxl import Workbook

    from tracker.i18n import t

    book = Workbook(write_only=True)
    footer = t("export.page_footer", lang=table.lang, page="&P", pages="&N")
    sheets: list[tuple[str, tuple[Column, ...], Iterable[SheetRow]]] = [
        (t("export.sheet_items", lang=table.lang), table.columns, table.rows)
    ]
    if table.history is not None:
        sheets.append((t("export.sheet_history", lang=table.lang), table.history_columns, table.history))
    for name, columns, rows in sheets:
        _write_sheet(book, name, columns, rows, table.heading, footer, table.roc)
    book.save(out)


def _write_sheet(
    book: Workbook,
    name: str,
    columns: tuple[Column, ...],
    rows: Iterable[SheetRow],
    heading: str,
    footer: str,
    roc: bool,
) -> None:
    # A WriteOnlyWorksheet in a write-only book (typed Any by openpyxl's stubs, which also leave
    # out the attributes it takes from Worksheet: column_dimensions, page_setup, auto_filter...).
    sheet = book.create_sheet(cells.one_line(name)[:31])
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    # Everything written at the top of the sheet XML must be set before the first row.
    widths = column_widths(columns, sample)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins  # inches: 1.5 cm at the sides, 1.8 cm top and bottom
    margins.left = margins.right = 0.6
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3
    sheet.oddFooter.center.text = footer  # &P and &N: the page number and the page count
    sheet.oddFooter.center.size = 9

    styles = _Styles(sheet, roc)
    sheet.append([styles.title(heading)])
    heights = sheet.row_dimensions
    heights[2].height = row_height(header_lines(columns, widths))
    sheet.append([styles.header(c.label) for c in columns])
    count = 0
    for row in itertools.chain(sample, rows):
        lines = row_lines(columns, widths, row)
        if lines > 1:  # the writer reads the row's dimension as it writes the row, then it is dropped
            heights[count + 3].height = row_height(lines)
        sheet.append([styles.cell(column, row) for column in columns])
        if lines > 1:
            del heights[count + 3]
        count += 1
    last = column_letter(len(columns))
    sheet.auto_filter.ref = f"A2:{last}{count + 2}"  # written after the rows, so known now


class _Styles:
    """Cells made from a handful of styles, each worked out once.

    Setting font, fill and alignment on every cell makes openpyxl hash each style object
    again (a fifth of the time at 100,000 rows); a cell takes a copy of its template's
    style array instead.
    """

    def __init__(self, sheet: WriteOnlyWorksheet, roc: bool = False) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet = sheet
        self._cell = WriteOnlyCell
        top = Alignment(vertical="top")
        wrap = Alignment(wrap_text=True, vertical="top")
        thin = Side(style="thin", color="000000")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        specs: dict[str, dict[str, object]] = {
            "title": {"font": Font(bold=True, size=13)},
            "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDDDDD"), "alignment": wrap},
            TEXT: {"alignment": wrap},
            LONG: {"alignment": wrap},
            DATE: {"alignment": top, "number_format": ROC_DATE if roc else "yyyy-mm-dd"},
            MOMENT: {"alignment": top, "number_format": f"{ROC_DATE} hh:mm" if roc else "yyyy-mm-dd hh:mm"},
            INT: {"alignment": top},
            PERCENT: {"alignment": top, "number_format": "0%"},
            "overdue": {"alignment": top, "font": Font(bold=True, color=OVERDUE_INK)},
            **{
                f"status-{code}": {"alignment": top, "fill": PatternFill("solid", fgColor=fill)}
                for code, fill in STATUS_FILL.items()
            },
        }
        self.templates: dict[tuple[str, bool], StyleArray] = {}
        for name, spec in specs.items():
            for quoted in (False, True):
                template = WriteOnlyCell(sheet)
                for attribute, value in spec.items():
                    setattr(template, attribute, value)
                if name != "title":
                    template.border = box
                template.quotePrefix = quoted
                # _style: the slot of StyleableObject that openpyxl's stubs leave undeclared
                self.templates[name, quoted] = template._style  # type: ignore[attr-defined]

    def _new(self, value: date | float | None, style: str, quoted: bool = False) -> Cell:
        from copy import copy

        # WriteOnlyCell is Cell(sheet, value=value), which takes a date; its stub's value does not.
        cell = self._cell(self.sheet, value=value)  # type: ignore[arg-type]
        cell._style = copy(self.templates[style, quoted])  # type: ignore[attr-defined]  # as in __init__
        return cell

    def text(self, value: str, style: str = TEXT, *, key: str = "") -> Cell:
        """An explicit string cell: stored as text even when it starts with = + - @, and
        quote-prefixed then, so that editing the cell in Excel keeps it text."""
        text = cells.spreadsheet_cell(value, key=key)
        cell = self._new(None, style, cells.is_formula_like(text))
        cell.value = text
        cell.data_type = "s"
        return cell

    def title(self, heading: str) -> Cell:
        return self.text(heading, "title")

    def header(self, label: str) -> Cell:
        return self.text(label, "header")

    def cell(self, column: Column, row: SheetRow) -> Cell | None:
        value = getattr(row, column.attr)
        kind = column.kind
        if value is None or value == "":
            return self._new(None, TEXT)  # empty, but boxed like the others
        if kind == DATE:
            return self._new(value, DATE)
        if kind == MOMENT:
            return self._new(value.replace(tzinfo=None, microsecond=0), MOMENT)  # local time; Excel has no zones
        if kind == INT:
            return self._new(int(value), "overdue" if column.attr == "days_overdue" else INT)
        if kind == PERCENT:
            return self._new(int(value) / 100, PERCENT)
        if kind == STATUS and isinstance(row, ExportRow):  # only the items' sheet has a status column
            style = f"status-{row.status.value}"
        else:
            style = LONG if kind == LONG else TEXT
        return self.text(value, style, key=getattr(row, "key", getattr(row, "item", "")))
