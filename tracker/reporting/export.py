"""Export the progress table: build the rows once, hand them to the format's writer.

``export_file`` and ``export_to_stream`` serve the CLI, ``write_export`` the terminal UI.
A file is written under a temporary name and put in place only when complete; so is the
folder of documents that `attachments` asks for (tracker.reporting.attachments). Both are
read in one transaction: the folder holds the files of exactly the items in the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tracker.domain import InputError, Status
from tracker.storage.report_queries import Scope

if TYPE_CHECKING:
    from tracker.reporting.attachments import Documents, Saved

FORMATS = ("csv", "xlsx", "ods", "markdown", "html", "json")
BINARY_FORMATS = frozenset({"xlsx", "ods"})
ONE_TABLE_FORMATS = frozenset({"csv"})  # no room for a second (history) table
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "ods": ".ods", "markdown": ".md", "html": ".html", "json": ".json"}


@dataclass(frozen=True)
class Written:
    path: Path | None  # None: standard output
    rows: int
    attachments: Saved | None = None  # the folder of documents, when one was asked for


def write_export(
    service,
    fmt: str,
    path: Path,
    *,
    history: bool = False,
    lang: str | None = None,
    statuses=(),
    owner: str | None = None,
    report: str | None = None,
    bom: bool = True,
    columns: str | tuple[str, ...] | None = None,
    attachments: Path | None = None,
    as_of: date | None = None,
) -> Path:
    """Write the table (and with `history` the full history) as `fmt` to `path`; returns the path.

    `columns` chooses and orders the columns (their names, or the text --columns takes);
    `attachments` names a new (or empty) folder for the exported items' stored files;
    `as_of` a past day makes the table as it stood at that day's end."""
    written = export_file(
        service,
        fmt,
        path,
        history=history,
        lang=lang,
        statuses=statuses,
        owner=owner,
        report=report,
        bom=bom,
        columns=columns,
        attachments=attachments,
        as_of=as_of,
    )
    assert written.path is not None
    return written.path


def export_file(service, fmt: str, path: Path, *, attachments: Path | None = None, **options) -> Written:
    """Like write_export, and says how many items (and documents) were written."""
    from tracker.reporting.output import atomic_file

    _check(fmt, options.get("history", False))
    options["columns"] = _columns(options.get("columns"))  # before any file is made
    path = Path(path).expanduser()
    if attachments is not None:
        _check_apart(path, Path(attachments).expanduser())
    with _documents(attachments) as documents, atomic_file(path) as handle:
        rows = _export(service, fmt, handle, documents, **options)
    return Written(path, rows, documents.saved if documents else None)


def export_to_stream(service, fmt: str, out: BinaryIO, **options) -> int:
    """Write the export to a binary stream (a file, or standard output for the text formats);
    returns the number of items."""
    return export_to_output(service, fmt, out, **options).rows


def export_to_output(service, fmt: str, out: BinaryIO, *, attachments: Path | None = None, **options) -> Written:
    """export_to_stream, saying what was written (with `attachments`, the folder too)."""
    _check(fmt, options.get("history", False))
    options["columns"] = _columns(options.get("columns"))
    with _documents(attachments) as documents:
        rows = _export(service, fmt, out, documents, **options)
    return Written(None, rows, documents.saved if documents else None)


def _export(
    service,
    fmt: str,
    out: BinaryIO,
    documents: Documents | None,
    *,
    history: bool = False,
    lang: str | None = None,
    statuses=(),
    owner: str | None = None,
    report: str | None = None,
    bom: bool = True,
    columns: tuple[str, ...] | None = None,
    as_of: date | None = None,
) -> int:
    from tracker.reporting.rows import build_table

    today = service.settings.today()
    if as_of is not None and as_of > today:
        raise InputError("error.as_of_future", day=as_of.isoformat(), today=today.isoformat())
    if as_of is not None and documents is not None:
        raise InputError("error.as_of_attachments")
    scope = Scope(
        owner=owner.strip() if owner and owner.strip() else None,
        report=report or None,
        statuses=tuple(Status(s) for s in statuses),
    )
    with service.db.read() as session:
        table = build_table(
            session,
            service.settings,
            lang=_table_lang(lang),
            scope=scope,
            history=history,
            columns=columns,
            as_of=as_of,
        )
        if documents is not None:  # first: a damaged file stops the export before the table goes out
            documents.fill(session, scope)
        _writer(fmt, bom)(table, out)
        out.flush()
        return table.rows.count


def _columns(columns: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...] | None:
    from tracker.reporting.rows import parse_columns

    if columns is None:
        return None
    return parse_columns(columns if isinstance(columns, str) else ",".join(columns))


@contextmanager
def _documents(folder: Path | None) -> Iterator[Documents | None]:
    """The folder for the items' documents, made beside its final place and moved there when
    the block ends without an error (removed otherwise); None when none was asked for."""
    if folder is None:
        yield None
        return
    from tracker.reporting.attachments import staged_folder

    with staged_folder(Path(folder).expanduser()) as documents:
        yield documents


def _check_apart(path: Path, folder: Path) -> None:
    """The table may not be written into the folder of documents (which must be new or empty)."""
    from tracker.domain import clean_line
    from tracker.evidence import is_inside

    if is_inside(folder, path):
        raise InputError("error.attachments_hold_table", path=clean_line(str(path)), folder=clean_line(str(folder)))


def _check(fmt: str, history: bool) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {FORMATS}")
    if history and fmt in ONE_TABLE_FORMATS:
        raise InputError("error.history_one_table", fmt=fmt.upper())


def _table_lang(lang: str | None) -> str:
    from tracker.i18n import current_lang, normalise_lang

    if lang is None:
        return current_lang()
    try:
        return normalise_lang(lang)
    except ValueError:
        raise InputError("error.bad_lang", value=lang) from None


def _writer(fmt: str, bom: bool):
    if fmt == "xlsx":
        from tracker.reporting.export_xlsx import write_xlsx

        return write_xlsx
    if fmt == "ods":
        from tracker.reporting.export_ods import write_ods

        return write_ods
    from tracker.reporting import export_text

    if fmt == "csv":
        return lambda table, out: export_text.write_csv(table, out, bom=bom)
    return {"json": export_text.write_json, "markdown": export_text.write_markdown, "html": export_text.write_html}[fmt]
