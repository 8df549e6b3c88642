"""Splitting a recommendations section into items.

The kind of numbering of the first numbered paragraph (一、 （一） (1) 1. ① 第一項 …) is
the items' numbering; a paragraph of that kind that counts on starts the next item. Anything
else (sub-points (一)(二) under 一、, unnumbered lines, a number that counts back) stays in
the item above it, on a line of its own. Paragraphs before the first item (在此提出建議如下：)
are an introduction, not an item. A section with no numbering at all is one item per paragraph.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tracker.intake.model import Paragraph
from tracker.intake.text import marker, strip_bullet


@dataclass
class RawItem:
    value: int | None  # the number the report gives it, if any
    marker: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def split_items(paragraphs: tuple[Paragraph, ...]) -> list[RawItem]:
    marked = [(p, marker(p.full)) for p in paragraphs if strip_bullet(p.full).strip()]
    family = next((found.family for _, found in marked if found is not None and found.family != "chapter"), None)
    if family is None:
        return [RawItem(None, "", [strip_bullet(p.full).strip()]) for p, _ in marked]
    items: list[RawItem] = []
    for paragraph, found in marked:
        if found is not None and found.family == family and (not items or found.value > (items[-1].value or 0)):
            items.append(RawItem(found.value, found.written, [found.rest.strip()]))
        elif items:
            items[-1].lines.append(strip_bullet(paragraph.full).strip())
    return [item for item in items if item.text.strip()]


def numbers(items: list[RawItem]) -> list[int]:
    """The report's own numbers when every item has one and they count up, else 1, 2, 3 …"""
    given = [item.value for item in items if item.value is not None]
    if len(given) == len(items) and all(a < b for a, b in itertools.pairwise(given)):
        return given
    return list(range(1, len(items) + 1))
