"""The XLSX export, streamed with openpyxl's write-only mode (flat memory at 100,000 rows).

Row 1 is the title (what, which report, as of when), row 2 the frozen header with an
autofilter. User text is written as explicit string cells (never a formula, whatever
it starts with; a formula-like text also gets Excel's quote-prefix so that editing the
cell keeps it text), dates as date cells, numbers as numbers, status cells coloured.
"""

from __future__ import annotations

import itertools
from typing import BinaryIO

from tracker.reporting import cells
from tracker.reporting.markup import OVERDUE_INK, STATUS_FILL
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, STATUS, Column, ExportTable
from tracker.reporting.sheet import WIDTH_SAMPLE, column_letter, column_widths

PAPER_A4 = 9  # the paper size code of OOXML page setup


def write_xlsx(table: ExportTable, out: BinaryIO) -> None:
    from openpyxl import Workbook

    from tracker.i18n import t

    book = Workbook(write_only=True)
    _write_sheet(book, t("export.sheet_items", lang=table.lang), table.columns, table.rows, table.heading)
    if table.history is not None:
        _write_sheet(book, t("export.sheet_history", lang=table.lang), table.history_columns, table.history,
                     table.heading)
    book.save(out)


def _write_sheet(book, name: str, columns: tuple[Column, ...], rows, heading: str) -> None:
    sheet = book.create_sheet(cells.one_line(name)[:31])
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    # Everything written at the top of the sheet XML must be set before the first row.
    for index, width in enumerate(column_widths(columns, sample), start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    styles = _Styles(sheet)
    sheet.append([styles.title(heading)])
    sheet.append([styles.header(c.label) for c in columns])
    count = 0
    for count, row in enumerate(itertools.chain(sample, rows), start=1):
        sheet.append([styles.cell(column, row) for column in columns])
    last = column_letter(len(columns))
    sheet.auto_filter.ref = f"A2:{last}{count + 2}"  # written after the rows, so known now


class _Styles:
    """Cells made from a handful of shared styles (fonts, fills and formats are made once)."""

    def __init__(self, sheet) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=13)
        self.header_fill = PatternFill("solid", fgColor="DDDDDD")
        self.overdue_font = Font(bold=True, color=OVERDUE_INK)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.fills = {code: PatternFill("solid", fgColor=fill) for code, fill in STATUS_FILL.items()}

    def _new(self, value):
        from openpyxl.cell import WriteOnlyCell

        return WriteOnlyCell(self.sheet, value=value)

    def text(self, value: str, *, key: str = ""):
        """An explicit string cell: stored as text even when it starts with = + - @."""
        text = cells.spreadsheet_cell(value, key=key)
        cell = self._new(None)
        cell.value = text
        cell.data_type = "s"
        if cells.is_formula_like(text):
            cell.quotePrefix = True
        return cell

    def title(self, heading: str):
        cell = self.text(heading)
        cell.font = self.title_font
        return cell

    def header(self, label: str):
        cell = self.text(label)
        cell.font = self.bold
        cell.fill = self.header_fill
        cell.alignment = self.wrap
        return cell

    def cell(self, column: Column, row):
        value = getattr(row, column.attr)
        kind = column.kind
        if value is None or value == "":
            return None
        if kind == DATE:
            cell = self._new(value)
            cell.number_format = "yyyy-mm-dd"
        elif kind == MOMENT:
            cell = self._new(value.replace(tzinfo=None))  # local time; Excel has no zones
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif kind == INT:
            cell = self._new(int(value))
            if column.attr == "days_overdue":
                cell.font = self.overdue_font
        else:
            cell = self.text(value, key=getattr(row, "key", getattr(row, "item", "")))
            if kind == STATUS:
                cell.fill = self.fills[row.status.value]
            if kind == LONG:
                cell.alignment = self.wrap
                return cell
        cell.alignment = self.top
        return cell
