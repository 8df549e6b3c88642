"""Accounts for `tracker serve` (issue 14): who may log in from a browser.

- users: an account name (the name changes are recorded under), its password hashed with
  scrypt (the hash names its own parameters, so they can be raised later), when and by whom
  it was made and last changed, and when it was disabled. A disabled account stays, so that
  the history's names keep meaning someone; it is never deleted.
- Adding, changing the password of, disabling and enabling an account are history rows of
  no item (field "account"), chained like every other change.

On PostgreSQL the web login is the database login (README): the table is made there too,
for one schema on both, but the server does not read it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("disabled_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("users")
