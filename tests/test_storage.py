"""Schema, migrations, start-up cost, and the default database."""

import subprocess
import sys
from dataclasses import replace

import pytest
import sqlalchemy as sa

from tracker.bootstrap import open_service
from tracker.storage import queries
from tracker.storage.driver import Database
from tracker.storage.models import Base
from tracker.storage.schema import HEAD, SchemaState, alembic_head, schema_state


def test_head_constant_matches_alembic():
    assert alembic_head() == HEAD


@pytest.mark.empty_database
def test_migrations_from_empty_create_what_the_models_describe(tmp_path, settings, database):
    service = open_service(settings, creating=True)
    assert schema_state(service.db) == (SchemaState.CURRENT, HEAD)
    inspector = sa.inspect(database.engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    with database.engine.connect() as connection:
        if service.db.is_sqlite:
            triggers = {
                r[0] for r in connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type='trigger'"))
            }
            assert {"changes_no_update", "changes_no_delete", "changes_no_replace"} <= triggers
            assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        else:
            triggers = {
                r[0] for r in connection.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            }
            assert {"changes_no_update", "changes_no_truncate"} <= triggers
    if service.db.is_sqlite:
        with service.db.read() as db:
            assert db.scalar("PRAGMA foreign_keys") == 1


def test_a_newer_schema_is_refused(tmp_path, settings, database):
    open_service(settings, creating=True).db.dispose()
    database.execute("UPDATE alembic_version SET version_num = '9999'")
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


EVERYDAY = [
    ["list", "--format", "json"],
    ["list", "--overdue", "--format", "csv"],
    ["show", "3", "--format", "json"],
    ["history", "3", "--format", "json"],
    ["status", "3", "in_progress"],
    ["note", "3", "已聯繫"],
    ["assign", "3", "新聞局", "--note", "改由新聞局主辦"],
    ["due", "3", "105/12/30", "--note", "會期調整"],
]


@pytest.mark.parametrize("args", EVERYDAY, ids=lambda args: " ".join(args[:2]))
def test_everyday_commands_load_no_heavy_library(database, run_cli, tmp_path, args):
    """Start-up is most of an everyday command's time: no SQLAlchemy, Alembic, Textual,
    openpyxl or odfpy on these paths (the drivers run the queries themselves)."""
    assert run_cli("--db", database.target, "init").returncode == 0
    probe = (
        "import sys\n"
        "from tracker.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'textual', 'alembic', 'openpyxl', 'odf') if m in sys.modules)\n"
        "print('HEAVY', heavy, code, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", database.target, "--user", "tester", *args],
        capture_output=True,
        text=True,
        env={"TRACKER_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"},
    )
    assert "HEAVY [] 0" in result.stderr, result.stderr


def test_the_driver_reads_and_writes_with_bound_parameters(database):
    db = Database(database.url)
    with db.write() as connection:
        connection.execute("CREATE TABLE t (x INTEGER, s TEXT)")
        for x, text in ((1, "50%"), (2, "a_b"), (3, "it's :x")):
            connection.execute("INSERT INTO t VALUES (:x, :s)", {"x": x, "s": text})
    with db.read() as connection:
        assert connection.rows("SELECT x FROM t WHERE x IN :xs ORDER BY x", {"xs": [1, 3]}) == [(1,), (3,)]
        assert connection.rows("SELECT x FROM t WHERE x IN :xs", {"xs": []}) == []
        assert connection.scalar("SELECT s FROM t WHERE s LIKE '%' || :p ESCAPE '\\'", {"p": "\\%"}) == "50%"
        assert connection.scalar("SELECT x FROM t WHERE s = :s", {"s": "it's :x"}) == 3
        assert list(connection.stream("SELECT x FROM t ORDER BY x", batch=2)) == [(1,), (2,), (3,)]
    db.dispose()


def test_a_failed_write_leaves_nothing(database):
    db = Database(database.url)
    with db.write() as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError), db.write() as connection:
        connection.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("a rule refused the change")
    with db.read() as connection:
        assert connection.scalar("SELECT count(*) FROM t") == 0
    db.dispose()


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
