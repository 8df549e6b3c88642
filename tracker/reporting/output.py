"""Where a report goes: a file written whole or not at all, or standard output."""

from __future__ import annotations

import gc
import io
import os
import stat
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, TextIO

from tracker.domain import InputError
from tracker.safe_paths import check_output, create_temporary, sync_folder


def unwritable(path: Path, exc: OSError) -> InputError:
    return InputError("error.output_unwritable", path=path, reason=exc.strerror or exc)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file at `path`, written under a temporary name in the same folder and put in
    place only when the writer finished: a failed export leaves no half-written file.

    What the user named is written through, never replaced by something else: a symlink's
    target is written (the link stays), a replaced file keeps its mode and owner, and a pipe
    or character device (/dev/null, a FIFO, /dev/stdout) receives the bytes directly, as the
    shell's `>` would (it cannot be renamed over; what a reader got is its own). A database
    file, a folder, a block device or a socket is refused.
    """
    path = Path(path).expanduser()
    try:
        mode = os.stat(path).st_mode  # follows symlinks: the kind of what would be written
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a symlink loop, a folder we may not enter
        raise unwritable(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("error.output_is_folder", path=path)
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        try:
            with open(path, "wb") as handle, _quiet_failure():
                yield handle
        except OSError as exc:  # no reader on the pipe any more, a device that refuses
            raise unwritable(path, exc) from None
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError("error.output_not_file", path=path)
    target = check_output(path)
    if mode is not None and not os.access(target, os.W_OK):
        # Renaming over a file we may not write would get round its protection; `>` refuses too.
        raise unwritable(path, PermissionError(13, os.strerror(13)))
    try:
        fd, temporary = create_temporary(target, 0o600 if mode is not None else 0o666)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            with _quiet_failure():
                yield handle
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
        if mode is not None:
            _keep_mode_and_owner(temporary, target)
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise unwritable(path, exc) from None
    except BaseException:
        _remove(temporary)
        raise
    sync_folder(target.parent)


@contextmanager
def _quiet_failure() -> Iterator[None]:
    """When a writer stops half-way (a full disk), its half-made objects live on in the
    traceback: a writer's zip archive and row generators try to finish writing when they are
    collected, and Python prints each complaint as an 'Exception ignored' traceback after our
    one-line message. Collect them now, while the file is open, and silence them: the file
    they wrote is being thrown away."""
    try:
        yield
    except BaseException as exc:
        hook = sys.unraisablehook
        sys.unraisablehook = lambda _unraisable: None
        try:
            traceback.clear_frames(exc.__traceback__)  # frees the writer's locals (finished frames only)
            gc.collect()
        finally:
            sys.unraisablehook = hook
        raise


def _keep_mode_and_owner(temporary: Path, existing: Path) -> None:
    """The new file takes the place of the old one with its permissions (a 0600 file stays
    private) and, where we may set it, its owner and group."""
    old = os.stat(existing)
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    with suppress(AttributeError, PermissionError):  # no chown on Windows; only root may give a file away
        os.chown(temporary, old.st_uid, old.st_gid)


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


def _remove(path: Path) -> None:
    with suppress(OSError):
        os.unlink(path)
