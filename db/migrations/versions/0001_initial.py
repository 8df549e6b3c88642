"""Reports, events, items and their append-only history.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# History is append-only: the database itself refuses to rewrite or delete it, so no
# code path (nor a colleague with an SQLite shell) can quietly change what was recorded.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be updated'); END""",
    """CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
       BEGIN SELECT RAISE(ABORT, 'history is append-only: changes cannot be deleted'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'history is append-only: changes cannot be %', lower(TG_OP); END $$""",
    """CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes
       FOR EACH ROW EXECUTE FUNCTION changes_append_only()""",
    """CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes
       FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(40), nullable=False, unique=True),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text),
        sa.Column("agency_zh", sa.String(200)),
        sa.Column("agency_en", sa.String(200)),
        sa.Column("contact", sa.String(200)),
        sa.Column("trip_start", sa.Date),
        sa.Column("trip_end", sa.Date),
        sa.Column("report_date", sa.Date),
        sa.Column("source", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(60), nullable=False, unique=True),
        sa.Column("name_zh", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text),
        sa.Column("place", sa.String(200)),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("source", sa.Text),
        sa.Column("remark", sa.Text),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(60), nullable=False, unique=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text),
        sa.Column("summary_en", sa.Text),
        sa.Column("text_zh", sa.Text, nullable=False),
        sa.Column("owner_zh", sa.String(200), nullable=False),
        sa.Column("owner_en", sa.String(200)),
        sa.Column("supporting_units", sa.JSON, nullable=False),
        sa.Column("officer", sa.String(200)),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id")),
        sa.Column("deadline", sa.Date),
        sa.Column("original_deadline", sa.Date),
        sa.Column("deadline_source", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("last_note", sa.Text),
        sa.Column("last_note_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("report_id", "number", name="uq_items_report_number"),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'on_hold', 'done', 'dropped')", name="ck_items_status"
        ),
    )
    op.create_index("ix_items_status_deadline", "items", ["status", "deadline"])
    op.create_index("ix_items_updated_at", "items", ["updated_at"])
    op.create_index("ix_items_owner", "items", ["owner_zh"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_changes_item_id", "changes", ["item_id", "id"])
    op.create_index("ix_changes_at", "changes", ["at"])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS changes_no_truncate ON changes")
        op.execute("DROP TRIGGER IF EXISTS changes_no_update ON changes")
        op.execute("DROP FUNCTION IF EXISTS changes_append_only()")
    for table in ("changes", "items", "events", "reports"):
        op.drop_table(table)
