"""Engine and session set-up; the only place that knows SQLite's quirks.

pysqlite's own transaction handling begins lazily and DEFERRED: a transaction that reads
then writes fails at once with "database is locked" when another process wrote in
between, whatever the busy timeout. So we switch it off and emit BEGIN ourselves:
BEGIN IMMEDIATE for write sessions (the writer waits for the lock up front, up to the
busy timeout) and a plain BEGIN for reads (a consistent snapshot under WAL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
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
    except (ArgumentError, NoSuchModuleError, ValueError):  # ValueError: a port that is no number
        raise InputError("error.db_url", db=url) from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL lets readers go on while one writer commits; it needs every process on one host.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
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
    return sqlite_unavailable(name)


def sqlite_unavailable(error_name: str) -> bool:
    """Is this SQLite error (`sqlite3.Error.sqlite_errorname`) the file's state rather than a bug?"""
    return error_name.startswith(_UNAVAILABLE)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL (plain or `file:` URI form); None for memory and servers."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None  # not a URL at all: make_engine says so
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if name.startswith("file:") and parsed.query.get("uri"):
        if parsed.query.get("mode") == "memory":
            return None
        name = unquote(urlsplit(name).path)
    return Path(name)


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` now (device and inode); None when there is none."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


class Database:
    """Short sessions: `read()` for queries, `write()` for one change and its history row."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._write_engine = self.engine.execution_options(tracker_begin="IMMEDIATE")
        # A SQLite file deleted, or replaced by a restored backup, under an open connection
        # still takes writes (into the unlinked file): remember which file we opened, so that
        # write() can refuse before saying "saved". A new file gets its identity on first connect.
        self.file = sqlite_file(url)
        self._identity: tuple[int, int] | None = None
        if self.file is not None:
            from tracker.safe_paths import protect_database

            protect_database(self.file)
            self._identity = file_identity(self.file)
            event.listen(self.engine, "connect", self._remember_new_file)

    def _remember_new_file(self, _dbapi_connection: object, _record: object) -> None:
        if self._identity is None and self.file is not None:
            self._identity = file_identity(self.file)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.unavailable_as_error(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on any error."""
        with (
            self.unavailable_as_error(),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            self._check_same_file(session)

    def _check_same_file(self, session: Session) -> None:
        """Refuse to commit into a file that is no longer the one at our path (rolls back)."""
        if self.file is None:
            return
        session.connection()  # BEGIN IMMEDIATE has run: no other tracker commits until we are done
        if file_identity(self.file) != self._identity:
            raise UnavailableError("error.db_replaced", db=self.file)

    @contextmanager
    def unavailable_as_error(self) -> Iterator[None]:
        # Locked past the busy timeout, a read-only or full disk, a server gone: the user is
        # told what happened and that nothing was saved, in the CLI and the TUI alike.
        try:
            yield
        except OperationalError as exc:
            if not _unavailable(exc):
                raise  # a missing table and the like is a bug, reported as an unexpected error
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise UnavailableError("error.db_unavailable", db=self.url, reason=reason) from exc

    def serialize(self, connection: Any) -> None:
        """Make concurrent set-up work (migrations, imports) take turns for this transaction.

        SQLite's BEGIN IMMEDIATE already does; PostgreSQL needs a transaction-level
        advisory lock, since creating tables or new rows locks nothing that exists yet.
        """
        if self.engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})

    def dispose(self) -> None:
        self.engine.dispose()
