"""`tracker db backup`: a copy of the database that appears whole, under its name, or not at all.

SQLite's online backup gives a consistent copy even while colleagues keep saving. It is
made under a hidden temporary name in the target folder, flushed to disk, then linked to
its name, which never replaces an existing file: a backup killed half-way or stopped by a
full disk leaves no file under the name, so the next try is not refused as "already exists".
(kill -9 leaves the hidden `.NAME.xxxxxxxx.part` file behind: nothing can remove it then,
and it is never mistaken for the backup.)
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from contextlib import suppress
from pathlib import Path

from tracker.domain import InputError, UnavailableError
from tracker.safe_paths import check_output, create_temporary, sync_folder
from tracker.service import Service
from tracker.storage.driver import sqlite_unavailable

_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# Filesystems without hard links (FAT and exFAT on USB sticks, some network shares).
_NO_LINKS_ERRNOS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def backup_database(service: Service, target: Path) -> None:
    db = service.db
    if not db.is_sqlite:
        raise InputError("error.backup_sqlite_only")
    target = Path(target).expanduser()
    if os.path.lexists(target):  # a dangling symlink too: a backup never writes through a link
        raise InputError("error.backup_exists", path=target)
    if not target.parent.is_dir():
        raise InputError("error.folder_missing", path=target.parent)
    check_output(target)  # not the database's own -wal or -shm name
    try:
        fd, temporary = create_temporary(target)
    except OSError as exc:
        raise _failed(target, exc) from None
    os.close(fd)
    try:
        _copy(db, temporary)
        _put_in_place(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        raise _failed(target, exc) from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            with suppress(FileNotFoundError):
                leftover.unlink()
    sync_folder(target.parent)


def _copy(db, temporary: Path) -> None:
    with db.raw_connection() as raw:
        destination = sqlite3.connect(temporary)
        try:
            raw.backup(destination)
        finally:
            destination.close()
    if db.file is not None:  # as readable as the database itself, no more and no less
        with suppress(OSError):
            os.chmod(temporary, stat.S_IMODE(os.stat(db.file).st_mode))
    fd = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(fd)  # the pages are on disk before the name points at them
    finally:
        os.close(fd)


def _put_in_place(temporary: Path, target: Path) -> None:
    """Give the finished copy its name; FileExistsError if someone took the name meanwhile."""
    try:
        os.link(temporary, target)
    except OSError as exc:
        if exc.errno not in _NO_LINKS_ERRNOS:
            raise
        # No hard links here: rename after a last look. Another program could take the name in
        # between and lose its file; on such filesystems nothing narrower is available.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.rename(temporary, target)


def _failed(target: Path, exc: OSError | sqlite3.Error) -> Exception:
    """One line for the user: whose fault, and nothing was left behind."""
    if isinstance(exc, FileExistsError):
        return InputError("error.backup_exists", path=target)
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) in _DISK_FULL_ERRNOS:
        return UnavailableError("error.backup_disk_full", path=target)
    if isinstance(exc, sqlite3.Error) and sqlite_unavailable(name):
        return UnavailableError("error.backup_failed", path=target, reason=exc)
    if isinstance(exc, OSError):  # a folder we may not write, a read-only disk: name another place
        return InputError("error.output_unwritable", path=target, reason=exc.strerror or exc)
    return exc  # any other SQLite error is a fault: logged as unexpected
