"""What only PostgreSQL has: TRUNCATE, and row locks between two connections."""

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.domain import ConflictError, Status
from tracker.storage import queries

from conftest import ROOT, TODAY, as_user

pytestmark = pytest.mark.backends("postgresql")


def test_seed_rules_conflicts_and_history_on_postgres(service):
    row = service.set_status("3", Status.DONE, "已出席")
    assert row.status is Status.DONE and row.version == 2
    with pytest.raises(ConflictError):
        as_user(service, "王小明").add_note("3", "late", expected_version=1)
    with service.db.read() as session:
        overdue = queries.list_items(session, queries.ItemFilter(overdue_on=TODAY))
        assert [i.number for i in overdue] == [1, 2]
        assert [c.field for c in queries.history(session, item_id=row.id)] == [
            "created",
            "status",
            "tracking",
            "progress",
        ]


@pytest.mark.parametrize(
    "statement", ["UPDATE changes SET note = 'x'", "DELETE FROM changes", "TRUNCATE changes CASCADE"]
)
def test_the_history_is_append_only_on_postgres(service, database, statement):
    with (
        database.engine.connect() as connection,
        pytest.raises(DBAPIError, match="append-only"),
        connection.begin(),
    ):
        connection.execute(sa.text(statement))


def _readme_sql(marker: str) -> str:
    """The SQL block that follows `<!-- marker -->` in README.md, as users copy it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index(f"<!-- {marker} -->") :]
    return block.split("```sql\n", 1)[1].split("```", 1)[0]


def test_the_readme_team_setup_works_as_written(postgres_server, run_cli, tmp_path):
    """Roles, database and grants exactly as README.md shows them; staff then work as usual."""
    admin = sa.create_engine(postgres_server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # as on a new server: the setup makes the reviewers' role
        connection.execute(sa.text("DROP ROLE IF EXISTS tracker_reviewer"))
    try:
        with admin.connect() as connection:
            for statement in filter(str.strip, _readme_sql("postgres-setup").split(";")):
                connection.execute(sa.text(statement))
        owner = postgres_server.url("tracker", user="tracker_owner")
        assert run_cli("--db", owner, "init").returncode == 0
        with sa.create_engine(owner).begin() as connection:
            for statement in filter(str.strip, _readme_sql("postgres-grants").split(";")):
                connection.execute(sa.text(statement))
        staff = postgres_server.url("tracker", user="tsao")
        minutes = tmp_path / "minutes.txt"
        minutes.write_text("會議紀錄", encoding="utf-8")
        for args in (
            ["attach", "3", str(minutes), "--note", "檢附會議紀錄"],
            ["ref", "3", "--doc-no", "府授秘外字第1050123456號"],
            ["attachment", "retract", "1", "--note", "放錯"],
            ["progress", "4", "30"],
            ["assign", "6", "--officer", "曹凱雯", "--support", "農業局", "--note", "分工"],
            ["adopt", "5", "partial", "--note", "部分採行"],
            ["status", "3", "done", "--note", "已出席"],
            ["note", "4", "已函詢秘書處"],
            ["assign", "7", "農業局", "--note", "改由農業局主辦"],
            ["due", "8", "106/2/28", "--note", "名片改版延後"],
            ["units", "set", "農業局", "--mail", "農業局 <agri@taichung.gov.tw>"],
            ["remind", "--dry-run"],
            ["list", "--format", "json"],
            ["db", "check"],
        ):
            result = run_cli("--db", staff, "--user", "曹凱雯", *args)
            assert result.returncode == 0, (args, result.stderr)
        officer = json.loads(run_cli("--db", staff, "history", "6", "--format", "json").stdout)[-1]
        corrected = run_cli("--db", staff, "correct", str(officer["id"]), "--note", "打錯", "--value", "曹凱雯")
        assert corrected.returncode == 0, corrected.stderr
        chen = postgres_server.url("tracker", user="chen")
        assert run_cli("--db", chen, "reviewers", "add", "chen").returncode == 0
        assert run_cli("--db", staff, "review", "3", "release").returncode == 4  # no reviewer
        released = run_cli("--db", chen, "review", "3", "release", "--note", "同意")
        assert released.returncode == 0, released.stderr
        with sa.create_engine(staff).connect() as connection:
            with pytest.raises(DBAPIError, match="only a reviewer"):  # even with their own SQL client
                connection.execute(sa.text("UPDATE items SET tracking = 'released' WHERE number = 4"))
            connection.rollback()
            with pytest.raises(DBAPIError):  # staff may add history, never change it
                connection.execute(sa.text("UPDATE changes SET note = 'x'"))
            connection.rollback()
            with pytest.raises(DBAPIError, match="must be owner"):
                connection.execute(sa.text("DROP TABLE changes"))
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text("DROP DATABASE IF EXISTS tracker WITH (FORCE)"))
            for role in ("tsao", "chen", "tracker_staff", "tracker_owner"):
                connection.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
            connection.execute(  # left as the suite's other tests expect it
                sa.text(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_reviewer')"
                    " THEN CREATE ROLE tracker_reviewer NOLOGIN; END IF; END $$"
                )
            )
        admin.dispose()
