"""Export the progress table: build the rows once, hand them to the format's writer.

``export_file`` and ``export_to_stream`` serve the CLI, ``write_export`` the terminal UI.
A file is written under a temporary name and put in place only when complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tracker.domain import InputError, Status
from tracker.storage.report_queries import Scope

FORMATS = ("csv", "xlsx", "ods", "markdown", "html", "json")
BINARY_FORMATS = frozenset({"xlsx", "ods"})
ONE_TABLE_FORMATS = frozenset({"csv"})  # no room for a second (history) table
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "ods": ".ods", "markdown": ".md", "html": ".html", "json": ".json"}


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


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
) -> Path:
    """Write the table (and with `history` the full history) as `fmt` to `path`; returns the path."""
    return export_file(
        service, fmt, path, history=history, lang=lang, statuses=statuses, owner=owner, report=report, bom=bom
    ).path


def export_file(service, fmt: str, path: Path, **options) -> Written:
    """Like write_export, and says how many items were written."""
    from tracker.reporting.output import atomic_file

    _check(fmt, options.get("history", False))
    path = Path(path).expanduser()
    with atomic_file(path) as handle:
        rows = export_to_stream(service, fmt, handle, **options)
    return Written(path, rows)


def export_to_stream(
    service,
    fmt: str,
    out: BinaryIO,
    *,
    history: bool = False,
    lang: str | None = None,
    statuses=(),
    owner: str | None = None,
    report: str | None = None,
    bom: bool = True,
) -> int:
    """Write the export to a binary stream (a file, or standard output for the text formats);
    returns the number of items."""
    from tracker.reporting.rows import build_table

    _check(fmt, history)
    scope = Scope(
        owner=owner.strip() if owner and owner.strip() else None,
        report=report or None,
        statuses=tuple(Status(s) for s in statuses),
    )
    with service.db.read() as session:
        table = build_table(session, service.settings, lang=_table_lang(lang), scope=scope, history=history)
        _writer(fmt, bom)(table, out)
        out.flush()
        return table.rows.count


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
