"""Engine and session set-up; the only place that knows SQLite's quirks.

pysqlite's own transaction handling begins lazily and DEFERRED: a transaction that reads
then writes fails at once with "database is locked" when another process wrote in
between, whatever the busy timeout. So we switch it off and emit BEGIN ourselves:
BEGIN IMMEDIATE for write sessions (the writer waits for the lock up front, up to the
busy timeout) and a plain BEGIN for reads (a consistent snapshot under WAL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from tracker.domain import InputError, UnavailableError

BUSY_TIMEOUT_SECONDS = 60
SETUP_LOCK_KEY = 2016_1209  # any constant shared by every tracker process


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url)
            _configure_sqlite(engine)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as missing:  # e.g. a PostgreSQL URL without psycopg installed
        raise InputError("error.db_driver", db=url, module=missing.name) from None
    except (ArgumentError, NoSuchModuleError):
        raise InputError("error.db_url", db=url) from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL lets readers go on while one writer commits; it needs every process on one host.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("tracker_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


_UNAVAILABLE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_PERM",
)


def _unavailable(exc: OperationalError) -> bool:
    """Locked, read-only, full or unreachable, as opposed to a fault in the tracker itself."""
    name = getattr(exc.orig, "sqlite_errorname", None)
    if name is None:  # not SQLite: the driver's OperationalError means the server or the connection
        return True
    return name.startswith(_UNAVAILABLE)


class Database:
    """Short sessions: `read()` for queries, `write()` for one change and its history row."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._write_engine = self.engine.execution_options(tracker_begin="IMMEDIATE")

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._unavailable_as_error(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on any error."""
        with (
            self._unavailable_as_error(),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _unavailable_as_error(self) -> Iterator[None]:
        # Locked past the busy timeout, a read-only or full disk, a server gone: the user is
        # told what happened and that nothing was saved, in the CLI and the TUI alike.
        try:
            yield
        except OperationalError as exc:
            if not _unavailable(exc):
                raise  # a missing table and the like is a bug, reported as an unexpected error
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise UnavailableError("error.db_unavailable", db=self.url, reason=reason) from exc

    def serialize(self, connection) -> None:
        """Make concurrent set-up work (migrations, imports) take turns for this transaction.

        SQLite's BEGIN IMMEDIATE already does; PostgreSQL needs a transaction-level
        advisory lock, since creating tables or new rows locks nothing that exists yet.
        """
        if self.engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})

    def dispose(self) -> None:
        self.engine.dispose()
