"""Mail addresses and reminders (issue 10): who `tracker remind` writes to, and what it sent.

- contacts: a lead unit's or a reviewer's mail address, one row each time it is set (by whom,
  when); the current address is the newest row of a name, and a row with no address clears
  it. Append-only, like the history: an address that was used stays on record.
- reminders: the mail `tracker remind` sent, one row a recipient a day (the unique index), with
  the address it went to, the items it named and its Message-ID. Written only after the
  server took the message, so a run that failed half-way sends the rest on the next run and
  never the same reminder twice on one day. Append-only too.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# SQLite fires no DELETE trigger on INSERT OR REPLACE: the _no_replace guards refuse an insert
# that would replace a row (same id or, for reminders, the same recipient on the same day).
SQLITE_TRIGGERS = [
    """CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts
       BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END""",
    """CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
       BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END""",
    """CREATE TRIGGER contacts_no_replace BEFORE INSERT ON contacts
       WHEN EXISTS (SELECT 1 FROM contacts WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'contacts are append-only: set a new address instead'); END""",
    """CREATE TRIGGER reminders_no_update BEFORE UPDATE ON reminders
       BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END""",
    """CREATE TRIGGER reminders_no_delete BEFORE DELETE ON reminders
       BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END""",
    """CREATE TRIGGER reminders_no_replace BEFORE INSERT ON reminders
       WHEN EXISTS (SELECT 1 FROM reminders WHERE id = NEW.id
         OR (day = NEW.day AND kind = NEW.kind AND name = NEW.name))
       BEGIN SELECT RAISE(ABORT, 'reminders are append-only: what was sent stays recorded'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION mail_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% are append-only: rows cannot be %', TG_TABLE_NAME, lower(TG_OP); END $$""",
    """CREATE TRIGGER contacts_append_only BEFORE UPDATE OR DELETE ON contacts
       FOR EACH ROW EXECUTE FUNCTION mail_log_append_only()""",
    """CREATE TRIGGER contacts_no_truncate BEFORE TRUNCATE ON contacts
       FOR EACH STATEMENT EXECUTE FUNCTION mail_log_append_only()""",
    """CREATE TRIGGER reminders_append_only BEFORE UPDATE OR DELETE ON reminders
       FOR EACH ROW EXECUTE FUNCTION mail_log_append_only()""",
    """CREATE TRIGGER reminders_no_truncate BEFORE TRUNCATE ON reminders
       FOR EACH STATEMENT EXECUTE FUNCTION mail_log_append_only()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(400)),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_contacts_kind_name", "contacts", ["kind", "name", "id"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("message_id", sa.String(250), nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.Column("sent_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_reminders_day_recipient", "reminders", ["day", "kind", "name"], unique=True)
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS mail_log_append_only() CASCADE")
    op.drop_table("reminders")
    op.drop_table("contacts")
