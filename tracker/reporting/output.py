"""Where a report goes: a file written whole or not at all, or standard output."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, TextIO

from tracker.domain import InputError


def unwritable(path: Path, exc: OSError) -> InputError:
    return InputError("error.output_unwritable", path=path, reason=exc.strerror or exc)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file at `path`, written under a temporary name in the same folder and put in
    place only when the writer finished: a failed export leaves no half-written file."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise unwritable(path, IsADirectoryError(21, os.strerror(21)))
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise unwritable(path, exc) from None
    except BaseException:
        _remove(temporary)
        raise


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[TextIO]:
    """Buffered UTF-8 text on top of a binary stream, which stays open afterwards
    (exports write row by row; encoding each row on its own would cost more than the row)."""
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def write_text(path: Path | None, text: str) -> None:
    """UTF-8 text to a file, or to standard output when no path (or `-`) is given."""
    if path is None or str(path) == "-":
        stdout_bytes().write(text.encode("utf-8"))
        return
    with atomic_file(path) as handle:
        handle.write(text.encode("utf-8"))


def stdout_bytes() -> BinaryIO:
    """Standard output as bytes (UTF-8 whatever the locale says), after any text written before."""
    sys.stdout.flush()
    return sys.stdout.buffer


def _remove(path: str) -> None:
    with suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
