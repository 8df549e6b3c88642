"""tracker export: every format read back by its own reader and checked cell by cell.

The seed is dressed with hostile text first: formula starts (OWASP CSV injection) in
notes and a title, control characters, a leading tab, quotes and line breaks, and a
40,000-character note (over a spreadsheet cell's 32,767).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tracker.reporting.cells import CELL_LIMIT
from tracker.reporting.export import write_export
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
]
LONG_NOTE = "長" * 39_990 + "0123456789"
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


@pytest.fixture
def hostile(service):
    """The seed, with user text that breaks naive exports (written straight to the table:
    the service would refuse or clean some of it at input, an import or an old version might not)."""
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
    for item in items:
        open_ = item.status.value not in ("done", "dropped") and item.tracking.value == "active"
        days = (today - item.deadline).days if open_ and item.deadline and item.deadline < today else None
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
            ]
        )
    return rows


def truncated(text: str) -> str:
    """A spreadsheet cell's copy of an over-long text: cut, with the mark saying so."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT]  # compared by prefix below


def test_expected_rows_are_what_the_fixture_made(hostile):
    rows = expected_rows(hostile)
    assert [r[7] for r in rows] == [58, None, None, None, None, None, None, None]  # 3 is withdrawn: never overdue
    assert rows[5][1] == TITLE_6 and rows[7][5] == LONG_NOTE
    assert [r[8:] for r in rows[:3]] == [
        ["自行列管", "列管中", "請補附照片"],
        ["自行列管", "解除列管", "=1+2 同意解除列管"],
        ["自行列管", "撤銷列管", "活動停辦，撤銷列管\n第二行"],
    ]
    assert rows[6][8:] == ["府列管", "列管中", "\t-再議"]


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
    assert sheet.auto_filter.ref == "A2:K10"
    assert sheet.max_row == 10
    for expected, cells in zip(expected_rows(hostile), sheet.iter_rows(min_row=3), strict=False):
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected
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
        assert values[8:] == [level, tracking, review or None]
        assert all(cell.data_type == "s" for cell in cells[8:] if cell.value is not None)
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


def test_xlsx_layout_status_colours_and_widths(hostile, tmp_path):
    sheet = read_xlsx(write_export(hostile, "xlsx", tmp_path / "t.xlsx")).worksheets[0]
    fills = {sheet.cell(row=r, column=5).value: sheet.cell(row=r, column=5).fill.fgColor.rgb for r in range(3, 11)}
    assert fills == {"辦理中": "00BDD7EE", "已完成": "00C6EFCE", "未辦理": "00F8CBAD"}
    assert sheet.cell(row=3, column=8).font.b  # days overdue stand out
    assert sheet.cell(row=3, column=6).alignment.wrap_text
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert widths["C"] == 17  # 秘書處國際事務科: 8 wide characters = 16 columns, + 1
    assert widths["F"] == 60  # the long note: capped and wrapped
    assert widths["B"] > widths["C"]
    assert sheet.page_setup.orientation == "landscape"


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
    assert [c.value for c in sheet[3]][8:] == ["Unit's own", "Under follow-up", "請補附照片"]
    assert [c.value for c in sheet[4]][8:10] == ["Unit's own", "Released"]
    assert [c.value for c in sheet[9]][8:10] == ["City (RDEC)", "Under follow-up"]


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
                if kind == "float":
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
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected
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
        assert cells[8:] == [("string", level), ("string", tracking), ("string", review) if review else (None, None)]


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
    assert "table:target-range-address=\"'追蹤表'.A2:'追蹤表'.K10\"" in content
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
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected

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
        ]
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
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected
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
    assert "history" not in document
    with_history = json.loads(write_export(hostile, "json", tmp_path / "h.json", history=True).read_text())
    assert {"item", "version", "at", "by", "field", "from", "to", "note"} == set(with_history["history"][0])


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
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected
        assert markdown_cells(line) == [
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
        number, title_, owner, deadline, status, note, updated, days, level, tracking, review = expected
        assert row == [
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
        assert classes[4].startswith("status-")
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
    assert rows[3][8:] == ["自行列管", "解除列管", "同意，@所有人 備查"]
    assert rows[4][8:] == ["自行列管", "待審", ""]


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
