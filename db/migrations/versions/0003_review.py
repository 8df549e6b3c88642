"""Follow-up as the evaluation office runs it (列管): review, follow-up state and level.

- items.tracking: active (列管中), pending (待審), released (解除列管), withdrawn (撤銷列管);
  items.level: self (自行列管) or city (府列管); the latest review comments beside the item.
- reviewers: who may release, return or withdraw, and change this list.
- changes.item_id may be empty: a change of reviewers is history too, but of no item.
- Items closed before review existed (done or dropped) become released, each with a
  history row that says so (chained like every row: tracker.storage.chain).
- PostgreSQL enforces the reviewer rule itself, against any client: only a login that is a
  member of the role tracker_reviewer (made here when the migrating login may create roles)
  may release, withdraw or reopen an item, write review comments, or change the reviewers
  (the first reviewer excepted). SQLite is one trusted file: there the tracker enforces it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from tracker.i18n import t
from tracker.storage.chain import GENESIS, row_hash

revision = "0003"
down_revision = "0002"
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
POSTGRES_CHANGES_TRIGGERS = [
    """CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes
       FOR EACH ROW EXECUTE FUNCTION changes_append_only()""",
    """CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes
       FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only()""",
]
POSTGRES_REVIEW = [
    # Made when the migrating login may create roles; else the administrator makes it (README).
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_reviewer') THEN
           CREATE ROLE tracker_reviewer NOLOGIN;
         END IF;
       EXCEPTION WHEN insufficient_privilege THEN NULL;
       END $$""",
    """CREATE FUNCTION tracker_is_reviewer() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
       BEGIN
         IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN RETURN true; END IF;
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracker_reviewer') THEN RETURN false; END IF;
         RETURN pg_has_role(session_user, 'tracker_reviewer', 'MEMBER');
       END $$""",
    """CREATE FUNCTION items_review_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF tracker_is_reviewer() THEN RETURN NEW; END IF;
         IF TG_OP = 'INSERT' THEN
           IF NEW.tracking <> 'active' OR NEW.latest_review IS NOT NULL THEN
             RAISE EXCEPTION 'tracker: only a reviewer may release or withdraw an item'
               USING ERRCODE = 'insufficient_privilege';
           END IF;
         ELSIF (NEW.tracking IS DISTINCT FROM OLD.tracking
                AND (NEW.tracking IN ('released', 'withdrawn') OR OLD.tracking IN ('released', 'withdrawn')))
               OR NEW.latest_review IS DISTINCT FROM OLD.latest_review THEN
           RAISE EXCEPTION 'tracker: only a reviewer may release, return or withdraw an item'
             USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER items_review_guard BEFORE INSERT OR UPDATE ON items
       FOR EACH ROW EXECUTE FUNCTION items_review_guard()""",
    """CREATE FUNCTION reviewers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NOT tracker_is_reviewer() AND (TG_OP <> 'INSERT' OR EXISTS (SELECT 1 FROM reviewers)) THEN
           RAISE EXCEPTION 'tracker: only a reviewer may change the reviewers'
             USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN COALESCE(NEW, OLD);
       END $$""",
    """CREATE TRIGGER reviewers_guard BEFORE INSERT OR UPDATE OR DELETE ON reviewers
       FOR EACH ROW EXECUTE FUNCTION reviewers_guard()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("items", sa.Column("tracking", sa.String(20), nullable=False, server_default="active"))
    op.add_column("items", sa.Column("level", sa.String(20), nullable=False, server_default="self"))
    op.add_column("items", sa.Column("latest_review", sa.Text))
    op.add_column("items", sa.Column("latest_review_at", sa.DateTime))
    op.create_index("ix_items_tracking", "items", ["tracking"])
    op.create_table(
        "reviewers",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
    )
    # A change of reviewers belongs to no item. Batch mode copies the table on SQLite, which
    # drops its triggers: they are made again below.
    _drop_history_triggers(dialect)
    with op.batch_alter_table("changes") as batch:
        batch.alter_column("item_id", existing_type=sa.Integer, nullable=True)
    _release_closed_items()
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_CHANGES_TRIGGERS + POSTGRES_REVIEW:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS items_review_guard ON items")
        op.execute("DROP TRIGGER IF EXISTS reviewers_guard ON reviewers")
        op.execute("DROP FUNCTION IF EXISTS items_review_guard()")
        op.execute("DROP FUNCTION IF EXISTS reviewers_guard()")
        op.execute("DROP FUNCTION IF EXISTS tracker_is_reviewer()")
    op.drop_table("reviewers")
    op.drop_index("ix_items_tracking", "items")
    with op.batch_alter_table("items") as batch:
        for column in ("latest_review_at", "latest_review", "level", "tracking"):
            batch.drop_column(column)


def _drop_history_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for name in ("changes_no_update", "changes_no_delete", "changes_no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in ("changes_no_update", "changes_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON changes")


def _release_closed_items() -> None:
    """Items closed before review existed are released, each with a chained history row."""
    connection = op.get_bind()
    closed = connection.execute(
        sa.text("SELECT id, version FROM items WHERE status IN ('done', 'dropped') ORDER BY id")
    ).all()
    if not closed:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    note = t("history.closed_before_review", lang="zh-TW")
    newest = connection.execute(sa.text("SELECT id, row_hash FROM changes ORDER BY id DESC LIMIT 1")).first()
    last_id, prev = newest if newest is not None else (0, GENESIS)
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('changes', 'id'), :n)"), {"n": last_id + len(closed)}
        )
    rows = []
    for offset, (item_id, version) in enumerate(closed, start=1):
        new_id = last_id + offset
        prev = row_hash(prev, new_id, item_id, version + 1, now, "tracker", "tracking", "active", "released", note)
        rows.append(
            {
                "id": new_id,
                "item_id": item_id,
                "version": version + 1,
                "at": now,
                "by": "tracker",
                "field": "tracking",
                "old": "active",
                "new": "released",
                "note": note,
                "row_hash": prev,
            }
        )
    connection.execute(
        sa.text(
            'INSERT INTO changes (id, item_id, version, at, "by", field, old, new, note, row_hash)'
            " VALUES (:id, :item_id, :version, :at, :by, :field, :old, :new, :note, :row_hash)"
        ),
        rows,
    )
    connection.execute(
        sa.text("UPDATE items SET tracking = 'released', version = version + 1 WHERE status IN ('done', 'dropped')")
    )
