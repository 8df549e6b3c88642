"""Chain the history by hash, and refuse INSERT OR REPLACE on it.

Each history row gets `row_hash`, the SHA-256 of its content and of the previous row's hash
(tracker.storage.chain); rows already there are hashed here, in id order. The append-only
triggers refuse the UPDATE that fills them, so they are dropped first and made again after
(on SQLite, batch mode's copy of the table would drop them anyway).

SQLite fires no DELETE trigger on INSERT OR REPLACE, which rewrites a row in place:
changes_no_replace refuses an insert whose id is already there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from tracker.storage.chain import GENESIS, row_hash

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be updated'); END""",
    """CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be deleted'); END""",
    """CREATE TRIGGER changes_no_replace BEFORE INSERT ON changes
       WHEN EXISTS (SELECT 1 FROM changes WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be replaced'); END""",
]
# PostgreSQL has no INSERT OR REPLACE, and INSERT ... ON CONFLICT DO UPDATE fires the UPDATE
# trigger: the two triggers of 0001 stay as they were (the function is not dropped).
POSTGRES_TRIGGERS = [
    """CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes
       FOR EACH ROW EXECUTE FUNCTION changes_append_only()""",
    """CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes
       FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only()""",
]
BATCH = 5000


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.add_column("changes", sa.Column("row_hash", sa.String(64)))
    _hash_existing_rows()
    with op.batch_alter_table("changes") as batch:
        batch.alter_column("row_hash", existing_type=sa.String(64), nullable=False)
    _create_triggers(dialect, SQLITE_TRIGGERS, POSTGRES_TRIGGERS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("row_hash")
    _create_triggers(dialect, SQLITE_TRIGGERS[:2], POSTGRES_TRIGGERS)


def _drop_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for name in ("changes_no_update", "changes_no_delete", "changes_no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for name in ("changes_no_update", "changes_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON changes")


def _create_triggers(dialect: str, sqlite: list[str], postgres: list[str]) -> None:
    for statement in sqlite if dialect == "sqlite" else postgres if dialect == "postgresql" else []:
        op.execute(statement)


def _hash_existing_rows() -> None:
    """One pass in id order, a batch of updates at a time (a million rows stay out of memory:
    the rows are read in pages by id, never all at once)."""
    connection = op.get_bind()
    read = sa.text(
        'SELECT id, item_id, version, at, "by", field, old, new, note FROM changes'
        " WHERE id > :after ORDER BY id LIMIT :limit"
    )
    write = sa.text("UPDATE changes SET row_hash = :row_hash WHERE id = :id")
    prev, after = GENESIS, 0
    while rows := connection.execute(read, {"after": after, "limit": BATCH}).all():
        updates = []
        for row in rows:
            prev = row_hash(
                prev, row.id, row.item_id, row.version, row.at, row.by, row.field, row.old, row.new, row.note
            )
            updates.append({"id": row.id, "row_hash": prev})
        connection.execute(write, updates)
        after = rows[-1].id
