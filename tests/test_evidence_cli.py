"""The command line of issue 9: supporting documents (attach, ref, attachments, attachment
get|retract), progress, adoption, officers and supporting units, corrections, and what
list, show and history show of them.

Every refusal exits 2 with one line on stderr and writes nothing: the database's history,
evidence and stored files, and the items' versions, are counted before and after. Every
test runs on a SQLite file and on PostgreSQL (the `database` fixture).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest

from conftest import written_counts

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture
def db(run_cli, database):
    assert run_cli("--db", database.target, "init").returncode == 0
    return database


@pytest.fixture
def cli(run_cli, db):
    """`tracker --db DB ARGS` as 曹凱雯."""

    def run(*args: str, **kw):
        return run_cli("--db", db.target, "--user", "曹凱雯", *args, **kw)

    return run


def _refused(result, *words: str) -> None:
    """Exit 2, one line on stderr naming the problem, nothing on stdout, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith(("錯誤：", "Error: ")) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def _files(folder: Path) -> set[str]:
    """What is in a folder, but for the test's own database files and state (SQLite's -wal
    and -shm come and go with its connections)."""
    return {p.name for p in folder.iterdir() if not p.name.startswith(("tracker.sqlite3", "state", "data"))}


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _item(cli, ref="3") -> dict:
    return _json(cli("show", ref, "--format", "json"))


# ---------------------------------------------------------------------------
# attach


def test_attach_stores_each_file_and_prints_it_and_the_new_version(cli, db, tmp_path):
    minutes = tmp_path / "會議紀錄.txt"
    minutes.write_text("第34屆執委會會議紀錄\n", encoding="utf-8")
    photo = tmp_path / "合照.jpg"  # the name says JPEG; the content is a PNG
    photo.write_bytes(PNG)
    result = cli("attach", "3", str(minutes), str(photo), "--note", "檢附會議紀錄與照片")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"uclg16-3 已附加佐證資料 #1：會議紀錄.txt（{minutes.stat().st_size} B，text/plain）"
    assert lines[1] == "uclg16-3 已附加佐證資料 #2：合照.jpg（1.0 KB，image/png）"
    assert lines[2] == "uclg16-3 已存入 2 個檔案（版本 2）" and len(lines) == 3
    assert result.stderr == ""
    item = _item(cli)
    assert (item["evidence_count"], item["latest_note"], item["version"]) == (2, "檢附會議紀錄與照片", 2)
    assert [e["name"] for e in item["evidence"]] == ["會議紀錄.txt", "合照.jpg"]
    assert written_counts(db)[1:3] == (2, 2)
    fields = [h["field"] for h in _json(cli("history", "3", "--format", "json"))]
    assert fields[-3:] == ["note", "evidence", "evidence"]


def test_attach_in_english(cli, tmp_path):
    (tmp_path / "minutes.txt").write_text("minutes\n")
    result = cli("--lang", "en", "attach", "3", str(tmp_path / "minutes.txt"))
    assert result.stdout.splitlines() == [
        "uclg16-3: attached #1 minutes.txt (8 B, text/plain)",
        "uclg16-3: 1 file(s) stored (version 2)",
    ]


def test_the_same_content_is_stored_once(cli, db, tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "copy of a.png"
    first.write_bytes(PNG)
    second.write_bytes(PNG)
    assert cli("attach", "3", str(first)).returncode == 0
    assert cli("attach", "4", str(second)).returncode == 0
    assert cli("attach", "3", str(first), str(second)).returncode == 0
    assert db.scalar("SELECT count(*) FROM evidence") == 4
    assert db.scalar("SELECT count(*) FROM blobs") == 1
    digests = {e["sha256"] for e in _json(cli("attachments", "3", "--format", "json"))}
    assert digests == {hashlib.sha256(PNG).hexdigest()}


def _missing(tmp_path: Path) -> list[str]:
    return [str(tmp_path / "沒有這個檔.pdf")]


def _folder(tmp_path: Path) -> list[str]:
    (tmp_path / "資料夾").mkdir()
    return [str(tmp_path / "資料夾")]


def _too_large(tmp_path: Path) -> list[str]:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x00" * (1024 * 1024 * 3 // 2))  # 1.5 MB, over TRACKER_ATTACHMENT_LIMIT_MB=1
    return [str(big)]


def _loop(tmp_path: Path) -> list[str]:
    """A path that cannot be read even by root: a symbolic link to itself."""
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    return [str(loop)]


def _pipe(tmp_path: Path) -> list[str]:
    """A FIFO: reading it would wait for a writer forever."""
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    return [str(fifo)]


def _good_then_missing(tmp_path: Path) -> list[str]:
    """The first file is fine: it is not stored either, because the second cannot be."""
    good = tmp_path / "good.txt"
    good.write_text("ok")
    return [str(good), str(tmp_path / "gone.txt")]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_missing, ["找不到檔案", "沒有這個檔.pdf", "沒有附加任何檔案"]),
        (_folder, ["是資料夾", "沒有附加任何檔案"]),
        (_too_large, ["big.bin", "1.50 MB", "上限 1 MB", "attachment_limit_mb"]),
        (_loop, ["無法讀取", "loop.pdf"]),
        (_pipe, ["不是一般檔案", "pipe.pdf"]),
        (_good_then_missing, ["gone.txt"]),
    ],
    ids=["missing", "directory", "over-the-limit", "unreadable-link-loop", "fifo", "one-bad-of-two"],
)
def test_a_file_that_cannot_be_attached_writes_nothing(cli, db, tmp_path, make, words):
    paths = make(tmp_path)
    before = written_counts(db)
    result = cli("attach", "3", *paths, "--note", "附件", env={"TRACKER_ATTACHMENT_LIMIT_MB": "1"})
    _refused(result, *words)
    assert written_counts(db) == before
    assert _item(cli)["latest_note"] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_writes_nothing(cli, db, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4")
    secret.chmod(0)
    before = written_counts(db)
    _refused(cli("attach", "3", str(secret)), "無法讀取", "secret.pdf")
    assert written_counts(db) == before


def test_a_file_under_the_limit_is_taken(cli, tmp_path):
    fits = tmp_path / "fits.bin"
    fits.write_bytes(b"\xff" * (1024 * 1024))  # exactly 1 MB
    result = cli("attach", "3", str(fits), env={"TRACKER_ATTACHMENT_LIMIT_MB": "1"})
    assert result.returncode == 0, result.stderr
    assert "fits.bin（1.0 MB，application/octet-stream）" in result.stdout


def test_attach_needs_a_file_and_an_existing_item(cli, db, tmp_path):
    before = written_counts(db)
    _refused(cli("attach", "3"), "attach")
    (tmp_path / "a.txt").write_text("a")
    _refused(cli("attach", "99", str(tmp_path / "a.txt")), "找不到建議事項")
    _refused(cli("attach", "3", str(tmp_path / "a.txt"), "--if-version", "x"), "版本")
    assert written_counts(db) == before


def test_attach_at_the_version_read(cli, tmp_path):
    (tmp_path / "a.txt").write_text("a")
    assert cli("attach", "3", str(tmp_path / "a.txt"), "--if-version", "1").returncode == 0
    conflict = cli("attach", "3", str(tmp_path / "a.txt"), "--if-version", "1")
    assert conflict.returncode == 3 and "版本" in conflict.stderr


# ---------------------------------------------------------------------------
# Hostile file names: stored as data, shown clean, never used as a path


HOSTILE = {
    "bidi": "報告\u202etxt.exe",  # shows as 報告exe.txt where bidi overrides are honoured
    "escape": "red\x1b[31m.txt",
    "windows-traversal": "..\\..\\Windows\\evil.txt",
    "dots": "..evil..",
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_names_are_data(cli, db, tmp_path, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = folder / HOSTILE[kind]
    hostile.write_bytes(b"payload " + kind.encode())
    attached = cli("attach", "3", str(hostile))
    assert attached.returncode == 0, attached.stderr
    for text in (attached.stdout, cli("attachments", "3").stdout, cli("show", "3").stdout):
        assert "\u202e" not in text and "\x1b" not in text
    stored = _json(cli("attachments", "3", "--format", "json"))[0]
    assert "\u202e" not in stored["name"] and "\x1b" not in stored["name"]
    assert stored["name"] in attached.stdout
    out = tmp_path / "out"
    out.mkdir()
    before = _files(tmp_path), _files(folder)
    got = cli("attachment", "get", str(stored["id"]), "-o", "saved.bin", cwd=out)
    assert got.returncode == 0, got.stderr
    assert (_files(tmp_path), _files(folder)) == before and _files(out) == {"saved.bin"}  # the -o path only
    assert (out / "saved.bin").read_bytes() == b"payload " + kind.encode()


def test_a_path_with_dot_dot_segments_is_read_and_only_its_last_name_kept(cli, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "minutes.txt").write_text("m")
    result = cli("attach", "3", "sub/../minutes.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _json(cli("attachments", "3", "--format", "json"))[0]["name"] == "minutes.txt"


# ---------------------------------------------------------------------------
# ref


def test_references_document_number_url_and_text(cli, db):
    doc = cli("ref", "3", "--doc-no", "府授秘外字第1050123456號", "--note", "已函報出國報告")
    assert doc.returncode == 0, doc.stderr
    assert doc.stdout == "uclg16-3 已新增佐證資料 #1（文號）：府授秘外字第1050123456號（版本 2）\n"
    url = cli("ref", "3", "--url", "https://citynet-ap.org/34th-executive-committee/")
    assert (
        url.stdout == "uclg16-3 已新增佐證資料 #2（網址）：https://citynet-ap.org/34th-executive-committee/（版本 3）\n"
    )
    text = cli("ref", "3", "--text", "會議資料存放於科內共用資料夾")
    assert "#3（說明）：會議資料存放於科內共用資料夾" in text.stdout
    found = _json(cli("attachments", "3", "--format", "json"))
    assert [(e["kind"], e["name"], e["size"]) for e in found] == [
        ("doc_no", None, None),
        ("url", None, None),
        ("text", None, None),
    ]
    assert found[0]["value"] == "府授秘外字第1050123456號" and found[0]["note"] == "已函報出國報告"
    assert _item(cli)["evidence_count"] == 3 and db.scalar("SELECT count(*) FROM blobs") == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], ["--doc-no", "--url", "--text", "只能一種"]),
        (["--doc-no", "府授秘外字第1050123456號", "--url", "https://example.org/"], ["只能一種"]),
        (["--url", "ftp://ftp.taichung.gov.tw/minutes.pdf"], ["ftp://ftp.taichung.gov.tw/minutes.pdf", "https://"]),
        (["--url", "javascript:alert(1)"], ["javascript:alert(1)", "http://"]),
        (["--url", "https://"], ["https://"]),
        (["--url", "https://exa mple.org/"], ["http://"]),
        (["--doc-no", "府授秘外字第\x1b[2J1050123456號"], ["文號含有控制字元"]),
        (["--doc-no", "府授秘外字第1050123456號\n第二行"], ["文號含有控制字元"]),
        (["--doc-no", "府授\u202e秘外字第1050123456號"], ["文號含有控制字元"]),
        (["--doc-no", "   "], ["文號是空的"]),
        (["--text", ""], ["說明是空的"]),
    ],
    ids=[
        "none",
        "two",
        "ftp",
        "javascript",
        "no-host",
        "space",
        "doc-no-escape",
        "doc-no-newline",
        "doc-no-bidi",
        "doc-no-blank",
        "text-empty",
    ],
)
def test_a_bad_reference_writes_nothing(cli, db, args, words):
    before = written_counts(db)
    result = cli("ref", "3", *args)
    _refused(result, *words)
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert written_counts(db) == before


# ---------------------------------------------------------------------------
# attachments, attachment get, attachment retract


def test_attachments_table_and_json(cli, db, tmp_path):
    empty = cli("attachments", "3")
    assert empty.returncode == 0 and "uclg16-3 沒有佐證資料" in empty.stdout
    assert _json(cli("attachments", "3", "--format", "json")) == []
    (tmp_path / "紀錄.png").write_bytes(PNG)
    cli("attach", "3", str(tmp_path / "紀錄.png"), "--note", "照片")
    cli("ref", "3", "--doc-no", "府授秘外字第1050123456號")
    table = cli("--roc", "attachments", "3").stdout.splitlines()
    assert table[0].split() == ["#", "類別", "檔名／文號／網址", "大小", "檔案類型", "加入者", "加入時間"]
    assert table[2].split()[:6] == ["1", "附件", "紀錄.png", "1.0", "KB", "image/png"]
    assert table[3].split()[:3] == ["2", "文號", "府授秘外字第1050123456號"]
    by = db.recorded("曹凱雯")
    assert by in table[2] and re.search(r"  1\d\d/\d\d/\d\d \d\d:\d\d$", table[2])  # --roc: an ROC year
    found = _json(cli("attachments", "3", "--format", "json"))
    assert set(found[0]) == {
        "id",
        "item",
        "kind",
        "name",
        "value",
        "size",
        "media_type",
        "sha256",
        "added_at",
        "added_by",
        "note",
        "retracted",
    }
    assert found[0] | {"added_at": None} == {
        "id": 1,
        "item": "uclg16-3",
        "kind": "file",
        "name": "紀錄.png",
        "value": None,
        "size": len(PNG),
        "media_type": "image/png",
        "sha256": hashlib.sha256(PNG).hexdigest(),
        "added_at": None,
        "added_by": by,
        "note": "照片",
        "retracted": False,
    }
    assert found[0]["added_at"].endswith("+08:00")  # the settings' time zone
    english = cli("--lang", "en", "attachments", "3").stdout.splitlines()[0].split()
    assert english[:3] == ["#", "Kind", "Name,"]


def test_get_writes_the_bytes_exactly_and_never_overwrites_without_force(cli, db, tmp_path):
    content = bytes(range(256)) * 64 + b"\r\n\x00\x1b[2J"
    (tmp_path / "raw.bin").write_bytes(content)
    cli("attach", "3", str(tmp_path / "raw.bin"))
    target = tmp_path / "出國報告附件.bin"
    got = cli("attachment", "get", "1", "-o", str(target))
    assert got.returncode == 0, got.stderr
    assert target.read_bytes() == content
    assert got.stdout == f"已將佐證資料 #1（raw.bin，16.0 KB）寫入 {target}\n"
    target.write_bytes(b"colleague's file")
    _refused(cli("attachment", "get", "1", "-o", str(target)), str(target), "--force")
    assert target.read_bytes() == b"colleague's file"
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    _refused(cli("attachment", "get", "1", "-o", str(link)), "--force")
    dangling = tmp_path / "dangling.bin"
    dangling.symlink_to(tmp_path / "elsewhere.bin")
    _refused(cli("attachment", "get", "1", "-o", str(dangling)), "--force")
    assert not (tmp_path / "elsewhere.bin").exists()
    forced = cli("attachment", "get", "#1", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() == content
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # no temporary file left


def test_get_to_standard_output(cli, tmp_path):
    text = "第34屆執委會會議紀錄\n".encode()
    (tmp_path / "minutes.txt").write_bytes(text)
    cli("attach", "3", str(tmp_path / "minutes.txt"))
    got = cli("attachment", "get", "1", "-o", "-")
    assert got.returncode == 0 and got.stdout.encode() == text and got.stderr == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["attachment", "get", "9", "-o", "x.bin"], ["沒有編號 9 的佐證資料"]),
        (["attachment", "get", "abc", "-o", "x.bin"], ["佐證資料編號「abc」"]),
        (["attachment", "get", "0", "-o", "x.bin"], ["佐證資料編號「0」"]),
        (["attachment", "get", "2", "-o", "x.bin"], ["是文號，不是檔案"]),
        (["attachment", "get", "1", "-o", "."], ["是資料夾"]),
        (["attachment", "get", "1", "-o", "no/such/folder/x.bin"], ["無法寫入"]),
        (["attachment", "get", "1"], ["-o"]),
        (["attachment", "retract", "1"], ["理由"]),
        (["attachment", "retract", "1", "--note", "  "], ["理由"]),
        (["attachment", "retract", "99", "--note", "放錯"], ["沒有編號 99 的佐證資料"]),
        (["attachment", "retract", "x", "--note", "放錯"], ["佐證資料編號"]),
    ],
    ids=[
        "get-unknown",
        "get-not-a-number",
        "get-zero",
        "get-a-reference",
        "get-to-a-folder",
        "get-to-a-missing-folder",
        "get-without-o",
        "retract-without-reason",
        "retract-blank-reason",
        "retract-unknown",
        "retract-not-a-number",
    ],
)
def test_bad_attachment_commands_write_nothing(cli, db, tmp_path, args, words):
    (tmp_path / "a.txt").write_text("a")
    cli("attach", "3", str(tmp_path / "a.txt"))
    cli("ref", "3", "--doc-no", "府授秘外字第1050123456號")
    before = written_counts(db), _files(tmp_path)
    _refused(cli(*args, cwd=tmp_path), *words)
    assert (written_counts(db), _files(tmp_path)) == before


@pytest.mark.backends("sqlite")
def test_get_never_writes_over_the_database(cli, db):
    _ = cli("ref", "3", "--text", "x")
    (Path(db.target).parent / "a.txt").write_text("a")
    cli("attach", "3", str(Path(db.target).parent / "a.txt"))
    before = Path(db.target).read_bytes()[:16]
    _refused(cli("attachment", "get", "2", "-o", db.target, "--force"), "資料庫檔案")
    _refused(cli("attachment", "get", "2", "-o", db.target + "-wal"), "資料庫檔案")
    assert Path(db.target).read_bytes()[:16] == before


def test_retract_hides_a_document_but_keeps_its_bytes(cli, db, tmp_path):
    (tmp_path / "wrong.png").write_bytes(PNG)
    cli("attach", "3", str(tmp_path / "wrong.png"))
    cli("ref", "3", "--doc-no", "府授秘外字第1050123456號")
    result = cli("attachment", "retract", "1", "--note", "放錯項目")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "已撤回 uclg16-3 的佐證資料 #1（附件：wrong.png）；內容仍保存，tracker attachments uclg16-3 --all 可查看。\n"
    )
    assert [e["id"] for e in _json(cli("attachments", "3", "--format", "json"))] == [2]
    assert (
        "wrong.png" not in cli("attachments", "3").stdout
        and "wrong.png" not in cli("show", "3").stdout.split("異動紀錄")[0].split("佐證資料")[-1]
    )
    everything = _json(cli("attachments", "3", "--format", "json", "--all"))
    assert [(e["id"], e["retracted"]) for e in everything] == [(1, True), (2, False)]
    table = cli("attachments", "3", "--all").stdout.splitlines()
    assert table[0].split()[-1] == "狀態" and table[2].split()[-1] == "已撤回"
    assert db.scalar("SELECT count(*) FROM blobs") == 1
    assert _item(cli)["evidence_count"] == 1
    before = written_counts(db)
    _refused(cli("attachment", "retract", "1", "--note", "again"), "已撤回過了")
    assert written_counts(db) == before
    history = _json(cli("history", "3", "--format", "json"))
    assert (history[-1]["field"], history[-1]["from"], history[-1]["note"]) == ("evidence", "wrong.png", "放錯項目")


# ---------------------------------------------------------------------------
# Closing without evidence


def test_closing_without_evidence_warns_and_with_evidence_does_not(cli, db):
    result = cli("status", "3", "done", "--note", "已出席執委會")
    assert result.returncode == 0
    assert result.stdout == "uclg16-3 狀態：未辦理 → 已完成（版本 2）\n"
    assert result.stderr == (
        "提醒：uclg16-3 申請解除列管，但沒有佐證資料；可用 tracker attach uclg16-3 檔案 或 "
        "tracker ref uclg16-3 --doc-no 文號 補上。\n"
    )
    cli("ref", "4", "--doc-no", "府授秘外字第1050123456號")
    quiet = cli("status", "4", "done", "--note", "已爭取")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert cli("status", "8", "dropped", "--note", "改用電子名片").stderr == ""  # a reason, not evidence


def test_require_evidence_refuses_done_without_any(cli, db):
    before = written_counts(db)
    result = cli("status", "3", "done", "--note", "已出席", env={"TRACKER_REQUIRE_EVIDENCE": "1"})
    _refused(result, "require_evidence", "tracker attach uclg16-3")
    assert written_counts(db) == before
    cli("ref", "3", "--url", "https://citynet-ap.org/")
    allowed = cli("status", "3", "done", "--note", "已出席", env={"TRACKER_REQUIRE_EVIDENCE": "1"})
    assert allowed.returncode == 0 and allowed.stderr == ""


# ---------------------------------------------------------------------------
# Progress


def test_progress_on_its_own_with_a_note_and_with_a_status(cli, db):
    result = cli("progress", "3", "60%")
    assert result.stdout.splitlines() == [
        "uclg16-3 辦理狀態：未辦理 → 辦理中（版本 2）",  # progress made: the work has started
        "uclg16-3 執行進度：0% → 60%（版本 2）",
    ]
    assert cli("progress", "3", "７０％").stdout == "uclg16-3 執行進度：60% → 70%（版本 3）\n"
    noted = cli("note", "3", "已完成行程規劃", "--progress", "80")
    assert noted.stdout.splitlines() == ["uclg16-3 已新增辦理情形（版本 4）", "uclg16-3 執行進度：70% → 80%（版本 4）"]
    held = cli("status", "3", "on_hold", "--progress", "75", "--note", "會期延後，部分行程取消")
    assert held.stdout.splitlines() == [
        "uclg16-3 狀態：辦理中 → 暫緩辦理（版本 5）",
        "uclg16-3 執行進度：80% → 75%（版本 5）",
    ]
    lowered = cli("progress", "3", "50", "--note", "經費刪減")
    assert lowered.returncode == 0
    item = _item(cli)
    assert (item["progress"], item["status"]) == (50, "on_hold")
    listed = _json(cli("list", "--format", "json"))
    assert [i["progress"] for i in listed] == [0, 0, 50, 0, 0, 0, 0, 0]
    table = cli("list").stdout.splitlines()
    assert table[0].split()[-1] == "進度" and table[4].split()[-1] == "50%"
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout)))
    assert rows[2]["progress"] == "50" and rows[2]["adoption"] == "adopted" and rows[2]["evidence_count"] == "0"
    history = cli("history", "3").stdout
    assert "80%" in history and "75%" in history


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["progress", "3", "101"], ["「101」", "0 到 100"]),
        (["progress", "3", "-5"], ["「-5」", "0 到 100"]),
        (["progress", "3", "六十"], ["「六十」"]),
        (["progress", "3", "60.5"], ["「60.5」"]),
        (["progress", "3", ""], ["0 到 100"]),
        (["progress", "3", "0"], ["已經是 0%"]),
        (["progress", "1", "20"], ["降為 20%", "--note"]),
        (["progress", "2", "50"], ["已完成", "固定為 100%"]),
        (["note", "3", "說明", "--progress", "abc"], ["「abc」"]),
        (["status", "3", "done", "--note", "完成", "--progress", "90"], ["100%", "不能是 90%"]),
        (["status", "3", "in_progress", "--progress", "200"], ["「200」"]),
    ],
    ids=[
        "over-100",
        "negative",
        "chinese-numerals",
        "fraction",
        "empty",
        "same",
        "lowered-without-reason",
        "closed",
        "note-not-a-number",
        "done-not-100",
        "status-over-100",
    ],
)
def test_a_bad_progress_writes_nothing(cli, db, args, words):
    assert cli("progress", "1", "40").returncode == 0
    assert cli("status", "2", "done", "--note", "已出席").returncode == 0
    before = written_counts(db)
    _refused(cli(*args), *words)
    assert written_counts(db) == before


# ---------------------------------------------------------------------------
# Adoption


def test_not_adopted_drops_the_work_and_asks_for_release_in_one_save(cli, db):
    result = cli("adopt", "6", "不採行", "--note", "花博行銷改由新聞局統籌")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "uclg16-6 採行：採行 → 不採行（版本 2）",
        "uclg16-6 辦理狀態：未辦理 → 不採行（版本 2）",
        "uclg16-6 列管狀態：列管中 → 待審（版本 2）",
    ]
    item = _item(cli, "6")
    assert (item["adoption"], item["status"], item["tracking"]) == ("not_adopted", "dropped", "pending")
    partly = cli("--lang", "en", "adopt", "7", "partial", "--note", "only the video")
    assert partly.stdout == "uclg16-7 Adoption: Adopted → Partly adopted (version 2)\n"
    assert _item(cli, "7")["adoption"] == "partial"
    assert "部分採行" in cli("show", "7").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["adopt", "3", "maybe", "--note", "x"], ["不認得採行情形「maybe」", "adopted", "部分採行"]),
        (["adopt", "3", "not_adopted"], ["理由"]),
        (["adopt", "3", "採行", "--note", "x"], ["已經是「採行」"]),
    ],
    ids=["unknown", "no-reason", "same"],
)
def test_a_bad_adoption_writes_nothing(cli, db, args, words):
    before = written_counts(db)
    _refused(cli(*args), *words)
    assert written_counts(db) == before


# ---------------------------------------------------------------------------
# Officers and supporting units


def test_assign_officer_and_supporting_units_prints_each_change(cli, db):
    result = cli(
        "assign", "6", "--officer", "王小明", "--support", "農業局", "--support", "觀光旅遊局", "--note", "分工"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "uclg16-6 承辦人：（無） → 王小明（版本 2）",
        "uclg16-6 協辦單位：農業局 → 農業局、觀光旅遊局（版本 2）",
    ]
    moved = cli("assign", "6", "新聞局", "--no-officer", "--no-support", "--note", "改由新聞局獨辦")
    assert moved.stdout.splitlines() == [
        "uclg16-6 主辦單位：秘書處國際事務科 → 新聞局（版本 3）",
        "uclg16-6 承辦人：王小明 → （無）（版本 3）",
        "uclg16-6 協辦單位：農業局、觀光旅遊局 → （無）（版本 3）",
    ]
    item = _item(cli, "6")
    assert (item["officer"], item["supporting_units"], item["owner"]["unit_zh"]) == (None, [], "新聞局")
    cli("assign", "6", "--officer", "林承辦", "--support", "農業局", "--note", "補列")
    item = _item(cli, "6")
    assert item["officer"] == "林承辦" and item["supporting_units"] == [{"unit_zh": "農業局", "unit_en": None}]
    shown = cli("show", "6").stdout
    assert "承辦人          林承辦" in shown and "協辦單位        農業局" in shown
    fields = [h["field"] for h in _json(cli("history", "6", "--format", "json"))]
    assert fields.count("officer") == 3 and fields.count("supporting_units") == 3


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["assign", "6", "--note", "x"], ["沒有要變更的項目"]),
        (["assign", "6", "--officer", "王小明"], ["理由"]),
        (["assign", "6", "--officer", "王小明", "--no-officer", "--note", "x"], ["--no-officer"]),
        (["assign", "6", "--support", "農業局", "--no-support", "--note", "x"], ["--no-support"]),
        (["assign", "6", "--support", "農業局", "--note", "x"], ["都和現在相同"]),
        (["assign", "6", "--officer", "  ", "--note", "x"], ["不可空白"]),
    ],
    ids=["nothing", "no-reason", "officer-both", "support-both", "same", "blank-officer"],
)
def test_a_bad_assignment_writes_nothing(cli, db, args, words):
    before = written_counts(db)
    _refused(cli(*args), *words)
    assert written_counts(db) == before


# ---------------------------------------------------------------------------
# Corrections


def _last_id(cli, ref="3") -> int:
    return _json(cli("history", ref, "--format", "json"))[-1]["id"]


def test_a_correction_restores_or_sets_the_value_and_every_view_marks_it(cli, db):
    cli("assign", "3", "--officer", "王小名", "--note", "指定承辦人")
    typo = _last_id(cli)
    result = cli("correct", str(typo), "--note", "姓名打錯", "--value", "王小明")
    assert result.returncode == 0, result.stderr
    fixed = _last_id(cli)
    assert (
        result.stdout == f"已更正第 {typo} 筆（uclg16-3 承辦人）：王小名 → 王小明；更正紀錄為第 {fixed} 筆（版本 3）\n"
    )
    assert _item(cli)["officer"] == "王小明"
    history = _json(cli("history", "3", "--format", "json"))
    by_id = {h["id"]: h for h in history}
    assert (by_id[typo]["corrected_by"], by_id[typo]["corrects"]) == (fixed, None)
    assert (by_id[fixed]["corrects"], by_id[fixed]["corrected_by"]) == (typo, None)
    assert set(history[0]) >= {"item", "version", "at", "by", "field", "from", "to", "note", "id"}
    table = cli("history", "3").stdout.splitlines()
    assert table[0].split()[0] == "#" and table[0].split()[-1] == "更正"
    typo_line = next(line for line in table if line.startswith(f"{typo} "))
    assert f"已更正 #{fixed}" in typo_line
    assert f"更正第 {typo} 筆" in next(line for line in table if line.startswith(f"{fixed} "))
    shown = cli("show", "3").stdout
    assert f"已更正 #{fixed}" in shown and f"更正第 {typo} 筆" in shown


def test_a_corrected_note_no_longer_counts_as_the_latest(cli, db):
    cli("note", "3", "已報名執委會")
    cli("note", "3", "（誤植）這是第 4 項的說明")
    wrong = _last_id(cli)
    result = cli("correct", str(wrong), "--note", "寫錯項目", "--item", "uclg16-3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"已更正第 {wrong} 筆（uclg16-3 辦理情形）：不再列為最新辦理情形；")
    assert _item(cli)["latest_note"] == "已報名執委會"
    rounds = cli("show", "3").stdout.split("辦理情形與審查意見")[1].split("異動紀錄")[0]
    assert "辦理情形（已更正）" in rounds and "寫錯項目" not in rounds
    assert cli("status", "3", "in_progress").returncode == 0
    back = cli("correct", str(_last_id(cli)), "--note", "尚未開始")
    assert back.returncode == 0, back.stderr
    assert "辦理狀態）：辦理中 → 未辦理" in back.stdout and _item(cli)["status"] == "not_started"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["correct", "99999", "--note", "x"], ["沒有第 99999 筆異動紀錄"]),
        (["correct", "abc", "--note", "x"], ["紀錄編號「abc」"]),
        (["correct", "{officer}", "--note", "x", "--item", "4"], ["是 uclg16-3 的紀錄"]),
        (["correct", "{officer}"], ["更正需要說明原因"]),
        (["correct", "{created}", "--note", "x"], ["不能用更正改變"]),
        (["correct", "{officer}", "--note", "x", "--item", "99"], ["找不到建議事項"]),
        (["correct", "{corrected}", "--note", "again"], ["已由第"]),
    ],
    ids=["nothing", "not-a-number", "another-item", "no-reason", "not-correctable", "unknown-item", "twice"],
)
def test_a_bad_correction_writes_nothing(cli, db, args, words):
    cli("assign", "3", "--officer", "王小名", "--note", "指定")
    officer = _last_id(cli)
    cli("assign", "3", "--support", "農業局", "--note", "協辦")
    corrected = _last_id(cli)
    cli("correct", str(corrected), "--note", "不需協辦")
    created = _json(cli("history", "3", "--format", "json"))[0]["id"]
    ids = {"officer": officer, "corrected": corrected, "created": created}
    before = written_counts(db)
    _refused(cli(*[a.format(**ids) for a in args]), *words)
    assert written_counts(db) == before


# ---------------------------------------------------------------------------
# list, show and history


def test_list_json_keeps_its_keys_and_gains_the_new_ones(cli, db):
    cli("assign", "6", "--officer", "王小明", "--note", "指定")
    cli("ref", "6", "--doc-no", "府授秘外字第1050123456號")
    cli("progress", "6", "30")
    item = next(i for i in _json(cli("list", "--format", "json")) if i["number"] == 6)
    assert set(item) >= {"key", "number", "owner", "status", "latest_note", "version", "updated_by"}
    assert (item["progress"], item["adoption"], item["officer"], item["evidence_count"]) == (30, "adopted", "王小明", 1)
    assert item["supporting_units"] == [{"unit_zh": "農業局", "unit_en": "Agriculture Bureau"}]
    assert item["owner"]["officer"] == "王小明"  # the existing key keeps its meaning


def test_show_prints_progress_adoption_and_the_documents(cli, tmp_path):
    (tmp_path / "紀錄.txt").write_text("紀錄")
    cli("attach", "3", str(tmp_path / "紀錄.txt"))
    cli("progress", "3", "40")
    shown = cli("show", "3").stdout
    assert "執行進度        40%" in shown and "採行            採行" in shown
    documents = shown.split("\n佐證資料\n")[1].split("\n\n")[0].splitlines()
    assert documents[0].split()[:3] == ["#", "類別", "檔名／文號／網址"] and "紀錄.txt" in documents[2]
    assert "\n佐證資料\n（無）\n" in cli("show", "4").stdout
    english = cli("--lang", "en", "show", "3").stdout
    assert "Progress" in english and "Adoption" in english and "Supporting documents" in english
