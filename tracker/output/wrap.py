"""Line-breaking for Chinese text mixed with Latin words.

Rich breaks lines only at spaces, which leaves a Chinese sentence with a few spaces in it
(「第 5 屆城市…」) ragged, with short lines and stray words. Here a line may break between
any two Chinese characters, Latin words stay whole, and closing punctuation never starts
a line (the character or word before it moves down with it, as Chinese typesetting does).
A combining mark stays with the character it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TypeAlias

from tracker.output.width import WIDE_RANGES, bmp_part, cell_width, char_class, has_astral, zero_width_class

NO_LINE_START = frozenset("，。、；：！？）」』〕】》〉,.;:!?)]}%…～")
_WORD_CHAR = r"[A-Za-z0-9_\-+./:@%#&'’]"
# Widths of the tokens met (punctuation, words), kept across calls: a long table wraps
# thousands of titles made of the same words.
_WIDTHS: dict[str, int] = {}
_WIDTHS_KEPT = 50_000
Measure: TypeAlias = Callable[[str], int]


@cache
def _tokens(astral: bool) -> re.Pattern[str]:
    """Two kinds of token: a run of Chinese characters (wide, of the BMP, two cells each, not
    closing punctuation), which may break anywhere, in the first group; in the second, a Latin
    word or number, a space, or any other character, each with the combining marks after it."""
    marks = f"[{zero_width_class(astral)}]"
    run = f"[{char_class(_without(bmp_part(WIDE_RANGES), NO_LINE_START))}]+"
    return re.compile(f"({run}(?!{marks}))|((?:{_WORD_CHAR}+{marks}*)+|[ \\t]+|.{marks}*)")


def _without(ranges: str, chars: frozenset[str]) -> str:
    """The ranges ('3041-3247 …') less some characters."""
    spans = []
    for span in ranges.split():
        first, _, last = span.partition("-")
        start, end = int(first, 16), int(last or first, 16)
        for code in sorted(ord(char) for char in chars if start <= ord(char) <= end):
            if start < code:
                spans.append(f"{start:X}-{code - 1:X}")
            start = code + 1
        if start <= end:
            spans.append(f"{start:X}-{end:X}")
    return " ".join(spans)


@cache
def _character(astral: bool) -> re.Pattern[str]:
    return re.compile(f".[{zero_width_class(astral)}]*")


def wrap_lines(text: str, width: int, measure: Measure = cell_width) -> list[str]:
    """`text` in lines of at most `width` cells (as `measure` counts them); a newline starts a paragraph."""
    return [line for line, _ in wrap_measured(text, width, measure)]


def wrap_measured(text: str, width: int, measure: Measure = cell_width) -> list[tuple[str, int]]:
    """As wrap_lines, each line with the cells it takes."""
    width = max(width, 2)
    widths = _WIDTHS if measure is cell_width else {}
    if len(widths) > _WIDTHS_KEPT:
        widths.clear()
    lines: list[tuple[str, int]] = []
    for paragraph in text.split("\n"):
        size = measure(paragraph)
        if size <= width:
            lines.append(_line([paragraph], [size], measure))
            continue
        astral = has_astral(paragraph)
        parts: list[str] = []  # the line so far, as tokens
        sizes: list[int] = []  # and their widths
        used = 0
        for run, token in _tokens(astral).findall(paragraph):
            if run:  # Chinese characters: as many as fit, then a new line
                while used + 2 * len(run) > width:
                    take = (width - used) // 2
                    if take:
                        parts.append(run[:take])
                        sizes.append(2 * take)
                    lines.append(_line(parts, sizes, measure))
                    parts, sizes, used, run = [], [], 0, run[take:]
                parts.append(run)
                sizes.append(2 * len(run))
                used += 2 * len(run)
                continue
            size = widths.get(token, -1)
            if size < 0:
                size = widths[token] = measure(token)
            if used + size <= width:
                parts.append(token)
                sizes.append(size)
                used += size
                continue
            if token[0] in " \t":  # a space where the line ends: dropped
                lines.append(_line(parts, sizes, measure))
                parts, sizes, used = [], [], 0
                continue
            if size > width:  # a word longer than the line: fold it
                for char in _character(astral).findall(token):
                    char_size = measure(char)
                    if used + char_size > width:
                        lines.append(_line(parts, sizes, measure))
                        parts, sizes, used = [], [], 0
                    parts.append(char)
                    sizes.append(char_size)
                    used += char_size
                continue
            carried = _carry(parts, sizes, size, width, _character(astral), measure) if token[0] in NO_LINE_START else 0
            lines.append(_line(parts[: len(parts) - carried], sizes[: len(sizes) - carried], measure))
            parts, sizes = [*parts[len(parts) - carried :], token], [*sizes[len(sizes) - carried :], size]
            used = sum(sizes)
        lines.append(_line(parts, sizes, measure))
    return lines


def _carry(
    parts: list[str], sizes: list[int], size: int, width: int, character: re.Pattern[str], measure: Measure
) -> int:
    """How many of the line's last tokens go down with closing punctuation that does not fit:
    the marks before it and the word they close, or the last character of that word (always
    so for Chinese characters), as long as something stays on this line. The split-off
    character becomes a token of its own here."""
    start = len(parts)
    while start and parts[start - 1][0] in NO_LINE_START:
        start -= 1
    if not start or parts[start - 1][0] in " \t":
        return 0
    before, closing = parts[start - 1], sum(sizes[start:]) + size
    chars = character.findall(before)
    whole = start > 1 and len(chars) > 1 and sizes[start - 1] != 2 * len(before)  # a word, not a run
    if not (whole and sizes[start - 1] + closing <= width):
        if len(chars) < 2 and start == 1:
            return 0  # the line would be left empty
        if len(chars) > 1:
            last = chars[-1]
            parts[start - 1 : start] = [before[: -len(last)], last]
            sizes[start - 1 : start] = [sizes[start - 1] - measure(last), measure(last)]
            start += 1
    start -= 1
    if sizes[start] + closing > width:
        return 0
    return len(parts) - start


def _line(parts: list[str], sizes: list[int], measure: Measure) -> tuple[str, int]:
    """The line without the spaces at its end, and its width."""
    text = "".join(parts)
    kept = text.rstrip(" \t")
    used = sum(sizes)
    return (kept, used - measure(text[len(kept) :])) if len(kept) < len(text) else (text, used)
