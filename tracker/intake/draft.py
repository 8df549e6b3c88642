"""The draft: YAML in the format `tracker import` reads (tracker.seed.load_seed), for staff
to finish. Every value says in a comment whether the report states it (找到 found) or the
intake proposes it (猜測 guess), and from which words.

An item whose text names no unit has no `owner:` line, only a comment saying it is to be
assigned. Text from the document is data: it is written in double-quoted scalars with every
character YAML could read otherwise escaped, and comments carry one cleaned line.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from pathlib import Path

from tracker.domain import InputError, clean_line
from tracker.intake.model import DateMention, Found, Guess, Intake, Item

COMMENT_LIMIT = 90
FOUND = "找到 found"
GUESS = "猜測 guess"


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def comment(text: str) -> str:
    """One line of a comment: cleaned, printable only, cut to COMMENT_LIMIT."""
    line = "".join(c for c in clean_line(text) if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    return line if len(line) <= COMMENT_LIMIT else line[: COMMENT_LIMIT - 1] + "…"


def _why(value: Found | Guess) -> str:
    kind = FOUND if isinstance(value, Found) else GUESS
    return f"# {kind}: {comment(value.source)}"


def _roc(day: date) -> str:
    return f"{day.year - 1911}年{day.month}月{day.day}日"


def _mention(mention: DateMention) -> str:
    if mention.day is not None:
        when = mention.day.isoformat()
    elif mention.month is not None:
        when = f"{mention.year}-{mention.month:02d}"
    elif mention.year is not None:
        when = str(mention.year)
    else:
        when = "日期未載 no date"
    event = f" {mention.event}" if mention.event else ""
    return comment(f"{when}{event} ← {mention.sentence}")


def write_draft(intake: Intake, source_name: str) -> str:
    meta = intake.meta
    lines = [
        f"# 建議事項草稿：由 tracker intake 讀自 {comment(source_name)}",
        "# A draft of the recommendations, read by tracker intake from the report above.",
        f"# 「{FOUND}」是報告本身寫的；「{GUESS}」是依內文推測，請逐一核對。",
        "# found: the report states it; guess: proposed from the text, check each one.",
        "# 沒有 owner: 的事項，報告未載明主辦單位：請填寫，或留待指派（未指派）。",
        "# An item without owner: names no lead unit: fill it in, or leave it unassigned.",
        f"# 建議段落 section: {comment(intake.heading)}"
        + (f" / {comment(intake.subheading)}" if intake.subheading else ""),
        "",
        "report:",
    ]
    key = intake.key
    if key is not None:
        lines.append(f"  key: {key.value}   {_why(key)}")
    title = meta.title
    if title is not None:
        lines.append(f"  title_zh: {quote(str(title.value))}   {_why(title)}")
    else:
        lines.append(
            f"  title_zh: {quote(source_name)}   # {GUESS}: 檔名 the file name (報告未載明標題 no title found)"
        )
    if meta.agency is not None:
        lines.append(f"  agency_zh: {quote(str(meta.agency.value))}   {_why(meta.agency)}")
    if meta.contact is not None:
        lines.append(f"  contact: {quote(str(meta.contact.value))}   {_why(meta.contact)}")
    for name, found in (
        ("trip_start", meta.trip_start),
        ("trip_end", meta.trip_end),
        ("report_date", meta.report_date),
    ):
        if found is not None and isinstance(found.value, date):
            lines.append(f"  {name}: {found.value.isoformat()}   # {FOUND}: {comment(found.source)}")
    lines.append(f"  source: {quote(source_name)}")
    if meta.people is not None and isinstance(meta.people.value, tuple):
        names = "、".join(meta.people.value)
        lines.append(f"  # 出國人員 people ({FOUND}: {comment(meta.people.source)}): {comment(names)}")
    lines += ["", "items:"]
    for item in intake.items:
        lines += _item(item, intake)
    return "\n".join(lines) + "\n"


def _item(item: Item, intake: Intake) -> list[str]:
    where = f"{intake.subheading or intake.heading} {item.marker}".strip()
    lines = [f"  - number: {item.number}"]
    title = item.title.value if item.title is not None else item.text.split("\n", 1)[0][:40]
    title_why = _why(item.title) if item.title is not None else f"# {GUESS}"
    lines.append(f"    title_zh: {quote(str(title))}   {title_why}")
    lines.append(f"    text_zh: {quote(item.text)}   # {FOUND}: {comment(where)}")
    if item.owners:
        first, *others = item.owners
        if others:
            lines.append(f"    owner:   # {GUESS}: 內文提及的單位 units the item names")
            lines.append(f"      zh: {quote(str(first.value))}   # ← {comment(first.source)}")
            lines.append("      supporting:")
            for other in others:
                lines.append(f"        - {quote(str(other.value))}   # ← {comment(other.source)}")
        else:
            lines.append(f"    owner: {quote(str(first.value))}   # {GUESS}: ← {comment(first.source)}")
    else:
        agency = intake.meta.agency
        hint = f"；出國計畫主辦機關為 {comment(str(agency.value))}" if agency is not None else ""
        lines.append(f"    # owner: 報告未載明主辦單位，待指派{hint} / no lead unit named: unassigned")
    if item.dates:
        lines.append(f"    # 期限候選 deadline candidates ({GUESS}, 依內文 from the text):")
        lines += [f"    #   {_mention(m)}" for m in item.dates]
    if item.deadline is not None and isinstance(item.deadline.value, date):
        day = item.deadline.value
        lines.append(f"    deadline: {day.isoformat()}   # {GUESS}: {_roc(day)} ← {comment(item.deadline.source)}")
        lines.append("    deadline_source: report   # 日期見於報告 the date is in the report")
    else:
        lines.append("    # deadline: 報告未載明日期 no date named / 待定")
    lines.append("")
    return lines


def save_draft(path: Path, text: str) -> Path:
    """Write a draft through a temporary file beside the target (its folder made if need be),
    never onto a database (safe_paths); the path written."""
    from tracker.safe_paths import check_output, create_temporary

    target = check_output(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = create_temporary(target, 0o644)
    except OSError as exc:
        raise InputError("intake.unreadable", path=path, reason=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
