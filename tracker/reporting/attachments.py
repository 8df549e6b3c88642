"""`export --attachments DIR`: the exported items' stored files, one folder per item.

A stored name is data (whatever an old version, an import or a hand-made row put there):
it never becomes a path as it is. Each folder and file name goes through
tracker.evidence.safe_file_name (no separators, no '..', no control or bidi characters, no
device names, unique in its folder), is cut to what a file system holds, and every path is
checked to lie inside the folder before anything is written there; files are created new
(never through an existing file or link). Contents are read one file at a time and checked
against their SHA-256.

The folder is made under a hidden temporary name beside DIR and renamed to DIR only when
everything was written, so a failed export leaves no folder half full. DIR may not exist
yet, or be an empty folder; anything else is refused (nothing is overwritten or mixed in).
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker.domain import InputError, clean_line
from tracker.evidence import is_inside, safe_file_name
from tracker.storage import queries
from tracker.storage import report_queries as fetch
from tracker.storage.driver import Connection

NAME_BYTES = 200  # a file system holds 255 bytes a name; safe_file_name may add " (12)"
SUFFIX_CHARS = 16  # the longest extension kept whole when a name is cut


@dataclass(frozen=True)
class Saved:
    """What an export wrote into its folder of documents."""

    folder: Path
    files: int
    items: int


class Documents:
    """A folder being filled: the temporary one while writing, `saved` once it is in place."""

    def __init__(self, target: Path, staging: Path) -> None:
        self.target = target
        self.staging = staging
        self.files = 0
        self.items = 0
        self.saved: Saved | None = None

    def fill(self, db: Connection, scope: fetch.Scope) -> None:
        """Write every stored file in view of the items in scope, each item's in its own folder."""
        folders: set[str] = set()
        current_key: str | None = None
        folder = self.staging
        taken: set[str] = set()
        for attachment in fetch.iter_attachments(db, scope):
            if attachment.item_key != current_key:
                current_key = attachment.item_key
                folder = self._inside(self.staging / safe_file_name(fit_name(attachment.item_key), folders))
                folder.mkdir()
                self.items += 1
                taken = set()
            content = queries.blob(db, attachment.sha256)  # one file at a time
            if hashlib.sha256(content).hexdigest() != attachment.sha256:
                raise InputError("error.evidence_damaged", id=attachment.id, name=clean_line(attachment.name or ""))
            path = self._inside(folder / safe_file_name(fit_name(attachment.name or ""), taken))
            _write_new(path, content)
            self.files += 1

    def _inside(self, path: Path) -> Path:
        """`path`, after making sure that it names something inside the folder (which
        safe_file_name guarantees: this is the second lock on the door)."""
        if path.name in ("", ".", "..") or not is_inside(self.staging, path) or path == self.staging:
            raise AssertionError(f"{path!r} would leave {self.staging}")
        return path


@contextmanager
def staged_folder(target: Path) -> Iterator[Documents]:
    """Documents for `target`: written into a new hidden folder beside it, renamed to `target`
    when the block ends without an error, removed otherwise."""
    _check_target(target)
    try:
        staging = _new_folder(target)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    documents = Documents(target, staging)
    try:
        yield documents
        _put_in_place(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _unwritable(target, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    documents.saved = Saved(target, documents.files, documents.items)


def fit_name(name: str, limit: int = NAME_BYTES) -> str:
    """`name` cut to `limit` bytes of UTF-8 (its extension kept when short), for a file system."""
    encoded = name.encode("utf-8", "surrogatepass")
    if len(encoded) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > SUFFIX_CHARS:
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    room = limit - len(tail.encode("utf-8", "surrogatepass"))
    return stem.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore") + tail


def _check_target(target: Path) -> None:
    shown = clean_line(str(target))
    if target.is_symlink():
        raise InputError("error.attachments_not_folder", path=shown)
    if target.exists():
        if not target.is_dir():
            raise InputError("error.attachments_not_folder", path=shown)
        try:
            empty = next(os.scandir(target), None) is None
        except OSError as exc:
            raise _unwritable(target, exc) from None
        if not empty:
            raise InputError("error.attachments_not_empty", path=shown)
    elif not target.parent.is_dir():
        raise _unwritable(target, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))


def _new_folder(target: Path) -> Path:
    while True:
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            continue


def _put_in_place(staging: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        try:
            target.rmdir()  # still empty (checked at the start): the new folder takes its place
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise InputError("error.attachments_not_empty", path=clean_line(str(target))) from None
            raise
    os.rename(staging, target)  # refuses (EEXIST/ENOTEMPTY) whatever appeared there meanwhile


def _write_new(path: Path, content: bytes) -> None:
    """A new file (never an existing one, never through a link) holding `content`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def _unwritable(target: Path, exc: OSError) -> InputError:
    return InputError("error.attachments_unwritable", path=clean_line(str(target)), reason=exc.strerror or exc)
