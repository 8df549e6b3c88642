"""Is the database's schema current? Upgrade it with Alembic only when it is not.

Every start asks the first question; importing Alembic costs ~0.4 s, so the answer is
read straight from the alembic_version table and compared with HEAD, the newest
migration's revision (a test keeps HEAD equal to what Alembic itself reports).
"""

from __future__ import annotations

import enum
import sqlite3
from pathlib import Path

from tracker.domain import InputError, UnavailableError
from tracker.storage.driver import SETUP_LOCK_KEY, Database, is_driver_error, sqlite_unavailable

HEAD = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")  # oldest first


class SchemaState(enum.Enum):
    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"


def table_names(db: Database) -> set[str]:
    """The tables in the database (its current schema on PostgreSQL)."""
    if db.is_sqlite:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    with db.read() as connection:
        return {name for (name,) in connection.rows(sql)}


def current_revision(db: Database) -> str | None:
    if "alembic_version" not in table_names(db):
        return None
    with db.read() as connection:
        revision: str | None = connection.scalar("SELECT version_num FROM alembic_version")
        return revision


def schema_state(db: Database) -> tuple[SchemaState, str | None]:
    try:
        revision = current_revision(db)  # a read-only folder, a full disk: UnavailableError, exit 1
    except UnavailableError:
        raise
    except Exception as exc:
        if not is_driver_error(exc):
            raise
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
    if state is SchemaState.EMPTY and table_names(db):
        # Someone else's database: never write the tracker's tables into it.
        raise InputError("error.not_tracker_db", db=db.url)
    upgrade(db)


def check_sqlite_file(path: Path, db: str) -> None:
    """Refuse an existing file that is not a tracker database, before the tracker connects:
    its connections switch the file to WAL mode, which changes another program's file.

    The file is only read (`mode=ro`). An empty file is a new database. A file in WAL mode with
    no -wal beside it is open nowhere (SQLite removes the -wal when the last connection closes),
    so it is read `immutable`: a read-only connection would otherwise leave -wal/-shm files
    beside another program's database.
    """
    if not path.is_file():
        raise InputError("error.db_not_a_file", db=db)
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise UnavailableError("error.db_unavailable", db=db, reason=exc.strerror or exc) from None
    if not header:
        return
    options = "mode=ro"
    if header[18:19] == b"\x02" and not Path(f"{path}-wal").exists():
        options += "&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?{options}", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if sqlite_unavailable(getattr(exc, "sqlite_errorname", "")):
            raise UnavailableError("error.db_unavailable", db=db, reason=exc) from None
        raise InputError("error.not_a_database", db=db, reason=exc) from None
    if tables and "alembic_version" not in tables:
        raise InputError("error.not_tracker_db", db=db)


def upgrade(db: Database) -> str:
    """Run Alembic's migrations up to HEAD (SQLAlchemy and Alembic are loaded only here)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from tracker.resources import migrations_dir
    from tracker.storage.engine import make_engine, unavailable_reason_of

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    engine = make_engine(db.url)
    try:
        # One migration at a time: when two staff start the tracker on a new database at once,
        # the second waits for the first and then finds nothing left to do (Alembic reads the
        # version inside this transaction and runs in it).
        with engine.connect().execution_options(tracker_begin="IMMEDIATE") as connection, connection.begin():
            if not db.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:  # the disk filling up during a migration
        reason = unavailable_reason_of(exc)
        if reason is None:
            raise
        raise UnavailableError("error.db_unavailable", db=db.url, reason=reason) from exc
    finally:
        engine.dispose()
    return HEAD


def alembic_head() -> str:
    """What Alembic's own script directory calls head (used by tests and `db check`)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tracker.resources import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {migrations_dir()}")
    return head


def _short(exc: BaseException) -> str:
    return (str(getattr(exc, "orig", exc)).splitlines() or [type(exc).__name__])[0]
