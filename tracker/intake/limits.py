"""Checks before any reader opens a file: its size, its kind, and (for .docx and .odt, which
are zip files) what it would unpack to.

A zip bomb is refused from the zip's own directory, before anything is decompressed: the
readers then never read more than the sizes checked here (Python's zipfile stops at an
entry's declared size and checks its CRC).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from tracker.domain import InputError

MAX_FILE_BYTES = 50 * 2**20  # a report of a few hundred pages with photos is well under this
MAX_UNZIPPED_BYTES = 200 * 2**20  # all entries of a .docx/.odt together, as unpacked
MAX_ENTRY_RATIO = 200  # unpacked/packed for an entry over 1 MiB (XML packs 5-20 times)
MAX_ENTRIES = 10_000

KINDS = ("docx", "odt", "pdf", "txt")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office format (and encrypted OOXML)
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def check_file(path: Path) -> str:
    """The kind of the file (docx, odt, pdf, txt), or InputError naming what is wrong with it."""
    try:
        if not path.is_file():
            raise InputError("intake.not_a_file", path=path)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError("intake.unreadable", path=path, reason=exc.strerror or exc) from None
    if size == 0:
        raise InputError("intake.empty", path=path)
    if size > MAX_FILE_BYTES:
        raise InputError("intake.too_big", path=path, size=_mib(size), limit=_mib(MAX_FILE_BYTES))
    suffix = path.suffix.lower().lstrip(".")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError("intake.unreadable", path=path, reason=exc.strerror or exc) from None
    if head.startswith(_OLE):
        if suffix in ("docx", "odt", "docm") and _ole_encrypted(path):
            raise InputError("intake.encrypted", path=path)
        raise InputError("intake.old_doc", path=path)
    if suffix in ("doc", "dot", "wps"):
        raise InputError("intake.old_doc", path=path)
    if head.startswith(b"%PDF-") or suffix == "pdf":
        return "pdf"
    if head.startswith(b"PK\x03\x04") or suffix in ("docx", "odt", "docm"):
        return check_zip(path)
    if suffix in ("txt", "text", "md", ""):
        return "txt"
    raise InputError("intake.unknown_kind", path=path, kinds=", ".join(f".{k}" for k in KINDS))


def check_zip(path: Path) -> str:
    """docx or odt, after checking the zip's directory for a bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > MAX_ENTRIES:
                raise InputError("intake.zip_bomb", path=path, reason=f"{len(entries)} entries")
            total = 0
            for entry in entries:
                total += entry.file_size
                if entry.file_size > 2**20 and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1):
                    raise InputError(
                        "intake.zip_bomb",
                        path=path,
                        reason=f"{entry.filename}: {entry.compress_size} → {entry.file_size} bytes",
                    )
            if total > MAX_UNZIPPED_BYTES:
                raise InputError("intake.zip_bomb", path=path, reason=f"{_mib(total)} MiB unpacked")
            if "EncryptedPackage" in names:
                raise InputError("intake.encrypted", path=path)
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIME:
                if _odt_encrypted(archive):
                    raise InputError("intake.encrypted", path=path)
                return "odt"
    # zipfile raises NotImplementedError for a compression method it cannot read: a damaged or
    # foreign file to staff, told as such (not an unfinished part of the tracker).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError("intake.corrupt", path=path, reason=exc) from None
    raise InputError("intake.unknown_kind", path=path, kinds=", ".join(f".{k}" for k in KINDS))


def _odt_encrypted(archive: zipfile.ZipFile) -> bool:
    """An ODF file saved with a password lists an encryption-data element for its content."""
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def _ole_encrypted(path: Path) -> bool:
    """A password-protected .docx is an OLE container holding an EncryptedPackage stream."""
    with path.open("rb") as handle:
        data = handle.read(2**20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}"
