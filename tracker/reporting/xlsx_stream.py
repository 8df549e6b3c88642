"""A small SpreadsheetML (.xlsx) writer that streams each sheet's rows into the zip archive.

Why not a library: openpyxl (write-only, with lxml) costs ~15 µs a styled cell and
XlsxWriter in constant_memory mode ~9 µs (18 s for 100,000 rows of 20 styled cells, the
export's shape, in a loop that did nothing else); an export of 100,000 items has 2,000,000
cells. Written here, a cell is a few string operations, most of them remembered for values
that repeat, and a row goes into the deflate stream as soon as it is made, so memory stays
flat however long the table.

What it writes is the subset of ECMA-376 the exports use: inline strings (no shared-string
table to grow with the rows), a hand-made stylesheet (fonts, solid fills, a thin box,
alignment, number formats, quote prefix), column widths, row heights, a frozen header,
an autofilter, print titles and the page setup. Excel, LibreOffice and openpyxl read it.
The caller makes each row's cells (`cell_text`, `cell_number`, `cell_empty`) with the style
indices `Stylesheet.add` handed out; text passed in must already be free of the characters
XML 1.0 forbids (tracker.reporting.cells does that for every user text).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, BinaryIO

from tracker.reporting.cells import xml_escape as escape
from tracker.reporting.sheet import column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Level 1 deflates the sheet XML (mostly repeated tags) three times faster than the default
# 6, for a file a third larger: at 100,000 items 0.5 s instead of 1.7 s, 11 MB instead of 8.
COMPRESS_LEVEL = 1
# Rows joined into one write: a deflate call per row would cost more than making the row.
ROWS_PER_WRITE = 500
# Excel's first custom number format id; the ones below are built in.
FIRST_CUSTOM_FORMAT = 164
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}
# Day 0 of Excel's 1900 date system is 1899-12-30 (it counts a 29 February 1900 that never
# was, so dates from 1900-03-01 on come out right; ours all do).
_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def serial(value: date) -> float | int:
    """A date or a (naive, local) datetime as Excel's serial number: days since 1899-12-30,
    the time of day as the fraction (to the second, as openpyxl computed it)."""
    days = value.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, datetime):
        return days + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return days


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A name Excel accepts for a sheet: none of []:*?/\\, no apostrophe at either end, at
    most 31 characters, not empty, and unlike the names already `taken` (compared as Excel
    does, ignoring case)."""
    name = " ".join(name.translate(_SHEET_NAME_FORBIDDEN).split()).strip("'")[:31] or "Sheet"
    used = {other.casefold() for other in taken}
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = name[: 31 - len(suffix)] + suffix
    return candidate


def quoted_sheet(name: str) -> str:
    """A sheet name as a formula reference writes it: 'name', an apostrophe doubled."""
    return "'" + name.replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# Cells and rows. A cell is made in two halves: what follows its reference (`cell_text`,
# `cell_number`, `cell_empty`: the same for every row, so the caller may keep it for a value
# that repeats) and the reference itself, which `row` puts in front. `style` is an index
# from Stylesheet.add.


def cell_text(style: int, text: str) -> str:
    """An inline string cell (t="inlineStr"): stored as text whatever it says, never a formula.

    Leading or trailing white space (a tab, a line break) is kept by xml:space="preserve";
    Excel would trim it otherwise."""
    if text[:1].isspace() or text[-1:].isspace():
        return f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    return f'" s="{style}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def cell_number(style: int, number: float | int) -> str:
    # repr of a float is the shortest text that reads back as the same double.
    return f'" s="{style}"><v>{number!r}</v></c>'


def cell_empty(style: int) -> str:
    """An empty cell that still carries a style (its box and fill)."""
    return f'" s="{style}"/>'


class Rows:
    """Rows of `width` cells: `row` puts each cell's reference (A3, B3...) in front of it.

    The standard makes the reference optional; it is written anyway, as Excel itself writes
    it, rather than trust every reader to place the cells by their order. It is the one part
    of a cell that changes from row to row: a row is the column letters, the row number and
    the cells interleaved by slice assignment and joined, about 1.5 µs for 20 cells where a
    str.format of a template took 7 and a loop over the cells 3."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._parts = [""] * (3 * width)  # per cell: '<c r="B', the row number, the rest
        self._parts[0::3] = [f'<c r="{column_letter(i)}' for i in range(1, width + 1)]

    def row(self, number: int, cells: Sequence[str], height: float | None = None) -> str:
        """Row `number`'s XML from exactly `width` cells (ValueError otherwise); `height` in
        points for a row taller than one line."""
        n = str(number)
        parts = self._parts.copy()
        parts[1::3] = [n] * self.width
        parts[2::3] = cells
        head = f'<row r="{n}">' if height is None else f'<row r="{n}" ht="{height:g}" customHeight="1">'
        return head + "".join(parts) + "</row>"


# ---------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float = 11
    color: str | None = None  # the font's RGB, "C00000"
    fill: str | None = None  # a solid fill's RGB
    box: bool = False  # a thin black border on all four sides
    wrap: bool = False
    top: bool = False  # aligned to the top of the cell
    number_format: str = "General"
    quote: bool = False  # Excel's quote prefix: editing the cell keeps its text text


class Stylesheet:
    """The styles of a workbook, each added once: `add` returns the index a cell's s= takes."""

    def __init__(self) -> None:
        self._styles: dict[Style, int] = {Style(): 0}

    def add(self, style: Style) -> int:
        return self._styles.setdefault(style, len(self._styles))

    def xml(self) -> str:
        fonts: dict[tuple[bool, float, str | None], int] = {}
        fills: dict[str | None, int] = {None: 0, "gray125": 1}  # the two fills Excel requires first
        formats: dict[str, int] = {}
        xfs: list[str] = []
        for style in self._styles:  # in index order (dicts keep insertion order)
            font = fonts.setdefault((style.bold, style.size, style.color), len(fonts))
            fill = fills.setdefault(style.fill, len(fills))
            if style.number_format in BUILTIN_FORMATS:
                number_format = BUILTIN_FORMATS[style.number_format]
            else:
                number_format = formats.setdefault(style.number_format, FIRST_CUSTOM_FORMAT + len(formats))
            alignment = ""
            if style.wrap or style.top:
                alignment = (
                    "<alignment"
                    + (' vertical="top"' if style.top else "")
                    + (' wrapText="1"' if style.wrap else "")
                    + "/>"
                )
            xfs.append(
                f'<xf numFmtId="{number_format}" fontId="{font}" fillId="{fill}" borderId="{int(style.box)}" xfId="0"'
                + (' applyNumberFormat="1"' if number_format else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyBorder="1"' if style.box else "")
                + (' quotePrefix="1"' if style.quote else "")
                + (f' applyAlignment="1">{alignment}</xf>' if alignment else "/>")
            )
        parts = [XML_HEAD, f'<styleSheet xmlns="{MAIN_NS}">']
        if formats:
            parts.append(f'<numFmts count="{len(formats)}">')
            parts += (f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in formats.items())
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(fonts)}">')
        for bold, size, color in fonts:
            parts.append(
                "<font>"
                + ('<b val="1"/>' if bold else "")
                + f'<sz val="{size:g}"/>'
                + (f'<color rgb="{_argb(color)}"/>' if color else "")
                + '<name val="Calibri"/><family val="2"/></font>'
            )
        parts.append(f'</fonts><fills count="{len(fills)}">')
        for fill_colour in fills:
            if fill_colour is None or fill_colour == "gray125":
                parts.append(f'<fill><patternFill patternType="{fill_colour or "none"}"/></fill>')
            else:
                rgb = _argb(fill_colour)
                parts.append(
                    f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor rgb="{rgb}"/>'
                    "</patternFill></fill>"
                )
        thin = "".join(
            f'<{side} style="thin"><color rgb="FF000000"/></{side}>' for side in ("left", "right", "top", "bottom")
        )
        parts += [
            '</fills><borders count="2">',
            "<border><left/><right/><top/><bottom/><diagonal/></border>",
            f"<border>{thin}<diagonal/></border></borders>",
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
            f'<cellXfs count="{len(xfs)}">',
            *xfs,
            "</cellXfs>",
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
            "</styleSheet>",
        ]
        return "".join(parts)


def _argb(rgb: str) -> str:
    # The alpha byte as openpyxl writes it (00); Excel and LibreOffice ignore it for cells.
    return rgb if len(rgb) == 8 else "00" + rgb


# ---------------------------------------------------------------------------
# Sheets and the workbook


@dataclass(frozen=True)
class PageSetup:
    """How the sheet prints (margins in inches)."""

    landscape: bool = True
    paper_size: int = 9  # A4
    fit_width: bool = True  # one page wide, as many tall as the rows need
    centred: bool = True  # horizontally
    margins: tuple[float, float, float, float, float, float] = (0.6, 0.6, 0.7, 0.7, 0.3, 0.3)  # l r t b header footer
    footer: str = ""  # the centre footer's text, with &P and &N (page, pages)
    footer_size: int = 9


@dataclass
class _Sheet:
    name: str
    part: str
    autofilter: str | None = None
    title_row: int | None = None


class SheetStream:
    """One sheet being written: `add_row` takes each row's XML (Rows.row), in order, and
    passes the rows on to the archive in batches."""

    def __init__(self, stream: IO[bytes], sheet: _Sheet, page: PageSetup) -> None:
        self._stream = stream
        self._sheet = sheet
        self._page = page
        self._batch: list[str] = []

    def write(self, xml: str) -> None:
        self._flush()
        self._stream.write(xml.encode("utf-8"))

    def add_row(self, xml: str) -> None:
        self._batch.append(xml)
        if len(self._batch) >= ROWS_PER_WRITE:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._stream.write("".join(self._batch).encode("utf-8"))
            self._batch.clear()

    def finish(self, last_row: int, last_column: int, *, autofilter_from: int | None = None) -> None:
        """Close the sheet; with `autofilter_from`, a filter over that row (the header) to the last."""
        tail = ["</sheetData>"]
        if autofilter_from is not None:
            ref = f"A{autofilter_from}:{column_letter(last_column)}{max(last_row, autofilter_from)}"
            self._sheet.autofilter = ref
            tail.append(f'<autoFilter ref="{ref}"/>')
        page = self._page
        left, right, top, bottom, header, footer = page.margins
        if page.centred:
            tail.append('<printOptions horizontalCentered="1"/>')
        tail.append(
            f'<pageMargins left="{left:g}" right="{right:g}" top="{top:g}" bottom="{bottom:g}" '
            f'header="{header:g}" footer="{footer:g}"/>'
        )
        tail.append(
            f'<pageSetup paperSize="{page.paper_size}"'
            + (' fitToWidth="1" fitToHeight="0"' if page.fit_width else "")
            + f' orientation="{"landscape" if page.landscape else "portrait"}"/>'
        )
        if page.footer:
            # &9 sets the size; the space after it keeps a footer that starts with a digit
            # from being read as part of the size.
            text = f"&C&{page.footer_size} {page.footer}"
            tail.append(f"<headerFooter><oddFooter>{escape(text)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        self.write("".join(tail))
        self._stream.close()


class Workbook:
    """An .xlsx written to `out` sheet by sheet; `close` adds the workbook, its styles and
    the package parts. One sheet is open at a time (the zip archive writes one member at
    a time)."""

    def __init__(self, out: BinaryIO, styles: Stylesheet) -> None:
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self._styles = styles
        self._sheets: list[_Sheet] = []

    def add_sheet(
        self,
        name: str,
        widths: Sequence[float],
        *,
        page: PageSetup,
        frozen_rows: int = 0,
        title_row: int | None = None,
    ) -> SheetStream:
        """A new sheet, its head written: column widths (character units), the rows above
        `frozen_rows` + 1 frozen, `title_row` repeated at the top of every printed page."""
        sheet = _Sheet(
            sheet_name(name, (s.name for s in self._sheets)), f"xl/worksheets/sheet{len(self._sheets) + 1}.xml"
        )
        sheet.title_row = title_row
        self._sheets.append(sheet)
        head = [XML_HEAD, f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">']
        if page.fit_width:
            head.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        head.append('<sheetViews><sheetView workbookViewId="0"')
        if frozen_rows:
            first = f"A{frozen_rows + 1}"
            head.append(
                f'><pane ySplit="{frozen_rows}" topLeftCell="{first}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/></sheetView></sheetViews>'
            )
        else:
            head.append("/></sheetViews>")
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            head.append("<cols>")
            head += (
                f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'
                for i, width in enumerate(widths, start=1)
            )
            head.append("</cols>")
        head.append("<sheetData>")
        # The member is written as it comes (zipfile deflates each write); its size is not
        # known in advance, and sheets stay far below the 2 GiB a member may have without ZIP64.
        stream = SheetStream(self._zip.open(sheet.part, "w"), sheet, page)
        stream.write("".join(head))
        return stream

    def close(self) -> None:
        """Write the workbook part, the styles and the package's relationships, and close the archive."""
        sheets = self._sheets
        write = self._zip.writestr
        write("xl/styles.xml", self._styles.xml())
        names: list[str] = []
        for index, sheet in enumerate(sheets):
            quoted = escape(quoted_sheet(sheet.name))
            if sheet.autofilter:
                # Excel's own record of the filtered range; it repairs a file whose filter lacks it.
                start, end = sheet.autofilter.split(":")
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                    f"{quoted}!{_absolute(start)}:{_absolute(end)}</definedName>"
                )
            if sheet.title_row:
                row = sheet.title_row
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{quoted}!${row}:${row}</definedName>'
                )
        write(
            "xl/workbook.xml",
            XML_HEAD
            + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{escape(sheet.name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, sheet in enumerate(sheets, start=1)
            )
            + "</sheets>"
            + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
            + "</workbook>",
        )
        styles_id = len(sheets) + 1
        write(
            "xl/_rels/workbook.xml.rels",
            XML_HEAD
            + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{styles_id}" Type="{REL_NS}/styles" Target="styles.xml"/>'
            + "</Relationships>",
        )
        write(
            "_rels/.rels",
            XML_HEAD
            + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
            + f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            + "</Relationships>",
        )
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        write(
            "[Content_Types].xml",
            XML_HEAD
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            + '<Default Extension="xml" ContentType="application/xml"/>'
            + '<Override PartName="/xl/workbook.xml" '
            + 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + '<Override PartName="/xl/styles.xml" '
            + 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/{sheet.part}" ContentType="{sheet_type}"/>' for sheet in sheets)
            + "</Types>",
        )
        self._zip.close()


def _absolute(reference: str) -> str:
    """A2 -> $A$2."""
    letters = reference.rstrip("0123456789")
    return f"${letters}${reference[len(letters) :]}"
