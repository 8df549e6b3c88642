"""May the tracker write a file here? One check for every file it writes (exports, summaries, backups).

An output path is a typo away from the live database: `-o "$TRACKER_DB"` would replace it
with a CSV. So no output may land on a database this process has open, on its -wal, -shm or
-journal file, or on any existing SQLite file (a backup is one), wherever symlinks point.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from tracker.domain import InputError

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file

# The real paths of the database files opened in this process (see protect_database), with
# their side files: they may not exist at the moment of the check, or be empty, yet are in use.
_protected: set[str] = set()


def protect_database(path: Path) -> None:
    """Never let an output replace this database file or its side files (called when it is opened)."""
    real = os.path.realpath(path)
    _protected.update(real + suffix for suffix in ("", *SIDE_FILES))


def is_sqlite_file(path: Path) -> bool:
    """A regular file that starts with SQLite's header (never opens a FIFO or a device: that could block)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_output(path: Path) -> Path:
    """The real path (symlinks resolved) that writing to `path` would replace; InputError when
    that is a database file or one of its side files."""
    real = Path(os.path.realpath(path))
    side_file_of = [real.with_name(real.name.removesuffix(s)) for s in SIDE_FILES if real.name.endswith(s)]
    if str(real) in _protected or is_sqlite_file(real) or any(is_sqlite_file(base) for base in side_file_of):
        raise InputError("error.output_is_database", path=path)
    return real


def create_temporary(target: Path, mode: int = 0o600) -> tuple[int, Path]:
    """A new, empty, hidden file beside `target` (same folder, so a rename or link into place is
    atomic), opened for writing; `mode` is filtered by the umask as for any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue  # another writer drew the same name: draw again


def sync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` survive a power cut (POSIX; elsewhere there is nothing to do)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
