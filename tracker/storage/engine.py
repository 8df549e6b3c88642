"""A SQLAlchemy engine, for what still needs SQLAlchemy: Alembic's migrations and `db check`.

Everyday commands never load this module (tracker.storage.driver serves them). The engine
is set up as the driver sets up its own connections: pysqlite's transaction handling is
switched off and BEGIN emitted by us (BEGIN IMMEDIATE when asked, so that a migration
holds the database from its first read), with the same PRAGMAs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from tracker.domain import InputError
from tracker.storage.driver import BUSY_TIMEOUT_SECONDS, unavailable_reason


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
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("tracker_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def unavailable_reason_of(exc: BaseException) -> str | None:
    """For a SQLAlchemy error: the driver's reason when the database is locked, read-only,
    full or unreachable (see driver.unavailable_reason); else None."""
    return unavailable_reason(getattr(exc, "orig", None) or exc)
