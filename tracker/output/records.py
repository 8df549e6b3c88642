"""Items and history entries for scripts: the stable JSON contract, and CSV.

Keys are English and never change meaning; dates are ISO 8601; times carry the
configured zone's offset. Add keys freely, never rename or drop one.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.dates import LocalTimes
from tracker.output.cells import spreadsheet_text
from tracker.settings import Settings
from tracker.storage.queries import ChangeRow, EvidenceRow, ItemRow


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


_LOCAL_TIMES: dict[ZoneInfo, LocalTimes] = {}  # one per zone, kept for the whole list


def _moment(value: datetime | None, zone: ZoneInfo) -> str | None:
    if value is None:
        return None
    local = _LOCAL_TIMES.get(zone) or _LOCAL_TIMES.setdefault(zone, LocalTimes(zone))
    return local(value).isoformat(timespec="seconds")


def item_record(item: ItemRow, today: date, zone: ZoneInfo) -> dict[str, object]:
    days = item.days_overdue(today)
    event = item.event
    return {
        "key": item.key,
        "number": item.number,
        "report": item.report_key,
        "title_zh": item.title_zh,
        "title_en": item.title_en,
        "summary_en": item.summary_en,
        "text_zh": item.text_zh,
        "owner": {
            "unit_zh": item.owner_zh or None,  # None: unassigned (未指派)
            "unit_en": item.owner_en,
            "supporting": [{"unit_zh": u.get("zh"), "unit_en": u.get("en")} for u in item.supporting_units],
            "officer": item.officer,
        },
        "event": None
        if event is None
        else {
            "key": event.key,
            "name_zh": event.name_zh,
            "name_en": event.name_en,
            "place": event.place,
            "start": _day(event.start),
            "end": _day(event.end),
        },
        "deadline": _day(item.deadline),
        "original_deadline": _day(item.original_deadline),
        "deadline_source": item.deadline_source,
        "status": item.status.value,
        "open": item.status.is_open,
        "overdue": days is not None,
        "days_overdue": days,
        "latest_note": item.last_note,
        "latest_note_at": _moment(item.last_note_at, zone),
        # The follow-up (列管): the reviewer's side, beside the work status.
        "tracking": item.tracking.value,
        "level": item.level.value,
        "latest_review": item.latest_review,
        "latest_review_at": _moment(item.latest_review_at, zone),
        "version": item.version,
        "updated_at": _moment(item.updated_at, zone),
        "updated_by": item.updated_by,
        # What a 列管表 row carries beyond its status (issue 9).
        "progress": item.progress,
        "adoption": item.adoption.value,
        "officer": item.officer,
        "supporting_units": [{"unit_zh": u.get("zh"), "unit_en": u.get("en")} for u in item.supporting_units],
        "evidence_count": item.evidence_count,
    }


def change_record(change: ChangeRow, zone: ZoneInfo) -> dict[str, object]:
    return {
        "item": change.item_key,
        "version": change.version,
        "at": _moment(change.at, zone),
        "by": change.by,
        "field": change.field,
        "from": change.old,
        "to": change.new,
        "note": change.note,
        "id": change.id,
        "corrects": change.corrects,  # the id of the entry this one corrects
        "corrected_by": change.corrected_by,  # the id of the entry that corrects this one
        "corrected_at": _moment(change.corrected_at, zone),
    }


def evidence_record(found: EvidenceRow, zone: ZoneInfo) -> dict[str, object]:
    """One 佐證資料: a stored file (name, size, media_type, sha256) or a reference (value)."""
    return {
        "id": found.id,
        "item": found.item_key,
        "kind": found.kind.value,
        "name": found.name,
        "value": found.value,
        "size": found.size,
        "media_type": found.media_type,
        "sha256": found.sha256,
        "added_at": _moment(found.added_at, zone),
        "added_by": found.added_by,
        "note": found.note,
        "retracted": found.retracted_by is not None,
    }


def evidence_json(found: list[EvidenceRow], settings: Settings) -> str:
    return to_json([evidence_record(e, settings.timezone) for e in found])


def to_json(value: object, *, pretty: bool = True) -> str:
    """Indented for people; compact for long lists and pipes, where json's fast C encoder
    (which indentation turns off) matters: 50,000 items encode ten times faster."""
    return json.dumps(value, ensure_ascii=False, indent=2 if pretty else None) + "\n"


CSV_COLUMNS = (
    "key",
    "number",
    "report",
    "title_zh",
    "title_en",
    "owner_zh",
    "owner_en",
    "deadline",
    "original_deadline",
    "status",
    "overdue",
    "days_overdue",
    "latest_note",
    "version",
    "updated_at",
    "updated_by",
    "progress",
    "adoption",
    "officer",
    "supporting_units",
    "evidence_count",
)


def items_csv(items: list[ItemRow], settings: Settings) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        record = item_record(item, settings.today(), settings.timezone)
        flat = {
            **record,
            "owner_zh": item.owner_zh,
            "owner_en": item.owner_en,
            "supporting_units": "、".join(u["zh"] for u in item.supporting_units),
        }
        writer.writerow(
            [
                ""
                if flat[c] is None
                else spreadsheet_text(str(flat[c]).lower() if isinstance(flat[c], bool) else str(flat[c]))
                for c in CSV_COLUMNS
            ]
        )
    return out.getvalue()


def item_json(
    item: ItemRow, changes: list[ChangeRow], settings: Settings, evidence: list[EvidenceRow] | None = None
) -> str:
    record = item_record(item, settings.today(), settings.timezone)
    record["history"] = [change_record(c, settings.timezone) for c in changes]
    if evidence is not None:
        record["evidence"] = [evidence_record(e, settings.timezone) for e in evidence]
    return to_json(record)


def history_json(changes: list[ChangeRow], settings: Settings) -> str:
    return to_json([change_record(c, settings.timezone) for c in changes], pretty=len(changes) < 1000)


def items_json(items: list[ItemRow], settings: Settings, *, pretty: bool) -> str:
    return to_json([item_record(i, settings.today(), settings.timezone) for i in items], pretty=pretty)
