"""What a 列管表 row carries beyond its status, at the service: supporting documents,
progress, adoption, officers and supporting units, and open corrections of the history.
Every test runs on a SQLite file and on PostgreSQL (the `database` fixture)."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tracker.bootstrap import open_service
from tracker.domain import Adoption, EvidenceKind, InputError, Status, Tracking
from tracker.storage import queries

from conftest import SEED, as_user, make_settings, recorded, written_counts

FIXTURE_020 = Path(__file__).parent / "data" / "tracker-0.2.0.sqlite3"


def _item(service, ref="3"):
    with service.db.read() as db:
        return queries.get_item(db, queries.resolve_item_id(db, ref))


def _history(service, ref="3"):
    with service.db.read() as db:
        return queries.history(db, item_id=queries.resolve_item_id(db, ref))


# -- 佐證資料 ------------------------------------------------------------------------------


def test_files_are_stored_once_with_name_size_hash_type_and_who(service, database, tmp_path):
    pdf = tmp_path / "會議紀錄.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 40)
    copy = tmp_path / "copy-of-minutes.bin"
    shutil.copyfile(pdf, copy)
    row, added = service.attach("3", [pdf, copy], "檢附會議紀錄")
    assert row.evidence_count == 2 and row.last_note == "檢附會議紀錄" and row.version == 2
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert [(e.name, e.size, e.sha256, e.media_type) for e in added] == [
        ("會議紀錄.pdf", pdf.stat().st_size, digest, "application/pdf"),
        ("copy-of-minutes.bin", pdf.stat().st_size, digest, "application/pdf"),  # read from the content
    ]
    assert {e.added_by for e in added} == {recorded(service, "tester")}
    assert {e.note for e in added} == {"檢附會議紀錄"}
    assert database.scalar("SELECT count(*) FROM blobs") == 1  # the same content once
    found, content = service.evidence_file(added[1].id)
    assert content == pdf.read_bytes() and found.name == "copy-of-minutes.bin"
    fields = [(c.field, c.new) for c in _history(service)][-3:]
    assert fields == [("note", None), ("evidence", "會議紀錄.pdf"), ("evidence", "copy-of-minutes.bin")]


def test_references_retractions_and_what_views_show(service, database, tmp_path):
    _, doc_no = service.add_reference("3", EvidenceKind.DOC_NO, "府授秘外字第1050123456號")
    _, url = service.add_reference("3", EvidenceKind.URL, "https://www.taichung.gov.tw/1234?a=1&b=2")
    _, text = service.add_reference("3", EvidenceKind.TEXT, "簽呈已陳核", note="補充說明")
    assert _item(service).evidence_count == 3
    retracted = service.retract_evidence(url.id, "網址貼錯")
    assert retracted.retracted_by is not None
    item, shown = service.evidence("3")
    assert item.evidence_count == 2 and [e.id for e in shown] == [doc_no.id, text.id]
    _, everything = service.evidence("3", retracted=True)
    assert [e.id for e in everything] == [doc_no.id, url.id, text.id]
    assert _history(service)[-1].old == url.value and _history(service)[-1].note == "網址貼錯"
    with pytest.raises(InputError, match="已撤回"):
        service.retract_evidence(url.id, "again")
    with pytest.raises(InputError, match="不是檔案"):
        service.evidence_file(doc_no.id)
    with pytest.raises(InputError, match="沒有編號 999"):
        service.retract_evidence(999, "x")


def test_evidence_rows_and_stored_files_cannot_be_changed_or_deleted(service, database, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("簽到表", encoding="utf-8")
    _, (added,) = service.attach("3", [path])
    for statement in (
        "UPDATE blobs SET content = :x",
        "DELETE FROM blobs",
        "DELETE FROM evidence",
        "UPDATE evidence SET name = 'other.txt'",
    ):
        with pytest.raises(Exception, match=r"cannot|append-only"):
            database.execute(statement, **({"x": b"tampered"} if ":x" in statement else {}))
    service.retract_evidence(added.id, "放錯")
    with pytest.raises(Exception, match="append-only"):  # a retraction is written once
        database.execute("UPDATE evidence SET retracted_by = NULL")
    assert service.evidence_file(added.id)[1] == "簽到表".encode()  # the bytes stay


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.pdf", "找不到檔案"),
        (lambda tmp: tmp, "是資料夾"),
        (lambda tmp: _big(tmp / "big.bin", 1024 * 1024 + 1), "1.00 MB，超過附件上限 1 MB"),
    ],
    ids=["missing", "directory", "over-the-limit"],
)
def test_files_that_cannot_be_attached_write_nothing(service, database, tmp_path, make, message):
    limited = open_service(replace(service.settings, attachment_limit_mb=1))
    good = tmp_path / "good.txt"
    good.write_text("ok")
    before = written_counts(database)
    with pytest.raises(InputError, match=message):
        limited.attach("3", [good, make(tmp_path)], "note")  # one bad file: none is stored
    assert written_counts(database) == before


def _big(path: Path, size: int) -> Path:
    path.write_bytes(b"\0" * size)
    return path


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (EvidenceKind.URL, "ftp://example.gov.tw/a", "不是 http"),
        (EvidenceKind.URL, "javascript:alert(1)", "不是 http"),
        (EvidenceKind.URL, "https://", "不是 http"),
        (EvidenceKind.URL, "https://a b.tw/", "不是 http"),
        (EvidenceKind.DOC_NO, "府授秘外字第\x1b[31m1050123456號", "控制字元"),
        (EvidenceKind.DOC_NO, "府授秘\u202e外字第1050123456號", "控制字元"),
        (EvidenceKind.DOC_NO, "第1\n號", "控制字元"),
        (EvidenceKind.DOC_NO, "   ", "空的"),
        (EvidenceKind.TEXT, "x" * 1001, "超過 1000"),
    ],
)
def test_bad_references_write_nothing(service, database, kind, value, message):
    before = written_counts(database)
    with pytest.raises(InputError, match=message):
        service.add_reference("3", kind, value)
    assert written_counts(database) == before


def test_hostile_file_names_are_kept_as_data(service, tmp_path):
    odd = tmp_path / "..\u202egpj.exe\x1b]0;x\x07.pdf"
    odd.write_bytes(b"%PDF-1.4\n")
    _, (added,) = service.attach("3", [odd])
    assert added.name == "..gpj.exe.pdf"  # no bidi override, no escape; never used as a path
    assert "\x1b" not in (_history(service)[-1].new or "")


def test_release_without_evidence_can_be_refused_by_the_setting(service, database, tmp_path):
    strict = open_service(replace(service.settings, require_evidence=True))
    before = written_counts(database)
    with pytest.raises(InputError, match="require_evidence"):
        strict.set_status("3", Status.DONE, "完成")
    assert written_counts(database) == before
    strict.add_reference("3", EvidenceKind.DOC_NO, "府授秘外字第1050123456號")
    assert strict.set_status("3", Status.DONE, "完成").tracking is Tracking.PENDING


# -- 執行進度 ------------------------------------------------------------------------------


def test_progress_rules(service):
    row = service.add_note("3", "已完成報名", progress=30)
    assert (row.progress, row.status) == (30, Status.IN_PROGRESS)  # progress made: the work has started
    assert [(c.field, c.old, c.new) for c in _history(service)][-3:] == [
        ("note", None, None),
        ("progress", "0", "30"),
        ("status", "not_started", "in_progress"),
    ]
    with pytest.raises(InputError, match="需要說明原因"):
        service.set_progress("3", 10)
    assert service.set_progress("3", 10, "重新估算").progress == 10
    with pytest.raises(InputError, match="已經是 10%"):
        service.set_progress("3", 10, "x")
    with pytest.raises(InputError, match="已完成的執行進度就是 100%"):
        service.set_status("3", Status.DONE, "完成", progress=80)
    with pytest.raises(InputError, match="未辦理的執行進度是 0%"):
        service.set_status("3", Status.NOT_STARTED, progress=20)
    done = service.set_status("3", Status.DONE, "完成")
    assert done.progress == 100
    with pytest.raises(InputError, match="固定為 100%"):
        service.add_note("3", "補充", progress=90)


# -- 採行 ---------------------------------------------------------------------------------


def test_not_adopted_drops_the_work_and_asks_for_release_in_one_save(service, tmp_path):
    assert _item(service, "5").adoption is Adoption.ADOPTED  # the seed's report says so
    row = service.adopt("5", Adoption.NOT_ADOPTED, "經費不足，不派員")
    assert (row.adoption, row.status, row.tracking, row.version) == (
        Adoption.NOT_ADOPTED,
        Status.DROPPED,
        Tracking.PENDING,
        2,
    )
    assert [(c.field, c.new) for c in _history(service, "5")][-3:] == [
        ("adoption", "not_adopted"),
        ("status", "dropped"),
        ("tracking", "pending"),
    ]
    again = service.adopt("5", Adoption.PARTIAL, "市長指示部分辦理")
    assert (again.status, again.tracking) == (Status.NOT_STARTED, Tracking.ACTIVE)
    with pytest.raises(InputError, match="已經是「部分採行」"):
        service.adopt("5", Adoption.PARTIAL, "x")
    with pytest.raises(InputError, match="理由"):
        service.adopt("5", Adoption.ADOPTED, " ")


# -- 承辦人與協辦單位 -------------------------------------------------------------------------


def test_officer_and_supporting_units_change_with_history(service):
    row = service.assign("6", None, "依分工表", officer="王小明", support=["新聞局", "農業局"])
    assert row.officer == "王小明" and [u["zh"] for u in row.supporting_units] == ["新聞局", "農業局"]
    assert row.supporting_units[0]["en"] == "Information Bureau"  # a unit in use keeps its English name
    history = [(c.field, c.old, c.new, c.note) for c in _history(service, "6")][-2:]
    assert history == [
        ("officer", None, "王小明", "依分工表"),
        ("supporting_units", "農業局", "新聞局、農業局", "依分工表"),
    ]
    cleared = service.assign("6", None, "改由本科自辦", clear_officer=True, support=[])
    assert cleared.officer is None and cleared.supporting_units == []
    with pytest.raises(InputError, match="都和現在相同"):
        service.assign("6", None, "x", support=[])
    with pytest.raises(InputError, match="沒有要變更"):
        service.assign("6", None, "x")


def test_a_reimport_keeps_officers_and_units_staff_changed(service, tmp_path):
    import yaml

    from tracker.seed import load_seed

    service.assign("6", None, "依分工表", officer="王小明", support=["新聞局"])
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["number"] == 6)
    owner = item["owner"] if isinstance(item["owner"], dict) else {"zh": item["owner"]}
    item["owner"] = {**owner, "officer": "李大華", "supporting": ["觀光旅遊局"]}
    changed = tmp_path / "seed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = service.import_report(load_seed(changed))
    row = _item(service, "6")
    assert row.officer == "王小明" and [u["zh"] for u in row.supporting_units] == ["新聞局"]
    assert {(6, "officer"), (6, "supporting_units")} <= set(result.kept)


# -- 更正 ---------------------------------------------------------------------------------


def test_a_wrong_note_is_corrected_openly_and_the_latest_note_follows(service):
    service.add_note("3", "已報名")
    wrong = service.add_note("3", "（應記在第4項）已訂機票")
    assert wrong.last_note.startswith("（應記")
    entry = _history(service)[-1]
    row, correction = service.correct(entry.id, "記錯項目")
    assert row.last_note == "已報名" and correction.corrects == entry.id
    marked = _history(service)[-2]
    assert (marked.id, marked.corrected_by) == (entry.id, correction.id)
    # A correction of the correction puts the note back.
    row, second = service.correct(correction.id, "其實沒有記錯")
    assert row.last_note == "（應記在第4項）已訂機票" and second.corrects == correction.id
    with pytest.raises(InputError, match="已由第"):
        service.correct(entry.id, "again")


def test_a_status_set_by_mistake_is_put_back_with_its_progress(service):
    service.add_note("3", "進行中", progress=40)
    service.set_status("3", Status.DONE, "完成")
    done_entry = next(c for c in reversed(_history(service)) if c.field == "status")
    row, correction = service.correct(done_entry.id, "誤按完成")
    assert (row.status, row.tracking, row.progress) == (Status.IN_PROGRESS, Tracking.ACTIVE, 40)
    assert (correction.field, correction.old, correction.new) == ("status", "done", "in_progress")


def test_a_deadline_typo_is_corrected_to_the_value_given(service):
    service.move_deadline("4", date(2017, 6, 30), "會議延期")
    entry = _history(service, "4")[-1]
    row, correction = service.correct(entry.id, "日期打錯", value="106/7/30")
    assert row.deadline == date(2017, 7, 30) and row.original_deadline == date(2016, 12, 31)
    assert (correction.old, correction.new, correction.note) == ("2017-06-30", "2017-07-30", "日期打錯")


def test_corrections_that_cannot_be_made_write_nothing(service, database):
    service.add_note("3", "已報名")
    note = _history(service)[-1]
    service.add_note("3", "late")
    service.set_progress("3", 20)
    service.set_progress("3", 50)
    raised = next(c for c in _history(service) if c.field == "progress" and c.new == "20")  # changed again since
    created = _history(service)[0]
    before = written_counts(database)
    cases = [
        (lambda: service.correct(99_999, "x"), "沒有第 99999 筆"),
        (lambda: service.correct(note.id, "x", item_ref="4"), "是 uclg16-3 的紀錄"),
        (lambda: service.correct(created.id, "x"), "不能用更正"),
        (lambda: service.correct(note.id, " "), "需要說明原因"),
        (lambda: service.correct(raised.id, "x"), "又變更過"),
        (lambda: service.correct(raised.id, "x", value="120"), "0 到 100"),
    ]
    for attempt, message in cases:
        with pytest.raises(InputError, match=message):
            attempt()
    assert written_counts(database) == before


def test_corrections_are_chained_and_checked(service, run_cli, database):
    service.add_note("3", "記錯")
    entry = _history(service)[-1]
    service.correct(entry.id, "記錯項目")
    stored = database.rows("SELECT id, row_hash, corrects FROM changes ORDER BY id")[-1]
    assert stored[2] == entry.id
    check = run_cli("--db", database.target, "db", "check")
    assert check.returncode == 0, check.stderr
    # Re-pointing a correction at another entry breaks the chain (the hash covers `corrects`).
    database.execute("DROP TRIGGER IF EXISTS changes_no_update" + ("" if database.is_sqlite else " ON changes"))
    database.execute("UPDATE changes SET corrects = :other WHERE id = :id", other=entry.id - 1, id=stored[0])
    broken = run_cli("--db", database.target, "db", "check")
    assert broken.returncode != 0 and f"第 {stored[0]} 筆" in broken.stderr


# -- the upgrade -----------------------------------------------------------------------------


@pytest.mark.backends("sqlite")
def test_a_database_of_the_previous_release_keeps_every_row(database, run_cli):
    """tests/data/tracker-0.2.0.sqlite3, made by the 0.2.0 code (schema 0004)."""
    shutil.copyfile(FIXTURE_020, database.target)
    columns = 'id, item_id, version, at, "by", field, old, new, note, row_hash'
    before = database.rows(f"SELECT {columns} FROM changes ORDER BY id")
    items_before = database.rows("SELECT id, key, status, tracking, version, owner_zh, deadline FROM items ORDER BY id")
    assert len(before) == 18
    result = run_cli("--db", database.target, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = {i["number"]: i for i in json.loads(result.stdout)}
    assert database.rows(f"SELECT {columns} FROM changes ORDER BY id") == before  # not a row added or changed
    after = database.rows("SELECT id, key, status, tracking, version, owner_zh, deadline FROM items ORDER BY id")
    assert after == items_before
    assert database.rows("SELECT number, progress, adoption, evidence_count FROM items ORDER BY number") == [
        (1, 100, "adopted", 0),  # done: 100%
        (2, 0, "not_adopted", 0),  # dropped: 不採行
        *[(n, 0, "adopted", 0) for n in range(3, 9)],
    ]
    assert items[1]["status"] == "done"
    # 0008: the rows the import wrote are marked so (its creations), the others staff's
    origins = database.rows("SELECT field, origin FROM changes ORDER BY id")
    assert {o for f, o in origins if f == "created"} == {"import"} and len(
        [f for f, _ in origins if f == "created"]
    ) == 8
    assert {o for f, o in origins if f != "created"} == {"staff"}
    check = run_cli("--db", database.target, "db", "check")
    assert check.returncode == 0, check.stderr
    service = open_service(make_settings(database.target, user="曹凱雯"))
    entry = next(c for c in reversed(_history(service, "8")) if c.field == "deadline")
    row, _ = as_user(service, "王小明").correct(entry.id, "延期日期打錯", value="2017-03-31")
    assert row.deadline == date(2017, 3, 31)


def test_db_check_names_a_changed_file_and_a_count_without_history(service, run_cli, database, tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("會議紀錄", encoding="utf-8")
    _, (added,) = service.attach("3", [path])
    assert run_cli("--db", database.target, "db", "check").returncode == 0
    # A tamperer who gets past the guards (dropping them) is still found out.
    database.execute("DROP TRIGGER blobs_no_update" if database.is_sqlite else "DROP TRIGGER blobs_immutable ON blobs")
    database.execute("UPDATE blobs SET content = :x", x="偽造".encode())
    database.execute("UPDATE items SET evidence_count = 5 WHERE key = 'uclg16-4'")
    broken = run_cli("--db", database.target, "db", "check")
    assert broken.returncode != 0
    assert added.sha256 in broken.stderr and "uclg16-4 記載有 5 件佐證資料，但實際為 0 件" in broken.stderr
    with pytest.raises(InputError, match="SHA-256"):  # and never handed out
        service.evidence_file(added.id)


def test_an_item_without_a_lead_unit_comes_in_unassigned(service, run_cli, database, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "report: {key: apcs17, title_zh: 出席亞太城市峰會}\n"
        "items:\n  - {number: 1, title_zh: 派員出席, text_zh: 建議派員出席。}\n",
        encoding="utf-8",
    )
    assert run_cli("--db", database.target, "import", str(draft)).returncode == 0
    listed = run_cli("--db", database.target, "--report", "apcs17", "list")
    assert "未指派" in listed.stdout
    item = json.loads(run_cli("--db", database.target, "show", "apcs17-1", "--format", "json").stdout)
    assert item["owner"]["unit_zh"] is None
    row = service.assign("apcs17-1", "秘書處國際事務科", "依分工")
    assert row.owner_zh == "秘書處國際事務科" and row.owner_en  # a unit in use keeps its English name


def test_safe_file_names_stay_inside_and_within_the_file_systems_limit():
    from tracker.evidence import safe_file_name

    taken: set[str] = set()
    long_name = safe_file_name("會議紀錄" * 40 + ".pdf", taken)
    assert len(long_name.encode("utf-8")) <= 200 and long_name.endswith(".pdf")
    names = [
        safe_file_name(n, taken) for n in ("../../x", "/etc/passwd", "..", "CON", "a\u202eb.txt", "A.txt", "a.txt")
    ]
    assert all("/" not in n and "\\" not in n and n not in ("", ".", "..") for n in names)
    assert names[3] == "_CON" and names[4] == "ab.txt" and names[6] == "a (2).txt"


def test_an_unassigned_item_says_so_in_the_exported_table(service, run_cli, database, tmp_path):
    import csv
    import io

    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "report: {key: apcs17, title_zh: 出席亞太城市峰會}\nitems:\n  - {number: 1, title_zh: 派員出席, text_zh: 建議派員出席。}\n",
        encoding="utf-8",
    )
    assert run_cli("--db", database.target, "import", str(draft)).returncode == 0
    table = run_cli("--db", database.target, "export", "--format", "csv", "--report", "apcs17", "--no-bom")
    assert table.returncode == 0, table.stderr
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert rows[1][rows[0].index("主辦單位")] == "未指派"
