"""A Word report (.docx), read with python-docx: paragraphs in order, table cells and text
boxes included, with the numbers Word's automatic numbering draws (python-docx does not
render them: they are rebuilt here from the numbering definitions, numPr/ilvl) and the
outline level of heading styles.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.intake.model import Document, Paragraph
from tracker.intake.text import cn_numeral, tidy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(_q("val"))


def read_docx(path: Path) -> Document:
    import docx

    document = docx.Document(str(path))
    reader = _Reader(document)
    reader.walk(document.element.body)
    return Document("docx", tuple(reader.paragraphs))


class _Reader:
    def __init__(self, document: Any) -> None:
        self.paragraphs: list[Paragraph] = []
        self.styles = _styles(document.styles.element)
        self.numbering = _Numbering(document)

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == _q("p"):
                self.paragraph(child)
            elif tag == _q("tbl"):
                for cell in child.iter(_q("tc")):
                    self.walk(cell)
            elif tag in (_q("sdt"), _q("sdtContent"), _q("customXml"), _q("smartTag")):
                self.walk(child)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = tidy("".join(_runs(p, boxes)))
        style_id = _val(p, f"{_q('pPr')}/{_q('pStyle')}")
        heading = self.heading_level(p, style_id)
        num_id, level = self.num_pr(p, style_id)
        label, bullet = self.numbering.label(num_id, level) if num_id else ("", False)
        if text or label:
            self.paragraphs.append(Paragraph(text, label=label, heading=heading, bullet=bullet))
        for box in boxes:
            self.walk(box)

    def style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id]["based_on"]

    def heading_level(self, p: Any, style_id: str | None) -> int | None:
        outline = _val(p, f"{_q('pPr')}/{_q('outlineLvl')}")
        if outline is None:
            for style in self.style_chain(style_id):
                name = style["name"].lower()
                for prefix in ("heading ", "標題 "):
                    if name.startswith(prefix) and name[len(prefix) :].strip().isdigit():
                        return int(name[len(prefix) :])
                if style["outline"] is not None:
                    outline = style["outline"]
                    break
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return None

    def num_pr(self, p: Any, style_id: str | None) -> tuple[str | None, int]:
        num_pr = p.find(f"{_q('pPr')}/{_q('numPr')}")
        num_id = _val(num_pr, _q("numId"))
        level = _val(num_pr, _q("ilvl"))
        if num_id is None:
            for style in self.style_chain(style_id):
                if style["num_id"] is not None:
                    num_id, level = style["num_id"], level or style["ilvl"]
                    break
        if not num_id or num_id == "0":
            return None, 0
        return num_id, int(level) if level and level.isdigit() else 0


def _runs(element: Any, boxes: list[Any]):
    """The text of a paragraph: runs, tabs, breaks; deleted text and field codes left out;
    text boxes set aside (read as paragraphs of their own), Word's fallback copies skipped."""
    for child in element:
        tag = child.tag
        if tag == _q("t"):
            yield child.text or ""
        elif tag in (_q("tab"), _q("ptab")):
            yield "\t"
        elif tag in (_q("br"), _q("cr")):
            yield "\n"
        elif tag == _q("noBreakHyphen"):
            yield "-"
        elif tag == _q("txbxContent"):
            boxes.append(child)
        elif tag in (_q("del"), _q("instrText"), _q("delText"), _q("pPr"), _q("rPr"), f"{{{MC}}}Fallback"):
            continue
        elif len(child):
            yield from _runs(child, boxes)


def _styles(root: Any) -> dict[str, dict[str, Any]]:
    styles = {}
    for style in root.iter(_q("style")):
        style_id = style.get(_q("styleId"))
        if not style_id:
            continue
        ppr = style.find(_q("pPr"))
        num_pr = ppr.find(_q("numPr")) if ppr is not None else None
        styles[style_id] = {
            "name": _val(style, _q("name")) or "",
            "based_on": _val(style, _q("basedOn")),
            "outline": _val(ppr, _q("outlineLvl")),
            "num_id": _val(num_pr, _q("numId")),
            "ilvl": _val(num_pr, _q("ilvl")),
        }
    return styles


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "taiwaneseCounting": cn_numeral,
    "taiwaneseCountingThousand": cn_numeral,
    "chineseCounting": cn_numeral,
    "chineseCountingThousand": cn_numeral,
    "ideographDigital": cn_numeral,
    "taiwaneseDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographLegalTraditional": lambda n: cn_numeral(n, legal=True),
    "chineseLegalSimplified": lambda n: cn_numeral(n, legal=True),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "ideographZodiac": lambda n: "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "ideographEnclosedCircle": lambda n: chr(0x3280 + n - 1) if 1 <= n <= 10 else str(n),
    "ideographParenthesized": lambda n: chr(0x3220 + n - 1) if 1 <= n <= 10 else f"({n})",
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "upperRoman": lambda n: _roman(n),
    "lowerRoman": lambda n: _roman(n).lower(),
}


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while number >= value:
            out, number = out + letters, number - value
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


class _Numbering:
    """Word's list numbering: each w:num counts on its own; a level restarts when a level
    above it moves on."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, dict[str, Any]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            # python-docx raises NotImplementedError for a document without a numbering part:
            # such a document has no automatic numbering to rebuild.
            return
        abstract: dict[str, dict[int, dict[str, Any]]] = {}
        for definition in root.iter(_q("abstractNum")):
            abstract[definition.get(_q("abstractNumId"), "")] = {
                int(level.get(_q("ilvl"), "0")): {
                    "start": int(_val(level, _q("start")) or "1"),
                    "format": _val(level, _q("numFmt")) or "decimal",
                    "text": _val(level, _q("lvlText")) or "",
                }
                for level in definition.iter(_q("lvl"))
                if (level.get(_q("ilvl")) or "0").isdigit()
            }
        for num in root.iter(_q("num")):
            levels = {k: dict(v) for k, v in abstract.get(_val(num, _q("abstractNumId")) or "", {}).items()}
            for override in num.iter(_q("lvlOverride")):
                index = int(override.get(_q("ilvl"), "0"))
                start = _val(override, _q("startOverride"))
                if start is not None and start.isdigit() and index in levels:
                    levels[index]["start"] = int(start)
            self.levels[num.get(_q("numId"), "")] = levels

    def label(self, num_id: str, level: int) -> tuple[str, bool]:
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return "", False
        spec = levels[level]
        if spec["format"] == "bullet":
            return "", True
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[level] == 0:
            counters[level] = spec["start"]
        else:
            counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if spec["format"] == "none":
            return "", False
        text = spec["text"]
        for index in range(level, -1, -1):  # %10 before %1 is not needed: Word has nine levels
            if f"%{index + 1}" in text:
                count = counters[index] or levels.get(index, {}).get("start", 1)
                fmt = levels.get(index, {}).get("format", "decimal")
                text = text.replace(f"%{index + 1}", _FORMATS.get(fmt, str)(count))
        return text, False
