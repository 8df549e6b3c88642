"""An OpenDocument report (.odt), read with odfpy: paragraphs and headings in order, table
cells included, with the numbers Writer's list and outline numbering draw (rebuilt from the
list styles: odfpy, like Writer's files, keeps only the format).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.intake.model import Document, Paragraph
from tracker.intake.text import cn_numeral, tidy

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIP = {"note", "tracked-changes", "bookmark", "bookmark-start", "bookmark-end", "soft-page-break", "change"}
_SKIP |= {"sequence-decls", "variable-decls", "user-field-decls", "table-of-content-source", "ruby-text"}


def read_odt(path: Path) -> Document:
    from odf.opendocument import load

    document = load(str(path))
    reader = _Reader(document)
    reader.walk(document.text, None, 0)
    return Document("odt", tuple(reader.paragraphs))


def _local(node: Any) -> tuple[str, str] | None:
    return getattr(node, "qname", None)


class _Reader:
    def __init__(self, document: Any) -> None:
        self.paragraphs: list[Paragraph] = []
        self.list_styles: dict[str, dict[int, dict[str, Any]]] = {}
        self.outline: dict[int, dict[str, Any]] = {}
        self.paragraph_lists: dict[str, str] = {}  # paragraph style → the list style it carries
        for root in (document.styles, document.automaticstyles):
            self._read_styles(root)
        self.counters: dict[str, list[int]] = {}
        self.outline_counters = [0] * 10

    def _read_styles(self, root: Any) -> None:
        for node in root.childNodes:
            name = _local(node)
            if name == (TEXT, "list-style"):
                self.list_styles[node.getAttrNS(STYLE, "name") or ""] = _levels(node)
            elif name == (TEXT, "outline-style"):
                self.outline = _levels(node)
            elif name == (STYLE, "style"):
                list_style = node.getAttrNS(STYLE, "list-style-name")
                if list_style:
                    self.paragraph_lists[node.getAttrNS(STYLE, "name") or ""] = list_style

    def walk(self, node: Any, list_style: str | None, depth: int) -> None:
        for child in node.childNodes:
            name = _local(child)
            if name is None:
                continue
            space, local = name
            if space != TEXT:
                if space == TABLE or local in ("frame", "text-box", "g", "custom-shape"):
                    self.walk(child, None, 0)
                continue
            if local == "p":
                self.paragraph(child, None, list_style, depth)
            elif local == "h":
                level = child.getAttrNS(TEXT, "outline-level")
                self.paragraph(child, int(level) if level and level.isdigit() else 1, list_style, depth)
            elif local == "list":
                style = child.getAttrNS(TEXT, "style-name") or list_style
                restarts = child.getAttrNS(TEXT, "continue-numbering") != "true"
                if depth == 0 and style and restarts and not child.getAttrNS(TEXT, "continue-list"):
                    self.counters.pop(style, None)
                self.walk(child, style, depth + 1)
            elif local in ("list-item", "list-header"):
                self.list_item(child, list_style, depth, counted=local == "list-item")
            elif local not in _SKIP:
                self.walk(child, list_style, depth)

    def list_item(self, item: Any, list_style: str | None, depth: int, *, counted: bool) -> None:
        first = True
        for child in item.childNodes:
            name = _local(child)
            if name in ((TEXT, "p"), (TEXT, "h")) and first:
                label, bullet = self.count(list_style, depth, child) if counted else ("", False)
                level = child.getAttrNS(TEXT, "outline-level") if name[1] == "h" else None
                self.emit(child, int(level) if level and level.isdigit() else None, label, bullet)
                first = False
            elif name == (TEXT, "list"):
                self.walk_list(child, list_style, depth)
            elif name in ((TEXT, "p"), (TEXT, "h")):
                self.emit(child, None, "", False)
            elif name is not None:
                self.walk(child, list_style, depth)

    def walk_list(self, node: Any, list_style: str | None, depth: int) -> None:
        self.walk(_Wrapper(node), list_style, depth)

    def count(self, list_style: str | None, depth: int, paragraph: Any) -> tuple[str, bool]:
        levels = self.list_styles.get(list_style or "", {})
        spec = levels.get(depth)
        if spec is None:
            return "", False
        if spec["bullet"]:
            return "", True
        counters = self.counters.setdefault(list_style or "", [0] * 11)
        start = paragraph.getAttrNS(TEXT, "start-value")
        counters[depth] = (
            int(start) if start and start.isdigit() else (counters[depth] + 1 if counters[depth] else spec["start"])
        )
        for deeper in range(depth + 1, 11):
            counters[deeper] = 0
        return _label(levels, depth, counters), False

    def paragraph(self, node: Any, heading: int | None, list_style: str | None, depth: int) -> None:
        label = ""
        if heading is not None and self.outline.get(heading, {}).get("format"):
            counters = self.outline_counters
            counters[heading] += 1
            for deeper in range(heading + 1, 10):
                counters[deeper] = 0
            label = _label(self.outline, heading, counters)
        elif depth == 0:
            style = node.getAttrNS(TEXT, "style-name") or ""
            if style in self.paragraph_lists:  # numbered by its paragraph style
                label, bullet = self.count(self.paragraph_lists[style], 1, node)
                self.emit(node, heading, label, bullet)
                return
        self.emit(node, heading, label, False)

    def emit(self, node: Any, heading: int | None, label: str, bullet: bool) -> None:
        boxes: list[Any] = []
        text = tidy("".join(_text(node, boxes)))
        if text or label:
            self.paragraphs.append(Paragraph(text, label=label, heading=heading, bullet=bullet))
        for box in boxes:
            self.walk(box, None, 0)


class _Wrapper:
    """A text:list met inside a list item, walked as the one child of a container."""

    def __init__(self, node: Any) -> None:
        self.childNodes = [node]


def _text(node: Any, boxes: list[Any]):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child.data
            continue
        name = _local(child)
        if name is None:
            continue
        local = name[1]
        if name[0] == TEXT and local == "s":
            count = child.getAttrNS(TEXT, "c")
            yield " " * (int(count) if count and count.isdigit() else 1)
        elif name[0] == TEXT and local == "tab":
            yield "\t"
        elif name[0] == TEXT and local == "line-break":
            yield "\n"
        elif local in ("frame", "text-box"):
            boxes.append(child)
        elif local in _SKIP or local in ("annotation", "annotation-end"):
            continue
        else:
            yield from _text(child, boxes)


def _levels(node: Any) -> dict[int, dict[str, Any]]:
    levels: dict[int, dict[str, Any]] = {}
    for level in node.childNodes:
        name = _local(level)
        if name is None or name[0] != TEXT:
            continue
        number = level.getAttrNS(TEXT, "level")
        if not number or not number.isdigit():
            continue
        display = level.getAttrNS(TEXT, "display-levels")
        start = level.getAttrNS(TEXT, "start-value")
        levels[int(number)] = {
            "bullet": name[1] in ("list-level-style-bullet", "list-level-style-image"),
            "format": level.getAttrNS(STYLE, "num-format") or "",
            "prefix": level.getAttrNS(STYLE, "num-prefix") or "",
            "suffix": level.getAttrNS(STYLE, "num-suffix") or "",
            "display": int(display) if display and display.isdigit() else 1,
            "start": int(start) if start and start.isdigit() else 1,
        }
    return levels


def _label(levels: dict[int, dict[str, Any]], depth: int, counters: list[int]) -> str:
    spec = levels[depth]
    if not spec["format"]:
        return ""
    shown = range(max(1, depth - spec["display"] + 1), depth + 1)
    numbers = ".".join(_format(levels.get(d, spec)["format"], counters[d] or 1) for d in shown)
    return f"{spec['prefix']}{numbers}{spec['suffix']}"


def _format(fmt: str, number: int) -> str:
    first = fmt[:1]
    if first == "1":
        return str(number)
    if first == "a":
        return chr(ord("a") + (number - 1) % 26)
    if first == "A":
        return chr(ord("A") + (number - 1) % 26)
    if first in ("i", "I"):
        from tracker.intake.readers.docx import _roman

        return _roman(number).lower() if first == "i" else _roman(number)
    if first == "一" or first == "〇":
        return cn_numeral(number)
    if first == "壹":
        return cn_numeral(number, legal=True)
    if first == "①":
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else str(number)
    if first == "１":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if first == "甲":
        return "甲乙丙丁戊己庚辛壬癸"[(number - 1) % 10]
    if first == "㈠":
        return chr(0x3220 + number - 1) if 1 <= number <= 10 else str(number)
    return str(number)
