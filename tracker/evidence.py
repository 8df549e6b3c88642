"""佐證資料 as they come in: files read whole and checked before anything is written, and
references (文號, URL, text) checked as one clean line each.

A file's name is data: it is kept as it was given (minus control and bidi characters) for
showing, and never used as a path; `safe_file_name` makes one for writing out.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tracker.domain import SHORT_TEXT_LIMIT, EvidenceKind, InputError, clean_line, clean_text

NAME_LIMIT = 255  # what file systems hold
URL_LIMIT = 2_000
TEXT_LIMIT = 1_000


@dataclass(frozen=True)
class IncomingFile:
    name: str  # as given, cleaned: for showing only
    content: bytes
    sha256: str
    media_type: str

    @property
    def size(self) -> int:
        return len(self.content)


def read_file(path: Path, limit: int) -> IncomingFile:
    """A file to attach, read whole; InputError (nothing written) for what cannot be attached."""
    shown = clean_line(str(path))
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("error.attach_missing", path=shown) from None
    except OSError as exc:
        raise InputError("error.attach_unreadable", path=shown, reason=exc.strerror or exc) from None
    if path.is_dir():
        raise InputError("error.attach_directory", path=shown)
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever; a device has no size
        raise InputError("error.attach_not_file", path=shown)
    if info.st_size > limit:
        raise InputError("error.attach_too_large", path=shown, size=_megabytes(info.st_size), limit=limit // 2**20)
    try:
        # Read one byte past the limit: a file that grew since stat() is still refused.
        with path.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise InputError("error.attach_unreadable", path=shown, reason=exc.strerror or exc) from None
    if len(content) > limit:
        raise InputError("error.attach_too_large", path=shown, size=_megabytes(len(content)), limit=limit // 2**20)
    return IncomingFile(
        name=stored_name(path.name),
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        media_type=media_type(content),
    )


def stored_name(name: str) -> str:
    """The name to keep: as given, without control or bidi characters, within NAME_LIMIT."""
    cleaned = clean_line(unicodedata.normalize("NFC", name))
    return cleaned[:NAME_LIMIT] or "file"


def media_type(content: bytes) -> str:
    """The media type read from the content itself (its signature), never from the name."""
    import filetype  # only `attach` needs it

    kind = filetype.guess(content)
    if kind is not None:
        return str(kind.mime)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.2f}"


def check_reference(kind: EvidenceKind, text: str | None) -> str:
    """A 文號, URL or text reference as it will be stored; InputError for one that cannot be."""
    raw = text or ""
    if kind is EvidenceKind.DOC_NO:
        # A document number is copied from a 公文: control characters there are a mistake
        # (or an attack), not something to clean up silently.
        if clean_text(raw) != raw or "\n" in raw or "\t" in raw:
            raise InputError("error.doc_no_control")
        value = " ".join(raw.split())
        if not value:
            raise InputError("error.reference_empty", kind=kind.label())
        if len(value) > SHORT_TEXT_LIMIT:
            raise InputError("error.reference_too_long", kind=kind.label(), limit=SHORT_TEXT_LIMIT)
        return value
    if kind is EvidenceKind.URL:
        value = raw.strip()
        parts = urlsplit(value) if _URL_TEXT.fullmatch(value) else None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InputError("error.bad_url", url=clean_line(raw))
        if len(value) > URL_LIMIT:
            raise InputError("error.reference_too_long", kind=kind.label(), limit=URL_LIMIT)
        return value
    value = clean_line(raw)
    if not value:
        raise InputError("error.reference_empty", kind=kind.label())
    if len(value) > TEXT_LIMIT:
        raise InputError("error.reference_too_long", kind=kind.label(), limit=TEXT_LIMIT)
    return value


# A URL is printable ASCII or any non-ASCII letter (IDN, Chinese paths), no spaces or controls.
_URL_TEXT = re.compile(r"[!-~\u00a0-\U0010ffff]+")


def safe_file_name(name: str, taken: set[str]) -> str:
    """A name to write a stored file under inside a folder: no separators, no '..', no
    control or bidi characters, no Windows device names, unique among `taken` (case folded)."""
    cleaned = clean_line(name).replace("/", "_").replace("\\", "_").replace("\x00", "")
    cleaned = re.sub(r'[<>:"|?*]', "_", cleaned).strip(" .")
    stem, dot, suffix = cleaned.partition(".")
    if not stem or stem.upper() in _DEVICE_NAMES:
        cleaned = f"_{cleaned}" if cleaned else "file"
    cleaned = _within_bytes(cleaned, NAME_BYTES)
    candidate, number = cleaned, 1
    while candidate.casefold() in taken:
        number += 1
        base, dot, suffix = cleaned.rpartition(".")
        candidate = f"{base} ({number}).{suffix}" if dot and base else f"{cleaned} ({number})"
    taken.add(candidate.casefold())
    return candidate


# File systems count a name's bytes (255 in UTF-8 on Linux): room is left for " (99)".
NAME_BYTES = 200


def _within_bytes(name: str, limit: int) -> str:
    """`name` cut to `limit` UTF-8 bytes at a character boundary, its extension kept."""
    if len(name.encode("utf-8")) <= limit:
        return name
    base, dot, suffix = name.rpartition(".")
    if not dot or not base or len(suffix.encode("utf-8")) > 20:
        base, dot, suffix = name, "", ""
    room = limit - len((dot + suffix).encode("utf-8"))
    cut = base.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{cut}{dot}{suffix}"


_DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def is_inside(folder: Path, path: Path) -> bool:
    """True when `path` resolves inside `folder` (no '..' or link leads out of it)."""
    return os.path.commonpath([folder.resolve(), path.resolve()]) == str(folder.resolve())
