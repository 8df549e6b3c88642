"""tracker export: every format read back by its own reader and checked cell by cell.

The seed is dressed with hostile text first: formula starts (OWASP CSV injection) in
notes and a title, control characters, a leading tab, quotes and line breaks, and a
40,000-character note (over a spreadsheet cell's 32,767). Through the service it also gets
what issue 9 added to a row: supporting units and an officer, moved deadlines and their
reasons, progress, 文號 and files as evidence (one retracted), and a partial adoption.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tracker.reporting.cells import CELL_LIMIT
from tracker.reporting.export import write_export
from tracker.reporting.sheet import LINE_POINTS, PAGE_CHARS, ROW_PADDING
from tracker.storage import queries

from conftest import as_user, recorded

TAIPEI = ZoneInfo("Asia/Taipei")
HEADERS_ZH = [
    "編號",
    "建議事項",
    "主辦單位",
    "預定完成日期",
    "辦理狀態",
    "最新辦理情形",
    "最後更新",
    "逾期天數",
    "列管層級",
    "列管狀態",
    "最新審查意見",
    "協辦單位",
    "承辦人",
    "原定完成日期",
    "期限變更理由",
    "執行進度",
    "佐證件數",
    "佐證文號",
    "採行",
]
HEADERS_EN = [
    "No.",
    "Recommendation",
    "Lead unit",
    "Deadline",
    "Status",
    "Latest progress note",
    "Last updated",
    "Days overdue",
    "Level",
    "Follow-up",
    "Latest review comments",
    "Supporting units",
    "Officer",
    "Original deadline",
    "Why the deadline moved",
    "Progress",
    "Documents",
    "Document numbers",
    "Adoption",
]
NEW_COLUMNS = 8  # what issue 9 added at the end of the default table
LONG_NOTE = "長" * 39_990 + "0123456789"
TITLES = {1: "派員出席波哥大UCLG世界大會爭取連任"}
TITLE_6 = '=HYPERLINK("http://evil.example","看這裡")'
NOTES = {
    1: "=1+1",
    2: "+SUM(A1:A9)",
    3: '-2, "引號" 與逗號\n第二行',
    4: "@cmd|' /C calc'!A0",
    5: "\t以 tab 開頭",
    7: "a\x01b\x1b[31mc\u202ed\x7fe\r\nf",
    8: LONG_NOTE,
}
CLEAN_NOTES = {**NOTES, 7: "abcde\nf"}
FORMULA_LIKE = {1, 2, 3, 4, 5}
# The reviewer's side: 2 released with a formula for comments, 3 (overdue) withdrawn with
# control characters in them, 7 at the city's level with comments that start with a tab.
TRACKING = {2: "released", 3: "withdrawn"}
LEVELS = {7: "city"}
REVIEWS = {
    1: "請補附照片",
    2: "=1+2 同意解除列管",
    3: "活動停辦\x1b[31m，撤銷\u202e列管\r\n第二行",
    7: "\t-再議",
}
CLEAN_REVIEWS = {**REVIEWS, 3: "活動停辦，撤銷列管\n第二行"}
REVIEW_FORMULA_LIKE = {2, 7}
# Issue 9, through the service. Item 3's deadline moved once, 5's twice (the latest reason is
# shown), 4's moved and back (no reason: the deadline is the original one again).
OFFICERS = {1: "@曹凱雯", 6: "王小明"}
SUPPORT = {1: ["農業局", "新聞局"], 8: ["=觀光旅遊局"]}
MOVES = {
    3: [(date(2017, 3, 1), "-配合活動延期")],
    5: [(date(2017, 6, 30), "第一次展延"), (date(2017, 9, 30), "再展延\n因預算未通過")],
    4: [(date(2017, 1, 31), "改期"), (date(2016, 12, 31), "改回原定日期")],
}
REASONS = {3: "-配合活動延期", 5: "再展延\n因預算未通過"}
PROGRESS = {1: 60, 7: 35, 5: 10}
DOC_NOS = {1: ["府授秘外字第1050123456號", "=1+1號"], 7: ["府授新字第1050000001號"]}
ADOPTION = {6: "部分採行"}
PHOTO = b"\xff\xd8\xff\xe0 not really a photo"


def dress(service, tmp_path: Path) -> dict[int, int]:
    """Issue 9's columns, written through the service; how many documents each item has in view."""
    from tracker.domain import Adoption, EvidenceKind

    for number, officer in OFFICERS.items():
        service.assign(f"uclg16-{number}", None, "指派承辦人", officer=officer)
    for number, units in SUPPORT.items():
        service.assign(f"uclg16-{number}", None, "協辦", support=units)
    for number, moves in MOVES.items():
        for deadline, reason in moves:
            service.move_deadline(f"uclg16-{number}", deadline, reason)
    for number, progress in PROGRESS.items():
        service.set_progress(f"uclg16-{number}", progress)
    for number, doc_nos in DOC_NOS.items():
        for doc_no in doc_nos:
            service.add_reference(f"uclg16-{number}", EvidenceKind.DOC_NO, doc_no)
    service.add_reference("uclg16-1", EvidenceKind.URL, "https://www.taichung.gov.tw/")
    _, wrong = service.add_reference("uclg16-1", EvidenceKind.DOC_NO, "府授秘外字第9999999999號")
    service.retract_evidence(wrong.id, "文號打錯")
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(PHOTO)
    service.attach("uclg16-8", [photo])
    service.adopt("uclg16-6", Adoption.PARTIAL, "僅部分可行")
    return {1: 3, 7: 1, 8: 1}


@pytest.fixture
def hostile(service, tmp_path):
    """The seed, with user text that breaks naive exports (written straight to the table:
    the service would refuse or clean some of it at input, an import or an old version might not)."""
    dress(service, tmp_path)
    with service.db.write() as session:
        for number, note in NOTES.items():
            session.execute(
                "UPDATE items SET last_note = :note WHERE key = :key", {"note": note, "key": f"uclg16-{number}"}
            )
        session.execute("UPDATE items SET title_zh = :title WHERE key = 'uclg16-6'", {"title": TITLE_6})
        session.execute("UPDATE items SET status = 'in_progress' WHERE key = 'uclg16-1'")
        session.execute("UPDATE items SET status = 'done' WHERE key = 'uclg16-2'")
        for number, review in REVIEWS.items():
            session.execute(
                "UPDATE items SET latest_review = :review, tracking = :tracking, level = :level WHERE key = :key",
                {
                    "review": review,
                    "tracking": TRACKING.get(number, "active"),
                    "level": LEVELS.get(number, "self"),
                    "key": f"uclg16-{number}",
                },
            )
    return service


def expected_rows(service, *, english: bool = False) -> list[list]:
    """What each table row should hold, from the items themselves (not from the export code)."""
    labels = {
        "zh": {
            "not_started": "未辦理",
            "in_progress": "辦理中",
            "done": "已完成",
            "active": "列管中",
            "released": "解除列管",
            "withdrawn": "撤銷列管",
            "self": "自行列管",
            "city": "府列管",
        },
        "en": {
            "not_started": "Not started",
            "in_progress": "In progress",
            "done": "Done",
            "active": "Under follow-up",
            "released": "Released",
            "withdrawn": "Withdrawn",
            "self": "Unit's own",
            "city": "City (RDEC)",
        },
    }["en" if english else "zh"]
    with service.db.read() as session:
        items = queries.list_items(session)
    today = date(2016, 12, 9)
    rows = []
    adoptions = (
        {"adopted": "Adopted", "partial": "Partly adopted"} if english else {"adopted": "採行", "partial": "部分採行"}
    )
    for item in items:
        open_ = item.status.value not in ("done", "dropped") and item.tracking.value == "active"
        days = (today - item.deadline).days if open_ and item.deadline and item.deadline < today else None
        units = [(u["en"] or u["zh"]) if english else u["zh"] for u in item.supporting_units]
        rows.append(
            [
                item.number,
                (item.title_en or item.title_zh) if english else item.title_zh,
                (item.owner_en or item.owner_zh) if english else item.owner_zh,
                item.deadline,
                labels[item.status.value],
                CLEAN_NOTES.get(item.number, ""),
                item.updated_at.astimezone(TAIPEI).replace(tzinfo=None, microsecond=0),
                days,
                labels[item.level.value],
                labels[item.tracking.value],
                CLEAN_REVIEWS.get(item.number, ""),
                (", " if english else "、").join(units),
                item.officer or "",
                item.original_deadline,
                REASONS.get(item.number, ""),
                item.progress,
                item.evidence_count,
                ("; " if english else "、").join(DOC_NOS.get(item.number, [])),
                adoptions[item.adoption.value],
            ]
        )
    return rows


def truncated(text: str) -> str:
    """A spreadsheet cell's copy of an over-long text: cut, with the mark saying so."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT]  # compared by prefix below


def test_expected_rows_are_what_the_fixture_made(hostile):
    rows = expected_rows(hostile)
    assert [r[7] for r in rows] == [58, None, None, None, None, None, None, None]  # 3 is withdrawn: never overdue
    assert [r[11:] for r in rows[:2]] == [
        ["農業局、新聞局", "@曹凱雯", date(2016, 10, 12), "", 60, 3, "府授秘外字第1050123456號、=1+1號", "採行"],
        ["", "", date(2016, 10, 12), "", 0, 0, "", "採行"],
    ]
    assert [(r[3], r[13], r[14]) for r in rows[2:5]] == [
        (date(2017, 3, 1), date(2016, 11, 23), "-配合活動延期"),
        (date(2016, 12, 31), date(2016, 12, 31), ""),  # moved and moved back: nothing to explain
        (date(2017, 9, 30), date(2017, 9, 10), "再展延\n因預算未通過"),  # the latest of two reasons
    ]
    assert [r[16] for r in rows] == [3, 0, 0, 0, 0, 0, 1, 1]  # the retracted 文號 is not counted
    assert rows[5][18] == "部分採行" and rows[7][11] == "=觀光旅遊局"
    assert rows[5][1] == TITLE_6 and rows[7][5] == LONG_NOTE
    assert [r[8:11] for r in rows[:3]] == [
        ["自行列管", "列管中", "請補附照片"],
        ["自行列管", "解除列管", "=1+2 同意解除列管"],
        ["自行列管", "撤銷列管", "活動停辦，撤銷列管\n第二行"],
    ]
    assert rows[6][8:11] == ["府列管", "列管中", "\t-再議"]


# ---------------------------------------------------------------------------
# XLSX


def read_xlsx(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def test_xlsx_cell_by_cell(hostile, tmp_path):
    path = write_export(hostile, "xlsx", tmp_path / "追蹤表.xlsx")
    book = read_xlsx(path)
    sheet = book.worksheets[0]
    assert sheet.title == "追蹤表"
    title = sheet["A1"].value
    assert title.startswith("建議事項採行情形追蹤表") and "臺中市政府出席韓國全羅北道" in title
    assert "資料日期：2016-12-09" in title
    assert [c.value for c in sheet[2]] == HEADERS_ZH
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:S10"
    assert sheet.max_row == 10
    for expected, cells in zip(expected_rows(hostile), sheet.iter_rows(min_row=3), strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        units, officer, original, reason, progress, evidence, doc_nos, adoption = expected[11:]
        values = [c.value for c in cells]
        assert values[0] == number and cells[0].data_type == "n"
        assert values[1] == title_ and cells[1].data_type == "s"
        assert values[2] == owner
        assert values[3] == datetime(deadline.year, deadline.month, deadline.day)
        assert cells[3].is_date and cells[3].number_format == "yyyy-mm-dd"
        assert values[4] == status
        if len(note) > CELL_LIMIT:
            assert len(values[5]) == CELL_LIMIT and values[5].startswith(note[:30_000])
            assert "tracker show uclg16-8" in values[5]
        else:
            assert (values[5] or "") == note
        assert values[6] == updated and cells[6].is_date
        assert values[7] == days
        assert values[8:11] == [level, tracking, review or None]
        assert all(cell.data_type == "s" for cell in cells[8:11] if cell.value is not None)
        assert values[11:] == [
            units or None,
            officer or None,
            datetime(original.year, original.month, original.day),
            reason or None,
            progress / 100,
            evidence,
            doc_nos or None,
            adoption,
        ]
        assert cells[13].is_date and cells[13].number_format == "yyyy-mm-dd"
        # Progress is a number shown as a percentage, not the text "60%".
        assert cells[15].data_type == "n" and cells[15].number_format == "0%"
        assert cells[16].data_type == "n" and cells[16].number_format == "General"
        assert all(cells[i].data_type == "s" for i in (11, 12, 14, 17, 18) if cells[i].value is not None)
    row = {c.column_letter: c for c in sheet[3 + 5]}  # item 6, the hostile title
    assert row["B"].value == TITLE_6 and row["B"].data_type == "s" and row["B"].quotePrefix


def test_xlsx_formula_starts_stay_text(hostile, tmp_path):
    sheet = read_xlsx(write_export(hostile, "xlsx", tmp_path / "t.xlsx")).worksheets[0]
    for number in FORMULA_LIKE:
        cell = sheet.cell(row=2 + number, column=6)
        assert cell.value == CLEAN_NOTES[number]
        assert cell.data_type == "s" and cell.quotePrefix
    plain = sheet.cell(row=2 + 8, column=6)
    assert plain.data_type == "s" and not plain.quotePrefix
    for number in REVIEW_FORMULA_LIKE:  # review comments: the same rule as every user text
        cell = sheet.cell(row=2 + number, column=11)
        assert cell.value == CLEAN_REVIEWS[number]
        assert cell.data_type == "s" and cell.quotePrefix
    plain = sheet.cell(row=2 + 3, column=11)
    assert plain.value == CLEAN_REVIEWS[3] and plain.data_type == "s" and not plain.quotePrefix
    # Issue 9's text: supporting units, officer, the deadline's reason and the 文號.
    for number, column, value in (
        (8, 12, "=觀光旅遊局"),
        (1, 13, "@曹凱雯"),
        (3, 15, "-配合活動延期"),
    ):
        cell = sheet.cell(row=2 + number, column=column)
        assert cell.value == value and cell.data_type == "s" and cell.quotePrefix
    doc_nos = sheet.cell(row=3, column=18)
    assert doc_nos.value == "府授秘外字第1050123456號、=1+1號" and doc_nos.data_type == "s" and not doc_nos.quotePrefix


def test_xlsx_layout_status_colours_and_widths(hostile, tmp_path):
    sheet = read_xlsx(write_export(hostile, "xlsx", tmp_path / "t.xlsx")).worksheets[0]
    fills = {sheet.cell(row=r, column=5).value: sheet.cell(row=r, column=5).fill.fgColor.rgb for r in range(3, 11)}
    assert fills == {"辦理中": "00BDD7EE", "已完成": "00C6EFCE", "未辦理": "00F8CBAD"}
    assert sheet.cell(row=3, column=8).font.b  # days overdue stand out
    assert sheet.cell(row=3, column=6).alignment.wrap_text
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    # The full table is wider than a landscape page: its text columns give way (down to a
    # floor: the long texts keep room to read) and wrap.
    assert sum(widths.values()) > PAGE_CHARS
    assert widths["C"] == 8 and widths["F"] == 24 and widths["B"] == 24
    assert sheet.page_setup.orientation == "landscape"
    narrow = read_xlsx(
        write_export(hostile, "xlsx", tmp_path / "n.xlsx", columns="number,title,owner,latest_note")
    ).worksheets[0]
    widths = {letter: dim.width for letter, dim in narrow.column_dimensions.items()}
    assert widths["C"] == 17  # 秘書處國際事務科: 8 wide characters = 16 columns, + 1
    assert widths["D"] == 60  # the long note: capped and wrapped
    assert widths["B"] > widths["C"]


def test_xlsx_is_ready_to_print(hostile, tmp_path):
    """A4 landscape fitted to the width only, header repeated, boxed cells, a page footer,
    margins, and rows as tall as their wrapped text (CJK counted double)."""
    hostile.add_note("uclg16-4", "已函請" + "各局處配合辦理並回報" * 30)
    sheet = read_xlsx(write_export(hostile, "xlsx", tmp_path / "p.xlsx")).worksheets[0]
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.oddFooter.center.text == "第 &P 頁，共 &N 頁"
    assert 0.5 <= sheet.page_margins.left <= 1 and 0.5 <= sheet.page_margins.top <= 1
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        for cell in row:
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin", cell.coordinate
    numbers = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    tall = sheet.row_dimensions[3 + numbers.index(4)].height
    note_width = sheet.column_dimensions["F"].width
    lines = -(-(2 * (3 + 10 * 30)) // (note_width - 2))  # every character of the note is wide
    assert tall == pytest.approx(lines * LINE_POINTS + ROW_PADDING, abs=LINE_POINTS)
    english = read_xlsx(write_export(hostile, "xlsx", tmp_path / "e.xlsx", lang="en")).worksheets[0]
    assert english.oddFooter.center.text == "Page &P of &N"


def test_xlsx_history_sheet(hostile, tmp_path):
    hostile.add_note("uclg16-3", "=cmd 已聯繫")
    book = read_xlsx(write_export(hostile, "xlsx", tmp_path / "h.xlsx", history=True))
    sheet = book["異動紀錄"]
    with hostile.db.read() as session:
        changes = queries.history(session)
    assert sheet.max_row == len(changes) + 2 and sheet.auto_filter.ref == f"A2:G{len(changes) + 2}"
    assert [c.value for c in sheet[2]] == ["時間", "代號", "異動者", "欄位", "原值", "新值", "辦理情形"]
    last = [c.value for c in sheet[sheet.max_row]]
    change = changes[-1]
    assert last[0] == change.at.astimezone(TAIPEI).replace(tzinfo=None, microsecond=0)
    assert last[1:4] == ["uclg16-3", recorded(hostile, "tester"), "辦理情形"]
    assert last[6] == "=cmd 已聯繫" and sheet.cell(row=sheet.max_row, column=7).data_type == "s"


def test_xlsx_english_table_keeps_dates_typed(hostile, tmp_path):
    sheet = read_xlsx(write_export(hostile, "xlsx", tmp_path / "en.xlsx", lang="en")).worksheets[0]
    assert sheet.title == "Items"
    assert [c.value for c in sheet[2]] == HEADERS_EN
    assert "As of 2016-12-09" in sheet["A1"].value
    expected = expected_rows(hostile, english=True)
    assert [c.value for c in sheet[3]][:5] == [*expected[0][:3], datetime(2016, 10, 12), "In progress"]
    assert [c.value for c in sheet[3]][8:11] == ["Unit's own", "Under follow-up", "請補附照片"]
    assert [c.value for c in sheet[4]][8:10] == ["Unit's own", "Released"]
    assert [c.value for c in sheet[9]][8:10] == ["City (RDEC)", "Under follow-up"]
    assert [c.value for c in sheet[3]][11:] == [
        "農業局, Information Bureau",  # a unit without an English name keeps its Chinese one
        "@曹凱雯",
        datetime(2016, 10, 12),
        None,
        0.6,
        3,
        "府授秘外字第1050123456號; =1+1號",
        "Adopted",
    ]
    assert [c.value for c in sheet[8]][18] == "Partly adopted"


# ---------------------------------------------------------------------------
# ODS


def read_ods(path: Path) -> dict[str, list[list[tuple]]]:
    """Every table as rows of (value type, typed value) read by odfpy."""
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    tables = {}
    for table in load(str(path)).spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                kind = cell.getAttribute("valuetype")
                if kind in ("float", "percentage"):
                    cells.append((kind, float(cell.getAttribute("value"))))
                elif kind == "date":
                    cells.append((kind, cell.getAttribute("datevalue")))
                elif kind == "string":
                    cells.append((kind, teletype.extractText(cell)))
                else:
                    cells.append((kind, None))
            rows.append(cells)
        tables[table.getAttribute("name")] = rows
    return tables


def test_ods_cell_by_cell(hostile, tmp_path):
    tables = read_ods(write_export(hostile, "ods", tmp_path / "追蹤表.ods"))
    rows = tables["追蹤表"]
    assert rows[0][0][1].startswith("建議事項採行情形追蹤表") and "資料日期：2016-12-09" in rows[0][0][1]
    assert rows[1] == [("string", h) for h in HEADERS_ZH]
    assert len(rows) == 10
    for expected, cells in zip(expected_rows(hostile), rows[2:], strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        units, officer, original, reason, progress, evidence, doc_nos, adoption = expected[11:]
        assert cells[0] == ("float", number)
        assert cells[1] == ("string", title_)
        assert cells[2] == ("string", owner)
        assert cells[3] == ("date", deadline.isoformat())
        assert cells[4] == ("string", status)
        if len(note) > CELL_LIMIT:
            assert cells[5][0] == "string" and len(cells[5][1]) == CELL_LIMIT
            assert cells[5][1].startswith(note[:30_000]) and "tracker show uclg16-8" in cells[5][1]
        else:
            assert cells[5] == (("string", note) if note else (None, None))
        assert cells[6] == ("date", updated.isoformat(timespec="seconds"))
        assert cells[7] == (("float", days) if days is not None else (None, None))
        assert cells[8:11] == [("string", level), ("string", tracking), ("string", review) if review else (None, None)]

        def string(text: str) -> tuple:
            return ("string", text) if text else (None, None)

        assert cells[11:] == [
            string(units),
            string(officer),
            ("date", original.isoformat()),
            string(reason),
            ("percentage", progress / 100),
            ("float", evidence),
            string(doc_nos),
            ("string", adoption),
        ]


def test_ods_structure_filters_frozen_header_and_styles(hostile, tmp_path):
    import zipfile

    path = write_export(hostile, "ods", tmp_path / "t.ods", history=True)
    with zipfile.ZipFile(path) as package:
        assert package.namelist()[0] == "mimetype"
        assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = package.read("content.xml").decode()
        styles = package.read("styles.xml").decode()
        settings = package.read("settings.xml").decode()
        manifest = package.read("META-INF/manifest.xml").decode()
    assert "table:target-range-address=\"'追蹤表'.A2:'追蹤表'.S10\"" in content
    # Progress: a percentage cell with a percentage style (60%), its text what a reader shows.
    cell = re.search(r"<table:table-cell ([^>]*)><text:p>60%</text:p></table:table-cell>", content)
    assert cell is not None and set(cell.group(1).split()) == {
        'office:value-type="percentage"',
        'office:value="0.6"',
        'table:style-name="cPercent"',
    }
    assert '<number:percentage-style style:name="nPercent"' in styles and "<number:text>%</number:text>" in styles
    assert 'style:name="cPercent" style:family="table-cell" style:data-style-name="nPercent"' in styles
    assert "<table:table-header-rows>" in content
    assert 'office:value-type="date" office:date-value="2016-10-12"' in content
    assert "__tracker_last_row" not in content and "tracker-rows-" not in content
    assert 'style:name="cStatus_done"' in styles and 'fo:background-color="#C6EFCE"' in styles
    assert '"VerticalSplitPosition" config:type="int">2<' in settings
    assert 'manifest:full-path="content.xml"' in manifest
    with hostile.db.read() as session:
        changes = queries.history(session)
    history = read_ods(path)["異動紀錄"]
    assert len(history) == len(changes) + 2
    assert history[2][1] == ("string", changes[0].item_key)


# ---------------------------------------------------------------------------
# CSV


def test_csv_cell_by_cell_with_injection_defused(hostile, tmp_path):
    path = write_export(hostile, "csv", tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 9  # RFC 4180: CRLF after each record; the note's own line break stays inside quotes
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS_ZH
    assert len(rows) == 9
    for expected, row in zip(expected_rows(hostile), rows[1:], strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        units, officer, original, reason, progress, evidence, doc_nos, adoption = expected[11:]

        def defuse(text: str) -> str:
            return "'" + text if text and text[0] in "=+-@\t" else text

        assert row == [
            str(number),
            "'" + title_ if title_.startswith("=") else title_,
            owner,
            deadline.isoformat(),
            status,
            defuse(note),
            updated.strftime("%Y-%m-%d %H:%M"),
            "" if days is None else str(days),
            level,
            tracking,
            defuse(review),
            defuse(units),
            defuse(officer),
            original.isoformat(),
            defuse(reason),
            f"{progress}%",
            str(evidence),
            defuse(doc_nos),
            adoption,
        ]
    assert [row[15] for row in rows[1:]] == ["60%", "0%", "0%", "0%", "10%", "0%", "35%", "0%"]
    assert (rows[8][11], rows[1][12], rows[3][14]) == ("'=觀光旅遊局", "'@曹凱雯", "'-配合活動延期")
    assert rows[3][5] == '\'-2, "引號" 與逗號\n第二行'  # quotes and a line break survive the quoting
    assert [row[10] for row in rows[1:4]] == ["請補附照片", "'=1+2 同意解除列管", "活動停辦，撤銷列管\n第二行"]
    assert rows[7][10] == "'\t-再議"
    assert rows[8][5] == LONG_NOTE  # CSV has no cell limit: the whole note


def test_csv_without_bom(hostile, tmp_path):
    raw = write_export(hostile, "csv", tmp_path / "t.csv", bom=False).read_bytes()
    assert raw.startswith("編號".encode())


# ---------------------------------------------------------------------------
# JSON, Markdown, HTML


def test_json_rows_with_stable_keys(hostile, tmp_path):
    document = json.loads(write_export(hostile, "json", tmp_path / "t.json").read_text(encoding="utf-8"))
    assert document["as_of"] == "2016-12-09"
    assert [c["label"] for c in document["columns"]] == HEADERS_ZH
    items = document["items"]
    assert len(items) == 8
    for expected, item in zip(expected_rows(hostile), items, strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        units, officer, original, reason, progress, evidence, doc_nos, adoption = expected[11:]
        assert (
            item["officer"] or "",
            item["original_deadline"],
            item["deadline_reason"] or "",
            item["progress"],
            item["evidence_count"],
            "、".join(item["doc_nos"]),
            item["adoption_label"],
        ) == (officer, original.isoformat(), reason, progress, evidence, doc_nos, adoption)
        assert "、".join(u["unit_zh"] for u in item["supporting_units"]) == units
        assert item["adoption"] == ("partial" if number == 6 else "adopted")
        assert (
            item["number"],
            item["title"],
            item["owner"],
            item["deadline"],
            item["status_label"],
            item["latest_note"] or "",
            item["days_overdue"],
        ) == (number, title_, owner, deadline.isoformat(), status, note, days)
        assert item["updated_at"] == updated.isoformat() + "+08:00"
        assert item["key"] == f"uclg16-{number}" and item["report"] == "uclg16"
        assert (item["level_label"], item["tracking_label"], item["latest_review"] or "") == (level, tracking, review)
        assert item["tracking"] == TRACKING.get(number, "active") and item["level"] == LEVELS.get(number, "self")
        assert item["latest_review_at"] is None  # the fixture wrote comments without a time
    assert items[0]["supporting_units"] == [
        {"unit_zh": "農業局", "unit_en": None},
        {"unit_zh": "新聞局", "unit_en": "Information Bureau"},
    ]
    assert items[0]["doc_nos"] == ["府授秘外字第1050123456號", "=1+1號"]  # JSON is data: no defusing
    assert [c["name"] for c in document["columns"]][-NEW_COLUMNS:] == [
        "supporting_units",
        "officer",
        "original_deadline",
        "deadline_reason",
        "progress",
        "evidence",
        "doc_nos",
        "adoption",
    ]
    assert "history" not in document
    with_history = json.loads(write_export(hostile, "json", tmp_path / "h.json", history=True).read_text())
    assert {"item", "version", "at", "by", "field", "from", "to", "note"} == set(with_history["history"][0])


def issue9_text(expected: list, *, markdown: bool = True) -> list[str]:
    """Issue 9's columns as text (Markdown flattens a line break and a tab, as for the notes)."""
    units, officer, original, reason, progress, evidence, doc_nos, adoption = expected[11:]
    if markdown:
        reason = reason.strip()
    return [units, officer, original.isoformat(), reason, f"{progress}%", str(evidence), doc_nos, adoption]


def markdown_cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    parts = re.split(r"(?<!\\)\|", inner)
    return [re.sub(r"\\(.)", r"\1", p.strip()).replace("<br>", "\n") for p in parts]


def test_markdown_cell_by_cell(hostile, tmp_path):
    text = write_export(hostile, "markdown", tmp_path / "t.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert markdown_cells(lines[0]) == HEADERS_ZH
    assert len(lines) == 10
    for expected, line in zip(expected_rows(hostile), lines[2:], strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        assert markdown_cells(line)[11:] == issue9_text(expected)
        assert markdown_cells(line)[:11] == [
            str(number),
            title_,
            owner,
            deadline.isoformat(),
            status,
            note.replace("\t", " ").strip(),
            updated.strftime("%Y-%m-%d %H:%M"),
            "" if days is None else str(days),
            level,
            tracking,
            review.replace("\t", " ").strip(),
        ]


class TableCells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.classes, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            self.classes.append([])
        elif tag in ("td", "th"):
            self._cell = ""
            self.classes[-1].append(dict(attrs).get("class"))
        elif tag == "br" and self._cell is not None:
            self._cell += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_html_cell_by_cell(hostile, tmp_path):
    page = write_export(hostile, "html", tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script" not in page and "src=" not in page and "@page{size:A4 landscape" in page
    parser = TableCells()
    parser.feed(page)
    assert parser.rows[0] == HEADERS_ZH
    for expected, row, classes in zip(expected_rows(hostile), parser.rows[1:], parser.classes[1:], strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected[:11]
        assert row[11:] == issue9_text(expected, markdown=False)
        assert classes[15] == classes[16] == "num"
        assert row[:11] == [
            str(number),
            title_,
            owner,
            deadline.isoformat(),
            status,
            note,
            updated.strftime("%Y-%m-%d %H:%M"),
            "" if days is None else str(days),
            level,
            tracking,
            review,
        ]
        assert classes[4].split() == ["nw", f"status-{classes[4].split()[-1][7:]}"]  # whole, coloured
        assert classes[3] == "nw" and classes[2] == "kw"  # a date never broken, a unit between words only
    assert "overdue" in parser.classes[1][7]


def test_review_columns_from_the_review_itself(service, tmp_path):
    """Through the service: an owner's request, a reviewer's release with comments at a known time."""
    from dataclasses import replace

    from tracker.domain import Decision, Status

    def at(user: str, *when: int):
        staff = as_user(service, user)
        staff.settings = replace(staff.settings, frozen_now=datetime(*when, tzinfo=TAIPEI))
        return staff

    at("陳科長", 2016, 12, 1, 9, 0).add_reviewer(recorded(service, "陳科長"))
    at("曹凱雯", 2016, 12, 2, 9, 0).set_status("uclg16-3", Status.DONE, "已出席")
    at("陳科長", 2016, 12, 5, 10, 0).review("uclg16-3", Decision.RELEASE, "同意，@所有人 備查")
    at("曹凱雯", 2016, 12, 6, 9, 0).set_status("uclg16-4", Status.DONE, "已出席")
    document = json.loads(write_export(service, "json", tmp_path / "r.json", lang="en").read_text(encoding="utf-8"))
    items = {item["key"]: item for item in document["items"]}
    released, pending = items["uclg16-3"], items["uclg16-4"]
    assert (released["tracking"], released["tracking_label"], released["days_overdue"]) == (
        "released",
        "Released",
        None,
    )
    assert released["latest_review"] == "同意，@所有人 備查"
    assert released["latest_review_at"] == "2016-12-05T10:00:00+08:00"
    assert (pending["tracking_label"], pending["latest_review"], pending["latest_review_at"]) == (
        "Awaiting review",
        None,
        None,
    )
    rows = list(csv.reader(io.StringIO(write_export(service, "csv", tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert rows[3][8:11] == ["自行列管", "解除列管", "同意，@所有人 備查"]
    assert rows[4][8:11] == ["自行列管", "待審", ""]


# ---------------------------------------------------------------------------
# Filters


def test_filters_status_owner_report(hostile, tmp_path):
    from tracker.domain import Status

    done = json.loads(write_export(hostile, "json", tmp_path / "d.json", statuses=[Status.DONE]).read_text())
    assert [i["key"] for i in done["items"]] == ["uclg16-2"]
    press = json.loads(write_export(hostile, "json", tmp_path / "p.json", owner="新聞局").read_text())
    assert [i["key"] for i in press["items"]] == ["uclg16-7"]
    mine = json.loads(write_export(hostile, "json", tmp_path / "r.json", report="uclg16").read_text())
    assert len(mine["items"]) == 8 and mine["subtitle"].startswith("臺中市政府")


def test_the_title_block_names_the_filter(hostile, tmp_path):
    """A filtered table says so in its title block, so that a printed page of 3 items is not
    read as the whole follow-up."""
    from tracker.domain import Status

    book = read_xlsx(write_export(hostile, "xlsx", tmp_path / "f.xlsx", statuses=[Status.DONE], owner="秘書處"))
    title = book.worksheets[0]["A1"].value
    assert "資料日期：2016-12-09" in title and "篩選：辦理狀態 已完成 · 主辦單位 ∋ 秘書處" in title
    tables = read_ods(write_export(hostile, "ods", tmp_path / "f.ods", statuses=[Status.DONE], owner="秘書處"))
    assert "篩選：辦理狀態 已完成 · 主辦單位 ∋ 秘書處" in next(iter(tables.values()))[0][0][1]
    unfiltered = read_xlsx(write_export(hostile, "xlsx", tmp_path / "u.xlsx")).worksheets[0]["A1"].value
    assert "篩選" not in unfiltered


# ---------------------------------------------------------------------------
# The command


def cli(run_cli, db_target, *args, **kw):
    return run_cli("--db", str(db_target), "--today", "2016-12-09", *args, **kw)


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*")}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_binary_formats_refuse_the_terminal(hostile, run_cli, db_target, tmp_path, fmt):
    before = listing(tmp_path)
    result = cli(run_cli, db_target, "export", "--format", fmt)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "-o" in result.stderr and fmt in result.stderr and len(result.stderr.splitlines()) == 1
    assert listing(tmp_path) == before


@pytest.mark.parametrize("target", ["missing-folder/t.xlsx", "."])
def test_unwritable_output(hostile, run_cli, db_target, tmp_path, target):
    before = listing(tmp_path)
    result = cli(run_cli, db_target, "export", "--format", "xlsx", "-o", str(tmp_path / target))
    assert result.returncode == 2
    assert "-o" in result.stderr and "Traceback" not in result.stderr
    assert listing(tmp_path) == before


def test_a_failed_export_leaves_no_file(hostile, run_cli, db_target, tmp_path):
    before = listing(tmp_path)
    result = cli(run_cli, db_target, "export", "--format", "ods", "--report", "nope", "-o", str(tmp_path / "x.ods"))
    assert result.returncode == 2 and "uclg16" in result.stderr
    assert listing(tmp_path) == before  # not even a temporary file


@pytest.mark.parametrize(
    "args, word",
    [
        (("--format", "csv", "--history"), "--format xlsx"),
        (("--format", "csv", "--lang", "fr"), "zh-TW"),
        (("--format", "csv", "--status", "finished"), "done"),
    ],
)
def test_bad_export_options(hostile, run_cli, db_target, tmp_path, args, word):
    result = cli(run_cli, db_target, "export", *args, "-o", str(tmp_path / "never.csv"))
    assert result.returncode == 2 and word in result.stderr and result.stdout == ""
    assert not (tmp_path / "never.csv").exists()


def test_text_formats_go_to_standard_output(hostile, run_cli, db_target):
    csv_out = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db_target), "--today", "2016-12-09", "export", "--format", "csv"],
        capture_output=True,
    )
    assert csv_out.returncode == 0 and csv_out.stdout.startswith(b"\xef\xbb\xbf\xe7\xb7\xa8\xe8\x99\x9f")
    result = cli(run_cli, db_target, "export", "--format", "json", "--status", "done")
    assert [i["key"] for i in json.loads(result.stdout)["items"]] == ["uclg16-2"]


def test_export_lang_sets_the_table_only(hostile, run_cli, db_target, tmp_path):
    out = tmp_path / "en.csv"
    result = cli(run_cli, db_target, "export", "--format", "csv", "--lang", "en", "-o", str(out), "--no-bom")
    assert result.returncode == 0
    assert "已匯出 8 項" in result.stdout  # the message follows the global language
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(HEADERS_EN)
    english = cli(run_cli, db_target, "--lang", "en", "export", "--format", "xlsx")
    assert english.returncode == 2 and "name a file with -o" in english.stderr


def test_cli_file_export_reports_the_path(hostile, run_cli, db_target, tmp_path):
    out = tmp_path / "追蹤表.xlsx"
    result = cli(run_cli, db_target, "export", "--format", "xlsx", "--history", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert read_xlsx(out).sheetnames == ["追蹤表", "異動紀錄"]


def test_tracker_list_imports_no_export_or_mail_library(service, db_target):
    probe = (
        "import sys\n"
        "from tracker.cli import run\n"
        f"run(['--db', {str(db_target)!r}, 'list'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'openpyxl', 'odf', 'smtplib'}\n"
        "               or m.startswith('tracker.reporting'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


# ---------------------------------------------------------------------------
# --columns


def test_columns_choose_and_order_in_every_format(hostile, tmp_path):
    chosen = "progress, number,title,owner ,evidence,doc_nos,progress"  # spaces and a repeat are forgiven
    book = read_xlsx(write_export(hostile, "xlsx", tmp_path / "c.xlsx", columns=chosen))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]] == ["執行進度", "編號", "建議事項", "主辦單位", "佐證件數", "佐證文號"]
    first = list(sheet[3])
    assert [c.value for c in first] == [0.6, 1, TITLES[1], "秘書處國際事務科", 3, "府授秘外字第1050123456號、=1+1號"]
    assert first[0].number_format == "0%" and sheet.auto_filter.ref == "A2:F10"

    ods = read_ods(write_export(hostile, "ods", tmp_path / "c.ods", columns=chosen))["追蹤表"]
    assert [value for _, value in ods[1]] == ["執行進度", "編號", "建議事項", "主辦單位", "佐證件數", "佐證文號"]
    assert ods[2][:2] == [("percentage", 0.6), ("float", 1.0)]

    text = write_export(hostile, "csv", tmp_path / "c.csv", columns=("key", "adoption", "deadline_reason")).read_text(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["代號", "採行", "期限變更理由"]
    assert rows[3] == ["uclg16-3", "採行", "'-配合活動延期"] and rows[6] == ["uclg16-6", "部分採行", ""]

    document = json.loads(
        write_export(hostile, "json", tmp_path / "c.json", columns="owner,status,progress").read_text()
    )
    assert [c["name"] for c in document["columns"]] == ["owner", "status", "progress"]
    assert document["items"][0] == {
        "key": "uclg16-1",
        "owner": "秘書處國際事務科",
        "owner_zh": "秘書處國際事務科",
        "owner_en": "International Affairs Section, Secretariat",
        "status": "in_progress",
        "status_label": "辦理中",
        "progress": 60,
    }
    page = write_export(hostile, "html", tmp_path / "c.html", columns="report,number").read_text()
    parser = TableCells()
    parser.feed(page)
    assert parser.rows[:2] == [["報告", "編號"], ["uclg16", "1"]]  # named, the report is shown with one report too


def test_unknown_column_exits_2_listing_the_names(hostile, run_cli, db_target, tmp_path):
    before = listing(tmp_path)
    out = tmp_path / "never.xlsx"
    result = cli(run_cli, db_target, "export", "--format", "xlsx", "--columns", "number,progres", "-o", str(out))
    assert result.returncode == 2 and result.stdout == ""
    assert "progres" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    for name in ("number", "title", "supporting_units", "officer", "original_deadline", "deadline_reason"):
        assert name in result.stderr
    assert "progress, evidence, doc_nos, adoption" in result.stderr
    assert listing(tmp_path) == before
    empty = cli(run_cli, db_target, "--lang", "en", "export", "--format", "csv", "--columns", " , ")
    assert empty.returncode == 2 and "names no column" in empty.stderr and "number, title" in empty.stderr


def test_cli_columns(hostile, run_cli, db_target):
    result = cli(run_cli, db_target, "export", "--format", "csv", "--columns", "number,title,owner,progress,evidence")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["編號", "建議事項", "主辦單位", "執行進度", "佐證件數"]
    assert rows[1] == ["1", TITLES[1], "秘書處國際事務科", "60%", "3"]


# ---------------------------------------------------------------------------
# --attachments


def add_hostile_file(service, key: str, name: str, content: bytes) -> None:
    """A stored file whose name no file system would have given (an old version, an import or a
    hand-made row could store one): written straight to the tables, as the service would."""
    import hashlib

    from tracker.storage import chain

    digest = hashlib.sha256(content).hexdigest()
    at = datetime(2016, 12, 1, 9, 0, tzinfo=TAIPEI)
    with service.db.write() as db:
        item_id, version = db.row("SELECT id, version FROM items WHERE key = :key", {"key": key})
        db.execute(
            "INSERT INTO blobs (sha256, size, content) VALUES (:sha, :size, :content) ON CONFLICT (sha256) DO NOTHING",
            {"sha": digest, "size": len(content), "content": content},
        )
        change_id = chain.append(db, item_id, version, at, "tester", "evidence", None, name, f"sha256:{digest}")
        db.execute(
            "INSERT INTO evidence (item_id, change_id, kind, name, sha256, size, media_type, added_at, added_by)"
            " VALUES (:item_id, :change_id, 'file', :name, :sha, :size, 'text/plain', :at, 'tester')",
            {"item_id": item_id, "change_id": change_id, "name": name, "sha": digest, "size": len(content), "at": at},
        )
        db.execute("UPDATE items SET evidence_count = evidence_count + 1 WHERE id = :id", {"id": item_id})


HOSTILE_NAMES = [
    "../../逃出去.txt",
    "/etc/passwd",
    "..",
    "\x1b]0;pwned\x07標題.txt",
    "a\u202etxt.exe",
    "CON.txt",
    "C:\\Windows\\win.ini",
    "同名.txt",
    "同名.TXT",
    "長" * 250 + ".pdf",  # 750 bytes of UTF-8: more than a file name may hold
]


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_attachments_one_folder_per_item_with_safe_names(hostile, tmp_path):
    from tracker.domain import EvidenceKind
    from tracker.evidence import is_inside
    from tracker.reporting.export import export_file

    odd = tmp_path / "in"
    odd.mkdir()
    given = {
        "..兩點開頭.pdf": b"dots",
        "a\u202etxt.exe": b"bidi",
        "\x1b[31m紅字.txt": b"escape",
        "會議 紀錄.docx": b"ok",
    }
    for name, content in given.items():
        (odd / name).write_bytes(content)
    hostile.attach("uclg16-2", [odd / name for name in given], "佐證")
    _, gone = hostile.attach("uclg16-2", [odd / "會議 紀錄.docx"])
    hostile.retract_evidence(gone[0].id, "重複")
    for number, name in enumerate(HOSTILE_NAMES):
        add_hostile_file(hostile, "uclg16-3", name, f"hostile {number}".encode())
    hostile.add_reference("uclg16-4", EvidenceKind.DOC_NO, "府授秘外字第1050000004號")  # no file: no folder

    outside = set(tmp_path.parent.iterdir())
    folder = tmp_path / "佐證資料"
    written = export_file(hostile, "xlsx", tmp_path / "t.xlsx", attachments=folder)
    assert set(tmp_path.parent.iterdir()) == outside  # nothing beside tmp_path
    assert written.attachments is not None
    files = every_file(folder)
    assert (written.attachments.files, written.attachments.items) == (len(files), 3) == (4 + len(HOSTILE_NAMES) + 1, 3)
    assert {Path(name).parts[0] for name in files} == {"uclg16-2", "uclg16-3", "uclg16-8"}
    assert {name for name in files if name.startswith("uclg16-2/")} == {
        "uclg16-2/兩點開頭.pdf",  # the leading dots go: no hidden file, no '..'
        "uclg16-2/atxt.exe",
        "uclg16-2/紅字.txt",  # the whole escape sequence is gone
        "uclg16-2/會議 紀錄.docx",
    }
    assert files["uclg16-2/會議 紀錄.docx"] == b"ok"  # the retracted copy is not written twice
    assert files["uclg16-8/照片.jpg"].startswith(b"\xff\xd8")
    hostile_files = {name: content for name, content in files.items() if name.startswith("uclg16-3/")}
    assert sorted(hostile_files.values()) == sorted(f"hostile {n}".encode() for n in range(len(HOSTILE_NAMES)))
    for name in files:
        path = folder / name
        assert is_inside(folder, path) and len(Path(name).parts) == 2
        assert path.name.isprintable() and not path.name.startswith(".")
        assert len(path.name.encode()) <= 255
    assert {Path(name).name for name in hostile_files} == {
        "_.._逃出去.txt",  # separators become "_": no way up
        "_etc_passwd",  # nor to the root
        "file",  # ".." alone is no name
        "標題.txt",  # the escape sequence (retitle the terminal) is gone
        "atxt.exe",  # so is the right-to-left override
        "_CON.txt",  # a Windows device name
        "C__Windows_win.ini",
        "同名.txt",
        "同名 (2).TXT",  # one folder, no two names that a case-blind file system takes for one
        "長" * 65 + ".pdf",  # cut to fit, extension kept
    }
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "逃出去.txt").exists()


def test_attachments_refuse_a_folder_with_files_and_write_nothing(hostile, run_cli, db_target, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    hostile.attach("uclg16-1", [photo])
    full = tmp_path / "full"
    full.mkdir()
    (full / "old.txt").write_text("keep me")
    before = listing(tmp_path)
    args = ("export", "--format", "csv", "-o", str(tmp_path / "t.csv"), "--attachments")
    result = cli(run_cli, db_target, *args, str(full))
    assert result.returncode == 2 and "full" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert listing(tmp_path) == before and (full / "old.txt").read_text() == "keep me"
    (tmp_path / "a-file").write_text("x")
    assert cli(run_cli, db_target, *args, str(tmp_path / "a-file")).returncode == 2
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere)  # empty, but reached through a link: refused too
    linked = cli(run_cli, db_target, *args, str(tmp_path / "link"))
    assert linked.returncode == 2 and list(elsewhere.iterdir()) == []
    new = tmp_path / "new"
    new.mkdir()
    inside = cli(run_cli, db_target, "export", "--format", "csv", "-o", str(new / "t.csv"), "--attachments", str(new))
    assert inside.returncode == 2 and "--attachments" in inside.stderr and list(new.iterdir()) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    ok = cli(run_cli, db_target, *args, str(empty))
    assert ok.returncode == 0, ok.stderr
    assert "2 項的 2 個佐證檔案" in ok.stdout
    assert every_file(empty) == {"uclg16-1/photo.png": b"\x89PNG\r\n\x1a\n", "uclg16-8/照片.jpg": PHOTO}


def test_attachments_with_the_table_on_standard_output(hostile, run_cli, db_target, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    hostile.attach("uclg16-1", [photo])
    result = cli(
        run_cli, db_target, "--lang", "en", "export", "--format", "json", "--attachments", str(tmp_path / "docs")
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["items"]) == 8  # the message stays off the JSON
    assert "Wrote 2 supporting files of 2 items" in result.stderr
    assert set(every_file(tmp_path / "docs")) == {"uclg16-1/photo.png", "uclg16-8/照片.jpg"}


def test_a_damaged_file_stops_the_export_and_leaves_nothing(hostile, tmp_path):
    import hashlib

    from tracker.domain import InputError
    from tracker.reporting.export import export_file

    add_hostile_file(hostile, "uclg16-5", "壞檔.txt", b"original")
    digest = hashlib.sha256(b"original").hexdigest()
    with hostile.db.write() as db:  # the content no longer matches its SHA-256 (a trigger forbids this UPDATE)
        if hostile.db.is_sqlite:
            db.execute("DROP TRIGGER blobs_no_update")
        else:
            db.execute("ALTER TABLE blobs DISABLE TRIGGER USER")
        db.execute("UPDATE blobs SET content = :bad WHERE sha256 = :sha", {"bad": b"tampered", "sha": digest})
    before = listing(tmp_path)
    with pytest.raises(InputError) as caught:
        export_file(hostile, "csv", tmp_path / "t.csv", attachments=tmp_path / "docs")
    assert caught.value.key == "error.evidence_damaged" and "壞檔.txt" in str(caught.value)
    assert listing(tmp_path) == before


def test_roc_dates_are_real_dates_shown_in_the_roc_calendar(service, tmp_path):
    """With the ROC setting: xlsx and ods keep date values (sorting and filtering work) and
    show them as 105/10/12 through an era format; the csv writes the ROC text."""
    from dataclasses import replace as with_values

    service.settings = with_values(service.settings, roc=True)
    sheet = read_xlsx(write_export(service, "xlsx", tmp_path / "roc.xlsx")).worksheets[0]
    deadline = sheet.cell(row=3, column=4)
    assert deadline.value == datetime(2016, 10, 12) and deadline.is_date
    assert deadline.number_format == "[$-40404]e/mm/dd"
    assert sheet.cell(row=3, column=7).number_format == "[$-40404]e/mm/dd hh:mm"
    assert "資料日期：105/12/09" in sheet.cell(row=1, column=1).value

    content, styles = (
        zipfile.ZipFile(write_export(service, "ods", tmp_path / "roc.ods")).read(name).decode("utf-8")
        for name in ("content.xml", "styles.xml")
    )
    assert 'office:date-value="2016-10-12"' in content and "<text:p>105/10/12</text:p>" in content
    date_style = re.search(r'<number:date-style style:name="nDate".*?</number:date-style>', styles).group(0)
    assert 'number:language="zh"' in date_style and 'number:country="TW"' in date_style
    assert 'number:calendar="ROC"' in date_style

    text = write_export(service, "csv", tmp_path / "roc.csv").read_text(encoding="utf-8-sig")
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["預定完成日期"] == "105/10/12" and first["原定完成日期"] == "105/10/12"
    assert re.fullmatch(r"1\d\d/\d\d/\d\d \d\d:\d\d", first["最後更新"])


def test_iso_dates_without_the_roc_setting(service, tmp_path):
    sheet = read_xlsx(write_export(service, "xlsx", tmp_path / "iso.xlsx")).worksheets[0]
    assert sheet.cell(row=3, column=4).number_format == "yyyy-mm-dd"
    text = write_export(service, "csv", tmp_path / "iso.csv").read_text(encoding="utf-8-sig")
    assert next(csv.DictReader(io.StringIO(text)))["預定完成日期"] == "2016-10-12"


# ---------------------------------------------------------------------------
# A table as of a past day (issue 10)


def test_a_table_as_of_each_day_of_a_history_is_the_table_made_that_day(service, tmp_path):
    """Made live at the end of each day of a history spread over months, the JSON table is
    what `export --as-of` that day writes once the history has moved on: every column."""
    from dataclasses import replace

    from tracker.domain import Adoption, Decision, EvidenceKind, Status

    with service.db.write() as db:  # the seed as if taken in on 2016-09-01
        db.execute(
            "UPDATE items SET created_at = :at, updated_at = :at", {"at": datetime(2016, 9, 1, 9, 0, tzinfo=TAIPEI)}
        )
    reviewer = recorded(service, "陳科長")
    as_user(service, "陳科長").add_reviewer(reviewer)

    def on(day: date, hour: int):
        staff = as_user(service, "陳科長")
        moment = datetime(day.year, day.month, day.day, hour, 0, tzinfo=TAIPEI)
        staff.settings = replace(staff.settings, frozen_now=moment, frozen_today=day)
        return staff

    evidence: list[int] = []
    steps = [
        ((2016, 9, 20), lambda s: s.add_note("uclg16-1", "已報名世界大會")),
        ((2016, 9, 21), lambda s: s.assign("uclg16-2", "新聞局", "改派", officer="曹凱雯", support=["觀光旅遊局"])),
        ((2016, 10, 3), lambda s: s.set_progress("uclg16-2", 40, "籌備中")),
        ((2016, 10, 11), lambda s: s.set_status("uclg16-1", Status.DONE, "已出席")),
        (
            (2016, 10, 12),
            lambda s: evidence.append(s.add_reference("uclg16-1", EvidenceKind.DOC_NO, "府授秘國字第1050001號")[1].id),
        ),
        ((2016, 10, 20), lambda s: s.review("uclg16-1", Decision.RELEASE, "同意解除列管")),
        ((2016, 11, 3), lambda s: s.move_deadline("uclg16-3", date(2017, 1, 15), "配合執委會延期")),
        ((2016, 11, 10), lambda s: s.adopt("uclg16-5", Adoption.PARTIAL, "僅辦理一部分")),
        ((2016, 11, 28), lambda s: s.retract_evidence(evidence[0], "文號誤植")),
        ((2016, 12, 2), lambda s: s.assign("uclg16-2", None, "承辦人異動", clear_officer=True, support=[])),
        ((2017, 1, 5), lambda s: s.move_deadline("uclg16-3", None, "不訂日期")),
    ]
    made = []
    for when, act in steps:
        day = date(*when)
        act(on(day, 10))
        path = write_export(on(day, 23), "json", tmp_path / f"{day}.json")
        made.append((day, json.loads(path.read_text(encoding="utf-8"))))
    later = on(date(2017, 3, 1), 9)
    for day, expected in made:
        replayed = json.loads(write_export(later, "json", tmp_path / f"as-of-{day}.json", as_of=day).read_text())
        assert replayed["as_of"] == day.isoformat()
        assert replayed["items"] == expected["items"], day
    # and a filter applies to the values of then: uclg16-2 became 新聞局's on 2016-09-21
    for day, keys in ((date(2016, 9, 20), ["uclg16-7"]), (date(2016, 10, 31), ["uclg16-2", "uclg16-7"])):
        press = write_export(later, "json", tmp_path / f"press-{day}.json", owner="新聞局", as_of=day)
        assert [i["key"] for i in json.loads(press.read_text())["items"]] == keys


def test_as_of_refuses_a_future_day_and_attachments(hostile, run_cli, db_target, tmp_path):
    out = tmp_path / "t.csv"
    late = cli(run_cli, db_target, "export", "--format", "csv", "-o", str(out), "--as-of", "2016-12-10")
    assert late.returncode == 2 and "--as-of 2016-12-09" in late.stderr and not out.exists()
    both = cli(
        run_cli,
        db_target,
        "export",
        "--format",
        "csv",
        "-o",
        str(out),
        "--as-of",
        "2016-12-01",
        "--attachments",
        str(tmp_path / "docs"),
    )
    assert both.returncode == 2 and "--attachments" in both.stderr and not out.exists()
    assert not (tmp_path / "docs").exists()
