"""Tables as Markdown and as HTML pages, shared by the summary and the exports.

Cells come in as plain user text with an optional style word; this module escapes
them (tracker.reporting.cells) and never lets them become markup. Tables are written
as lines, so an export of 100,000 rows streams instead of building one big string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tracker.reporting.cells import html_text, markdown

# One colour per status, a light fill readable in print; the same in HTML, XLSX and ODS.
STATUS_FILL = {
    "not_started": "F8CBAD",
    "in_progress": "BDD7EE",
    "on_hold": "FFE699",
    "done": "C6EFCE",
    "dropped": "D9D9D9",
}
OVERDUE_INK = "C00000"


@dataclass(frozen=True)
class Cell:
    text: str
    style: str | None = None  # "overdue", "dim", or "status-<code>"


@dataclass(frozen=True)
class Col:
    label: str
    numeric: bool = False
    # Never broken across lines: a key (uclg16-2), a date (105/10/12), a person (曹凱雯), a
    # status. A reader who finds "uclg16-" on one line and "2" on the next misreads the item.
    whole: bool = False
    # Broken between words only: a unit's name (秘書處國際事務科) stays whole, an English one
    # breaks at its spaces.
    words: bool = False


def markdown_table(columns: Sequence[Col], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    yield "| " + " | ".join(markdown(c.label) for c in columns) + " |"
    yield "|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|"
    for row in rows:
        yield "| " + " | ".join(markdown(cell.text) for cell in row) + " |"


def html_table(columns: Sequence[Col], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    yield "<table>"
    yield (
        "<thead><tr>"
        + "".join(f"<th{_class('num' if c.numeric else None)}>{html_text(c.label)}</th>" for c in columns)
        + "</tr></thead>"
    )
    yield "<tbody>"
    for row in rows:
        yield (
            "<tr>"
            + "".join(
                f"<td{_class(*_classes(column, cell))}>{html_text(cell.text)}</td>"
                for column, cell in zip(columns, row, strict=False)
            )
            + "</tr>"
        )
    yield "</tbody></table>"


def _classes(column: Col, cell: Cell) -> list[str | None]:
    return [
        "num" if column.numeric else None,
        "nw" if column.whole else None,
        "kw" if column.words else None,
        cell.style,
    ]


def _class(*names: str | None) -> str:
    chosen = " ".join(n for n in names if n)
    return f' class="{chosen}"' if chosen else ""


def html_document(title: str, lang: str, body: Iterable[str], *, landscape: bool = False) -> Iterator[str]:
    """One self-contained page: inline CSS, no scripts, no external files; prints on A4
    (landscape for wide tables)."""
    yield "<!DOCTYPE html>"
    yield f'<html lang="{"en" if lang == "en" else "zh-Hant-TW"}">'
    yield '<head><meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{html_text(title)}</title>"
    page = "@page{size:A4 landscape;margin:12mm}" if landscape else ""
    yield f"<style>{CSS}{page}</style></head>"
    yield "<body>"
    yield from body
    yield "</body></html>"


def paragraph(text: str, style: str | None = None) -> str:
    return f"<p{_class(style)}>{html_text(text)}</p>"


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{html_text(text)}</h{level}>"


CSS = " ".join(
    [
        "body{font-family:'Noto Sans TC','Microsoft JhengHei','PingFang TC',sans-serif;font-size:11pt;"
        "color:#222;margin:1.5em;line-height:1.45}",
        "h1{font-size:15pt;margin:0 0 .3em}h2{font-size:12.5pt;margin:1.2em 0 .4em;border-bottom:1px solid #999}",
        "table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}",
        "th,td{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left;"
        "word-break:break-word;overflow-wrap:anywhere}",
        "th{background:#eee}td.num,th.num{text-align:right;white-space:nowrap}",
        "td.nw{white-space:nowrap;word-break:normal;overflow-wrap:normal}td.kw{word-break:keep-all;overflow-wrap:normal}",
        ".overdue{color:#" + OVERDUE_INK + ";font-weight:bold}.dim,.meta{color:#666}",
        *(f".status-{code}{{background:#{fill}}}" for code, fill in STATUS_FILL.items()),
        "@page{size:A4;margin:15mm 12mm}",
        "@media print{body{margin:0;font-size:9.5pt}thead{display:table-header-group}"
        "tr{page-break-inside:avoid}h2{page-break-after:avoid}}",
    ]
)
