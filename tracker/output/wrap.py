"""Line-breaking for Chinese text mixed with Latin words.

Rich breaks lines only at spaces, which leaves a Chinese sentence with a few spaces in it
(「第 5 屆城市…」) ragged, with short lines and stray words. Here a line may break between
any two Chinese characters, Latin words stay whole, and closing punctuation never starts
a line (the character before it moves down with it, as Chinese typesetting does).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from tracker.domain import clean_text

# Latin words and numbers stay together; everything else is a token of its own.
_TOKENS = re.compile(r"[A-Za-z0-9_\-+./:@%#&'’]+|[ \t]+|.")
NO_LINE_START = frozenset("，。、；：！？）」』〕】》〉,.;:!?)]}%…～")


def wrap_lines(text: str, width: int) -> list[str]:
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _TOKENS.findall(paragraph):
            size = cell_len(token)
            if token.isspace():
                if used + size <= width:
                    line.append(token)
                    used += size
                else:
                    lines.append("".join(line).rstrip())
                    line, used = [], 0
                continue
            if used + size <= width:
                line.append(token)
                used += size
                continue
            if size > width:  # a word longer than the line: fold it
                for char in token:
                    if used + cell_len(char) > width:
                        lines.append("".join(line).rstrip())
                        line, used = [], 0
                    line.append(char)
                    used += cell_len(char)
                continue
            carried: list[str] = []
            if token[0] in NO_LINE_START and line and len(line[-1]) == 1 and not line[-1].isspace():
                carried = [line.pop()]  # the character before the punctuation goes down with it
            lines.append("".join(line).rstrip())
            line = [*carried, token]
            used = sum(cell_len(part) for part in line)
        lines.append("".join(line).rstrip())
    return lines


class Wrapped:
    """User text as a Rich renderable, wrapped the Chinese way, never read as markup."""

    def __init__(self, text: str | None, style: str = "") -> None:
        self.text = clean_text(text or "")
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_lines(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="crop")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(2, widest), widest)
