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

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session

from tracker.domain import InputError

BUSY_TIMEOUT_SECONDS = 60


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
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
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        self.engine.dispose()
