"""Everything a 列管表 row carries: progress, adoption, supporting documents and corrections.

- items.progress (執行進度, 0-100): 100 for items already done, 0 for the rest.
- items.adoption (採行): adopted, partial or not_adopted; items already dropped (不採行) are
  not_adopted, the others adopted, as the seed's report says of all eight.
- items.evidence_count: the documents and references in view, kept beside the item (like
  last_note) so that tables and summaries of 100,000 items need not count them.
- blobs: file contents by SHA-256, so the same file is stored once; never changed or removed.
- evidence: 佐證資料, a stored file or a reference (文號, URL, text), each added by a history
  row; append-only, except that a retraction (itself a history row) is written into it once.
- changes.corrects: a correction (更正) names the history row it corrects. The row's hash
  covers it (tracker.storage.chain), so a correction cannot be re-pointed unseen.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
       BEGIN SELECT RAISE(ABORT, 'stored files cannot be changed'); END""",
    """CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
       BEGIN SELECT RAISE(ABORT, 'stored files cannot be deleted'); END""",
    """CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
       BEGIN SELECT RAISE(ABORT, 'evidence is append-only: it is retracted, never deleted'); END""",
    """CREATE TRIGGER evidence_retract_once BEFORE UPDATE ON evidence
       WHEN OLD.retracted_by IS NOT NULL OR NEW.retracted_by IS NULL
         OR NEW.id IS NOT OLD.id OR NEW.item_id IS NOT OLD.item_id OR NEW.change_id IS NOT OLD.change_id
         OR NEW.note_id IS NOT OLD.note_id OR NEW.kind IS NOT OLD.kind OR NEW.name IS NOT OLD.name
         OR NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size OR NEW.media_type IS NOT OLD.media_type
         OR NEW.value IS NOT OLD.value OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by
       BEGIN SELECT RAISE(ABORT, 'evidence is append-only: only a retraction is written into it, once'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION blobs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'stored files cannot be changed or deleted'; END $$""",
    """CREATE TRIGGER blobs_immutable BEFORE UPDATE OR DELETE ON blobs
       FOR EACH ROW EXECUTE FUNCTION blobs_immutable()""",
    """CREATE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON blobs
       FOR EACH STATEMENT EXECUTE FUNCTION blobs_immutable()""",
    """CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD.retracted_by IS NULL AND NEW.retracted_by IS NOT NULL
            AND (to_jsonb(NEW) - 'retracted_by') = (to_jsonb(OLD) - 'retracted_by') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'evidence is append-only: only a retraction is written into it, once';
       END $$""",
    """CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence
       FOR EACH ROW EXECUTE FUNCTION evidence_append_only()""",
    """CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence
       FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("items", sa.Column("progress", sa.Integer, nullable=False, server_default="0"))
    op.add_column("items", sa.Column("adoption", sa.String(20), nullable=False, server_default="adopted"))
    op.add_column("items", sa.Column("evidence_count", sa.Integer, nullable=False, server_default="0"))
    # Plain column updates: the items' versions and history stay as they were (nothing was
    # decided here; done has always meant 100 and dropped 不採行).
    op.execute("UPDATE items SET progress = 100 WHERE status = 'done'")
    op.execute("UPDATE items SET adoption = 'not_adopted' WHERE status = 'dropped'")
    # A new nullable column, added in place (no batch copy on SQLite: the history's triggers stay).
    if dialect == "sqlite":
        op.execute("ALTER TABLE changes ADD COLUMN corrects INTEGER REFERENCES changes (id)")
    else:
        op.add_column("changes", sa.Column("corrects", sa.Integer, sa.ForeignKey("changes.id")))
    op.create_index(
        "ix_changes_corrects",
        "changes",
        ["corrects"],
        unique=True,
        sqlite_where=sa.text("corrects IS NOT NULL"),
        postgresql_where=sa.text("corrects IS NOT NULL"),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("changes.id")),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256")),
        sa.Column("size", sa.BigInteger),
        sa.Column("media_type", sa.String(200)),
        sa.Column("value", sa.Text),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("retracted_by", sa.Integer, sa.ForeignKey("changes.id")),
    )
    op.create_index("ix_evidence_item_id", "evidence", ["item_id", "id"])
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS evidence_append_only() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS blobs_immutable() CASCADE")
    op.drop_table("evidence")
    op.drop_table("blobs")
    op.drop_index("ix_changes_corrects", "changes")
    if dialect == "sqlite":
        # Dropping a column copies the table there; the history keeps its rows either way.
        op.execute("ALTER TABLE changes DROP COLUMN corrects")
    else:
        op.drop_column("changes", "corrects")
    with op.batch_alter_table("items") as batch:
        for column in ("evidence_count", "adoption", "progress"):
            batch.drop_column(column)
