"""Schema, migrations, start-up cost, and the default database."""

import subprocess
import sys
from dataclasses import replace

import sqlalchemy as sa

from tracker.bootstrap import open_service
from tracker.storage import queries
from tracker.storage.engine import Database
from tracker.storage.models import Base
from tracker.storage.schema import HEAD, SchemaState, alembic_head, schema_state


def test_head_constant_matches_alembic():
    assert alembic_head() == HEAD


def test_migrations_from_empty_create_what_the_models_describe(tmp_path, settings):
    service = open_service(settings, creating=True)
    assert schema_state(service.db) == (SchemaState.CURRENT, HEAD)
    inspector = sa.inspect(service.db.engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    with service.db.engine.connect() as connection:
        if service.db.is_sqlite:
            triggers = {
                r[0] for r in connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type='trigger'"))
            }
            assert {"changes_no_update", "changes_no_delete", "changes_no_replace"} <= triggers
            assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        else:
            triggers = {
                r[0] for r in connection.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            }
            assert {"changes_no_update", "changes_no_truncate"} <= triggers


def test_a_newer_schema_is_refused(tmp_path, settings):
    service = open_service(settings, creating=True)
    with service.db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    from tracker.domain import InputError

    try:
        open_service(settings)
    except InputError as err:
        assert err.key == "error.db_newer"
    else:
        raise AssertionError("a newer schema must be refused")


def test_the_default_database_is_created_and_seeded_on_first_use(tmp_path, settings):
    default = replace(settings, db=str(tmp_path / "sub" / "default.sqlite3"), db_is_default=True)
    service = open_service(default)
    with service.db.read() as session:
        assert queries.counts(session) == (8, 8)
    service.db.dispose()
    again = open_service(default)  # second start: nothing loaded twice
    with again.db.read() as session:
        assert queries.counts(session) == (8, 8)


def test_list_imports_neither_textual_nor_alembic_nor_openpyxl(tmp_path, run_cli):
    db = tmp_path / "x.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['tracker', '--db', {str(db)!r}, 'list', '--format', 'json']\n"
        "from tracker.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "heavy = sorted(m for m in ('textual', 'alembic', 'openpyxl', 'odf') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"TRACKER_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"},
    )
    assert "HEAVY []" in result.stderr, result.stderr


def test_database_object_reads_and_writes(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    with db.write() as session:
        session.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        session.execute(sa.text("INSERT INTO t VALUES (:x)"), {"x": 1})
    with db.read() as session:
        assert session.execute(sa.text("SELECT x FROM t")).scalar() == 1


def test_someone_elses_database_is_never_written_into(tmp_path, run_cli):
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE budget (line TEXT)")
    for args in (["list"], ["init"]):
        result = run_cli("--db", str(other), *args)
        assert result.returncode == 2 and "別的程式的資料庫" in result.stderr
    with sqlite3.connect(other) as connection:
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["budget"]
