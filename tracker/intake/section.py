"""Finding the recommendations section (建議) and, in a mixed 心得及建議 section, the part
marked 建議.

A heading is a short paragraph that is nothing but the heading: an ordinal (陸、 五、 （五）
第五章 …) or none, then one of the titles below; full- or half-width, spaces between the
characters allowed. The section runs to the next heading of the same level (the same kind
of ordinal, counting on; or a heading style of the same or a higher level), or to 附錄 /
附件 / 參考資料.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain import InputError
from tracker.intake.model import Document, Paragraph
from tracker.intake.text import heading_key, marker

# The headings looked for, as the message for a report without one lists them.
HEADINGS = ("陸、建議", "伍、心得及建議", "肆、建議事項", "參、結論與建議", "建議事項", "五、建議")
_PURE = r"建議(?:事項)?"
_MIXED = r"(?:心得|結論|檢討|感想|意見|發現)(?:及|與|和|暨|、|&|/)(?:建議|具體建議)(?:事項)?|建議(?:及|與|和|暨|、)(?:心得|結論|檢討|感想)"
_OTHER_PART = re.compile(r"(?:心得|結論|檢討|感想|發現|觀察|過程|結語)")
_APPENDIX = re.compile(r"(?:附錄|附件|參考資料|參考文獻)")
_ORDINAL = r"(?:[壹貳參叁肆伍陸柒捌玖拾]+|[一二三四五六七八九十]+|\([一二三四五六七八九十]+\)|\d+|第[一二三四五六七八九十\d]+[章節篇部])?[、,.:]?"
_PURE_HEADING = re.compile(rf"{_ORDINAL}(?:具體)?{_PURE}")
_MIXED_HEADING = re.compile(rf"{_ORDINAL}(?:{_MIXED})")
HEADING_LIMIT = 40  # a heading is short; a sentence that mentions 建議 is not one


@dataclass(frozen=True)
class Section:
    heading: str  # as written
    start: int  # index of the heading paragraph
    paragraphs: tuple[Paragraph, ...]  # the section's body
    mixed: bool
    subheading: str | None = None


def is_heading_like(paragraph: Paragraph) -> bool:
    key = heading_key(paragraph.full)
    return 0 < len(key) <= HEADING_LIMIT and not re.search(r"[。；;，,]$|[。；;]", key.rstrip("。"))


def _is_appendix(paragraph: Paragraph) -> bool:
    key = heading_key(paragraph.full)
    found = marker(key)
    rest = heading_key(found.rest) if found else key
    return is_heading_like(paragraph) and _APPENDIX.match(rest) is not None


def find_section(document: Document, path: object = "") -> Section:
    paragraphs = document.paragraphs
    candidates = []
    for index, paragraph in enumerate(paragraphs):
        key = heading_key(paragraph.full)
        if len(key) > HEADING_LIMIT:
            continue
        if _PURE_HEADING.fullmatch(key):
            candidates.append((index, False))
        elif _MIXED_HEADING.fullmatch(key):
            candidates.append((index, True))
    for index, mixed in candidates:  # in document order: 伍、心得及建議 before its own 二、建議
        body = _body(paragraphs, index)
        section = Section(paragraphs[index].full, index, body, mixed)
        if mixed:
            section = _recommendations_part(section)
        if any(len(heading_key(p.full)) >= 8 and not _is_appendix(p) for p in section.paragraphs):
            return section
    raise InputError("intake.no_section", path=path, headings="、".join(HEADINGS))


def _body(paragraphs: tuple[Paragraph, ...], start: int) -> tuple[Paragraph, ...]:
    head = paragraphs[start]
    head_marker = marker(head.full)
    end = len(paragraphs)
    for index in range(start + 1, len(paragraphs)):
        paragraph = paragraphs[index]
        if _ends(head, head_marker, paragraph):
            end = index
            break
    return paragraphs[start + 1 : end]


def _ends(head: Paragraph, head_marker, paragraph: Paragraph) -> bool:
    if head.heading is not None and paragraph.heading is not None and paragraph.heading <= head.heading:
        return True
    if _is_appendix(paragraph):
        return True
    if not is_heading_like(paragraph):
        return False
    found = marker(paragraph.full)
    if head_marker is not None:
        return found is not None and found.family == head_marker.family and found.value > head_marker.value
    # an unnumbered heading (建議事項) ends at the next top-level one: 柒、… or 第七章 …
    return found is not None and found.family in ("legal", "chapter")


def _recommendations_part(section: Section) -> Section:
    """In 心得及建議, the paragraphs under a sub-heading 建議 (二、建議 / （二）建議 / 建議：)."""
    body = section.paragraphs
    for index, paragraph in enumerate(body):
        key = heading_key(paragraph.full)
        found = marker(paragraph.full)
        rest = heading_key(found.rest) if found else key
        if not (is_heading_like(paragraph) and re.fullmatch(rf"(?:具體)?{_PURE}", rest)):
            continue
        end = len(body)
        for later in range(index + 1, len(body)):
            other = body[later]
            other_marker = marker(other.full)
            if not is_heading_like(other):
                continue
            sibling = found is not None and other_marker is not None and other_marker.family == found.family
            if sibling and other_marker is not None and found is not None and other_marker.value > found.value:
                end = later
                break
            other_rest = heading_key(other_marker.rest) if other_marker else heading_key(other.full)
            if _OTHER_PART.fullmatch(other_rest):
                end = later
                break
        return Section(section.heading, section.start, body[index + 1 : end], True, paragraph.full)
    return section
