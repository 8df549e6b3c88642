"""A plain-text report: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Big5 (CP950).

Each line is a paragraph, except in a hard-wrapped text (lines cut at one width, as a copy
out of a PDF gives): there a line that fills the width runs on into the next.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from tracker.domain import InputError
from tracker.intake.model import Document, Paragraph
from tracker.intake.text import display_width, join_lines, marker, tidy

_ENDS = "。！？；：!?;:」』）)"


def decode(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp950", "big5hkscs"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # a binary file, or UTF-16 without its BOM
            break
        return text
    raise InputError("intake.bad_encoding", path=path)


def read_txt(path: Path) -> Document:
    text = decode(path.read_bytes(), path)
    lines = [tidy(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return Document("txt", tuple(Paragraph(p) for p in reflow(lines)))


def reflow(lines: list[str]) -> list[str]:
    """Paragraphs from lines: blank lines part them; a hard-wrapped text's full lines run on."""
    widths = sorted(display_width(line) for line in lines if line)
    if not widths:
        return []
    width = widths[int(len(widths) * 0.9)] if len(widths) >= 10 else 0
    wrapped = 20 <= width <= 200 and sum(1 for w in widths if 0.85 * width <= w <= width + 2) >= 0.25 * len(widths)
    paragraphs: list[str] = []
    run_on = False
    for line in lines:
        if not line:
            run_on = False
            continue
        if run_on and paragraphs and marker(line) is None:
            paragraphs[-1] = join_lines(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        run_on = wrapped and display_width(line) >= 0.85 * width and not line.endswith(tuple(_ENDS))
    return paragraphs
