"""Read a report and take out its recommendations: file → paragraphs → section → items → guesses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tracker.domain import ITEM_NUMBER_LIMIT, InputError, clean_text
from tracker.intake.guesses import propose
from tracker.intake.items import numbers, split_items
from tracker.intake.metadata import read_meta
from tracker.intake.model import Found, Guess, Intake, Item
from tracker.intake.readers import read_document
from tracker.intake.section import find_section

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


def read_report(path: Path, key: str | None = None) -> Intake:
    document = read_document(path)
    section = find_section(document, path)
    raw = split_items(section.paragraphs)
    if not raw:
        raise InputError("intake.no_items", path=path, heading=section.heading)
    if len(raw) > ITEM_NUMBER_LIMIT:
        raise InputError("intake.too_many_items", path=path, count=len(raw), limit=ITEM_NUMBER_LIMIT)
    items = []
    for number, found in zip(numbers(raw), raw, strict=True):
        item = Item(number, clean_text(found.text).strip(), found.marker)
        propose(item)
        items.append(item)
    meta = read_meta(document.paragraphs[: section.start])
    result = Intake(str(path), document.kind, section.heading, section.subheading, meta, items)
    result.key = _key(path, key, result)
    return result


def _key(path: Path, given: str | None, intake: Intake) -> Found | Guess:
    if given is not None:
        if not _KEY.fullmatch(given):
            raise InputError("intake.bad_key", key=given)
        return Found(given.lower(), "--key")
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40].strip("-")
    if slug and _KEY.fullmatch(slug):
        return Guess(slug, "檔名 the file name")
    report_date = intake.meta.report_date
    if report_date is not None:
        return Guess(f"report-{report_date.value:%Y%m%d}", "報告日期 the report date")
    digest = hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:8]
    return Guess(f"report-{digest}", "檔名的雜湊 a hash of the file name")
