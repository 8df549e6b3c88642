"""The ODS writer's own guarantees (tracker.reporting.export_ods writes the XML by hand):
the text it escapes reads back as typed, every part is well-formed XML that odfpy and an
XML parser open, every style a cell or row names is declared, the rows are streamed
(bytes reach the output before the last row is read), and the page setup is there.
The table's content cell by cell is checked in test_export.py, the print in test_print.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import BinaryIO, cast
from xml.etree import ElementTree

import pytest

from tracker.reporting import export_ods, sheet
from tracker.reporting.export import write_export
from tracker.reporting.export_ods import paragraph, write_ods
from tracker.reporting.rows import LONG, MOMENT, Column, Counted, ExportTable, HistoryRow
from tracker.reporting.sheet import MAX_LINES, WIDTH_SAMPLE

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
COLUMNS = (
    Column("at", "時間", MOMENT),
    Column("item", "代號"),
    Column("by", "異動者"),
    Column("note", "說明", LONG),
)


def history_row(number: int, note: str = "", by: str = "王小明") -> HistoryRow:
    return HistoryRow(
        at=datetime(2016, 12, 16, 9, 5, 7),
        item=f"uclg16-{number}",
        number=number,
        version=1,
        by=by,
        field="note",
        field_label="辦理情形",
        old="",
        new="",
        note=note,
    )


def table_of(rows, *, roc: bool = False, history=None) -> ExportTable:
    return ExportTable(
        title="建議事項採行情形追蹤表",
        subtitle="測試報告",
        as_of=date(2016, 12, 16),
        lang="zh-TW",
        roc=roc,
        columns=COLUMNS,
        rows=Counted(rows),
        history_columns=COLUMNS,
        history=history,
    )


def written(table: ExportTable) -> zipfile.ZipFile:
    out = io.BytesIO()
    write_ods(table, out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def read_notes(package: zipfile.ZipFile) -> list[str]:
    """The note column as odfpy reads it (teletype: line breaks, tabs and spaces unfolded)."""
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            copy.writestr(info, package.read(info.filename))
    table = load(io.BytesIO(out.getvalue())).spreadsheet.getElementsByType(Table)[0]
    rows = table.getElementsByType(TableRow)[2:]
    for row in rows:
        assert row.getElementsByType(TableCell)[3].getAttribute("valuetype") == "string"
    return [teletype.extractText(row.getElementsByType(TableCell)[3]) for row in rows]


@pytest.mark.parametrize(
    "value",
    [
        "plain 中文",
        "a & b < c > d \"e\" 'f'",
        '</text:p><table:table-cell table:formula="of:=1+1"/>',
        "兩個  空格，三個   空格",
        " leading and trailing ",
        "  two leading",
        "line one\nline two\n\nafter an empty line",
        "end of line \n start of line",
        "\tstarts with a tab\tand\thas more",
        "&amp; stays as typed",
    ],
)
def test_text_reads_back_as_typed(value):
    assert read_notes(written(table_of([history_row(1, value)]))) == [value]


def test_paragraph_drops_what_xml_forbids():
    forbidden = "a\x00b\x01c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i"
    xml = paragraph(forbidden)
    assert xml == "abcdefghi"
    ElementTree.fromstring(f"<p>{xml}</p>")  # well-formed


def test_hostile_text_makes_a_file_every_reader_opens():
    notes = [
        "=1+1",
        '=HYPERLINK("http://evil.example","看這裡")',
        "a\x01b\x1b[31mc\u202ed\x7fe\r\nf",
        "\ufffe\uffff\ud83d 孤立的代理字元",
        "]]> <![CDATA[ x ]]> &lt; <!-- -->",
        "第一行\n  第二行縮排\t有 tab",
    ]
    package = written(table_of([history_row(n, note) for n, note in enumerate(notes, start=1)]))
    for name in package.namelist():
        if name.endswith(".xml"):
            ElementTree.fromstring(package.read(name))
    content = package.read("content.xml").decode("utf-8")
    assert "table:formula" not in content
    read = read_notes(package)
    assert len(read) == len(notes)
    assert read[0] == "=1+1" and read[1] == notes[1]
    assert read[2] == "abcde\nf"  # control characters and the bidi override gone, CRLF a line break
    assert read[3] == " 孤立的代理字元"
    assert read[4] == notes[4] and read[5] == notes[5]


def test_every_named_style_is_declared_and_rows_are_as_tall_as_their_text():
    long_note = "已函請各局處配合辦理並回報辦理情形。" * 30
    package = written(table_of([history_row(1, "短"), history_row(2, long_note), history_row(3, "一\n二\n三\n四")]))
    content = package.read("content.xml").decode("utf-8")
    styles = package.read("styles.xml").decode("utf-8")
    declared = set(re.findall(r'style:name="([^"]+)"', content + styles))
    used = set(
        re.findall(r'(?:table|style):(?:style|data-style|master-page|page-layout)-name="([^"]+)"', content + styles)
    )
    assert used <= declared
    assert {f"ro{lines}" for lines in range(1, MAX_LINES + 1)} <= declared
    heights = re.findall(r'<table:table-row table:style-name="ro(\d+)">', content)
    header, short, long, four = (int(lines) for lines in heights)
    assert short < 4 <= four < long and header >= 1


def test_the_page_setup_footer_and_frozen_header():
    package = written(table_of([history_row(1, "x")], history=iter([history_row(1, "y")])))
    assert package.namelist()[0] == "mimetype"
    assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    styles = package.read("styles.xml").decode("utf-8")
    assert 'fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape"' in styles
    assert 'loext:scale-to-X="1" loext:scale-to-Y="0"' in styles
    assert (
        '<style:footer><text:p>第 <text:page-number text:select-page="current"/> 頁，共 <text:page-count/> 頁'
        "</text:p></style:footer>" in styles
    )
    assert 'fo:border="0.5pt solid #000000" fo:wrap-option="wrap"' in styles
    content = package.read("content.xml").decode("utf-8")
    assert content.count("<table:table-header-rows>") == 2
    assert re.findall(r'table:table table:name="([^"]+)"', content) == ["追蹤表", "異動紀錄"]
    assert "'異動紀錄'.A2:'異動紀錄'.D3" in content
    settings = package.read("settings.xml").decode("utf-8")
    assert settings.count('"VerticalSplitPosition" config:type="int">2<') == 2
    manifest = package.read("META-INF/manifest.xml").decode("utf-8")
    for name in ("content.xml", "styles.xml", "settings.xml", "meta.xml"):
        assert f'manifest:full-path="{name}"' in manifest


def test_roc_moments_and_an_empty_table():
    package = written(table_of([], roc=True))
    content = package.read("content.xml").decode("utf-8")
    assert "'追蹤表'.A2:'追蹤表'.D2" in content  # the header row only
    assert "資料日期：105/12/16" in content
    styles = package.read("styles.xml").decode("utf-8")
    moment = re.search(r'<number:date-style style:name="nMoment".*?</number:date-style>', styles)
    assert moment is not None and 'number:calendar="ROC"' in moment.group(0) and "<number:hours" in moment.group(0)
    package = written(table_of([history_row(1)], roc=True))
    content = package.read("content.xml").decode("utf-8")
    assert (
        '<table:table-cell office:value-type="date" office:date-value="2016-12-16T09:05:07" '
        'table:style-name="cMoment"><text:p>105/12/16 09:05</text:p></table:table-cell>'
    ) in content


def test_rows_are_streamed_not_gathered():
    """Bytes reach the output while rows are still coming: memory does not grow with the table."""

    out = io.BytesIO()
    seen_at: dict[int, int] = {}
    total = WIDTH_SAMPLE + 20 * export_ods.ROWS_PER_WRITE

    def rows():
        for number in range(total):
            if number % 1000 == 0:
                seen_at[number] = out.tell()
            yield history_row(number, f"第 {number} 項的辦理情形")

    write_ods(table_of(rows()), out)
    assert seen_at[WIDTH_SAMPLE + 4000] > seen_at[WIDTH_SAMPLE] > 0
    assert zipfile.ZipFile(out).testzip() is None


def test_many_distinct_short_texts_are_all_right():
    """The cache of repeated short texts is bounded; texts past it are still written."""
    count = 6_000
    package = written(table_of([history_row(n, by=f"承辦人{n}") for n in range(count)]))
    content = package.read("content.xml").decode("utf-8")
    for n in (0, 4095, 4096, count - 1):
        assert f"<text:p>承辦人{n}</text:p>" in content


def test_export_of_the_seed_reads_back_in_odfpy(service, tmp_path):
    from odf.opendocument import load
    from odf.table import Table

    path = write_export(service, "ods", tmp_path / "追蹤表.ods", history=True)
    tables = load(str(path)).spreadsheet.getElementsByType(Table)
    assert [table.getAttribute("name") for table in tables] == ["追蹤表", "異動紀錄"]


def test_a_pipe_gets_a_whole_package():
    """Standard output or a FIFO cannot seek: the zip then carries its sizes after each part."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk) -> int:
            self.data += chunk
            return len(chunk)

    pipe = Pipe()
    write_ods(table_of([history_row(n, f"辦理情形 {n}") for n in range(3)]), cast(BinaryIO, pipe))
    package = zipfile.ZipFile(io.BytesIO(bytes(pipe.data)))
    assert package.testzip() is None and package.namelist()[0] == "mimetype"
    assert read_notes(package) == [f"辦理情形 {n}" for n in range(3)]


def test_remembered_line_counts_are_what_row_lines_says():
    """The writer remembers each text's line count per column; rows come out as tall as
    sheet.row_lines makes them, past the bound on what is remembered too."""
    from tracker.reporting.sheet import column_widths, row_lines

    texts = ["短", "王小明", "一\n二\n三", "很長的說明文字" * 9, "x" * 600, " a  b ", "全形　空白" * 4]
    rows = [
        history_row(n, note=texts[n % len(texts)] + ("" if n % 3 else str(n)), by=texts[(n * 5) % len(texts)])
        for n in range(sheet.REMEMBERED + 500)
    ]
    widths = column_widths(COLUMNS, rows[:50])
    count, values = sheet.line_counter(COLUMNS, widths), sheet.row_values(COLUMNS)
    assert [count(values(row)) for row in rows] == [row_lines(COLUMNS, widths, row) for row in rows]
