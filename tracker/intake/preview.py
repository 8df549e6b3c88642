"""The preview: plain lines showing the items and, for each value, whether the report states
it or the intake guessed it. Labels in the user's language; document text cleaned to one line."""

from __future__ import annotations

from datetime import date

from tracker.domain import clean_line
from tracker.i18n import t
from tracker.intake.model import Found, Guess, Intake

TEXT_PREVIEW = 60


def _short(text: str, limit: int = TEXT_PREVIEW) -> str:
    line = clean_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    return clean_line(str(value))


def _tag(value: Found | Guess) -> str:
    return t("intake.found") if isinstance(value, Found) else t("intake.guess")


def preview_lines(intake: Intake) -> list[str]:
    meta = intake.meta
    lines = [t("intake.preview_head", path=clean_line(intake.path), kind=intake.kind)]
    fields = (
        ("field.key", intake.key),
        ("intake.title", meta.title),
        ("intake.agency", meta.agency),
        ("intake.contact", meta.contact),
        ("intake.report_date", meta.report_date),
        ("intake.trip_start", meta.trip_start),
        ("intake.trip_end", meta.trip_end),
        ("intake.people", meta.people),
    )
    for label, value in fields:
        if value is None:
            lines.append(f"  {t(label)}：{t('intake.not_found')}")
        else:
            lines.append(f"  {t(label)}：{_value(value.value)}  [{_tag(value)}：{_short(value.source, 40)}]")
    section = clean_line(intake.heading) + (f" › {clean_line(intake.subheading)}" if intake.subheading else "")
    lines.append(t("intake.preview_items", count=len(intake.items), section=section))
    for item in intake.items:
        title = item.title.value if item.title is not None else ""
        lines.append(f"  {item.number}. {_short(str(title), 40)}  [{t('intake.guess')}]")
        lines.append(
            f"     {t('intake.text')}：{_short(item.text)}  [{t('intake.found')}：{clean_line(item.marker) or '-'}]"
        )
        if item.owners:
            owners = "、".join(str(g.value) for g in item.owners)
            lines.append(f"     {t('intake.owner')}：{clean_line(owners)}  [{t('intake.guess')}]")
        else:
            lines.append(f"     {t('intake.owner')}：{t('intake.unassigned')}")
        if item.deadline is not None:
            lines.append(f"     {t('intake.deadline')}：{_value(item.deadline.value)}  [{t('intake.guess')}]")
        for mention in item.dates:
            when = (
                mention.day.isoformat()
                if mention.day
                else (
                    f"{mention.year}-{mention.month:02d}"
                    if mention.month
                    else (str(mention.year) if mention.year else "—")
                )
            )
            event = f" {clean_line(mention.event)}" if mention.event else ""
            lines.append(f"     {t('intake.candidate')}：{when}{event} ← {_short(mention.sentence, 50)}")
    return lines
