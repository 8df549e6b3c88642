"""Text rules of intake: width folding for matching, Chinese numerals, list markers, line joins.

Matching is done on a folded copy (full-width ASCII made half-width, ideographic space made
a space) of the same length as the original, so that what is cut off (a marker) is cut off
the original: the report's own wording is kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tracker.domain import clean_text

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space as half-width, character for character."""
    return text.translate(_FOLD)


# Characters that carry no text: soft hyphen, zero-width space/joiners, BOM, object replacement.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffc]")


def tidy(text: str) -> str:
    """Text as the report has it, minus controls, bidi overrides and invisible characters;
    no-break spaces read as spaces; ends trimmed."""
    text = _INVISIBLE.sub("", clean_text(text)).replace("\u00a0", " ")
    return text.strip(" \t\n\u3000")


def is_wide(char: str) -> bool:
    """A CJK character or full-width form: lines of these join without a space."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    return sum(2 if is_wide(c) else 1 for c in text)


def _ideograph(char: str) -> bool:
    return is_wide(char) and unicodedata.category(char) == "Lo"


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


_SPACED = re.compile(r"[\u3400-\u9fff] [A-Za-z0-9]|[A-Za-z0-9] [\u3400-\u9fff]")
_UNSPACED = re.compile(r"[\u3400-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u3400-\u9fff]")


def spaces_cjk_and_latin(lines: list[str]) -> bool:
    """Does the document put a space between Chinese and a Latin word or number (第 5 屆)?
    A PDF drops the space that falls at a line break: the lines around it tell."""
    text = "\n".join(lines)
    return len(_SPACED.findall(text)) > 2 * len(_UNSPACED.findall(text))


def join_lines(first: str, second: str, *, cjk_latin_space: bool = False) -> str:
    """Two lines of one paragraph (a PDF's or a hard-wrapped text's) as a person would join them.

    Between CJK characters nothing; between Latin words one space; a space the line itself
    ended with is kept where a Latin word or number stands on either side; a hyphen at the end
    of a line is kept (Word and Writer wrap after a real hyphen, 2016-2019 or well-known),
    a soft hyphen is dropped with the break.
    """
    had_space = first[-1:].isspace() or second[:1].isspace()
    left, right = first.rstrip(), second.lstrip()
    if not left or not right:
        return left + right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    a, b = left[-1], right[0]
    if is_wide(a) and is_wide(b):
        return left + right
    if cjk_latin_space and ((_ideograph(a) and _latin(b)) or (_latin(a) and _ideograph(b))):
        return f"{left} {right}"
    if left.endswith("-") and len(left) > 1 and not left[-2].isspace():
        return left + right
    if had_space or (a.isalnum() and b.isalnum() and not is_wide(a) and not is_wide(b)):
        return f"{left} {right}"
    if a in ",.;:!?)" and b.isalnum() and not is_wide(b):
        return f"{left} {right}"
    return left + right


# -- Chinese numerals -------------------------------------------------------------------

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LEGAL = {"零": 0, "壹": 1, "貳": 2, "參": 3, "叁": 3, "肆": 4, "伍": 5, "陸": 6, "柒": 7, "捌": 8, "玖": 9}
_LEGAL_TENS = {"拾": 10, "佰": 100}
CN_CHARS = "〇零一二三四五六七八九十百"
LEGAL_CHARS = "零壹貳參叁肆伍陸柒捌玖拾佰"


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 壹 → 1, 拾貳 → 12; None when it is not one."""
    digits = {**_DIGITS, **_LEGAL}
    units = {"十": 10, "拾": 10, "百": 100, "佰": 100}
    if not text or any(c not in digits and c not in units for c in text):
        return None
    if not any(c in units for c in text):  # written digit by digit: 一〇五
        return int("".join(str(digits[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        else:
            total += (current or 1) * units[char]
            current = 0
    return total + current


def cn_numeral(number: int, *, legal: bool = False) -> str:
    """1 → 一 (壹), 12 → 十二 (拾貳), 20 → 二十, 105 → 一百零五: as list numbering counts."""
    ones = "零壹貳參肆伍陸柒捌玖" if legal else "〇一二三四五六七八九"
    ten, hundred = ("拾", "佰") if legal else ("十", "百")
    if not 0 < number < 1000:
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, unit = divmod(rest, 10)
    text = ones[hundreds] + hundred if hundreds else ""
    if tens:
        text += (ones[tens] if tens > 1 or hundreds else "") + ten
    elif hundreds and unit:
        text += "零"
    return text + (ones[unit] if unit else "")


# -- list markers --------------------------------------------------------------------------

CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① … ⑳
CIRCLED.update({chr(0x3251 + i): 21 + i for i in range(15)})  # ㉑ … ㉟
CIRCLED.update({chr(0x32B1 + i): 36 + i for i in range(15)})  # ㊱ … ㊿
CIRCLED.update({chr(0x2776 + i): i + 1 for i in range(10)})  # ❶ … ❿
PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴ … ⒇
DOT_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}  # ⒈ … ⒛
PAREN_CN = {chr(0x3220 + i): i + 1 for i in range(10)}  # ㈠ … ㈩
CIRCLED_CN = {chr(0x3280 + i): i + 1 for i in range(10)}  # ㊀ … ㊉

# A bullet that a text export or a list style puts before a paragraph ("- 一、…" in a text
# converted from Word): not numbering, and not part of the recommendation.
BULLET = re.compile(r"[-*•‧・·●○◆◇■□▪▫►▶➢✓✔※][ \t]+|[•●○◆◇■□▪▫►▶➢]")

_N = "0-9"
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("item", re.compile(rf"第[ \t]*([{CN_CHARS}{_N}]+)[ \t]*項[ \t]*[、,.:：]?[ \t]*")),
    ("chapter", re.compile(rf"第[ \t]*([{CN_CHARS}{_N}]+)[ \t]*[章節篇部][ \t]*[、,.:：]?[ \t]*")),
    ("legal", re.compile(rf"([{LEGAL_CHARS}]+)[ \t]*[、,.:：][ \t]*")),
    ("cn", re.compile(rf"([{CN_CHARS}]+)[ \t]*[、,.:：][ \t]*")),
    ("paren_cn", re.compile(rf"\([ \t]*([{CN_CHARS}]+)[ \t]*\)[ \t]*[、,.]?[ \t]*")),
    ("paren_digit", re.compile(rf"\([ \t]*([{_N}]{{1,3}})[ \t]*\)[ \t]*[、,.]?[ \t]*")),
    ("rparen_digit", re.compile(rf"([{_N}]{{1,3}})\)[ \t]*")),
    ("digit", re.compile(rf"([{_N}]{{1,3}})[ \t]*[.、](?![{_N}])[ \t]*")),
)
_SYMBOL_FAMILIES = (
    ("circled", CIRCLED),
    ("paren_digit", PAREN_DIGIT),
    ("digit", DOT_DIGIT),
    ("paren_cn", PAREN_CN),
    ("circled_cn", CIRCLED_CN),
)


@dataclass(frozen=True)
class Marker:
    family: str  # item, chapter, legal, cn, paren_cn, paren_digit, rparen_digit, digit, circled, circled_cn
    value: int
    written: str  # the marker as written, spaces trimmed
    rest: str  # the paragraph after it


def strip_bullet(text: str) -> str:
    match = BULLET.match(fold(text))
    return text[match.end() :].lstrip() if match else text


def marker(text: str) -> Marker | None:
    """The numbering a paragraph starts with (after any bullet), or None."""
    text = strip_bullet(text.lstrip(" \t\u3000"))
    if not text:
        return None
    for family, symbols in _SYMBOL_FAMILIES:
        if text[0] in symbols:
            rest = text[1:]
            folded = fold(rest)
            skip = len(folded) - len(folded.lstrip(" \t、,.:：．，"))
            return Marker(family, symbols[text[0]], text[0], rest[skip:])
    folded = fold(text)
    for family, pattern in _MARKERS:
        match = pattern.match(folded)
        if not match:
            continue
        number = match.group(1)
        value = int(number) if number.isascii() and number.isdigit() else cn_number(number)
        if value is None or value == 0:
            continue
        return Marker(family, value, text[: match.end()].strip(), text[match.end() :])
    return None


def heading_key(text: str) -> str:
    """A heading as matched: width folded (NFKC), all spaces gone, a trailing colon gone."""
    folded = unicodedata.normalize("NFKC", strip_bullet(text))
    return re.sub(r"\s+", "", folded).rstrip(":")
