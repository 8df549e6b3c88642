"""`tracker db check` and `tracker db backup`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tracker.domain import InputError
from tracker.service import Service
from tracker.storage import queries
from tracker.storage.models import Change, Item
from tracker.storage.schema import SchemaState, alembic_head, schema_state


def check_database(service: Service) -> dict:
    """Everything a support call would ask first; raises InputError listing what is wrong."""
    db = service.db
    problems = []
    state, revision = schema_state(db)
    if state is not SchemaState.CURRENT or revision != alembic_head():
        problems.append(f"schema {revision} / {alembic_head()}")
    with db.read() as session:
        if db.is_sqlite:
            integrity = session.execute(text("PRAGMA integrity_check")).scalar()
            if integrity != "ok":
                problems.append(f"integrity_check: {integrity}")
            if session.execute(text("PRAGMA foreign_key_check")).first() is not None:
                problems.append("foreign_key_check")
        without_history = session.scalar(
            select(func.count()).select_from(Item).where(~Item.id.in_(select(Change.item_id)))
        )
        if without_history:
            problems.append(f"{without_history} items without history")
        items, changes = queries.counts(session)
    if changes and not _history_is_protected(service):
        problems.append("history can be rewritten (append-only triggers missing)")
    if problems:
        raise InputError("error.db_check_failed", problems="; ".join(problems))
    return {"revision": revision, "items": items, "changes": changes}


def _history_is_protected(service: Service) -> bool:
    """Try to rewrite one history row inside a transaction that is always rolled back."""
    with service.db.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(text("UPDATE changes SET note = note WHERE id = (SELECT MIN(id) FROM changes)"))
        except DBAPIError:
            return True
        finally:
            transaction.rollback()
    return False


def backup_database(service: Service, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while colleagues keep saving."""
    if not service.db.is_sqlite:
        raise InputError("error.backup_sqlite_only")
    target = Path(target).expanduser()
    if target.exists():
        raise InputError("error.backup_exists", path=target)
    if not target.parent.is_dir():
        raise InputError("error.folder_missing", path=target.parent)
    raw = service.db.engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()
