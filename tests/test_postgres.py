"""What only PostgreSQL has: TRUNCATE, and row locks between two connections."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.domain import ConflictError, Status
from tracker.storage import queries

from conftest import TODAY, as_user

pytestmark = pytest.mark.backends("postgresql")


def test_seed_rules_conflicts_and_history_on_postgres(service):
    row = service.set_status("3", Status.DONE, "已出席")
    assert row.status is Status.DONE and row.version == 2
    with pytest.raises(ConflictError):
        as_user(service, "王小明").add_note("3", "late", expected_version=1)
    with service.db.read() as session:
        overdue = queries.list_items(session, queries.ItemFilter(overdue_on=TODAY))
        assert [i.number for i in overdue] == [1, 2]
        assert [c.field for c in queries.history(session, item_id=row.id)] == ["created", "status"]


@pytest.mark.parametrize("statement", ["UPDATE changes SET note = 'x'", "DELETE FROM changes", "TRUNCATE changes"])
def test_the_history_is_append_only_on_postgres(service, statement):
    with (
        service.db.engine.connect() as connection,
        pytest.raises(DBAPIError, match="append-only"),
        connection.begin(),
    ):
        connection.execute(sa.text(statement))
