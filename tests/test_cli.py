"""The command line as users and scripts use it, on SQLite and PostgreSQL.

Calls run in-process through tracker.cli.run (what main() runs); the few tests whose
point is the process itself (exit status, standard input, a real stderr) use run_process.
"""

import json
import sqlite3

import pytest

from tracker.storage.schema import HEAD


@pytest.fixture
def db(database, run_cli):
    result = run_cli("--db", database.target, "init")
    assert result.returncode == 0, result.stderr
    return database


def _history_count(db) -> int:
    return db.scalar("SELECT count(*) FROM changes")


def test_init_is_idempotent(tmp_path, run_cli, db):
    again = run_cli("--db", db.target, "init")
    assert again.returncode == 0
    assert "8 項建議事項" in again.stdout and "新增" not in again.stdout
    assert _history_count(db) == 8


def test_list_json_contract(run_cli, db):
    result = run_cli("--db", db.target, "--today", "105/11/24", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 8
    first = items[0]
    for key in (
        "key",
        "number",
        "report",
        "title_zh",
        "title_en",
        "text_zh",
        "owner",
        "deadline",
        "original_deadline",
        "status",
        "overdue",
        "days_overdue",
        "version",
        "updated_at",
    ):
        assert key in first
    assert first["owner"]["unit_zh"] == "秘書處國際事務科" and first["owner"]["unit_en"]
    by_number = {i["number"]: i for i in items}
    assert by_number[3]["deadline"] == "2016-11-23"
    assert (by_number[3]["overdue"], by_number[3]["days_overdue"]) == (True, 1)
    assert (by_number[4]["overdue"], by_number[4]["days_overdue"]) == (False, None)
    assert first["updated_at"].endswith("+08:00")


def test_list_filters(run_cli, db):
    base = ["--db", db.target, "--today", "2016-11-23"]
    overdue = json.loads(run_cli(*base, "list", "--overdue", "--format", "json").stdout)
    assert [i["number"] for i in overdue] == [1, 2]  # due today (item 3) is not overdue
    soon = json.loads(run_cli(*base, "list", "--due-within", "7", "--format", "json").stdout)
    assert [i["number"] for i in soon] == [3]
    owner = json.loads(run_cli(*base, "list", "--owner", "新聞", "--format", "json").stdout)
    assert [i["number"] for i in owner] == [7]
    owner_en = json.loads(run_cli(*base, "list", "--owner", "information", "--format", "json").stdout)
    assert [i["number"] for i in owner_en] == [7]
    run_cli(*base, "status", "1", "done", "--note", "已出席")
    done = json.loads(run_cli(*base, "list", "--status", "已完成", "--format", "json").stdout)
    assert [i["number"] for i in done] == [1]
    searched = json.loads(run_cli(*base, "list", "--search", "名片", "--format", "json").stdout)
    assert [i["number"] for i in searched] == [8]


def test_list_table_in_english_and_roc(run_cli, db):
    from tracker.output.width import cell_width

    result = run_cli("--db", db.target, "--lang", "en", "--roc", "--today", "2016-11-20", "list")
    assert result.returncode == 0
    assert "Lead unit" in result.stdout and "105/11/23" in result.stdout and "due in 3 days" in result.stdout
    assert "‼" in result.stdout  # overdue rows are marked, not only coloured
    # A header underlined with ─, two spaces between columns, no borders; plain in a pipe.
    lines = result.stdout.splitlines()
    assert lines[0].split("  ")[0] == "Key" and set(lines[1]) == {"─", " "}
    assert lines[-1] == "Total 8 · ‼ overdue 2" and "\x1b" not in result.stdout
    rows = [line for line in lines if line.startswith("uclg16-")]
    assert len(rows) == 8
    status_at = cell_width(lines[0][: lines[0].index("Status")])
    assert all(cell_width(row[: row.index("Not started")]) == status_at for row in rows)
    chinese = run_cli("--db", db.target, "--today", "2016-11-20", "list").stdout.splitlines()
    assert chinese[0].split() == ["代號", "建議事項", "主辦單位", "預定完成日期", "剩餘／逾期", "辦理狀態", "進度"]
    assert "uclg16-3  出席馬加智CityNet第34屆執委會並推動姊妹市交流" in chinese[4]
    assert chinese[-1] == "合計 8 · ‼ 逾期 2"


def test_list_csv_neutralises_formulas(run_cli, db):
    run_cli("--db", db.target, "note", "3", '=HYPERLINK("http://x")')
    result = run_cli("--db", db.target, "list", "--format", "csv")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[2]["latest_note"].startswith("'=")


def test_status_note_assign_due_and_history(run_cli, db):
    base = ["--db", db.target, "--user", "曹凱雯"]
    assert run_cli(*base, "status", "3", "in_progress", "--note", "已報名").returncode == 0
    assert run_cli(*base, "note", "uclg16-3", "完成行程規劃").returncode == 0
    assert run_cli(*base, "assign", "3", "新聞局", "--note", "改由新聞局主辦").returncode == 0
    result = run_cli(*base, "due", "3", "105年11月30日", "--note", "會期調整")
    assert result.returncode == 0 and "2016-11-30" in result.stdout
    shown = json.loads(run_cli(*base, "show", "3", "--format", "json").stdout)
    assert shown["version"] == 5 and shown["original_deadline"] == "2016-11-23" and shown["deadline"] == "2016-11-30"
    assert [h["field"] for h in shown["history"]] == ["deadline", "owner", "note", "status", "created"]
    history = json.loads(run_cli(*base, "history", "3", "--format", "json").stdout)
    assert set(history[0]) >= {"item", "at", "by", "field", "from", "to", "note"}
    assert history[-1]["by"] == db.recorded("曹凱雯") and history[-1]["from"] == "2016-11-23"
    since = json.loads(run_cli(*base, "history", "--since", "2000-01-01", "--format", "json").stdout)
    assert len(since) == 12


def test_a_note_may_start_with_a_dash(run_cli, db):
    result = run_cli("--db", db.target, "note", "2", "-2% 預算，已函請主計處")
    assert result.returncode == 0, result.stderr
    shown = json.loads(run_cli("--db", db.target, "show", "2", "--format", "json").stdout)
    assert shown["latest_note"] == "-2% 預算，已函請主計處"


def test_usage_errors_are_explained_in_the_users_language(run_cli, db):
    result = run_cli("--db", db.target, "list", "--sort", "sideways")
    assert result.returncode == 2 and "指令寫法不對" in result.stderr and "tracker list --help" in result.stderr


def test_note_from_standard_input(run_cli, db):
    result = run_cli("--db", db.target, "note", "2", "-", input="多行\n辦理情形\n")
    assert result.returncode == 0
    shown = json.loads(run_cli("--db", db.target, "show", "2", "--format", "json").stdout)
    assert shown["latest_note"] == "多行\n辦理情形"


def test_if_version_guard_exits_3_and_names_who(run_cli, db):
    run_cli("--db", db.target, "--user", "王小明", "note", "3", "先記一筆")
    result = run_cli("--db", db.target, "status", "3", "in_progress", "--if-version", "1")
    assert result.returncode == 3
    assert db.recorded("王小明") in result.stderr and "Traceback" not in result.stderr
    assert run_cli("--db", db.target, "status", "3", "in_progress", "--if-version", "2").returncode == 0


BAD_INPUTS = [
    (["show", "99"], "找不到建議事項"),
    (["show", "nope-1"], "uclg16-1"),
    (["status", "3", "finished"], "not_started"),
    (["status", "3", "done"], "結案需要說明"),
    (["status", "3", "dropped", "--note", "  "], "結案需要說明"),
    (["note", "3", ""], "不可空白"),
    (["note", "3", "x" * 10001], "10000"),
    (["due", "3", "11/12/2016", "--note", "r"], "有歧義"),
    (["due", "3", "2016-02-30", "--note", "r"], "不存在"),
    (["due", "3", "105年13月1日", "--note", "r"], "沒有 13 月"),
    (["due", "3", "2016-12-01"], "理由"),
    (["assign", "3", "", "--note", "r"], "主辦單位不可空白"),
    (["assign", "3", "新聞局"], "理由"),
    (["list", "--status", "bogus"], "沒有「bogus」這個狀態"),
    (["list", "--due-within", "soon"], "天數"),
    (["status", "3", "in_progress", "--if-version", "x"], "版本"),
    (["--today", "someday", "list"], "無法辨識日期"),
    (["--lang", "fr", "list"], "zh-TW"),
    (["--tz", "Mars/Base", "list"], "時區"),
    (["import", "missing.yaml"], "找不到檔案"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_INPUTS)
def test_bad_input_exits_2_with_one_clear_line_and_writes_nothing(run_cli, db, args, fragment):
    before = _history_count(db)
    result = run_cli("--db", db.target, *args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert _history_count(db) == before


def test_bad_input_in_english(run_cli, db):
    result = run_cli("--db", db.target, "--lang", "en", "status", "3", "done")
    assert result.returncode == 2 and "Closing needs a note" in result.stderr


def test_bad_yaml_import_names_file_line_field_and_writes_nothing(tmp_path, run_cli, db):
    bad = tmp_path / "r.yaml"
    bad.write_text(
        "report: {key: r2, title_zh: t}\nitems:\n  - {number: 1, title_zh: a, text_zh: b, owner: o}\n"
        "  - {number: 1, title_zh: c, text_zh: d, owner: o}\n",
        encoding="utf-8",
    )
    result = run_cli("--db", db.target, "import", str(bad))
    assert result.returncode == 2
    assert "r.yaml 第 4 行" in result.stderr and "number" in result.stderr
    assert _history_count(db) == 8


def test_explicit_db_that_does_not_exist_names_init(tmp_path, run_cli):
    missing = tmp_path / "none.sqlite3"
    result = run_cli("--db", str(missing), "list")
    assert result.returncode == 2 and "tracker --db" in result.stderr and "init" in result.stderr
    assert not missing.exists()


def test_not_a_database_file(tmp_path, run_cli):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("this is not sqlite " * 100)
    result = run_cli("--db", str(junk), "list")
    assert result.returncode == 2 and "無法開啟資料庫" in result.stderr and "Traceback" not in result.stderr


def test_a_database_named_in_the_settings_file_must_exist_too(tmp_path, run_cli):
    config = tmp_path / "config.toml"
    target = tmp_path / "from-config.sqlite3"
    config.write_text(f'db = "{target}"\nlang = "en"\n', encoding="utf-8")
    result = run_cli("list", env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 2 and "tracker --db" in result.stderr and "init" in result.stderr
    assert run_cli("init", env={"TRACKER_CONFIG": str(config)}).returncode == 0
    listed = run_cli("list", env={"TRACKER_CONFIG": str(config)})
    assert listed.returncode == 0 and "Lead unit" in listed.stdout


def test_bad_settings_file(tmp_path, run_cli):
    config = tmp_path / "config.toml"
    config.write_text("db = [unclosed", encoding="utf-8")
    result = run_cli("list", env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 2 and "config.toml" in result.stderr


def test_unknown_database_urls_say_what_to_type(run_cli):
    result = run_cli("--db", "nosuchdialect://host/db", "list")
    assert result.returncode == 2 and "postgresql+psycopg://" in result.stderr


def test_unexpected_errors_print_one_line_and_log_the_details(tmp_path, run_cli):
    # A database that claims the current schema but lost its tables: nothing a user typed.
    broken = tmp_path / "broken.sqlite3"
    with sqlite3.connect(broken) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    result = run_cli("--db", str(broken), "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "errors.log" in result.stderr
    log = next((tmp_path / "state").rglob("errors.log"))
    assert "Traceback" in log.read_text()


def test_markup_in_user_text_is_shown_as_typed(run_cli, db):
    run_cli("--db", db.target, "note", "3", "[bold red]x[/ \x1b[31mred")
    shown = run_cli("--db", db.target, "show", "3")
    assert shown.returncode == 0
    assert "[bold red]x[/ red" in shown.stdout and "\x1b" not in shown.stdout
    history = run_cli("--db", db.target, "history", "3")
    assert "[bold red]x[/ red" in history.stdout and "\x1b" not in history.stdout


def test_backup_and_check(tmp_path, run_cli, sqlite_database):
    db = sqlite_database
    assert run_cli("--db", db.target, "init").returncode == 0
    target = tmp_path / "copy.sqlite3"
    assert run_cli("--db", db.target, "db", "backup", str(target)).returncode == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM changes").fetchone()[0] == 8
    again = run_cli("--db", db.target, "db", "backup", str(target))
    assert again.returncode == 2 and "已存在" in again.stderr
    nowhere = run_cli("--db", db.target, "db", "backup", str(tmp_path / "no-such-folder" / "b.sqlite3"))
    assert nowhere.returncode == 2 and "資料夾" in nowhere.stderr
    check = run_cli("--db", str(target), "db", "check")
    assert check.returncode == 0 and HEAD in check.stdout
    assert run_cli("--db", db.target, "db", "upgrade").returncode == 0


def test_check_reports_missing_history_protection(tmp_path, run_cli, db):
    db.execute("DROP TRIGGER changes_no_update" + ("" if db.is_sqlite else " ON changes"))
    result = run_cli("--db", db.target, "db", "check")
    assert result.returncode == 1 and "changes_no_update" in result.stderr and "append-only" in result.stderr


def test_help_works_without_a_database(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0 and "list" in result.stdout and "status" in result.stdout


def test_settings_shows_what_is_in_force_and_where_from(tmp_path, run_cli):
    config = tmp_path / "config.toml"
    config.write_text('user = "曹凱雯"\nroc = true\n[mail]\nhost = "smtp.example.gov.tw"\n', encoding="utf-8")
    result = run_cli(
        "--today",
        "105/11/23",
        "settings",
        env={"TRACKER_CONFIG": str(config), "TRACKER_SMTP_PASSWORD": "secret", "TRACKER_USER": ""},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert str(config) in out and "曹凱雯" in out and "2016-11-23" in out and "roc" in out
    assert "smtp.example.gov.tw" in out and "password=set" in out and "secret" not in out


def test_settings_values_are_checked(tmp_path, run_cli, db):
    config = tmp_path / "config.toml"
    config.write_text('roc = "maybe"\n', encoding="utf-8")
    result = run_cli("--db", db.target, "list", env={"TRACKER_CONFIG": str(config)})
    assert result.returncode == 2 and "true 或 false" in result.stderr
    config.write_text("roc = false\n", encoding="utf-8")
    listed = run_cli("--db", db.target, "list", env={"TRACKER_CONFIG": str(config)})
    assert listed.returncode == 0 and "105/" not in listed.stdout
    result = run_cli("--db", db.target, "list", env={"TRACKER_SMTP_PORT": "smtp"})
    assert result.returncode == 2 and "TRACKER_SMTP_PORT" in result.stderr


@pytest.mark.backends("sqlite")  # PostgreSQL records the login, whatever --user says
def test_the_user_name_is_recorded_clean(run_cli, db):
    assert run_cli("--db", db.target, "--user", "bob\x1b]0;pwned\x07 chen", "note", "3", "x").returncode == 0
    shown = run_cli("--db", db.target, "show", "3")
    assert "bob chen" in shown.stdout and "\x1b" not in shown.stdout and "pwned" not in shown.stdout
    history = run_cli("--db", db.target, "history", "--limit", "1")
    assert "bob chen" in history.stdout and "\x1b" not in history.stdout and "pwned" not in history.stdout


# ---------------------------------------------------------------------------
# Real processes: what only a process shows.


def test_a_real_process_exits_2_with_one_line_on_stderr(run_process, db):
    result = run_process("--db", db.target, "status", "3", "finished")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not_started" in result.stderr


def test_a_real_process_reads_a_note_from_standard_input(run_process, db):
    result = run_process("--db", db.target, "note", "2", "-", input="第一段\n\n第二段\n")
    assert result.returncode == 0, result.stderr
    assert db.scalar("SELECT last_note FROM items WHERE number = 2") == "第一段\n\n第二段"
