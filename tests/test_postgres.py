"""The same code on PostgreSQL. Runs when TRACKER_TEST_POSTGRES names an empty database
that may be wiped, e.g. postgresql+psycopg://tracker:tracker@127.0.0.1/tracker_test
(needs `pip install -e '.[postgres]'`); skipped otherwise."""

import os
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.bootstrap import open_service, seed_if_empty
from tracker.domain import ConflictError, Status
from tracker.settings import load_settings
from tracker.storage import queries

from conftest import SEED, TODAY, as_user

URL = os.environ.get("TRACKER_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not URL, reason="set TRACKER_TEST_POSTGRES to a scratch PostgreSQL database")


@pytest.fixture
def pg_service():
    engine = sa.create_engine(URL)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    service = open_service(replace(load_settings(db=URL, user="tester"), frozen_today=TODAY), creating=True)
    seed_if_empty(service, SEED)
    yield service
    service.db.dispose()


def test_seed_rules_conflicts_and_history_on_postgres(pg_service):
    row = pg_service.set_status("3", Status.DONE, "已出席")
    assert row.status is Status.DONE and row.version == 2
    with pytest.raises(ConflictError):
        as_user(pg_service, "王小明").add_note("3", "late", expected_version=1)
    with pg_service.db.read() as session:
        overdue = queries.list_items(session, queries.ItemFilter(overdue_on=TODAY))
        assert [i.number for i in overdue] == [1, 2]
        assert [c.field for c in queries.history(session, item_id=row.id)] == ["created", "status"]
    with pg_service.db.engine.connect() as connection:
        for statement in ("UPDATE changes SET note = 'x'", "DELETE FROM changes", "TRUNCATE changes"):
            with pytest.raises(DBAPIError, match="append-only"), connection.begin():
                connection.execute(sa.text(statement))
