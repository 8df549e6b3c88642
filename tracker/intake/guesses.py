"""What the text of an item supports, proposed as guesses (never as facts):

- a short title: the clause after 建議 (建議派員出席…), else the item's first clause;
- the dates and events it names, each with its sentence: a full date is a deadline candidate;
- the units it names (新聞局, 農業局 …) as candidate owners.

With no evidence a field stays empty: nothing is made up.
"""

from __future__ import annotations

import re
from datetime import date

from tracker.intake.model import DateMention, Guess, Item
from tracker.intake.text import fold

TITLE_LIMIT = 40
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n]")
_EVENT_WORDS = r"(?:會議|大會|峰會|論壇|博覽會|花博|運動會|展覽會|展覽|年會|研討會|高峰會|世界盃|嘉年華|節|賽)"
_EVENT = re.compile(rf"「([^「」]{{2,60}}?{_EVENT_WORDS})」|『([^『』]{{2,60}}?{_EVENT_WORDS})』")
_YEAR = r"(?:[明今去後前]\s*\(\s*)?(\d{4}|\d{2,3})(?:\s*\))?"
_FULL = re.compile(rf"(?:中華民國|民國)?{_YEAR}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_ISO = re.compile(r"(?<!\d)(\d{4}|\d{3})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH = re.compile(rf"(?:中華民國|民國)?{_YEAR}\s*年\s*(\d{{1,2}})\s*月(?!\s*\d{{1,2}}\s*日)")
_YEAR_ONLY = re.compile(rf"(?<![\d-]){_YEAR}\s*年(?!\s*\d{{1,2}}\s*月)")

# Units of a city government (Taichung's, and the names the other municipalities share), as an
# item names them; a name inside another body's name (亞太分會秘書處) is not one of ours.
UNITS = (
    "秘書處",
    "民政局",
    "財政局",
    "教育局",
    "經濟發展局",
    "建設局",
    "交通局",
    "都市發展局",
    "農業局",
    "觀光旅遊局",
    "社會局",
    "勞工局",
    "警察局",
    "衛生局",
    "環境保護局",
    "文化局",
    "地政局",
    "法制局",
    "新聞局",
    "消防局",
    "運動局",
    "水利局",
    "主計處",
    "人事處",
    "政風處",
    "研究發展考核委員會",
    "研考會",
    "國際事務委員會",
    "原住民族事務委員會",
    "客家事務委員會",
    "資訊中心",
    "產業發展局",
    "觀光傳播局",
    "體育局",
    "研究發展考核處",
    "國際關係處",
    "環境保護局",
    "都市計畫處",
)
_UNIT = re.compile(
    r"(?:^|(?<=[\s，,、。；;：:「（(由請交責並暨及與和府市議]))(" + "|".join(map(re.escape, UNITS)) + r")"
    r"([\u4e00-\u9fff]{2,6}?科)?"
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def short_title(text: str) -> Guess:
    first_line = text.split("\n", 1)[0]
    position = first_line.rfind("建議")
    source = "建議之後的子句 the clause after 建議"
    if position >= 0:
        clause = _CLAUSE_END.split(first_line[position + 2 :], maxsplit=1)[0]
        clause = re.sub(r"^(?:本府|本市|市府)?(?:可|應|宜|得)?", "", clause.strip())
        if len(clause) < 4:
            clause, source = _CLAUSE_END.split(first_line, maxsplit=1)[0], "第一個子句 the first clause"
    else:
        clause, source = _CLAUSE_END.split(first_line, maxsplit=1)[0], "第一個子句 the first clause"
    clause = clause.strip()
    if len(clause) > TITLE_LIMIT:
        clause = clause[: TITLE_LIMIT - 1] + "…"
    return Guess(clause, source)


def _year(written: str) -> int:
    year = int(written)
    return year + 1911 if year < 1000 else year


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _free(match: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """Not inside a date already taken (2016 年 11 月 23 日 is not also a month and a year)."""
    return not any(a < match.end() and match.start() < b for a, b in taken)


def mentions(text: str) -> list[DateMention]:
    """The dates (full, month or year) and events each sentence of the item names."""
    found: list[DateMention] = []
    for sentence in sentences(text):
        folded = fold(sentence)
        events = [m.group(1) or m.group(2) for m in _EVENT.finditer(sentence)]
        event = events[0] if events else None
        taken: list[tuple[int, int]] = []
        for pattern in (_FULL, _ISO):
            for match in pattern.finditer(folded):
                if not _free(match, taken):
                    continue
                year = _year(match.group(1))
                month, day = int(match.group(2)), int(match.group(3))
                value = _day(year, month, day)
                if value is not None:
                    taken.append(match.span())
                    found.append(DateMention(sentence[slice(*match.span())], year, month, value, event, sentence))
        for match in _MONTH.finditer(folded):
            month = int(match.group(2))
            if _free(match, taken) and 1 <= month <= 12:
                taken.append(match.span())
                year = _year(match.group(1))
                found.append(DateMention(sentence[slice(*match.span())], year, month, None, event, sentence))
        if event is not None:  # a bare year counts only beside an event it dates
            for match in _YEAR_ONLY.finditer(folded):
                if _free(match, taken):
                    taken.append(match.span())
                    year = _year(match.group(1))
                    found.append(DateMention(sentence[slice(*match.span())], year, None, None, event, sentence))
        for name in events[1:] if any(m.sentence == sentence for m in found) else events:
            found.append(DateMention(f"「{name}」", None, None, None, name, sentence))
    return found


def owners(text: str) -> list[Guess]:
    found: list[Guess] = []
    for sentence in sentences(text):
        for match in _UNIT.finditer(sentence):
            unit = match.group(1) + (match.group(2) or "")
            if unit not in [g.value for g in found]:
                found.append(Guess(unit, sentence))
    return found


def propose(item: Item) -> None:
    """Fill in the item's guesses from its text."""
    item.title = short_title(item.text)
    item.dates = mentions(item.text)
    days = [m for m in item.dates if m.day is not None]
    if days:
        first = min(days, key=lambda m: m.day or date.max)
        item.deadline = Guess(first.day, first.sentence)
    item.owners = owners(item.text)
