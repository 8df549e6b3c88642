"""Open the configured database as a ready service: schema current, seed loaded on first use."""

from __future__ import annotations

from pathlib import Path

from tracker.domain import InputError
from tracker.service import ImportResult, Service
from tracker.settings import Settings
from tracker.storage import queries
from tracker.storage.engine import Database
from tracker.storage.schema import ensure_current


def sqlite_path(settings: Settings) -> Path | None:
    url = settings.db_url
    if not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///"))


def open_service(settings: Settings, *, creating: bool = False) -> Service:
    """`creating` (tracker init) may make a new database file; other commands need one,
    except on the default database, which is created and seeded on first use."""
    path = sqlite_path(settings)
    if path is not None and not path.exists():
        if not (creating or settings.db_is_default):
            raise InputError("error.db_missing", db=settings.db)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError("error.db_unreadable", db=settings.db, reason=exc.strerror or exc) from None
    db = Database(settings.db_url)
    ensure_current(db)
    service = Service(db, settings)
    if settings.db_is_default and not creating:
        with service.db.read() as session:
            empty = queries.counts(session)[0] == 0
        if empty:  # first use of the default database: load the eight recommendations
            seed_if_empty(service)
    return service


def seed_if_empty(service: Service, seed_file: Path | None = None) -> ImportResult | None:
    """Load the seed unless its report is in the database already (idempotent)."""
    from tracker.resources import seed_path
    from tracker.seed import load_seed

    doc = load_seed(seed_file or seed_path())
    with service.db.read() as session:
        if queries.report_by_key(session, doc.report.key) is not None:
            return None
    return service.import_report(doc)
