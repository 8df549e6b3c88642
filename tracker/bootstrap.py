"""Open the configured database as a ready service: schema current, seed loaded on first use."""

from __future__ import annotations

import errno
from contextlib import suppress
from pathlib import Path

from tracker.domain import InputError, UnavailableError
from tracker.service import ImportResult, Service
from tracker.settings import Settings
from tracker.storage import queries
from tracker.storage.driver import Database, parse_url
from tracker.storage.schema import check_sqlite_file, ensure_current

# A folder that cannot be made for these reasons is the disk's state, not a mistake in what was typed.
_UNAVAILABLE_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EIO}


def open_service(settings: Settings, *, creating: bool = False) -> Service:
    """`creating` (tracker init) may make a new database file; other commands need one,
    except on the default database, which is created and seeded on first use."""
    path = parse_url(settings.db_url).path
    new_file = path if path is not None and not path.exists() else None
    if new_file is not None:
        if not (creating or settings.db_is_default):
            raise InputError("error.db_missing", db=settings.db)
        _make_folder(new_file.parent, settings.db)
    elif path is not None:
        check_sqlite_file(path, settings.db)  # read-only: another program's file is refused unchanged
    db = Database(settings.db_url)
    try:
        ensure_current(db)
    except Exception:
        db.dispose()
        if new_file is not None:
            _remove_if_empty(new_file)
        raise
    service = Service(db, settings)
    if settings.db_is_default and not creating:
        with service.db.read() as session:
            empty = queries.counts(session)[0] == 0
        if empty:  # first use of the default database: load the eight recommendations
            seed_if_empty(service)
    return service


def _make_folder(folder: Path, db: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc
        if exc.errno in _UNAVAILABLE_ERRNOS:
            raise UnavailableError("error.db_unavailable", db=db, reason=reason) from None
        raise InputError("error.db_unreadable", db=db, reason=reason) from None


def _remove_if_empty(path: Path) -> None:
    """SQLite makes the file on connecting; when set-up then failed (a full disk), the empty
    file and its side files go, so that nothing half-made is left to be mistaken for a database."""
    with suppress(OSError):
        if path.stat().st_size == 0:
            for suffix in ("-wal", "-shm", "-journal", ""):
                with suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()


def seed_if_empty(service: Service, seed_file: Path | None = None) -> ImportResult | None:
    """Load the seed unless its report is in the database already (idempotent)."""
    from tracker.resources import seed_path
    from tracker.seed import load_seed

    doc = load_seed(seed_file or seed_path())
    with service.db.read() as session:
        if queries.report_by_key(session, doc.report.key) is not None:
            return None
    return service.import_report(doc)
