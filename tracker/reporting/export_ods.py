"""The ODS export through odfpy: the same content as the XLSX (ODF is what Taiwan's
government exchanges as editable documents).

Text cells are office:value-type="string" (never a formula), dates "date" (with the ROC
setting shown 105/12/16 through number:calendar="ROC"), numbers
"float", progress "percentage" (0.6, shown as 60%); the header row repeats on printed pages, is frozen, and carries the autofilter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import BinaryIO, TypeAlias, cast

from tracker.dates import format_date
from tracker.reporting import cells
from tracker.reporting.markup import OVERDUE_INK, STATUS_FILL
from tracker.reporting.output import text_stream
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, PERCENT, STATUS, Column, ExportRow, ExportTable, SheetRow
from tracker.reporting.sheet import (
    MAX_LINES,
    WIDTH_SAMPLE,
    column_letter,
    column_widths,
    header_lines,
    row_height,
    row_lines,
)

CM_PER_CHAR = 0.21

# A sheet to write: its name, its columns and its rows.
_Sheet: TypeAlias = tuple[str, tuple[Column, ...], Iterator[SheetRow]]


def write_ods(table: ExportTable, out: BinaryIO) -> None:
    """odfpy builds the document around the rows (styles, title and header rows, filters,
    frozen panes); the rows themselves are made by odfpy one at a time and streamed into
    content.xml, so memory stays flat however long the table (odfpy's own save would hold
    the whole tree: 2 GB at 100,000 rows)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import DatabaseRange, DatabaseRanges

    from tracker.i18n import t

    doc = OpenDocumentSpreadsheet()
    styles = _Styles(doc, table.roc)
    styles.page(t("export.page_footer", lang=table.lang, page="\0P\0", pages="\0N\0"))
    sheets: list[_Sheet] = [(t("export.sheet_items", lang=table.lang), table.columns, table.rows)]
    if table.history is not None:
        sheets.append((t("export.sheet_history", lang=table.lang), table.history_columns, table.history))
    ranges = DatabaseRanges()
    streams: list[_Sheet] = []
    for number, (name, columns, rows) in enumerate(sheets):
        sheet_name = cells.one_line(name).replace("'", "")
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        _add_sheet(doc, styles, sheet_name, columns, sample, table.heading, number)
        ranges.addElement(
            DatabaseRange(
                name=f"__Anonymous_Sheet_DB__{number}",
                displayfilterbuttons="true",
                targetrangeaddress=f"'{sheet_name}'.A2:'{sheet_name}'.{column_letter(len(columns))}{_LAST_ROW % number}",
            )
        )
        streams.append((sheet_name, columns, itertools.chain(sample, rows)))
    doc.spreadsheet.addElement(ranges)
    _freeze_header(doc, [name for name, _, _ in streams])
    _write_package(doc, styles, streams, out)


_ROWS_MARK = "tracker-rows-%d"  # a placeholder row where a sheet's data rows are streamed in
_LAST_ROW = "__tracker_last_row_%d__"  # the autofilter's last row, known once the rows are written
_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _add_sheet(
    doc, styles: _Styles, name: str, columns: tuple[Column, ...], sample: list[SheetRow], heading: str, number: int
) -> None:
    from odf.table import Table, TableColumn, TableHeaderRows, TableRow

    sheet = Table(name=name, stylename=styles.table)
    widths = column_widths(columns, sample)
    styles.widths[number] = widths
    for width in widths:
        sheet.addElement(TableColumn(stylename=styles.column(width)))
    title = TableRow()
    title.addElement(styles.text(heading, styles.title))
    sheet.addElement(title)
    header = TableHeaderRows()  # repeated at the top of every printed page
    row = TableRow(stylename=styles.height(header_lines(columns, widths)))
    for column in columns:
        row.addElement(styles.text(column.label, styles.header))
    header.addElement(row)
    sheet.addElement(header)
    sheet.addElement(TableRow(stylename=_ROWS_MARK % number))
    doc.spreadsheet.addElement(sheet)


def _write_package(doc, styles: _Styles, streams: list[_Sheet], out: BinaryIO) -> None:
    import io
    import re
    import zipfile

    from odf import manifest

    content = doc.contentxml().decode("utf-8")
    parts = re.split('<table:table-row table:style-name="tracker-rows-(\\d+)"/>', content)
    assert len(parts) == 2 * len(streams) + 1, "every sheet has its placeholder row"
    last_rows: dict[str, str] = {}

    def filled(text: str) -> str:
        for token, value in last_rows.items():
            text = text.replace(token, value)
        return text

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), doc.mimetype.encode("utf-8"), compress_type=zipfile.ZIP_STORED
        )  # first and uncompressed, as ODF requires
        # ZipFile.open is typed as returning IO[bytes]; in "w" mode it is a binary file object.
        with package.open("content.xml", "w") as member, text_stream(cast(BinaryIO, member)) as stream:
            stream.write(parts[0])
            for index in range(1, len(parts), 2):
                number = int(parts[index])
                _, columns, rows = streams[number]
                count = 0
                widths = styles.widths[number]
                for item in rows:
                    styles.row(columns, item, widths).toXml(3, stream)
                    count += 1
                last_rows[_LAST_ROW % number] = str(count + 2)
                stream.write(filled(parts[index + 1]))
        files = {"styles.xml": doc.stylesxml(), "settings.xml": doc.settingsxml(), "meta.xml": doc.metaxml()}
        for name, xml in files.items():
            package.writestr(name, xml.encode("utf-8"))
        entries = manifest.Manifest()
        entries.addElement(manifest.FileEntry(fullpath="/", mediatype=doc.mimetype))
        for name in ("content.xml", *files):
            entries.addElement(manifest.FileEntry(fullpath=name, mediatype="text/xml"))
        listing = io.StringIO()
        listing.write(_PROLOGUE)
        entries.toXml(0, listing)
        package.writestr("META-INF/manifest.xml", listing.getvalue().encode("utf-8"))


class _Styles:
    def __init__(self, doc, roc: bool = False) -> None:
        from odf.number import DateStyle, Day, Hours, Minutes, Month, Number, PercentageStyle, Year
        from odf.number import Text as NumberText
        from odf.style import Style, TableCellProperties, TextProperties

        self.doc = doc
        self.roc = roc
        self._columns: dict[float, object] = {}
        self._heights: dict[int, object] = {}
        self.widths: dict[int, list[float]] = {}  # per sheet, for the row heights

        def date_style(name: str, with_time: bool):
            # ROC: the calendar on the year AND the zh-TW locale on the style (without the
            # locale LibreOffice falls back to the Gregorian year).
            style = DateStyle(name=name, **({"language": "zh", "country": "TW"} if roc else {}))
            sign = "/" if roc else "-"
            for part in (
                Year(style="long", calendar="ROC") if roc else Year(style="long"),
                NumberText(text=sign),
                Month(style="long"),
                NumberText(text=sign),
                Day(style="long"),
            ):
                style.addElement(part)
            if with_time:
                for part in (NumberText(text=" "), Hours(style="long"), NumberText(text=":"), Minutes(style="long")):
                    style.addElement(part)
            doc.styles.addElement(style)
            return name

        def cell_style(
            name: str,
            *,
            data: str | None = None,
            fill: str | None = None,
            wrap: bool = False,
            bold: bool = False,
            ink: str | None = None,
            size: str | None = None,
        ):
            style = Style(name=name, family="table-cell", **({"datastylename": data} if data else {}))
            props = {"verticalalign": "top"}
            if name != "cTitle":  # the title runs on over the empty cells to its right
                props["border"] = "0.5pt solid #000000"
                props["wrapoption"] = "wrap"
            if fill:
                props["backgroundcolor"] = f"#{fill}"
            style.addElement(TableCellProperties(**props))
            text = {}
            if bold:
                text["fontweight"] = "bold"
            if ink:
                text["color"] = f"#{ink}"
            if size:
                text["fontsize"] = size
            if text:
                style.addElement(TextProperties(**text))
            doc.styles.addElement(style)  # common styles: written whole, used or not by the tree
            return style

        self.plain = cell_style("cText")
        self.long = cell_style("cLong", wrap=True)
        self.title = cell_style("cTitle", bold=True, size="13pt")
        self.header = cell_style("cHeader", bold=True, fill="DDDDDD", wrap=True)
        self.date = cell_style("cDate", data=date_style("nDate", False))
        self.moment = cell_style("cMoment", data=date_style("nMoment", True))
        self.number = cell_style("cNumber")
        percentage = PercentageStyle(name="nPercent")
        percentage.addElement(Number(decimalplaces="0", minintegerdigits="1"))
        percentage.addElement(NumberText(text="%"))
        doc.styles.addElement(percentage)
        self.percent = cell_style("cPercent", data="nPercent")
        self.overdue = cell_style("cOverdue", bold=True, ink=OVERDUE_INK)
        self.status = {code: cell_style(f"cStatus_{code}", fill=fill) for code, fill in STATUS_FILL.items()}

    def page(self, footer: str) -> None:
        """A4 landscape, fitted to one page wide (rows run on), margins, and a footer with
        the page number and count; the sheets' table style points at it."""
        from odf.namespaces import LOEXTNS
        from odf.style import (
            Footer,
            FooterStyle,
            HeaderFooterProperties,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            Style,
            TableProperties,
        )
        from odf.text import P, PageCount, PageNumber

        layout = PageLayout(name="pmA4Landscape")
        properties = PageLayoutProperties(
            pagewidth="29.7cm",
            pageheight="21cm",
            printorientation="landscape",
            margintop="1.5cm",
            marginbottom="1.2cm",
            marginleft="1.5cm",
            marginright="1.5cm",
            printpageorder="ttb",
            tablecentering="horizontal",
        )
        # Fit to 1 page wide, any number tall: LibreOffice's own attributes (ODF 1.3 has them
        # in the style namespace; LibreOffice writes and reads the loext ones).
        properties.setAttrNS(LOEXTNS, "scale-to-X", "1")
        properties.setAttrNS(LOEXTNS, "scale-to-Y", "0")
        layout.addElement(properties)
        footer_style = FooterStyle()  # without it LibreOffice leaves the footer out
        footer_style.addElement(HeaderFooterProperties(minheight="0.6cm", margintop="0.25cm"))
        layout.addElement(footer_style)
        self.doc.automaticstyles.addElement(layout)
        master = MasterPage(name="Print", pagelayoutname=layout)
        line = P()
        for number, part in enumerate(footer.split("\0")):
            if number % 2 == 0:
                if part:
                    line.addText(part)
            else:  # the page number (P) or the page count (N)
                line.addElement(PageNumber(selectpage="current") if part == "P" else PageCount())
        footing = Footer()
        footing.addElement(line)
        master.addElement(footing)
        self.doc.masterstyles.addElement(master)
        table = Style(name="ta1", family="table", masterpagename="Print")
        table.addElement(TableProperties(display="true"))
        self.doc.automaticstyles.addElement(table)
        self.table = table
        for lines in range(1, MAX_LINES + 1):  # made before content.xml is streamed: its styles come first
            self.height(lines)

    def height(self, lines: int):
        """A row style as tall as `lines` lines (LibreOffice keeps it: no optimal height)."""
        from odf.style import Style, TableRowProperties

        if lines not in self._heights:
            style = Style(name=f"ro{lines}", family="table-row")
            style.addElement(TableRowProperties(rowheight=f"{row_height(lines):.2f}pt", useoptimalrowheight="false"))
            self.doc.automaticstyles.addElement(style)
            self._heights[lines] = style
        return self._heights[lines]

    def column(self, width: float):
        from odf.style import Style, TableColumnProperties

        if width not in self._columns:
            style = Style(name=f"co{len(self._columns) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width * CM_PER_CHAR:.2f}cm"))
            self.doc.automaticstyles.addElement(style)
            self._columns[width] = style
        return self._columns[width]

    def text(self, value: str, style, *, key: str = ""):
        """A string cell; line breaks, tabs and runs of spaces kept as ODF elements."""
        from odf import teletype
        from odf.table import TableCell
        from odf.text import P

        cell = TableCell(valuetype="string", stylename=style)
        paragraph = P()
        teletype.addTextToElement(paragraph, cells.spreadsheet_cell(value, key=key))
        cell.addElement(paragraph)
        return cell

    def row(self, columns: tuple[Column, ...], item: SheetRow, widths: list[float]):
        from odf.table import TableRow

        row = TableRow(stylename=self.height(row_lines(columns, widths, item)))
        for column in columns:
            row.addElement(self.cell(column, item))
        return row

    def cell(self, column: Column, row: SheetRow):
        from odf.table import TableCell
        from odf.text import P

        value = getattr(row, column.attr)
        kind = column.kind
        if value is None or value == "":
            return TableCell(stylename=self.plain)  # empty, but boxed like the others
        if kind == DATE:
            shown = format_date(value, roc=self.roc)
            cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=self.date)
        elif kind == MOMENT:
            local = value.replace(tzinfo=None, microsecond=0)
            shown = f"{format_date(local.date(), roc=self.roc)} {local:%H:%M}"
            cell = TableCell(valuetype="date", datevalue=local.isoformat(timespec="seconds"), stylename=self.moment)
        elif kind == INT:
            shown = str(int(value))
            style = self.overdue if column.attr == "days_overdue" else self.number
            cell = TableCell(valuetype="float", value=shown, stylename=style)
        elif kind == PERCENT:
            shown = f"{int(value)}%"
            cell = TableCell(valuetype="percentage", value=repr(int(value) / 100), stylename=self.percent)
        else:
            if kind == STATUS and isinstance(row, ExportRow):  # only the items' sheet has a status column
                style = self.status[row.status.value]
            else:
                style = self.long if kind == LONG else self.plain
            return self.text(value, style, key=getattr(row, "key", getattr(row, "item", "")))
        cell.addElement(P(text=shown))
        return cell


def _freeze_header(doc, sheets: list[str]) -> None:
    """Freeze the title and header rows (LibreOffice's view settings in settings.xml)."""
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet

    view_settings = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    view = ConfigItemMapEntry()
    view.addElement(_item(ConfigItem, "ViewId", "string", "view1"))
    tables = ConfigItemMapNamed(name="Tables")
    for name in sheets:
        entry = ConfigItemMapEntry(name=name)
        for key, kind, value in (
            ("HorizontalSplitMode", "short", "0"),
            ("VerticalSplitMode", "short", "2"),
            ("HorizontalSplitPosition", "int", "0"),
            ("VerticalSplitPosition", "int", "2"),
            ("ActiveSplitRange", "short", "2"),
            ("PositionLeft", "int", "0"),
            ("PositionRight", "int", "0"),
            ("PositionTop", "int", "0"),
            ("PositionBottom", "int", "2"),
        ):
            entry.addElement(_item(ConfigItem, key, kind, value))
        tables.addElement(entry)
    view.addElement(tables)
    views.addElement(view)
    view_settings.addElement(views)
    doc.settings.addElement(view_settings)


def _item(ConfigItem, name: str, kind: str, value: str):
    item = ConfigItem(name=name, type=kind)
    item.addText(value)
    return item
