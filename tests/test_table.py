"""The command line's plain table writer (tracker.output.table) and what list/show/history print.

Widths are checked in terminal cells, against unicodedata; user text must never bring a
control character or an escape sequence into the output; rows are written as they come.
"""

from __future__ import annotations

import enum
import io
import random
import re
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any, get_type_hints

import pytest

from tracker.domain import Status, clean_text
from tracker.output.cells import terminal_str
from tracker.output.plain import print_items
from tracker.output.table import CHUNK_ROWS, PIPE_WIDTH, SAMPLE_ROWS, Column, Screen, Table
from tracker.output.width import UNICODE_VERSION, WIDE_RANGES, ZERO_RANGES, cell_width, unicode_ranges
from tracker.output.wrap import NO_LINE_START, wrap_lines
from tracker.settings import Settings
from tracker.storage.queries import ItemRow

SGR = re.compile(r"\x1b\[[0-9;]*m")
# What must never reach a terminal from user text: C0 but tab and newline, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def render(columns, rows, *, width=80, color=False, header=True) -> str:
    out = io.StringIO()
    Table(columns, Screen(width=width, color=color), header=header).write(out, rows)
    return out.getvalue()


def offset(line: str, text: str) -> int:
    """The cell at which `text` starts in `line`."""
    return cell_width(line[: line.index(text)])


def between(line: str, start: int, end: int) -> str:
    """What `line` shows from cell `start` up to cell `end`."""
    shown, at = [], 0
    for char in line:
        if start <= at < end:
            shown.append(char)
        at += cell_width(char)
    return "".join(shown)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# ---------------------------------------------------------------------------
# Widths


def test_cell_width_counts_chinese_as_two_and_marks_as_none():
    assert cell_width("uclg16-3") == 8
    assert cell_width("秘書處國際事務科") == 16
    assert cell_width("出席CityNet第34屆") == 4 + 7 + 2 + 2 + 2
    assert cell_width("ＡＢ１") == 6  # full-width forms
    assert cell_width("e\u0301te\u0301") == 3  # combining acute accent
    assert cell_width("𠀋𡈽x") == 5  # CJK Extension B, above U+FFFF
    assert cell_width("a\u200bb") == 2  # zero-width space
    assert cell_width("‼ 逾期 39 天") == 1 + 1 + 4 + 1 + 2 + 1 + 2


def _expected_width(char: str) -> int:
    if unicodedata.east_asian_width(char) in "WF":
        return 2
    if unicodedata.category(char) in ("Mn", "Me", "Cf") and char != "\xad":
        return 0
    return 1


@pytest.mark.skipif(
    unicodedata.unidata_version != UNICODE_VERSION,
    reason=f"this Python has Unicode {unicodedata.unidata_version}, the tables {UNICODE_VERSION}: "
    "print new ones with `python -m tracker.output.width` into tracker/output/width.py",
)
def test_width_tables_are_this_pythons_unicodedata():
    assert unicode_ranges() == {2: WIDE_RANGES, 0: ZERO_RANGES}


def test_every_range_edge_and_a_sample_of_characters_measure_as_unicodedata_says():
    codes = set()
    for span in (WIDE_RANGES + " " + ZERO_RANGES).split():
        first, _, last = span.partition("-")
        codes |= {int(first, 16), int(last or first, 16)}
    codes |= set(random.Random(12).sample(range(0x20, 0x32000), 20_000))
    for code in sorted(codes):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs", "Cc"):
            continue
        assert cell_width(char) == _expected_width(char), f"U+{code:04X}"
        assert cell_width(f"中{char}a") == 3 + _expected_width(char), f"U+{code:04X} among others"


# ---------------------------------------------------------------------------
# Cleaning


def test_printable_text_is_already_clean_so_the_fast_path_is_safe():
    # terminal_str returns printable text as it is: nothing clean_text removes is printable.
    for code in range(0x110000):
        char = chr(code)
        if char.isprintable():
            assert clean_text(char) == char, f"U+{code:04X}"
    assert terminal_str("a\x1b[31mb\tc\n") == "ab\tc\n"


HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07title",
    "\x9b31mC1 CSI",
    "bidi \u202eevil\u202c",
    "nul\x00 del\x7f bell\x07",
    "cr\rlf\r\n",
    "lone \ud83d surrogate",
    "[bold red]markup[/]",
]


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_escape_sequences_in_user_text_never_reach_the_output(color):
    rows = [(text, (text, "bold red"), text * 3) for text in HOSTILE]
    output = render([Column("a"), Column("b", flex=True), Column("c", rest=True)], rows, width=50, color=color)
    visible = SGR.sub("", output) if color else output
    assert "\x1b" not in visible and not UNSAFE.search(visible)
    assert "[bold red]markup[/]" in visible  # text is data, shown as typed
    assert "pwned" not in visible  # an OSC sequence goes whole, not only its ESC
    output.encode("utf-8")  # no lone surrogate left to fail a strict encoder
    if not color:
        assert "\x1b" not in output


# ---------------------------------------------------------------------------
# Alignment and wrapping

CJK_ROWS = [  # the last column's cells as wide as its header, so that no line ends early
    ("uclg16-1", "派員出席波哥大UCLG世界大會", "秘書處國際事務科", "暫緩辦理"),
    ("uclg16-10", "e\u0301te\u0301 café", "新聞局", "解除列管"),
    ("b1", "𠀋𡈽 ＡＢ（全形）", "Information Bureau", "繼續列管"),
    ("x", "", "", "list-zh!"),
]


def test_cjk_columns_align_and_every_line_has_the_same_width():
    output = render([Column("代號"), Column("建議事項"), Column("主辦單位"), Column("辦理狀態")], CJK_ROWS)
    lines = output.splitlines()
    assert len(lines) == 2 + len(CJK_ROWS)  # header, rule, one line a row: everything fits
    assert len({cell_width(line) for line in lines}) == 1, output
    status_at = offset(lines[0], "辦理狀態")
    for line, row in zip(lines[2:], CJK_ROWS, strict=True):
        assert offset(line, row[3]) == status_at
    assert set(lines[1]) == {"─", " "} and "  " in lines[1]
    assert "┃" not in output and "│" not in output


def test_wrapped_cells_stay_in_their_column():
    title = "因本市為臺灣唯一獲亞太分會 2 項提名（UCLG 世界理事及執委）之會員城市，亦即我國唯一一席世界執委提名"
    rows = [("uclg16-1", title, "秘書處國際事務科", "未辦理")]
    output = render([Column("代號"), Column("建議事項", rest=True), Column("主辦單位"), Column("狀態")], rows, width=60)
    lines = output.splitlines()
    assert all(cell_width(line) <= 60 for line in lines)
    title_at, owner_at = offset(lines[0], "建議事項"), offset(lines[0], "主辦單位")
    body = lines[2:]
    assert len(body) > 2
    assert offset(body[0], "秘書處國際事務科") == owner_at
    for line in body[1:]:  # continuation lines: blank up to the title column, nothing past it
        assert between(line, 0, title_at).strip() == ""
        assert cell_width(line) <= owner_at - 2
    pieces = [between(line, title_at, owner_at - 2).rstrip() for line in body]
    assert "".join(pieces).replace(" ", "") == title.replace(" ", "")


def test_wrapping_keeps_characters_whole_and_never_starts_a_line_with_closing_punctuation():
    texts = [
        "因本市為臺灣唯一獲亞太分會 2 項提名（UCLG 世界理事及執委）之會員城市，亦即我國唯一一席世界執委提名，"
        "包括接續哥倫比亞波哥大「第 5 屆城市與地方政府聯合會世界大會」後。",
        "出席UCLG）會議，派員CityNet、姊妹市。」（含預算）、後續，",
        "𠀋𡈽𠀋𡈽𠀋，𡈽😀😀。😀e\u0301e\u0301e\u0301，",
    ]
    for text in texts:
        for width in range(6, 41):
            lines = wrap_lines(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")
            for line in lines:
                assert cell_width(line) <= width, (width, line)
                assert not line or line[0] not in NO_LINE_START, (width, lines)
                assert not line or unicodedata.category(line[0]) != "Mn", (width, lines)  # no mark cut off
                line.encode("utf-8")  # whole characters only


def test_surrogate_halves_in_typed_text_are_removed_not_split():
    # What Python makes of undecodable bytes (surrogateescape), or a UTF-16 pair as two code units.
    output = render([Column("t", rest=True)], [("ab\udcff\ud840\udc0bcd" * 10,)], width=12)
    output.encode("utf-8")
    assert "abcdabcd" in output.replace("\n", "")


def test_newlines_in_a_cell_are_lines_of_it():
    output = render([Column("a"), Column("note", rest=True)], [("x", "第一段\n第二段")], header=False)
    assert output.splitlines() == ["x  第一段", "   第二段"]


def test_a_narrow_screen_narrows_the_widest_flexible_column_first():
    rows = [("k", "短", "一個很長很長很長很長很長很長很長很長很長很長的標題")]
    output = render([Column("k"), Column("o", flex=True), Column("title", flex=True)], rows, width=30)
    lines = output.splitlines()
    assert offset(lines[2], "短") == 3  # the short column kept whole
    assert all(cell_width(line) <= 30 for line in lines)


# ---------------------------------------------------------------------------
# Colour and the stream


def test_colour_only_when_a_terminal_is_asked_for():
    rows = [("uclg16-1", ("‼ 逾期 39 天", "bold red"), ("辦理中", "cyan"))]
    columns = [Column("代號"), Column("剩餘"), Column("狀態")]
    plain = render(columns, rows)
    assert "\x1b" not in plain
    coloured = render(columns, rows, color=True)
    assert "\x1b[1m代號\x1b[0m" in coloured  # bold header
    assert "\x1b[1;31m‼ 逾期 39 天\x1b[0m" in coloured
    assert "\x1b[36m辦理中\x1b[0m" in coloured
    assert SGR.sub("", coloured) == plain  # the same layout, codes aside


def test_screen_of_a_pipe_is_plain_and_wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Screen.of(io.StringIO()) == Screen(width=PIPE_WIDTH, color=False)
    monkeypatch.setenv("COLUMNS", "200")
    assert Screen.of(io.StringIO()).width == 200


def test_screen_of_a_terminal_has_its_width_and_colour_unless_no_color(monkeypatch):
    monkeypatch.setenv("COLUMNS", "77")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Screen.of(FakeTerminal()) == Screen(width=77, color=True)
    monkeypatch.setenv("NO_COLOR", "")  # https://no-color.org: set to something, not empty
    assert Screen.of(FakeTerminal()).color
    monkeypatch.setenv("NO_COLOR", "1")
    assert Screen.of(FakeTerminal()) == Screen(width=77, color=False)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not Screen.of(FakeTerminal()).color


def test_the_rule_falls_back_to_ascii_where_the_encoding_lacks_it():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert Screen.of(stream).rule == "-"
    assert Screen.of(io.TextIOWrapper(io.BytesIO(), encoding="cp950")).rule == "─"  # Big5 has it


def test_a_long_table_streams_in_chunks():
    pulled = 0

    def rows():
        nonlocal pulled
        for n in range(10_000):
            pulled += 1
            yield (f"k{n}", f"建議事項第 {n} 項", ("未辦理", "bold"))

    class Recorder(io.StringIO):
        writes: list[int] = []

        def write(self, text: str) -> int:
            self.writes.append(pulled)
            return super().write(text)

    out = Recorder()
    count = Table([Column("代號", bound=6), Column("建議事項", rest=True), Column("狀態")], Screen(80)).write(
        out, rows()
    )
    assert count == 10_000
    assert out.writes[0] <= SAMPLE_ROWS + 1  # the first chunk went out long before the last row was made
    assert len(out.writes) >= 10_000 // CHUNK_ROWS
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + 10_000
    status_at = offset(lines[0], "狀態")
    assert all(offset(line, "未辦理") == status_at for line in lines[2:])


def test_a_long_table_takes_the_known_bounds_and_wraps_what_exceeds_them():
    rows = [(f"k{n}", "標題") for n in range(SAMPLE_ROWS)] + [("a-much-longer-key", "最後")]
    output = render([Column("key", bound=8), Column("title", rest=True)], rows, width=40)
    lines = output.splitlines()
    assert offset(lines[2], "標題") == 10  # the bound, not the first rows' widest key (4)
    assert all(cell_width(line) <= 40 for line in lines)
    assert lines[-3:] == ["a-much-l  最後", "onger-ke", "y"]


def test_without_a_header_there_is_no_rule():
    assert render([Column("a"), Column("b")], [("x", "y")], header=False) == "x  y\n"


# ---------------------------------------------------------------------------
# The list, from rows


def _item(n: int, deadline: date | None, status: Status, title: str = "派員出席國際會議") -> ItemRow:
    moment = datetime(2016, 11, 1, tzinfo=UTC)
    known: dict[str, Any] = {
        "id": n,
        "key": f"r-{n}",
        "number": n,
        "report_key": "r",
        "report_title_zh": "報告",
        "title_zh": title,
        "text_zh": title,
        "owner_zh": "秘書處國際事務科",
        "supporting_units": [],
        "deadline": deadline,
        "original_deadline": deadline,
        "deadline_source": "report",
        "status": status,
        "version": 1,
        "created_at": moment,
        "updated_at": moment,
        "updated_by": "tester",
    }
    # Fields these tests do not need: an enum's first value, else None.
    other: dict[str, Any] = {
        name: next(iter(kind)) if isinstance(kind, type) and issubclass(kind, enum.Enum) else None
        for name, kind in get_type_hints(ItemRow).items()
    }
    return ItemRow(**{**other, **known})


def _settings(today: date) -> Settings:
    return Settings(db="x", db_is_default=False, user="tester", frozen_today=today)


@pytest.mark.parametrize("count", [8, SAMPLE_ROWS + 500], ids=["short", "streamed"])
def test_the_list_aligns_marks_and_counts(count, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    today = date(2016, 11, 20)
    items = [
        _item(n, today + timedelta(days=n % 13 - 6), list(Status)[n % 5], "出席會議" * (n % 7 + 1))
        for n in range(1, count + 1)
    ]
    out = FakeTerminal()
    print_items(items, _settings(today), out)
    text = out.getvalue()
    lines = text.splitlines()
    overdue = sum(1 for item in items if item.days_overdue(today) is not None)
    assert lines[-1] == f"合計 {count} · ‼ 逾期 {overdue}"
    status_at = offset(lines[0], "辦理狀態")
    labels = [status.label() for status in Status]
    rows = [line for line in lines[2:-1] if line.startswith("r-")]  # not the lines of wrapped titles
    assert len(rows) == count
    for line in rows:
        label = next(label for label in labels if label in line)
        assert offset(line, label) == status_at
    assert sum("‼ 逾期" in line for line in lines) == overdue + 1
    soon = sum(1 for item in items if item.is_due_soon(today))
    assert sum("• " in line for line in lines) == soon > 0
    assert "• 明天到期" in text


def test_an_empty_list_says_so():
    out = io.StringIO()
    print_items([], _settings(date(2016, 11, 20)), out)
    assert out.getvalue() == "沒有符合條件的建議事項。\n"


# ---------------------------------------------------------------------------
# The commands


@pytest.mark.backends("sqlite")
def test_list_show_and_history_do_not_load_rich(database, run_cli, tmp_path):
    assert run_cli("--db", database.target, "init").returncode == 0
    probe = (
        "import sys\n"
        "from tracker.cli import run\n"
        "codes = [run(sys.argv[1:3] + ['list']), run(sys.argv[1:3] + ['show', '3']), run(sys.argv[1:3] + ['history'])]\n"
        "print('RICH', 'rich' in sys.modules, codes, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", database.target],
        capture_output=True,
        text=True,
        env={"TRACKER_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin", "TRACKER_USER": "tester"},
        timeout=120,
    )
    assert "RICH False [0, 0, 0]" in result.stderr, result.stderr
    assert "uclg16-3" in result.stdout and "建議全文" in result.stdout and "seed_recommendations.yaml" in result.stdout


@pytest.mark.backends("sqlite")
def test_show_and_history_print_the_same_layout(database, run_cli):
    assert run_cli("--db", database.target, "init").returncode == 0
    run_cli("--db", database.target, "note", "3", "第一段很長的說明文字，用來測試換行。\n第二段")
    shown = run_cli("--db", database.target, "--today", "105/11/20", "show", "3").stdout
    assert "預定完成日期    2016-11-23  • 3 天後到期" in shown
    lines = shown.splitlines()
    history = lines.index("異動紀錄")
    assert lines[history + 1].split()[:2] == ["#", "時間"] and set(lines[history + 2]) == {"─", " "}
    assert "\x1b" not in shown
    listed = run_cli("--db", database.target, "history", "3").stdout.splitlines()
    assert listed[0].split() == ["#", "時間", "建議事項", "異動者", "欄位", "原值", "新值", "辦理情形"]
    note_at = offset(listed[0], "辦理情形")
    second = next(line for line in listed if line.strip() == "第二段")
    assert offset(second, "第二段") == note_at
