"""Where each history row came from: staff, or the report file (an import).

A re-import leaves alone the owner, deadline, officer and supporting units that staff
changed, and so must know which rows staff wrote. Until now it read that from the row's
note ("重新匯入 FILE" / "re-imported from FILE"): a staff reason that began like that was
taken for an import, and rewording the message would have rewritten what old rows mean.

- changes.origin: 'staff' or 'import'. Existing rows are 'staff' (the column's default),
  except those an import wrote: the items' creation rows, and the rows whose note is the
  re-import note in either language, as the code decided up to 0.3.0, once and for all here.

History is append-only by trigger; this migration lifts the guard for its one UPDATE and
puts it back in the same transaction. The origin is not part of a row's hash: the rows
hashed before this revision could not carry it; the trigger guards it as it does every column.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The re-import note's opening, in every language it was ever written in (history.reimport
# up to this revision); the file name followed it.
REIMPORT_NOTES = ("重新匯入 ", "re-imported from ")
SQLITE_GUARD = """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be updated'); END"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # Added in place with its default (no batch copy on SQLite: the history's triggers stay).
    if dialect == "sqlite":
        op.execute("ALTER TABLE changes ADD COLUMN origin VARCHAR(10) NOT NULL DEFAULT 'staff'")
    else:
        op.add_column("changes", sa.Column("origin", sa.String(10), nullable=False, server_default="staff"))
    imported = sa.text(
        "UPDATE changes SET origin = 'import' WHERE field = 'created' OR note LIKE :zh OR note LIKE :en"
    ).bindparams(zh=REIMPORT_NOTES[0] + "%", en=REIMPORT_NOTES[1] + "%")
    if dialect == "sqlite":
        op.execute("DROP TRIGGER changes_no_update")
        op.execute(imported)
        op.execute(SQLITE_GUARD)
    else:
        op.execute("ALTER TABLE changes DISABLE TRIGGER changes_no_update")
        op.execute(imported)
        op.execute("ALTER TABLE changes ENABLE TRIGGER changes_no_update")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE changes DROP COLUMN origin")
    else:
        op.drop_column("changes", "origin")
