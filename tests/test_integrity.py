"""Tamper evidence: the guards on the history, its hash chain, and `tracker db check`.

Each tampering is done the way a colleague with a database shell would do it (sqlite3, or
raw SQL through database.execute), never through the tracker; `db check` must then name it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.exc import DBAPIError

from tracker.bootstrap import open_service, seed_if_empty
from tracker.domain import InputError, Status
from tracker.seed import load_seed
from tracker.storage import queries
from tracker.storage.chain import GENESIS, canonical_time, row_hash
from tracker.storage.driver import Database
from tracker.storage.schema import HEAD, SchemaState, ensure_current, schema_state

from conftest import SEED, as_user, make_settings

FROZEN = datetime(2016, 12, 9, 1, 2, 3, 456, tzinfo=UTC)  # microseconds that must survive both backends


def _check(run_cli, database, *options):
    return run_cli("--db", database.target, *options, "db", "check")


def _busy_history(service, colleague: str = "王小明"):
    """A database in use: status changes, notes, a new owner and a moved deadline."""
    service.set_status("3", Status.IN_PROGRESS, "已報名")
    service.add_note("3", "已完成報名並安排出席人員")
    as_user(service, colleague).assign("5", "新聞局", "改由新聞局主辦")
    service.move_deadline("4", date(2017, 6, 30), "會議延期")
    service.set_status("1", Status.DONE, "已出席並連任世界理事")


def _expected_hashes(database) -> list[tuple[int, str, str]]:
    """(id, stored hash, the hash as the documented definition gives it), computed here
    from the raw rows without the tracker's code."""
    rows = database.rows(
        'SELECT id, item_id, version, at, "by", field, old, new, note, row_hash FROM changes ORDER BY id'
    )
    result, prev = [], "0" * 64
    for row in rows:
        at = row.at if isinstance(row.at, str) else row.at.isoformat(sep=" ", timespec="microseconds")
        content = [prev, row.id, row.item_id, row.version, at, row.by, row.field, row.old, row.new, row.note]
        prev = hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
        result.append((row.id, row.row_hash, prev))
    return result


def _drop_trigger(database, name: str) -> None:
    database.execute(f"DROP TRIGGER {name}" + ("" if database.is_sqlite else " ON changes"))


# ---------------------------------------------------------------------------
# A healthy database, and the chain itself


def test_a_database_in_use_checks_clean_and_shows_the_chains_anchor(service, run_cli, database):
    _busy_history(service)
    result = _check(run_cli, database)
    assert result.returncode == 0, result.stderr
    last_id, last_hash = database.rows("SELECT id, row_hash FROM changes ORDER BY id DESC LIMIT 1")[0]
    assert f"結構版本 {HEAD}" in result.stdout and "15 筆異動紀錄" in result.stdout
    assert f"第 {last_id} 筆，{last_hash}" in result.stdout
    english = _check(run_cli, database, "--lang", "en")
    assert english.returncode == 0 and "Database check passed" in english.stdout


def test_every_row_carries_the_documented_hash(service, database):
    _busy_history(service)
    hashes = _expected_hashes(database)
    assert len(hashes) == 15
    assert all(stored == expected for _id, stored, expected in hashes)


def test_rows_saved_in_one_transaction_are_chained_in_order(service, tmp_path, database):
    """A re-import adds several rows in one flush: they chain in the order they were added."""
    doc = load_seed(SEED)
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["items"][0]["title_zh"] += "（修正）"
    data["items"][0]["text_zh"] += "（修正）"
    data["items"][0]["deadline"] = "2017-01-31"
    path = tmp_path / doc.path.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert service.import_report(load_seed(path)).updated == 1
    fields = database.rows("SELECT field FROM changes WHERE item_id = 1 ORDER BY id")
    assert [row.field for row in fields] == ["created", "title_zh", "text_zh", "deadline"]
    assert all(stored == expected for _id, stored, expected in _expected_hashes(database))


def test_time_is_hashed_as_utc_with_microseconds_whatever_its_form():
    taipei = timezone(timedelta(hours=8))
    text = "2016-12-09 01:02:03.000456"
    assert canonical_time(FROZEN) == text  # what the tracker hands over
    assert canonical_time(FROZEN.astimezone(taipei)) == text
    assert canonical_time(datetime(2016, 12, 9, 1, 2, 3, 456)) == text  # what PostgreSQL hands back
    assert canonical_time(text) == text  # what SQLite hands back
    assert canonical_time("2016-12-09 01:02:03") == "2016-12-09 01:02:03.000000"
    first = row_hash(GENESIS, 1, 1, 1, FROZEN, "tester", "created", None, "標題", "seed.yaml")
    assert first == row_hash(GENESIS, 1, 1, 1, text, "tester", "created", None, "標題", "seed.yaml")
    assert first != row_hash(GENESIS, 1, 1, 1, text, "tester", "created", None, "標題", "seed.yml")


@pytest.mark.backends("postgresql")
def test_the_same_history_hashes_the_same_on_sqlite_and_postgresql(tmp_path, database):
    hashes = []
    login = database.login  # PostgreSQL records its login: SQLite is given the same name
    for target in (str(tmp_path / "same.sqlite3"), database.target):
        service = open_service(replace(make_settings(target, user=login), frozen_now=FROZEN), creating=True)
        seed_if_empty(service, SEED)
        _busy_history(service, colleague=login)
        with service.db.read() as session:
            hashes.append(session.rows("SELECT id, row_hash FROM changes ORDER BY id"))
        service.db.dispose()
    assert len(hashes[0]) == 15 and hashes[0] == hashes[1]


def test_concurrent_writers_on_different_items_keep_one_chain(service, run_cli, database):
    """Each writer its own connection pool, as separate processes would have; without the
    history lock two of them would chain onto the same row."""
    errors = []

    def write(ref: str, user: str) -> None:
        colleague = as_user(service, user)
        colleague.db = Database(database.url)
        try:
            for n in range(15):
                colleague.add_note(ref, f"{user} 第 {n} 次")
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            colleague.db.dispose()

    threads = [threading.Thread(target=write, args=(str(n), f"staff{n}")) for n in (2, 5, 6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert database.scalar("SELECT count(*) FROM changes") == 8 + 4 * 15
    assert all(stored == expected for _id, stored, expected in _expected_hashes(database))
    assert _check(run_cli, database).returncode == 0


# ---------------------------------------------------------------------------
# History that changes without a trace


@pytest.mark.backends("sqlite")
def test_insert_or_replace_cannot_rewrite_history(service, database):
    before = database.rows("SELECT * FROM changes WHERE id = 3")
    with sqlite3.connect(database.target) as connection, pytest.raises(sqlite3.IntegrityError, match="replaced"):
        connection.execute(
            "INSERT OR REPLACE INTO changes (id, item_id, version, at, by, field, note, row_hash)"
            " VALUES (3, 3, 1, '2016-12-09 00:00:00.000000', 'x', 'created', '改寫', 'x')"
        )
    assert database.rows("SELECT * FROM changes WHERE id = 3") == before


def test_an_upsert_cannot_rewrite_history(service, database):
    """SQLite's guard refuses the insert; PostgreSQL's UPDATE trigger refuses ON CONFLICT DO UPDATE."""
    before = database.rows("SELECT * FROM changes WHERE id = 3")
    with pytest.raises(DBAPIError, match="append-only"):
        database.execute(
            'INSERT INTO changes (id, item_id, version, at, "by", field, note, row_hash)'
            " VALUES (3, 3, 1, '2016-12-09 00:00:00', 'x', 'created', '改寫', 'x')"
            " ON CONFLICT (id) DO UPDATE SET note = excluded.note"
        )
    assert database.rows("SELECT * FROM changes WHERE id = 3") == before


def _write_report(tmp_path, name: str, events: list[dict], items: list[dict], key: str = "apcs17") -> object:
    data = {"report": {"key": key, "title_zh": "出席2017亞太城市峰會報告"}, "events": events, "items": items}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


REUSED_EVENT = {"key": "uclg-world-congress-2016", "name_zh": "另一個會議", "start": "2017-09-10"}
ITEM_ON_EVENT = {"number": 1, "title_zh": "推動城市交流", "text_zh": "建議持續推動交流。", "owner": "秘書處國際事務科"}


def test_another_reports_event_key_is_not_rewritten(service, tmp_path, database, run_cli):
    event_before = database.rows("SELECT * FROM events ORDER BY id")
    items_before = database.rows(f"SELECT {_ITEM_COLUMNS_0001} FROM items ORDER BY id")
    path = _write_report(tmp_path, "apcs17.yaml", [REUSED_EVENT], [{**ITEM_ON_EVENT, "event": REUSED_EVENT["key"]}])
    with pytest.raises(InputError) as err:
        service.import_report(load_seed(path))
    assert err.value.key == "error.event_key_taken"
    assert (err.value.params["key"], err.value.params["report"]) == ("uclg-world-congress-2016", "uclg16")
    result = run_cli("--db", database.target, "import", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "uclg-world-congress-2016" in result.stderr and "uclg16" in result.stderr
    assert database.rows("SELECT * FROM events ORDER BY id") == event_before  # nothing written
    assert database.rows(f"SELECT {_ITEM_COLUMNS_0001} FROM items ORDER BY id") == items_before
    assert database.scalar("SELECT count(*) FROM reports") == 1


def test_a_shared_event_with_the_same_details_and_a_reports_own_event_still_import(service, tmp_path, database):
    seed_event = next(e for e in yaml.safe_load(SEED.read_text(encoding="utf-8"))["events"] if e["key"] == "apcs-2017")
    same = _write_report(tmp_path, "apcs17.yaml", [seed_event], [{**ITEM_ON_EVENT, "event": "apcs-2017"}])
    assert service.import_report(load_seed(same)).created == 1
    own = {"key": "apcs17-side-event", "name_zh": "周邊活動", "start": "2017-09-11"}
    path = _write_report(tmp_path, "apcs17.yaml", [seed_event, own], [{**ITEM_ON_EVENT, "event": own["key"]}])
    service.import_report(load_seed(path))
    own["name_zh"] = "周邊活動（更名）"
    path = _write_report(tmp_path, "apcs17.yaml", [seed_event, own], [{**ITEM_ON_EVENT, "event": own["key"]}])
    service.import_report(load_seed(path))  # its own event: updated as before
    assert database.scalar("SELECT name_zh FROM events WHERE key = 'apcs17-side-event'") == "周邊活動（更名）"


def test_a_new_english_owner_name_from_the_file_is_recorded(service, tmp_path, database, run_cli):
    item = {**ITEM_ON_EVENT, "owner": {"zh": "新聞局", "en": "Information Bureau"}}
    path = _write_report(tmp_path, "apcs17.yaml", [], [item])
    service.import_report(load_seed(path))
    item["owner"]["en"] = "Information Bureau, Taichung"
    path = _write_report(tmp_path, "apcs17.yaml", [], [item])
    assert service.import_report(load_seed(path)).updated == 1
    with service.db.read() as session:
        row = queries.get_item(session, queries.resolve_item_id(session, "apcs17-1"))
        last = queries.history(session, item_id=row.id)[-1]
    assert (row.owner_en, row.version) == ("Information Bureau, Taichung", 2)
    assert (last.field, last.old, last.new, last.version) == ("owner_en", "Information Bureau", row.owner_en, 2)
    assert _check(run_cli, database).returncode == 0


# ---------------------------------------------------------------------------
# Tampering that `db check` must name


def _assert_named(result, *fragments: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "資料庫檢查未通過" in result.stderr and "未預期" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


SQLITE_GUARD_TAMPERING = {
    "drop the delete guard": (["DROP TRIGGER changes_no_delete"], "觸發器 changes_no_delete"),
    "drop the replace guard": (["DROP TRIGGER changes_no_replace"], "觸發器 changes_no_replace"),
    "narrow the update guard": (
        [
            "DROP TRIGGER changes_no_update",
            "CREATE TRIGGER changes_no_update BEFORE UPDATE OF note ON changes"
            " BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be updated'); END",
        ],
        "changes_no_update 已被修改",
    ),
    "add a trigger": (["CREATE TRIGGER touch AFTER INSERT ON changes BEGIN SELECT 1; END"], "觸發器 touch"),
}
POSTGRES_GUARD_TAMPERING = {
    "drop the update and delete guard": (["DROP TRIGGER changes_no_update ON changes"], "觸發器 changes_no_update"),
    "disable the truncate guard": (
        ["ALTER TABLE changes DISABLE TRIGGER changes_no_truncate"],
        "changes_no_truncate 已被停用",
    ),
    "leave deletes out": (
        [
            "DROP TRIGGER changes_no_update ON changes",
            "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes FOR EACH ROW EXECUTE FUNCTION changes_append_only()",
        ],
        "changes_no_update 已被修改",
    ),
    "defuse the function": (
        [
            "CREATE OR REPLACE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql"
            " AS $$ BEGIN RETURN NEW; END $$"
        ],
        "函式 changes_append_only",
    ),
    "add a rule": (["CREATE RULE quiet AS ON INSERT TO changes DO INSTEAD NOTHING"], "規則 quiet"),
}


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("tampering", SQLITE_GUARD_TAMPERING)
def test_a_missing_or_altered_guard_is_named_on_sqlite(service, run_cli, database, tampering):
    statements, named = SQLITE_GUARD_TAMPERING[tampering]
    with sqlite3.connect(database.target) as connection:
        for statement in statements:
            connection.execute(statement)
    _assert_named(_check(run_cli, database), named)


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize("tampering", POSTGRES_GUARD_TAMPERING)
def test_a_missing_or_altered_guard_is_named_on_postgresql(service, run_cli, database, tampering):
    statements, named = POSTGRES_GUARD_TAMPERING[tampering]
    for statement in statements:
        database.execute(statement)
    _assert_named(_check(run_cli, database), named)


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("status", "'done'", "uclg16-5 的辦理狀態為 'done'，但依異動紀錄應為 'not_started'"),
        ("owner_zh", "'觀光旅遊局'", "uclg16-5 的主辦單位為 '觀光旅遊局'，但依異動紀錄應為 '新聞局'"),
        ("version", "version + 1", "uclg16-5 的版本為 4，但依異動紀錄應為 3"),
        ("deadline", "original_deadline", "uclg16-5 的預定完成日期"),
    ],
)
def test_an_item_changed_without_history_is_named(service, run_cli, database, column, value, named):
    service.assign("5", "新聞局", "改由新聞局主辦")
    service.move_deadline("5", date(2017, 6, 30), "會議延期")
    database.execute(f"UPDATE items SET {column} = {value} WHERE key = 'uclg16-5'")
    _assert_named(_check(run_cli, database), named)


def test_an_unmoved_deadline_changed_directly_is_named(service, run_cli, database):
    database.execute("UPDATE items SET deadline = '2017-12-31' WHERE key = 'uclg16-3'")
    _assert_named(_check(run_cli, database), "uclg16-3 的預定完成日期為")


def test_a_back_dated_history_row_breaks_the_chain(service, run_cli, database):
    _busy_history(service)
    new_id = database.scalar("SELECT max(id) FROM changes") + 1
    # A forger who knows the definition still cannot chain onto the right row without it...
    prev = database.scalar("SELECT row_hash FROM changes WHERE id = 2")
    forged = row_hash(prev, new_id, 2, 2, "2016-11-01 09:00:00.000000", "王小明", "note", None, None, "補登")
    database.execute(
        'INSERT INTO changes (id, item_id, version, at, "by", field, note, row_hash)'
        " VALUES (:id, 2, 2, '2016-11-01 09:00:00', '王小明', 'note', '補登', :hash)",
        id=new_id,
        hash=forged,
    )
    # ... and the item was not changed with it: its version is behind its history.
    _assert_named(_check(run_cli, database), f"雜湊鏈自第 {new_id} 筆起不符（共 1 筆）", "uclg16-2 的版本為 1")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_changed_row_anywhere_is_named_even_with_the_guard_put_back(service, run_cli, database, where):
    _busy_history(service)
    ids = [row.id for row in database.rows("SELECT id FROM changes ORDER BY id")]
    target = {"first": ids[0], "middle": ids[len(ids) // 2], "last": ids[-1]}[where]
    definition = (
        database.rows("SELECT sql FROM sqlite_master WHERE name = 'changes_no_update'") if database.is_sqlite else None
    )
    _drop_trigger(database, "changes_no_update")
    database.execute("UPDATE changes SET note = note || '（改）', \"by\" = 'x' WHERE id = :id", id=target)
    if database.is_sqlite:
        database.execute(definition[0].sql)
    else:
        database.execute(
            "CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes"
            " FOR EACH ROW EXECUTE FUNCTION changes_append_only()"
        )
    result = _check(run_cli, database)
    _assert_named(result, f"雜湊鏈自第 {target} 筆起不符（共 1 筆）")
    assert "觸發器" not in result.stderr  # the guard is as it was: only the chain tells


def test_a_removed_row_is_named_by_the_row_after_it(service, run_cli, database):
    _busy_history(service)
    _drop_trigger(database, "changes_no_delete" if database.is_sqlite else "changes_no_update")
    database.execute("DELETE FROM changes WHERE id = 4")
    # Item 4's deadline was moved later: its history now starts at version 2.
    _assert_named(_check(run_cli, database), "雜湊鏈自第 5 筆起不符（共 1 筆）", "uclg16-4 的異動紀錄版本不連續")


@pytest.mark.backends("sqlite")
def test_values_the_tracker_cannot_read_are_named(service, run_cli, database):
    with sqlite3.connect(database.target) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE items SET deadline = '2016-02-30' WHERE id = 1")
        connection.execute("UPDATE items SET original_deadline = 'next week' WHERE id = 2")
        connection.execute("UPDATE items SET last_note_at = '2016-12-09' WHERE id = 3")
        connection.execute("UPDATE items SET supporting_units = '[{' WHERE id = 4")
        connection.execute("UPDATE items SET status = 'finished', version = 'two' WHERE id = 5")
        connection.execute("UPDATE reports SET report_date = 20161209")
    result = _check(run_cli, database)
    _assert_named(
        result,
        "items.deadline（第 1 列）為 '2016-02-30'",
        "items.original_deadline（第 2 列）為 'next week'",
        "items.last_note_at（第 3 列）為 '2016-12-09'",
        "items.supporting_units（第 4 列）為 '[{'",
        "items.version（第 5 列）為 'two'",
        "uclg16-5 的辦理狀態 'finished' 不是已知的狀態",
        "reports.report_date（第 1 列）為 20161209",
    )


@pytest.mark.backends("postgresql")
def test_an_unknown_status_is_named_on_postgresql(service, run_cli, database):
    database.execute("ALTER TABLE items DROP CONSTRAINT ck_items_status")
    database.execute("UPDATE items SET status = 'finished' WHERE id = 5")
    _assert_named(_check(run_cli, database), "uclg16-5 的辦理狀態 'finished' 不是已知的狀態")


def test_a_dropped_history_table_is_named(service, run_cli, database):
    database.execute("DROP TABLE changes" if database.is_sqlite else "DROP TABLE changes CASCADE")
    result = _check(run_cli, database)
    _assert_named(result, "缺少資料表 changes")
    if database.is_sqlite:  # its triggers went with it
        assert "觸發器 changes_no_update" in result.stderr


@pytest.mark.backends("sqlite")
def test_a_damaged_file_is_reported_not_crashed_on(service, run_cli, database, tmp_path):
    service.db.dispose()
    with sqlite3.connect(database.target) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with open(database.target, "r+b") as handle:  # the data pages, not the header and schema
        handle.seek(2 * page_size)
        handle.write(b"\xa5" * (pages - 2) * page_size)
    result = _check(run_cli, database)
    assert result.returncode == 1 and "未預期" not in result.stderr, result.stderr
    assert "SQLite" in result.stderr or "讀取資料庫時出錯" in result.stderr
    header = tmp_path / "header.sqlite3"
    header.write_bytes(b"not a database at all" * 100)
    result = run_cli("--db", str(header), "db", "check")
    _assert_named(result, "這不是 SQLite 資料庫檔案")
    assert header.read_bytes() == b"not a database at all" * 100


def test_problems_of_one_kind_are_counted_past_the_first_twenty(service, run_cli, database):
    for number in range(9, 40):
        database.execute(
            "INSERT INTO items (key, report_id, number, title_zh, text_zh, owner_zh, supporting_units,"
            " deadline_source, status, version, created_at, updated_at, updated_by)"
            " VALUES (:key, 1, :number, 't', 't', 'o', '[]', 'assigned', 'not_started', 1,"
            " '2016-12-09 00:00:00.000000', '2016-12-09 00:00:00.000000', 'x')",
            key=f"uclg16-{number}",
            number=number,
        )
    result = _check(run_cli, database)
    _assert_named(result, "uclg16-9 沒有任何異動紀錄", "同類問題另有 11 個未列出", "發現 31 個問題")
    assert "uclg16-29 沒有" not in result.stderr


@pytest.mark.empty_database
def test_check_never_upgrades_an_older_database(database, run_cli):
    _migrate(database, "0001")
    result = _check(run_cli, database)
    _assert_named(result, "結構版本為 0001", "資料表 changes 缺少欄位 row_hash")
    assert database.scalar("SELECT version_num FROM alembic_version") == "0001"


# ---------------------------------------------------------------------------
# Migration 0002 on a database made by 0001


# The items' columns as 0001 made them (later migrations add others).
_ITEM_COLUMNS_0001 = (
    "id, key, report_id, number, title_zh, title_en, summary_en, text_zh, owner_zh, owner_en, supporting_units,"
    " officer, event_id, deadline, original_deadline, deadline_source, status, version, last_note, last_note_at,"
    " created_at, updated_at, updated_by"
)


def _migrate(database, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from tracker.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _fill_0001(database) -> None:
    """A report, two items and their history, written through the 0001 tables as they are."""
    with database.engine.begin() as connection:
        tables = sa.MetaData()
        tables.reflect(connection, only=["reports", "items", "changes"])
        reports, items, changes = (tables.tables[name] for name in ("reports", "items", "changes"))
        at = datetime(2016, 12, 9, 1, 2, 3)
        connection.execute(sa.insert(reports), [{"key": "old16", "title_zh": "舊報告", "created_at": at}])
        common = {"report_id": 1, "text_zh": "全文", "supporting_units": [], "deadline_source": "assigned"}
        common |= {"owner_zh": "秘書處國際事務科", "created_at": at, "updated_at": at, "updated_by": "曹凱雯"}
        connection.execute(
            sa.insert(items),
            [
                {**common, "key": "old16-1", "number": 1, "title_zh": "一", "status": "in_progress", "version": 3},
                {**common, "key": "old16-2", "number": 2, "title_zh": "二", "status": "not_started", "version": 1},
            ],
        )
        row = {"by": "曹凱雯", "old": None, "new": None, "note": None}
        connection.execute(
            sa.insert(changes),
            [
                {**row, "item_id": 1, "version": 1, "at": at, "field": "created", "new": "一", "note": "old.yaml"},
                {**row, "item_id": 2, "version": 1, "at": at, "field": "created", "new": "二", "note": "old.yaml"},
                {**row, "item_id": 1, "version": 2, "at": at + timedelta(microseconds=7), "field": "status"}
                | {"old": "not_started", "new": "in_progress"},
                {**row, "item_id": 1, "version": 3, "at": at + timedelta(days=3), "field": "note", "note": "已聯繫🎉"},
            ],
        )


@pytest.mark.empty_database
def test_upgrade_from_0001_chains_the_history_already_there(database, run_cli, settings):
    _migrate(database, "0001")
    _fill_0001(database)
    db = Database(database.url)
    before = database.rows('SELECT id, item_id, version, at, "by", field, old, new, note FROM changes ORDER BY id')
    items_before = database.rows(f"SELECT {_ITEM_COLUMNS_0001} FROM items ORDER BY id")
    ensure_current(db)
    assert schema_state(db) == (SchemaState.CURRENT, HEAD)
    after = database.rows('SELECT id, item_id, version, at, "by", field, old, new, note FROM changes ORDER BY id')
    assert after == before and database.rows(f"SELECT {_ITEM_COLUMNS_0001} FROM items ORDER BY id") == items_before
    assert all(stored == expected for _id, stored, expected in _expected_hashes(database))
    # The guards are back (batch mode on SQLite copied the table without them), with the new one.
    with pytest.raises(DBAPIError, match="append-only"):
        database.execute("UPDATE changes SET note = 'x' WHERE id = 1")
    with pytest.raises(DBAPIError, match="append-only"):
        database.execute("DELETE FROM changes WHERE id = 1")
    assert _check(run_cli, database).returncode == 0
    # New history chains onto the migrated rows.
    from tracker.service import Service

    Service(db, settings).add_note("old16-2", "升級後的第一筆")
    db.dispose()
    assert database.scalar("SELECT count(*) FROM changes") == 5
    assert all(stored == expected for _id, stored, expected in _expected_hashes(database))
    assert _check(run_cli, database).returncode == 0
