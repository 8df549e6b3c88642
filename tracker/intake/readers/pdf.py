"""A PDF report, read with pypdf from its own text layer (no OCR: a scan is refused).

pypdf was chosen by measurement: on a 98-page CJK report made by LibreOffice it extracted the
text in 1.7 s where pdfminer.six took 3.8 s (3.1 s for its layout pass alone), and its
visitor hands over each piece of text with its position, which is all the layout needed here:

- pieces are put into lines by their baseline and in order by x (Writer draws the space
  after a CJK run before the run itself: stream order would misplace it);
- lines become paragraphs where a line stops short of the right margin, where the gap to the
  next line is wider than the page's line spacing, or where a line starts with numbering;
- lines of a paragraph are joined as a person would (text.join_lines);
- page numbers and running headers and footers (a top or bottom line that recurs, digits
  aside, on half the pages or more) are dropped.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain import InputError
from tracker.intake.model import Document, Paragraph
from tracker.intake.text import is_wide, join_lines, marker, spaces_cjk_and_latin, tidy

_PAGE_NUMBER = re.compile(
    r"[-–—(\[]*(?:第)?\d+(?:頁)?(?:[/]\d+|,?共\d+頁|of\d+)?[-–—)\]]*|(?:page|p\.?)\d+(?:(?:of|/)\d+)?|[ivxlcdm]+",
    re.IGNORECASE,
)
_ENDS = "。！？；：!?;:"


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    page: int


def read_pdf(path: Path) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # a file with only an owner password opens without one
            except (DependencyError, NotImplementedError):
                # pypdf raises NotImplementedError for an encryption algorithm it does not
                # implement: the file cannot be opened, and is refused as encrypted.
                opened = False
            if not opened:
                raise InputError("intake.encrypted", path=path)
        pages = [_page_lines(page, number) for number, page in enumerate(reader.pages, start=1)]
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError("intake.encrypted", path=path) from None
    except (
        PyPdfError,
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ) as exc:
        raise InputError("intake.corrupt", path=path, reason=exc) from None
    if sum(len(line.text.strip()) for lines in pages for line in lines) < 10:
        if any(_has_images(page) for page in reader.pages):
            raise InputError("intake.image_only", path=path)
        raise InputError("intake.no_text", path=path)
    lines = _drop_running_lines(pages)
    return Document("pdf", tuple(Paragraph(text, page=page) for text, page in _paragraphs(lines)), len(pages))


def _has_images(page: Any) -> bool:
    try:
        resources = page.get("/Resources") or {}
        objects = resources.get("/XObject") or {}
        return any(objects[name].get_object().get("/Subtype") in ("/Image", "/Form") for name in objects)
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _width(text: str, size: float) -> float:
    """A piece's width estimated from its characters (CJK one em, Latin about half)."""
    total = 0.0
    for char in text:
        if is_wide(char):
            total += 1.0
        elif char == " ":
            total += 0.28
        elif char.isupper():
            total += 0.68
        else:
            total += 0.52
    return total * size


def _page_lines(page: Any, number: int) -> list[_Line]:
    pieces: list[tuple[float, float, str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.replace("\n", "")
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        scale = abs(a * d - b * c) ** 0.5 or 1.0
        pieces.append((y, x, text, max(size * scale, 1.0)))

    page.extract_text(visitor_text=visit)
    pieces.sort(key=lambda piece: -piece[0])
    rows: list[list[tuple[float, float, str, float]]] = []
    for piece in pieces:
        if rows and abs(rows[-1][0][0] - piece[0]) <= 0.45 * min(rows[-1][0][3], piece[3]):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda piece: piece[1])
        text, end = "", None
        for _y, x, written, size in row:
            if end is not None and x - end > 1.5 * size and not text.endswith(" "):
                text += " "
            if text.endswith(" "):  # pypdf hands some spaces over twice, at one place
                written = written.lstrip(" ")
            text += written
            end = max(end or x, x + _width(written, size))
        if text.strip():
            size = statistics.median(piece[3] for piece in row)
            lines.append(_Line(text, row[0][1], end or row[0][1], row[0][0], size, number))
    return lines


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def _drop_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """All lines but page numbers and running headers and footers."""
    edges = [{id(line) for line in lines[:2] + lines[-2:]} for lines in pages]
    seen: dict[str, set[int]] = {}
    for lines in pages:
        for line in lines[:2] + lines[-2:]:
            seen.setdefault(_key(line.text), set()).add(line.page)
    needed = max(2, (len(pages) + 1) // 2)
    running = {key for key, where in seen.items() if len(where) >= needed and len(pages) >= 2}
    kept = []
    for lines, edge in zip(pages, edges, strict=True):
        for index, line in enumerate(lines):
            if id(line) in edge:
                compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line.text))
                if _key(line.text) in running:
                    continue
                if index in (0, len(lines) - 1) and _PAGE_NUMBER.fullmatch(compact):
                    continue
            kept.append(line)
    return kept


def _paragraphs(lines: list[_Line]) -> list[tuple[str, int]]:
    if not lines:
        return []
    # The right margin from lines of CJK text, whose widths are known (one em a character);
    # Latin widths are only estimated.
    wide = [line.x1 for line in lines if sum(map(is_wide, line.text)) * 2 >= len(line.text.strip())]
    right = max(wide or [line.x1 for line in lines])
    gaps = [
        a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and 0.8 * a.size < a.y - b.y < 2.5 * a.size
    ]
    spacing = sorted(gaps)[len(gaps) // 4] if gaps else None  # within paragraphs: the common, smaller gap
    spaced = spaces_cjk_and_latin([line.text for line in lines])
    paragraphs: list[tuple[str, int]] = []
    previous: _Line | None = None
    for line in lines:
        text = tidy(line.text)
        if not text:
            continue
        if previous is None or _breaks(previous, line, text, right, spacing):
            paragraphs.append((text, line.page))
        else:
            space = " " if previous.text[-1:].isspace() or line.text[:1].isspace() else ""
            joined = join_lines(paragraphs[-1][0] + space, text, cjk_latin_space=spaced)
            paragraphs[-1] = (joined, paragraphs[-1][1])
        previous = line
    return paragraphs


def _breaks(previous: _Line, line: _Line, text: str, right: float, spacing: float | None) -> bool:
    """Does `line` start a new paragraph? On numbering, on a wide vertical gap, or after a line
    that stopped short of the margin where the next word would have fitted, if that line ended
    a sentence or stopped far short (a heading). Widths are estimates: a line that stops a
    little short in the middle of a sentence (before a long Latin word) runs on."""
    if marker(text) is not None:
        return True
    if line.page == previous.page and spacing is not None and previous.y - line.y > spacing + 0.3 * line.size:
        return True
    first_word = re.match(r"[（(「『“\"'\[]*[A-Za-z0-9][A-Za-z0-9.,'’\-]*", text)
    room = _width(first_word.group(), line.size) if first_word else line.size
    short = right - previous.x1
    if short <= room + previous.size:
        return False
    return previous.text.rstrip().endswith(tuple(_ENDS)) or short > 8 * previous.size
