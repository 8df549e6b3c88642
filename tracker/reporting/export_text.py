"""The text exports: CSV, JSON, Markdown, HTML. Each writes UTF-8 bytes to a stream, row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import BinaryIO

from tracker.dates import format_date
from tracker.i18n import t
from tracker.reporting import cells, markup
from tracker.reporting.markup import Cell, Col
from tracker.reporting.output import text_stream
from tracker.reporting.rows import (
    DATE,
    INT,
    MOMENT,
    PERCENT,
    STATUS,
    Column,
    ExportRow,
    ExportTable,
    HistoryRow,
    SheetRow,
)


def plain(value: object, *, roc: bool = False) -> str:
    """A typed value as text: dates ISO (or ROC), times to the minute, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{format_date(value.date(), roc=roc)} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value, roc=roc)
    return str(value)


def write_csv(table: ExportTable, out: BinaryIO, *, bom: bool = True) -> None:
    """RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so that Excel reads the Chinese;
    text defused against formula injection, dates ISO (ROC text, 105/12/16, with the ROC
    setting), progress as "60%"."""
    kinds = {**_CSV_CONVERTERS, **(_CSV_ROC if table.roc else {})}
    converters = [(c.attr, kinds.get(c.kind, cells.csv_cell)) for c in table.columns]
    with text_stream(out) as stream:
        if bom:
            stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([cells.csv_cell(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow([convert(getattr(row, attr)) for attr, convert in converters])


def _iso_minutes(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


# How each column kind reads in a CSV (text kinds go through cells.csv_cell).
_CSV_CONVERTERS = {
    INT: lambda value: "" if value is None else str(value),
    DATE: lambda value: "" if value is None else value.isoformat(),
    MOMENT: _iso_minutes,
    PERCENT: lambda value: "" if value is None else f"{value}%",
}


# With the ROC setting: the text the evaluation office reads (no spreadsheet takes it as a date).
_CSV_ROC = {
    DATE: lambda value: format_date(value, roc=True),
    MOMENT: lambda value: plain(value, roc=True),
}


def write_json(table: ExportTable, out: BinaryIO) -> None:
    """One JSON document: stable English keys, ISO dates, the rows under "items".

    Each column lists its `name` (what --columns takes), `key` (its record key) and label.
    The default table's records carry every key; with --columns, the item's key and the keys
    of the chosen columns (RECORD_KEYS), in their order."""
    head = {
        "title": table.title,
        "subtitle": table.subtitle,
        "as_of": table.as_of.isoformat(),
        "lang": table.lang,
        "columns": [{"name": c.name, "key": c.attr, "label": c.label} for c in table.columns],
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2].encode("utf-8"))
    if table.chosen:
        keys = ["key", *(key for c in table.columns for key in RECORD_KEYS[c.name] if key != "key")]
        records: Iterable[dict[str, object]] = ({k: r[k] for k in keys} for r in map(item_record, table.rows))
    else:
        records = map(item_record, table.rows)
    _json_list(out, "items", records)
    if table.history is not None:
        _json_list(out, "history", (history_record(row) for row in table.history))
    out.write(b"\n}\n")


def _json_list(out: BinaryIO, name: str, records: Iterable[dict[str, object]]) -> None:
    out.write(f',\n  "{name}": ['.encode())
    count = 0
    for count, record in enumerate(records, start=1):
        out.write((",\n    " if count > 1 else "\n    ").encode())
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n  ]" if count else b"]")


# The record keys each column of the table stands for (see write_json).
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "report": ("report",),
    "key": ("key",),
    "number": ("number",),
    "title": ("title", "title_zh", "title_en"),
    "owner": ("owner", "owner_zh", "owner_en"),
    "deadline": ("deadline",),
    "status": ("status", "status_label"),
    "latest_note": ("latest_note",),
    "updated_at": ("updated_at",),
    "days_overdue": ("days_overdue",),
    "level": ("level", "level_label"),
    "tracking": ("tracking", "tracking_label"),
    "latest_review": ("latest_review", "latest_review_at"),
    "supporting_units": ("supporting_units",),
    "officer": ("officer",),
    "original_deadline": ("original_deadline",),
    "deadline_reason": ("deadline_reason",),
    "progress": ("progress",),
    "evidence": ("evidence_count",),
    "doc_nos": ("doc_nos",),
    "adoption": ("adoption", "adoption_label"),
}


def item_record(row: ExportRow) -> dict[str, object]:
    reviewed = row.latest_review_at
    original = row.original_deadline
    return {
        "key": row.key,
        "report": row.report,
        "number": row.number,
        "title": row.title,
        "title_zh": row.title_zh,
        "title_en": row.title_en,
        "owner": row.owner,
        "owner_zh": row.owner_zh,
        "owner_en": row.owner_en,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "status": row.status.value,
        "status_label": row.status_label,
        "latest_note": row.latest_note or None,
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
        "days_overdue": row.days_overdue,
        "level": row.level.value,
        "level_label": row.level_label,
        "tracking": row.tracking.value,
        "tracking_label": row.tracking_label,
        "latest_review": row.latest_review or None,
        "latest_review_at": None if reviewed is None else reviewed.isoformat(timespec="seconds"),
        # Issue 9. Supporting units as `list --format json` gives them (owner.supporting).
        "supporting_units": [{"unit_zh": zh, "unit_en": en} for zh, en in row.supporting],
        "officer": row.officer or None,
        "original_deadline": original.isoformat() if original else None,
        "deadline_reason": row.deadline_reason or None,  # while the deadline differs from the original
        "progress": row.progress,  # 0-100
        "evidence_count": row.evidence_count,
        "doc_nos": list(row.doc_no_list),
        "adoption": row.adoption.value,
        "adoption_label": row.adoption_label,
    }


def history_record(row: HistoryRow) -> dict[str, object]:
    return {
        "item": row.item,
        "version": row.version,
        "at": row.at.isoformat(timespec="seconds"),
        "by": row.by,
        "field": row.field,
        "from": row.old or None,
        "to": row.new or None,
        "note": row.note or None,
    }


def _markup_rows(columns: tuple[Column, ...], rows: Iterable[SheetRow], roc: bool) -> Iterator[list[Cell]]:
    for row in rows:
        yield [_markup_cell(column, row, roc) for column in columns]


def _markup_cell(column: Column, row: SheetRow, roc: bool) -> Cell:
    value = getattr(row, column.attr)
    if column.kind == STATUS and isinstance(row, ExportRow):  # only the items' sheet has a status column
        return Cell(value, f"status-{row.status.value}")
    if column.attr == "days_overdue" and value:
        return Cell(str(value), "overdue")
    if column.kind == PERCENT:
        return Cell("" if value is None else f"{value}%")
    return Cell(plain(value, roc=roc))


# Columns whose values are never broken across lines, and those broken between words only.
WHOLE = frozenset({"key", "item", "by", "officer", "status_label", "tracking_label", "adoption_label"})
WORDS = frozenset({"owner", "supporting_units", "report", "level_label"})


def _cols(columns: tuple[Column, ...]) -> list[Col]:
    return [
        Col(
            c.label,
            numeric=c.kind in (INT, PERCENT),
            whole=c.kind in (DATE, MOMENT) or c.attr in WHOLE,
            words=c.attr in WORDS,
        )
        for c in columns
    ]


def write_markdown(table: ExportTable, out: BinaryIO) -> None:
    def lines() -> Iterator[str]:
        yield f"# {cells.markdown(table.title)}"
        yield ""
        yield cells.markdown(table.caption)
        yield ""
        yield from markup.markdown_table(_cols(table.columns), _markup_rows(table.columns, table.rows, table.roc))
        if table.history is not None:
            yield ""
            yield f"## {cells.markdown(t('export.sheet_history', lang=table.lang))}"
            yield ""
            yield from markup.markdown_table(
                _cols(table.history_columns), _markup_rows(table.history_columns, table.history, table.roc)
            )
        yield ""

    _write_lines(out, lines())


def write_html(table: ExportTable, out: BinaryIO) -> None:
    def body() -> Iterator[str]:
        yield markup.heading(table.title, 1)
        yield markup.paragraph(table.caption, "meta")
        yield from markup.html_table(_cols(table.columns), _markup_rows(table.columns, table.rows, table.roc))
        if table.history is not None:
            yield markup.heading(t("export.sheet_history", lang=table.lang))
            yield from markup.html_table(
                _cols(table.history_columns), _markup_rows(table.history_columns, table.history, table.roc)
            )

    _write_lines(out, markup.html_document(f"{table.title} — {table.subtitle}", table.lang, body(), landscape=True))


def _write_lines(out: BinaryIO, lines: Iterable[str]) -> None:
    with text_stream(out) as stream:
        for line in lines:
            stream.write(line)
            stream.write("\n")
