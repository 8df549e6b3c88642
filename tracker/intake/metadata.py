"""The report's own facts from its cover page and its 出國報告提要 (the summary sheet every
Taiwanese trip report starts with): title, agency, contact, report date, trip dates, people.

Both lay these out as `label：value` (on one line, or label and value in two table cells).
Only what a label states is `Found`; a title taken from the cover's first long line is a `Guess`.
"""

from __future__ import annotations

import re
from datetime import date

from tracker.domain import InputError, clean_line
from tracker.intake.model import Found, Guess, Paragraph, ReportMeta

_LABELS = {
    "title": ("出國報告提要名稱", "出國報告名稱", "報告名稱", "計畫名稱", "報告題目", "報告標題"),
    "agency": ("出國計畫主辦機關", "計畫主辦機關", "主辦機關", "服務機關", "機關名稱"),
    "contact": ("聯絡人",),
    "report_date": ("報告日期", "報告完成日期", "出國報告日期"),
    "trip": ("出國期間", "出國日期", "出國時間", "出差期間", "考察期間"),
    "people": ("出國人員姓名/服務機關/單位/職稱", "出國人員姓名", "出國人員", "姓名職稱", "姓名"),
}
_SPLIT = re.compile(r"\t+|\s{3,}|\n")
_RANGE = re.compile(r"\s*(?:至|到|～|~|〜|－|—|–)\s*")
_YMD = re.compile(r"(?:中華民國|民國)?\s*(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_MD = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_D = re.compile(r"(\d{1,2})\s*日?")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def read_meta(paragraphs: tuple[Paragraph, ...]) -> ReportMeta:
    """From the paragraphs before the recommendations section."""
    meta = ReportMeta()
    cells = [cell.strip() for p in paragraphs for cell in _SPLIT.split(p.full) if cell.strip()]
    found: dict[str, tuple[str, str]] = {}
    for index, cell in enumerate(cells):
        for field, labels in _LABELS.items():
            if field in found:
                continue
            for label in labels:
                value = _value(cell, label, cells, index)
                if value is not None:
                    found[field] = (label, value)
                    break
    if "title" in found:
        label, value = found["title"]
        meta.title = Found(clean_line(value), f"{label}")
    else:
        cover = next((c for c in cells[:15] if len(c) >= 10 and "：" not in c[:10] and ":" not in c[:10]), None)
        if cover:
            meta.title = Guess(clean_line(cover), "封面 cover page")
    if "agency" in found:
        label, value = found["agency"]
        meta.agency = Found(clean_line(value), label)
    if "contact" in found:
        label, value = found["contact"]
        meta.contact = Found(clean_line(value), label)
    if "report_date" in found:
        label, value = found["report_date"]
        day = _date(value)
        if day:
            meta.report_date = Found(day, f"{label}：{clean_line(value)}")
    if "trip" in found:
        label, value = found["trip"]
        first, last = _period(value)
        if first:
            meta.trip_start = Found(first, f"{label}：{clean_line(value)}")
        if last:
            meta.trip_end = Found(last, f"{label}：{clean_line(value)}")
    if "people" in found:
        label, value = found["people"]
        names = _people(value)
        if names:
            meta.people = Found(tuple(names), label)
    return meta


def _value(cell: str, label: str, cells: list[str], index: int) -> str | None:
    squeezed = re.sub(r"\s+", "", cell)
    bare = re.sub(r"\s+", "", label)
    if not squeezed.startswith(bare):
        return None
    # the label's characters, spaces allowed between them, then a colon or a space
    pattern = r"\s*".join(map(re.escape, label)) + r"\s*(?:[:：]\s*|\s+)(.*)"
    match = re.match(pattern, cell, re.S)
    if match and match.group(1).strip():
        return match.group(1).strip()
    if squeezed.rstrip(":：") == bare and index + 1 < len(cells):  # label and value in two cells
        return cells[index + 1]
    return None


def _date(text: str) -> date | None:
    from tracker.dates import parse_date

    match = _YMD.search(text) or re.search(r"\d{3,4}[-/.]\d{1,2}[-/.]\d{1,2}", text)
    if not match:
        return None
    try:
        return parse_date(match.group(0))
    except InputError:
        return None


def _period(text: str) -> tuple[date | None, date | None]:
    """105年9月4日至105年9月9日, 105年9月4日至9月9日, 105年9月4日至9日."""
    parts = _RANGE.split(text.strip(), maxsplit=1)
    first = _date(parts[0])
    if first is None or len(parts) < 2:
        return first, None
    rest = parts[1]
    last = _date(rest)
    if last is None:
        match = _MD.match(rest)
        if match:
            last = _safe(first.year, int(match.group(1)), int(match.group(2)))
        else:
            match = _D.match(rest)
            last = _safe(first.year, first.month, int(match.group(1))) if match else None
    return first, last


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _people(text: str) -> list[str]:
    """Names at the head of `name/agency/unit/title` entries, or listed with 、 or spaces."""
    names = []
    for entry in re.split(r"[\s、，,；;]+", text):
        head = entry.split("/")[0].split("／")[0]
        if _NAME.fullmatch(head) and head not in names and not head.endswith(("機關", "單位", "職稱", "政府")):
            names.append(head)
    return names
