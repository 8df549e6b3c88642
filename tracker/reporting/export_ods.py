"""The ODS export: the same content as the XLSX (ODF is what Taiwan's government exchanges
as editable documents), written directly as XML text into the zip package.

Text cells are office:value-type="string" (never a formula), dates "date" (with the ROC
setting shown 105/12/16 through number:calendar="ROC"), numbers "float", progress
"percentage" (0.6, shown as 60%); the header row repeats on printed pages, is frozen, and
carries the autofilter.

Why not odfpy: building one odfpy element per cell (attribute checks, namespace lookups,
its own escaping) cost about 0.6 ms a row, a minute at 100,000 items; here a row is a few
string joins. The parts around the rows are small templates below; content.xml is streamed
row by row into the zip, so memory stays flat however long the table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from operator import attrgetter
from typing import IO, BinaryIO, TypeAlias

from tracker.dates import format_date
from tracker.reporting import cells
from tracker.reporting.cells import xml_escape as escape
from tracker.reporting.markup import OVERDUE_INK, STATUS_FILL
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, PERCENT, STATUS, Column, ExportRow, ExportTable, SheetRow
from tracker.reporting.sheet import (
    MAX_LINES,
    WIDTH_SAMPLE,
    column_letter,
    column_widths,
    header_lines,
    line_counter,
    row_height,
    row_values,
)

CM_PER_CHAR = 0.21
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
# Distinct short texts remembered per column (their cells, their line counts), so that
# memory stays bounded; a long text is not kept (nor is one cut at the cell limit, whose
# mark names its own row).
_KEPT, _KEPT_LENGTH = 4096, 500
ROWS_PER_WRITE = 256  # rows joined into one write: fewer, larger chunks for zlib and the CRC

# A sheet to write: its name, its columns and its rows.
_Sheet: TypeAlias = tuple[str, tuple[Column, ...], Iterator[SheetRow]]
# One column's cell as XML, from the row (and the row's key, named in a cut-off text's mark).
_CellWriter: TypeAlias = Callable[[SheetRow, str], str]

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:ooo="http://openoffice.org/2004/office" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'office:version="1.2"'
)
_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n'


def write_ods(table: ExportTable, out: BinaryIO) -> None:
    """The package in the order ODF asks for: `mimetype` first and stored, then content.xml
    streamed row by row, then the small parts. Every sheet's first rows are read before
    content.xml starts: their column widths are automatic styles, which come first."""
    import zipfile

    from tracker.i18n import t

    sheets: list[_Sheet] = [(t("export.sheet_items", lang=table.lang), table.columns, table.rows)]
    if table.history is not None:
        sheets.append((t("export.sheet_history", lang=table.lang), table.history_columns, table.history))
    streams: list[tuple[str, tuple[Column, ...], list[float], Iterator[SheetRow]]] = []
    for name, columns, rows in sheets:
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        streams.append((_sheet_name(name), columns, column_widths(columns, sample), itertools.chain(sample, rows)))
    column_styles = _ColumnStyles()
    for _, _, widths, _ in streams:
        for width in widths:
            column_styles.name(width)
    cell_styles = _CellStyles(table.roc)

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        # First and uncompressed, as ODF requires (a reader may sniff the type at a fixed offset).
        package.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        last_rows: list[int] = []
        with package.open("content.xml", "w") as member:
            member.write(_content_head(column_styles).encode("utf-8"))
            for name, columns, widths, rows in streams:
                head = _table_head(name, columns, widths, column_styles, table.heading)
                member.write(head.encode("utf-8"))
                count = _write_rows(member, columns, widths, rows, cell_styles)
                member.write(b"</table:table>")
                last_rows.append(count + 2)  # below the title and header rows
            ranges = [
                (name, len(columns), last) for (name, columns, _, _), last in zip(streams, last_rows, strict=True)
            ]
            member.write(_content_tail(ranges).encode("utf-8"))
        footer = t("export.page_footer", lang=table.lang, page="\0P\0", pages="\0N\0")
        package.writestr("styles.xml", _styles_xml(table.roc, footer))
        package.writestr("settings.xml", _settings_xml([name for name, *_ in streams]))
        package.writestr("meta.xml", _META)
        package.writestr("META-INF/manifest.xml", _MANIFEST)


def _sheet_name(name: str) -> str:
    # One line, and no apostrophe: the name is quoted with them in the filter's range address.
    return cells.one_line(name).replace("'", "")


# ---------------------------------------------------------------------------
# Text as XML


_SPACES = re.compile(" +")


def paragraph(value: str) -> str:
    """The inside of a <text:p>: escaped, with what ODF would otherwise collapse kept as
    elements: a line break is <text:line-break/> (one paragraph per cell, as odfpy's teletype
    wrote it and readers read it), a tab <text:tab/>, a run of spaces <text:s text:c="n"/>."""
    value = escape(value)
    if "\n" in value or "\t" in value or "  " in value or value[:1] == " " or value[-1:] == " ":
        value = _SPACES.sub(_spaces, value)
        value = value.replace("\n", "<text:line-break/>").replace("\t", "<text:tab/>")
    return value


def _spaces(match: re.Match[str]) -> str:
    # ODF keeps one space between words; spaces at the start or the end of a line, and all
    # but the first of a run, are dropped unless written as <text:s/>.
    count = match.end() - match.start()
    text = match.string
    at_edge = match.start() == 0 or match.end() == len(text) or text[match.start() - 1] in "\n\t"
    at_edge = at_edge or text[match.end()] in "\n\t"
    if at_edge:
        return "<text:s/>" if count == 1 else f'<text:s text:c="{count}"/>'
    if count == 1:
        return " "
    return " <text:s/>" if count == 2 else f' <text:s text:c="{count - 1}"/>'


# ---------------------------------------------------------------------------
# Cells: one writer per column, made once; each returns the cell's XML.


def _style(name: str) -> str:
    return f' table:style-name="{name}"'


class _CellStyles:
    """Makes each column's cell writer: the cell's type, value, shown text and style
    (the common styles of styles.xml), with what repeats made once."""

    def __init__(self, roc: bool) -> None:
        self.roc = roc
        self.empty = f"<table:table-cell{_style('cText')}/>"  # empty, but boxed like the others

    def writer(self, column: Column) -> _CellWriter:
        get = attrgetter(column.attr)
        kind = column.kind
        empty = self.empty
        if kind == DATE:
            return self._dates(get)
        if kind == MOMENT:
            return self._moments(get)
        if kind == INT:
            style = _style("cOverdue" if column.attr == "days_overdue" else "cNumber")

            def number(row: SheetRow, key: str) -> str:
                value = get(row)
                if value is None or value == "":
                    return empty
                shown = str(int(value))
                return (
                    f'<table:table-cell office:value-type="float" office:value="{shown}"{style}>'
                    f"<text:p>{shown}</text:p></table:table-cell>"
                )

            return number
        if kind == PERCENT:
            return self._percents(get)
        if kind == STATUS:
            return self._statuses(get)
        return self._texts(get, _style("cLong" if kind == LONG else "cText"), cache=kind != LONG)

    def _dates(self, get: Callable[[SheetRow], date | None]) -> _CellWriter:
        known: dict[date, str] = {}  # a few thousand days at most: each made once
        empty, style, roc = self.empty, _style("cDate"), self.roc

        def write(row: SheetRow, key: str) -> str:
            value = get(row)
            if value is None or value == "":
                return empty
            cell = known.get(value)
            if cell is None:
                cell = known[value] = (
                    f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{style}>'
                    f"<text:p>{format_date(value, roc=roc)}</text:p></table:table-cell>"
                )
            return cell

        return write

    def _moments(self, get: Callable[[SheetRow], datetime | None]) -> _CellWriter:
        days: dict[date, str] = {}  # the day as shown, made once per day
        empty, style, roc = self.empty, _style("cMoment"), self.roc

        def write(row: SheetRow, key: str) -> str:
            value = get(row)
            if value is None or value == "":
                return empty
            day = value.date()  # already local time (rows.py): the zone is left out, as a spreadsheet has none
            shown = days.get(day)
            if shown is None:
                shown = days[day] = format_date(day, roc=roc)
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{day.isoformat()}T'
                f'{value.hour:02d}:{value.minute:02d}:{value.second:02d}"{style}>'
                f"<text:p>{shown} {value.hour:02d}:{value.minute:02d}</text:p></table:table-cell>"
            )

        return write

    def _percents(self, get: Callable[[SheetRow], int | None]) -> _CellWriter:
        known: dict[int, str] = {}
        empty, style = self.empty, _style("cPercent")

        def write(row: SheetRow, key: str) -> str:
            value = get(row)
            if value is None or value == "":
                return empty
            cell = known.get(value)
            if cell is None:
                whole = int(value)
                cell = known[value] = (
                    f'<table:table-cell office:value-type="percentage" office:value="{whole / 100!r}"{style}>'
                    f"<text:p>{whole}%</text:p></table:table-cell>"
                )
            return cell

        return write

    def _statuses(self, get: Callable[[SheetRow], str]) -> _CellWriter:
        """The status label on its status's fill; only the items' sheet has a status column."""
        plain = self._texts(get, _style("cText"), cache=True)
        fills = {code: self._texts(get, _style(f"cStatus_{code}"), cache=True) for code in STATUS_FILL}

        def write(row: SheetRow, key: str) -> str:
            status = getattr(row, "status", None)
            return fills[status.value](row, key) if status is not None else plain(row, key)

        return write

    def _texts(self, get: Callable[[SheetRow], object], style: str, *, cache: bool) -> _CellWriter:
        """A string cell: the text cut to the cell limit (cells.spreadsheet_cell), escaped.
        With `cache`, short texts that repeat (units, labels, officers) are made once: the
        first _KEPT met are kept, so memory stays bounded however many distinct ones there are."""
        known: dict[str, str] = {}
        empty, start = self.empty, f'<table:table-cell office:value-type="string"{style}><text:p>'
        end = "</text:p></table:table-cell>"

        def write(row: SheetRow, key: str) -> str:
            value = get(row)
            if value is None or value == "":
                return empty
            if not cache or not isinstance(value, str):
                return start + paragraph(cells.spreadsheet_cell(value, key=key)) + end
            cell = known.get(value)
            if cell is None:
                cell = start + paragraph(cells.spreadsheet_cell(value, key=key)) + end
                if len(known) < _KEPT and len(value) <= _KEPT_LENGTH:
                    known[value] = cell
            return cell

        return write


def _write_rows(
    member: IO[bytes], columns: tuple[Column, ...], widths: list[float], rows: Iterator[SheetRow], styles: _CellStyles
) -> int:
    """The data rows, each as tall as its tallest wrapped cell; returns how many."""
    writers = [styles.writer(column) for column in columns]
    count_lines, values = line_counter(columns, widths), row_values(columns)
    starts = [f"<table:table-row{_style(f'ro{number}')}>" for number in range(MAX_LINES + 1)]
    end = "</table:table-row>"
    count = 0
    batch: list[str] = []
    for row in rows:
        key = row.key if isinstance(row, ExportRow) else row.item  # named in a cut-off text's mark
        batch.append(starts[count_lines(values(row))])
        batch.extend([write(row, key) for write in writers])
        batch.append(end)
        count += 1
        if count % ROWS_PER_WRITE == 0:
            member.write("".join(batch).encode("utf-8"))
            batch.clear()
    member.write("".join(batch).encode("utf-8"))
    return count


# ---------------------------------------------------------------------------
# content.xml around the rows


class _ColumnStyles:
    """One automatic style per distinct column width, over every sheet."""

    def __init__(self) -> None:
        self.names: dict[float, str] = {}

    def name(self, width: float) -> str:
        if width not in self.names:
            self.names[width] = f"co{len(self.names) + 1}"
        return self.names[width]

    def xml(self) -> str:
        return "".join(
            f'<style:style style:name="{name}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width * CM_PER_CHAR:.2f}cm"/></style:style>'
            for width, name in self.names.items()
        )


def _content_head(column_styles: _ColumnStyles) -> str:
    # Every row height is declared, used or not: a row style must exist before the rows
    # that name it are streamed, and 40 small styles cost nothing.
    heights = "".join(
        f'<style:style style:name="ro{lines}" style:family="table-row"><style:table-row-properties '
        f'style:row-height="{row_height(lines):.2f}pt" style:use-optimal-row-height="false"/></style:style>'
        for lines in range(1, MAX_LINES + 1)
    )
    return (
        f"{_PROLOGUE}<office:document-content {_NAMESPACES}><office:automatic-styles>"
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Print">'
        '<style:table-properties table:display="true"/></style:style>'
        f"{heights}{column_styles.xml()}</office:automatic-styles><office:body><office:spreadsheet>"
    )


def _table_head(
    name: str, columns: tuple[Column, ...], widths: list[float], column_styles: _ColumnStyles, heading: str
) -> str:
    """The table's columns, the title row and the header row (repeated on every printed page)."""
    parts = [f'<table:table table:name="{escape(name)}"{_style("ta1")}>']
    parts += [f"<table:table-column{_style(column_styles.name(width))}/>" for width in widths]
    parts.append(f"<table:table-row>{_string_cell(heading, 'cTitle')}</table:table-row>")
    parts.append(f"<table:table-header-rows><table:table-row{_style(f'ro{header_lines(columns, widths)}')}>")
    parts += [_string_cell(column.label, "cHeader") for column in columns]
    parts.append("</table:table-row></table:table-header-rows>")
    return "".join(parts)


def _string_cell(value: str, style: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"{_style(style)}>'
        f"<text:p>{paragraph(cells.spreadsheet_cell(value))}</text:p></table:table-cell>"
    )


def _content_tail(sheets: list[tuple[str, int, int]]) -> str:
    """The autofilter on each sheet's header and data rows (LibreOffice's database ranges):
    (name, number of columns, last row) per sheet."""
    ranges = []
    for number, (name, width, last) in enumerate(sheets):
        address = f"'{name}'.A2:'{name}'.{column_letter(width)}{last}"
        ranges.append(
            f'<table:database-range table:name="__Anonymous_Sheet_DB__{number}" '
            f'table:display-filter-buttons="true" table:target-range-address="{escape(address)}"/>'
        )
    return f"<table:database-ranges>{''.join(ranges)}</table:database-ranges></office:spreadsheet></office:body></office:document-content>"


# ---------------------------------------------------------------------------
# styles.xml, settings.xml, meta.xml, the manifest


def _styles_xml(roc: bool, footer: str) -> str:
    """Common cell styles and data styles; A4 landscape fitted to one page wide (rows run
    on), margins, and a footer with the page number and count on the master page "Print"
    that the sheets' table style ta1 names."""
    return (
        f"{_PROLOGUE}<office:document-styles {_NAMESPACES}><office:styles>"
        f"{_date_style('nDate', roc, with_time=False)}{_date_style('nMoment', roc, with_time=True)}"
        '<number:percentage-style style:name="nPercent">'
        '<number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text>'
        "</number:percentage-style>"
        f"{_cell_style('cText')}{_cell_style('cLong')}"
        f"{_cell_style('cTitle', bold=True, size='13pt')}"
        f"{_cell_style('cHeader', bold=True, fill='DDDDDD')}"
        f"{_cell_style('cDate', data='nDate')}{_cell_style('cMoment', data='nMoment')}"
        f"{_cell_style('cNumber')}{_cell_style('cPercent', data='nPercent')}"
        f"{_cell_style('cOverdue', bold=True, ink=OVERDUE_INK)}"
        + "".join(_cell_style(f"cStatus_{code}", fill=fill) for code, fill in STATUS_FILL.items())
        + "</office:styles><office:automatic-styles>"
        '<style:page-layout style:name="pmA4Landscape"><style:page-layout-properties fo:page-width="29.7cm" '
        'fo:page-height="21cm" style:print-orientation="landscape" fo:margin-top="1.5cm" fo:margin-bottom="1.2cm" '
        'fo:margin-left="1.5cm" fo:margin-right="1.5cm" style:print-page-order="ttb" '
        # Fit to 1 page wide, any number tall: LibreOffice's own attributes (ODF 1.3 has
        # them in the style namespace; LibreOffice writes and reads the loext ones).
        'style:table-centering="horizontal" loext:scale-to-X="1" loext:scale-to-Y="0"/>'
        # Without a footer style LibreOffice leaves the footer out.
        '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.25cm"/>'
        "</style:footer-style></style:page-layout></office:automatic-styles><office:master-styles>"
        '<style:master-page style:name="Print" style:page-layout-name="pmA4Landscape">'
        f"<style:footer><text:p>{_footer(footer)}</text:p></style:footer></style:master-page>"
        "</office:master-styles></office:document-styles>"
    )


def _footer(text: str) -> str:
    """The footer message with its \\0P\\0 and \\0N\\0 marks as the page number and count fields."""
    parts = []
    for number, part in enumerate(text.split("\0")):
        if number % 2 == 0:  # a message of ours on one line: its spaces sit between words and fields
            parts.append(escape(part))
        else:
            parts.append('<text:page-number text:select-page="current"/>' if part == "P" else "<text:page-count/>")
    return "".join(parts)


def _date_style(name: str, roc: bool, *, with_time: bool) -> str:
    # ROC: the calendar on the year AND the zh-TW locale on the style (without the locale
    # LibreOffice falls back to the Gregorian year).
    locale = ' number:language="zh" number:country="TW"' if roc else ""
    year = '<number:year number:style="long" number:calendar="ROC"/>' if roc else '<number:year number:style="long"/>'
    sign = f"<number:text>{'/' if roc else '-'}</number:text>"
    time = (
        '<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>'
        '<number:minutes number:style="long"/>'
        if with_time
        else ""
    )
    return (
        f'<number:date-style style:name="{name}"{locale}>{year}{sign}<number:month number:style="long"/>'
        f'{sign}<number:day number:style="long"/>{time}</number:date-style>'
    )


def _cell_style(name: str, *, data: str = "", fill: str = "", bold: bool = False, ink: str = "", size: str = "") -> str:
    """Top-aligned; every cell but the title boxed in thin lines and wrapped (the title runs
    on over the empty cells to its right)."""
    data_style = f' style:data-style-name="{data}"' if data else ""
    props = 'style:vertical-align="top"'
    if name != "cTitle":
        props += ' fo:border="0.5pt solid #000000" fo:wrap-option="wrap"'
    if fill:
        props += f' fo:background-color="#{fill}"'
    text = (' fo:font-weight="bold"' if bold else "") + (f' fo:color="#{ink}"' if ink else "")
    text += f' fo:font-size="{size}"' if size else ""
    return (
        f'<style:style style:name="{name}" style:family="table-cell"{data_style}>'
        f"<style:table-cell-properties {props}/>"
        + (f"<style:text-properties{text}/>" if text else "")
        + "</style:style>"
    )


def _settings_xml(sheets: list[str]) -> str:
    """Freeze the title and header rows (LibreOffice's view settings)."""
    items = (
        ("HorizontalSplitMode", "short", "0"),
        ("VerticalSplitMode", "short", "2"),
        ("HorizontalSplitPosition", "int", "0"),
        ("VerticalSplitPosition", "int", "2"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionLeft", "int", "0"),
        ("PositionRight", "int", "0"),
        ("PositionTop", "int", "0"),
        ("PositionBottom", "int", "2"),
    )
    entry = "".join(
        f'<config:config-item config:name="{key}" config:type="{kind}">{value}</config:config-item>'
        for key, kind, value in items
    )
    tables = "".join(
        f'<config:config-item-map-entry config:name="{escape(name)}">{entry}</config:config-item-map-entry>'
        for name in sheets
    )
    return (
        f"{_PROLOGUE}<office:document-settings {_NAMESPACES}><office:settings>"
        '<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">'
        '<config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1'
        f'</config:config-item><config:config-item-map-named config:name="Tables">{tables}'
        "</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set></office:settings></office:document-settings>"
    )


_META = (
    f"{_PROLOGUE}<office:document-meta {_NAMESPACES}><office:meta>"
    "<meta:generator>tracker</meta:generator></office:meta></office:document-meta>"
)
_MANIFEST = (
    f'{_PROLOGUE}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MIMETYPE}"/>'
    + "".join(
        f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
        for name in ("content.xml", "styles.xml", "settings.xml", "meta.xml")
    )
    + "</manifest:manifest>"
)
