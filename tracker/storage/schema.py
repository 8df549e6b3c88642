"""Is the database's schema current? Upgrade it with Alembic only when it is not.

Every start asks the first question; importing Alembic costs ~0.4 s, so the answer is
read straight from the alembic_version table and compared with HEAD, the newest
migration's revision (a test keeps HEAD equal to what Alembic itself reports).
"""

from __future__ import annotations

import enum

from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from tracker.domain import InputError
from tracker.storage.engine import Database

HEAD = "0001"
KNOWN_REVISIONS = ("0001",)  # oldest first


class SchemaState(enum.Enum):
    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(db: Database) -> tuple[SchemaState, str | None]:
    try:
        revision = current_revision(db)
    except (OperationalError, DatabaseError) as exc:
        raise InputError("error.db_unreadable", db=db.url, reason=_short(exc)) from None
    if revision is None:
        return SchemaState.EMPTY, None
    if revision == HEAD:
        return SchemaState.CURRENT, revision
    if revision in KNOWN_REVISIONS:
        return SchemaState.BEHIND, revision
    return SchemaState.AHEAD, revision


def ensure_current(db: Database) -> None:
    """Upgrade when behind (or new); refuse a database made by a newer tracker."""
    state, revision = schema_state(db)
    if state is SchemaState.CURRENT:
        return
    if state is SchemaState.AHEAD:
        raise InputError("error.db_newer", db=db.url, revision=revision)
    if state is SchemaState.EMPTY and _has_tables(db):
        # Someone else's database: never write the tracker's tables into it.
        raise InputError("error.not_tracker_db", db=db.url)
    upgrade(db)


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def upgrade(db: Database) -> str:
    from alembic import command
    from alembic.config import Config

    from tracker.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # One migration at a time: when two staff start the tracker on a new database at once,
    # the second waits for the first and then finds nothing left to do (Alembic reads the
    # version inside this transaction and runs in it).
    with db.engine.connect().execution_options(tracker_begin="IMMEDIATE") as connection, connection.begin():
        db.serialize(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return HEAD


def alembic_head() -> str:
    """What Alembic's own script directory calls head (used by tests and `db check`)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tracker.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
