"""The streamed XLSX writer (tracker.reporting.xlsx_stream, export_xlsx) on its own terms.

tests/test_export.py reads the exports back cell by cell with openpyxl; here: the XML is
well formed whatever the text holds, the parts Excel insists on are there, the faster row
height count agrees with sheet.row_lines, and memory does not grow with the rows.
"""

from __future__ import annotations

import io
import math
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import NamedTuple
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tracker.reporting import cells, sheet
from tracker.reporting.export_xlsx import write_xlsx
from tracker.reporting.rows import DATE, INT, LONG, MOMENT, PERCENT, TEXT, Column, Counted, ExportTable, HistoryRow
from tracker.reporting.sheet import line_counter
from tracker.reporting.xlsx_stream import Rows, escape, serial, sheet_name

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HISTORY_COLUMNS = (
    Column("at", "時間", MOMENT),
    Column("item", "代號"),
    Column("by", "異動者"),
    Column("field_label", "欄位"),
    Column("old", "原值", LONG),
    Column("new", "新值", LONG),
    Column("note", "辦理情形", LONG),
)


def history(number: int, *, note: str = "已聯繫主辦單位。", by: str = "承辦人") -> HistoryRow:
    return HistoryRow(
        at=datetime(2016, 12, 9, 14, 30, 15, 123456),
        item=f"uclg16-{number}",
        number=number,
        version=1,
        by=by,
        field="last_note",
        field_label="辦理情形",
        old="",
        new="辦理中",
        note=note,
    )


def table(rows, columns=HISTORY_COLUMNS, *, roc: bool = False) -> ExportTable:
    """A table whose items' sheet shows history rows: the writer reads any row through its columns."""
    return ExportTable(
        title="建議事項採行情形追蹤表",
        subtitle="測試",
        as_of=date(2016, 12, 9),
        lang="zh-TW",
        roc=roc,
        columns=columns,
        rows=Counted(rows),
        history_columns=HISTORY_COLUMNS,
    )


def written(export: ExportTable) -> bytes:
    out = io.BytesIO()
    write_xlsx(export, out)
    return out.getvalue()


def parts(data: bytes) -> dict[str, ElementTree.Element]:
    """Every XML part, parsed: a part that is not well-formed XML fails here."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: ElementTree.fromstring(archive.read(name)) for name in archive.namelist()}


# ---------------------------------------------------------------------------
# Hostile text


HOSTILE = [
    "".join(chr(c) for c in range(32)) + "控制字元",  # every C0 control (tab and newline stay)
    "孤立代理\ud800字元\udfff",  # lone surrogates: not encodable, not XML
    "非字元\ufffe\uffff",
    "<b>&amp;</b> ]]> \"'",
    '=HYPERLINK("http://x")',
    "\t-縮排",
    "結尾空白 ",
    "",
]


def test_hostile_text_makes_well_formed_xml_and_reads_back_clean():
    rows = [history(n, note=note, by=note) for n, note in enumerate(HOSTILE, start=1)]
    data = written(table(iter(rows)))
    parts(data)
    book = load_workbook(io.BytesIO(data))
    got = book.worksheets[0]
    for n, note in enumerate(HOSTILE, start=1):
        clean = cells.spreadsheet_cell(note)
        cell = got.cell(row=2 + n, column=7)
        assert (cell.value or "") == clean, n
        assert cell.data_type in ("s", "n") and cell.border.left.style == "thin"
        if clean:
            assert cell.data_type == "s" and cell.quotePrefix == cells.is_formula_like(clean)
    assert got.cell(row=3, column=7).value == "\t\n\n控制字元"  # tab and newline kept, CR read as a newline
    assert got.cell(row=4, column=7).value == "孤立代理字元"
    assert got.cell(row=7, column=7).value == '=HYPERLINK("http://x")' and got.cell(row=7, column=7).quotePrefix
    assert got.cell(row=8, column=7).value == "\t-縮排"  # the leading tab kept (xml:space="preserve")
    assert got.cell(row=9, column=7).value == "結尾空白 "


def test_text_over_the_cell_limit_is_cut_with_a_mark_naming_the_item():
    long = "長" * 40_000
    got = load_workbook(io.BytesIO(written(table(iter([history(5, note=long)]))))).worksheets[0]
    value = got.cell(row=3, column=7).value
    assert len(value) == cells.CELL_LIMIT and value.startswith("長" * 30_000)
    assert "uclg16-5" in value
    assert got.row_dimensions[3].height == sheet.row_height(sheet.MAX_LINES)


def test_typed_cells_and_styles():
    class Row(NamedTuple):
        key: str
        day: date | None
        at: datetime
        count: int | None
        days_overdue: int | None
        progress: int

    columns = (
        Column("key", "代號", TEXT),
        Column("day", "日期", DATE),
        Column("at", "時間", MOMENT),
        Column("count", "件數", INT),
        Column("days_overdue", "逾期天數", INT),
        Column("progress", "進度", PERCENT),
    )
    rows = [
        Row("a", date(2016, 10, 12), datetime(2016, 12, 9, 8, 5, 59, 999999), 3, 12, 60),
        Row("b", None, datetime(2016, 12, 9, 23, 0), None, None, 0),
    ]
    for roc, day_format in ((False, "yyyy-mm-dd"), (True, "[$-40404]e/mm/dd")):
        got = load_workbook(io.BytesIO(written(table(iter(rows), columns, roc=roc)))).worksheets[0]
        first = got[3]
        assert [c.value for c in first] == [
            "a",
            datetime(2016, 10, 12),
            datetime(2016, 12, 9, 8, 5, 59),
            3,
            12,
            0.6,
        ]
        assert first[1].number_format == day_format and first[2].number_format == f"{day_format} hh:mm"
        assert first[3].number_format == "General" and first[5].number_format == "0%"
        assert first[4].font.b and first[4].font.color.rgb.endswith("C00000") and not first[3].font.b
        second = got[4]
        assert [c.value for c in second] == ["b", None, datetime(2016, 12, 9, 23, 0), None, None, 0]
        assert all(c.border.bottom.style == "thin" for c in second)


def test_one_column_and_no_rows():
    got = load_workbook(io.BytesIO(written(table(iter([history(1)]), HISTORY_COLUMNS[1:2])))).worksheets[0]
    assert [[c.value for c in row] for row in got.iter_rows(min_row=2)] == [["代號"], ["uclg16-1"]]
    assert got.auto_filter.ref == "A2:A3"
    empty = load_workbook(io.BytesIO(written(table(iter([]))))).worksheets[0]
    assert empty.max_row == 2 and empty.auto_filter.ref == "A2:G2"


def test_the_parts_excel_insists_on():
    data = written(table(iter([history(n) for n in range(1, 4)])))
    xml = parts(data)
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    } <= set(xml)
    worksheet = xml["xl/worksheets/sheet1.xml"]
    # Every cell names its place, in order, and every row its number.
    for number, row in enumerate(worksheet.iterfind("m:sheetData/m:row", NS), start=1):
        assert row.get("r") == str(number)
        refs = [c.get("r") for c in row.iterfind("m:c", NS)]
        assert refs == [f"{chr(65 + i)}{number}" for i in range(len(refs))]
        assert not list(row.iter(f"{{{NS['m']}}}f"))  # never a formula
    # Elements in the order the schema gives (Excel refuses a file otherwise).
    order = [child.tag.split("}")[1] for child in worksheet]
    assert order == [
        "sheetPr",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "autoFilter",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
    ]
    assert worksheet.find("m:headerFooter/m:oddFooter", NS).text == "&C&9 第 &P 頁，共 &N 頁"
    names = {n.get("name"): n.text for n in xml["xl/workbook.xml"].iterfind("m:definedNames/m:definedName", NS)}
    assert names == {"_xlnm._FilterDatabase": "'追蹤表'!$A$2:$G$5", "_xlnm.Print_Titles": "'追蹤表'!$2:$2"}
    styles = xml["xl/styles.xml"]
    fills = styles.findall("m:fills/m:fill/m:patternFill", NS)
    assert [f.get("patternType") for f in fills[:2]] == ["none", "gray125"]  # the two Excel expects first
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    assert styles.find("m:cellXfs", NS).get("count") == str(len(xfs))
    used = {int(c.get("s")) for c in worksheet.iter(f"{{{NS['m']}}}c")}
    assert max(used) < len(xfs)


def test_the_history_sheet_gets_its_own_name_and_print_titles():
    export = table(iter([history(1)]))
    export.history = iter([history(2), history(3)])
    book = load_workbook(io.BytesIO(written(export)))
    assert book.sheetnames == ["追蹤表", "異動紀錄"]
    assert book["異動紀錄"].print_title_rows == "$2:$2" and book["異動紀錄"].auto_filter.ref == "A2:G4"
    assert book["異動紀錄"].freeze_panes == "A3"


def test_sheet_names():
    assert sheet_name("a[b]:c*d?e/f\\g") == "a b c d e f g"
    assert sheet_name("'引號'") == "引號"
    assert sheet_name("長" * 40) == "長" * 31
    assert sheet_name("  ") == "Sheet"
    assert sheet_name("Items", ["items"]) == "Items (2)"
    assert len(sheet_name("長" * 40, ["長" * 31])) == 31


def test_small_pieces():
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert serial(date(1900, 3, 1)) == 61 and serial(date(2016, 10, 12)) == 42655
    assert serial(datetime(2016, 10, 12, 12, 0)) == 42655.5
    assert Rows(2).row(7, ['" s="1"/>', '" s="2"/>'], 33.0) == (
        '<row r="7" ht="33" customHeight="1"><c r="A7" s="1"/><c r="B7" s="2"/></row>'
    )


# ---------------------------------------------------------------------------
# Row heights: the writer's count is sheet.row_lines'


TEXTS = st.text(
    alphabet=st.sampled_from(list("ab1 .\n\t") + list("建議事項，。") + ["Ａ", "ｶ", "😀", "é"]),
    max_size=120,
)


class Wide(NamedTuple):
    a: str | None
    b: str
    c: int | None
    d: str


WIDE_COLUMNS = (Column("a", "甲"), Column("b", "乙", LONG), Column("c", "丙", INT), Column("d", "丁", LONG))


@settings(max_examples=300, deadline=None)
@given(
    a=st.none() | TEXTS,
    b=TEXTS,
    c=st.none() | st.integers(0, 10**6),
    d=TEXTS,
    widths=st.lists(st.floats(1, 70).map(round).map(float), min_size=4, max_size=4),
)
def test_line_counter_agrees_with_the_definition(a, b, c, d, widths):
    row = Wide(a, b, c, d)
    count = line_counter(WIDE_COLUMNS, widths)
    assert count(tuple(row)) == defined_lines(WIDE_COLUMNS, widths, row)
    assert count(tuple(row)) == defined_lines(WIDE_COLUMNS, widths, row)  # remembered: the same again
    assert sheet.row_lines(WIDE_COLUMNS, widths, row) == defined_lines(WIDE_COLUMNS, widths, row)


def defined_lines(columns, widths, row) -> int:
    """The rule, written plainly: each text cell's lines wrapped at its column's width less two
    (East Asian wide and full-width characters two units, each line of the text at least one),
    the tallest cell's, at most MAX_LINES."""
    tallest = 1
    for column, width in zip(columns, widths, strict=True):
        value = getattr(row, column.attr)
        if column.kind in (DATE, MOMENT, INT, PERCENT) or not isinstance(value, str) or not value:
            continue
        room = max(1.0, width - 2)
        lines = sum(max(1, math.ceil(naive_width(part) / room)) for part in value.split("\n"))
        tallest = max(tallest, lines)
    return min(tallest, sheet.MAX_LINES)


def naive_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@given(TEXTS)
def test_display_width_agrees(text):
    assert cells.display_width(text) == naive_width(text)


def test_line_counter_caps_at_max_lines():
    row = Wide("字" * 5000, "", None, "")
    assert line_counter(WIDE_COLUMNS, [10.0] * 4)(tuple(row)) == sheet.MAX_LINES


# ---------------------------------------------------------------------------
# Streaming


def test_memory_does_not_grow_with_the_rows():
    """The rows go into the archive as they come: four times the rows, the same peak."""

    def peak(count: int) -> int:
        def rows() -> Iterator[HistoryRow]:
            for n in range(count):
                yield history(n, note=f"第{n}次：已函請各局處配合辦理並回報辦理情形。")

        class Sink(io.RawIOBase):  # a file that keeps nothing (the archive is not what is measured)
            def __init__(self) -> None:
                self.at = 0

            def writable(self) -> bool:
                return True

            def write(self, data) -> int:
                self.at += len(data)
                return len(data)

            def tell(self) -> int:
                return self.at

        tracemalloc.start()
        try:
            write_xlsx(table(rows()), Sink())  # type: ignore[arg-type]
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(2_500), peak(10_000)  # both past CACHED_VALUES and WIDTH_SAMPLE
    assert large < small + 300_000, (small, large)


@pytest.mark.parametrize(("text", "xml"), [("&", "<t>&amp;</t>"), ("<", "<t>&lt;</t>"), ("a]]>b", "<t>a]]&gt;b</t>")])
def test_markup_characters_are_escaped(text, xml):
    data = written(table(iter([history(1, note=text)])))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert xml in archive.read("xl/worksheets/sheet1.xml").decode()
