"""The summary's formats: text (Rich), markdown, html and json.

The sections are laid out once as plain blocks of cells (``blocks``); each markup
format is a short loop over them. JSON is built from the Summary directly, with keys
that never change meaning: period, today, as_of, counts, overdue, due_soon, changed,
stale, by_owner (and totals, filters); tracking_counts, rates and review_queue for the
follow-up (列管); without_evidence and the average progress (by_owner, totals) since issue 9.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from tracker.dates import describe_due, format_date, format_moment, to_local
from tracker.domain import STATUS_ORDER, Tracking
from tracker.i18n import current_lang, t
from tracker.output import labels
from tracker.output.records import change_record, item_record
from tracker.reporting import markup
from tracker.reporting.cells import shorten
from tracker.reporting.markup import Cell, Col
from tracker.reporting.summary import Rate, Summary
from tracker.storage.queries import ItemRow

if TYPE_CHECKING:
    from rich.console import Group, RenderableType

NOTE_CHARS = 120  # a digest quotes the start of a note; `tracker show` has the rest
TEXT_WIDTH = 160


@dataclass(frozen=True)
class Block:
    title: str
    columns: list[Col]
    rows: list[list[Cell]]
    more: int = 0
    note: str = ""  # a line under the table (what a figure leaves out)


# ---------------------------------------------------------------------------
# The layout, once for every markup format


def title(summary: Summary) -> str:
    return t(f"summary.title.{summary.period.kind}")


def period_text(summary: Summary) -> tuple[str, str]:
    return format_date(summary.period.start, roc=summary.roc), format_date(summary.period.end, roc=summary.roc)


def subject(summary: Summary) -> str:
    start, end = period_text(summary)
    return t("summary.subject", title=title(summary), start=start, end=end)


def heading_lines(summary: Summary) -> list[str]:
    """The title with the period and the as-of day; the report(s) and the agency that filed
    them; the filter; and, for a period that has ended, that its items are replayed."""
    start, end = period_text(summary)
    lines = [
        t(
            "summary.heading",
            title=title(summary),
            start=start,
            end=end,
            as_of=format_date(summary.as_of, roc=summary.roc),
        )
    ]
    english = current_lang() == "en"
    reports = summary.reports
    if len(reports) == 1:
        report = reports[0]
        name = (report.title_en if english else None) or report.title_zh
        lines.append(t("summary.scope", reports=f"{report.key} {name}"))
    elif reports:
        keys = "、".join(r.key for r in reports[:5]) + ("…" if len(reports) > 5 else "")
        lines.append(t("summary.scope_many", count=len(reports), keys=keys))
    agencies = dict.fromkeys(((r.agency_en if english else None) or r.agency_zh) for r in reports)
    named = [a for a in agencies if a]
    if named:
        lines.append(t("summary.section", agency="、".join(named)))
    if summary.scope.owner:
        lines.append(t("summary.filters", filters=f"{t('field.owner')} ∋ {summary.scope.owner}"))
    if summary.replayed:
        lines.append(t("summary.replayed", as_of=format_date(summary.as_of, roc=summary.roc)))
    if summary.first_created is not None:
        lines.append(t("summary.not_yet", first=format_date(summary.first_created, roc=summary.roc)))
    return lines


def blocks(summary: Summary) -> list[Block]:
    roc = summary.roc
    as_of = summary.as_of
    key, item_title, owner = Col(t("field.key"), whole=True), Col(t("field.title")), Col(t("field.owner"), words=True)
    deadline, status = Col(t("field.deadline"), whole=True), Col(t("field.status"), whole=True)

    def status_cell(item: ItemRow) -> Cell:
        return Cell(labels.status(item.status), f"status-{item.status.value}")

    def item_cells(item: ItemRow) -> list[Cell]:
        return [
            Cell(item.key),
            Cell(labels.title(item)),
            Cell(labels.owner(item)),
            Cell(labels.day(item.deadline, roc)),
        ]

    counts = [[Cell(s.label(), f"status-{s.value}"), Cell(str(summary.counts.get(s, 0)))] for s in STATUS_ORDER]
    counts.append([Cell(t("word.total")), Cell(str(sum(summary.counts.values())))])
    counts.append([Cell(t("summary.overdue_count"), "overdue"), Cell(str(summary.overdue.total), "overdue")])
    tracking_counts = [[Cell(s.label()), Cell(str(summary.tracking_counts.get(s, 0)))] for s in Tracking]
    tracking_counts.append([Cell(t("word.total")), Cell(str(summary.items))])
    rates = [
        [Cell(t(f"summary.rate.{name}")), Cell(percent(rate)), Cell(f"{rate.part}/{rate.whole}")]
        for name, rate in summary.rates.items()
    ]
    review_queue = [
        [
            Cell(w.item.key),
            Cell(labels.title(w.item)),
            Cell(labels.owner(w.item)),
            Cell(labels.day(to_local(w.since, summary.zone).date(), roc)),
            Cell(str(w.days(as_of, summary.zone))),
            Cell(shorten(w.item.last_note, NOTE_CHARS)),
        ]
        for w in summary.review_queue.rows
    ]

    overdue = [
        [*item_cells(i), Cell(str(i.days_overdue(as_of)), "overdue"), Cell(shorten(i.last_note, NOTE_CHARS))]
        for i in summary.overdue.rows
    ]
    due_soon = [
        [*item_cells(i), Cell(describe_due(i.deadline, as_of, True)), status_cell(i)] for i in summary.due_soon.rows
    ]
    changed = []
    for entry in summary.changed.rows:
        change = entry.change
        name = (entry.title_en or entry.title_zh) if labels.english() else entry.title_zh
        old = labels.change_value(change, change.old, roc)
        new = labels.change_value(change, change.new, roc)
        changed.append(
            [
                Cell(format_moment(change.at, summary.zone, roc=roc)),
                Cell(change.item_key),
                Cell(name),
                Cell(change.by),
                Cell(labels.change_field(change)),
                Cell(f"{old} → {new}" if old or new else ""),
                Cell(shorten(change.note, NOTE_CHARS)),
            ]
        )
    stale = [
        [
            Cell(i.key),
            Cell(labels.title(i)),
            Cell(labels.owner(i)),
            Cell(format_moment(i.updated_at, summary.zone, roc=roc)),
            status_cell(i),
        ]
        for i in summary.stale.rows
    ]
    by_owner = [
        [
            Cell(labels.unit(o.owner_zh, o.owner_en)),
            Cell(str(o.open)),
            Cell(str(o.overdue), "overdue" if o.overdue else None),
            Cell(progress(o.average_progress)),
            Cell(str(o.pending)),
            Cell(str(o.released)),
            Cell(str(o.withdrawn)),
        ]
        for o in summary.by_owner
    ]
    without_evidence = [
        [
            *item_cells(i)[:3],
            status_cell(i),
            Cell(i.tracking.label()),
            Cell(format_moment(i.updated_at, summary.zone, roc=roc)),
        ]
        for i in summary.without_evidence.rows
    ]
    number = Col(t("summary.count"), numeric=True)
    untimed = t("summary.untimed", count=summary.untimed) if summary.untimed else ""
    return [
        Block(t("summary.counts"), [status, number], counts),
        Block(t("summary.tracking_counts"), [Col(t("field.tracking")), number], tracking_counts),
        Block(
            t("summary.rates"),
            [
                Col(t("summary.rate")),
                Col(t("summary.rate_value"), numeric=True),
                Col(t("summary.rate_basis"), numeric=True),
            ],
            rates,
            note=untimed,
        ),
        Block(
            t("summary.overdue", total=summary.overdue.total),
            [key, item_title, owner, deadline, Col(t("field.days_overdue"), numeric=True), Col(t("field.latest_note"))],
            overdue,
            summary.overdue.more,
        ),
        Block(
            t("summary.review_queue", total=summary.review_queue.total),
            [
                key,
                item_title,
                owner,
                Col(t("summary.requested"), whole=True),
                Col(t("field.waiting"), numeric=True),
                Col(t("field.latest_note")),
            ],
            review_queue,
            summary.review_queue.more,
        ),
        Block(
            t("summary.due_soon", days=summary.days, total=summary.due_soon.total),
            [key, item_title, owner, deadline, Col(t("summary.due")), status],
            due_soon,
            summary.due_soon.more,
        ),
        Block(
            t("summary.changed", total=summary.changed.total),
            [
                Col(t("field.at"), whole=True),
                key,
                item_title,
                Col(t("field.by"), whole=True),
                Col(t("field.field")),
                Col(f"{t('field.from')} → {t('field.to')}"),
                Col(t("field.note")),
            ],
            changed,
            summary.changed.more,
        ),
        Block(
            t("summary.stale", days=summary.stale_days, total=summary.stale.total),
            [key, item_title, owner, Col(t("field.updated_at"), whole=True), status],
            stale,
            summary.stale.more,
        ),
        Block(
            t("summary.by_owner"),
            [
                owner,
                Col(t("summary.open"), numeric=True),
                Col(t("summary.overdue_count"), numeric=True),
                Col(t("summary.average_progress"), numeric=True),
                *(Col(s.label(), numeric=True) for s in (Tracking.PENDING, Tracking.RELEASED, Tracking.WITHDRAWN)),
            ],
            by_owner,
            note=t(
                "summary.average_progress_all",
                value=progress(summary.average_progress),
                count=summary.open_items,
            ),
        ),
        Block(
            t("summary.without_evidence", total=summary.without_evidence.total),
            [
                key,
                item_title,
                owner,
                status,
                Col(t("field.tracking"), whole=True),
                Col(t("field.updated_at"), whole=True),
            ],
            without_evidence,
            summary.without_evidence.more,
        ),
    ]


def percent(rate: Rate) -> str:
    """A rate as people read it: 62.5%; a dash when there is nothing to divide by."""
    value = rate.value
    return "—" if value is None else f"{value * 100:.1f}%"


def progress(value: float | None) -> str:
    """An average progress (0-100) as people read it: 62.5%; a dash when there are no items."""
    return "—" if value is None else f"{value:.1f}%"


def _average(value: float | None) -> float | None:
    """An average progress for JSON: 0-100 to one decimal, null without items."""
    return None if value is None else round(value, 1)


def footer(summary: Summary) -> str:
    return t("summary.footer", today=format_date(summary.today, roc=summary.roc))


# ---------------------------------------------------------------------------
# Writers


def render(summary: Summary, fmt: str) -> str:
    writers = {"text": to_text, "markdown": to_markdown, "html": to_html, "json": to_json}
    return writers[fmt](summary)


RICH_STYLE = {"overdue": "bold red", "dim": "dim"}


def renderable(summary: Summary) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tracker.output.labels import STATUS_STYLE

    def style(name: str | None) -> str:
        if name and name.startswith("status-"):
            return STATUS_STYLE.get(name.removeprefix("status-"), "")
        return RICH_STYLE.get(name or "", "")

    parts: list[RenderableType] = [Text(line, style="bold") for line in heading_lines(summary)]
    for block in blocks(summary):
        parts += [Text(""), Text(block.title, style="bold underline")]
        if not block.rows:
            parts.append(Text(t("summary.nothing"), style="dim"))
            continue
        table = Table(header_style="bold", pad_edge=False, expand=False)
        for column in block.columns:
            table.add_column(
                column.label,
                justify="right" if column.numeric else "left",
                no_wrap=column.numeric or column.whole,
                overflow="fold",
            )
        for row in block.rows:
            # User text goes in as Text: never parsed as markup (terminal controls are gone already).
            table.add_row(*(Text(cell.text, style=style(cell.style)) for cell in row))
        parts.append(table)
        if block.more:
            parts.append(Text(t("summary.more", more=block.more), style="dim"))
        if block.note:
            parts.append(Text(block.note, style="dim"))
    parts += [Text(""), Text(footer(summary), style="dim")]
    return Group(*parts)


def to_text(summary: Summary) -> str:
    """Plain text, aligned, no colour: what a pipe, a file or a plain-text mail gets."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out,
        width=TEXT_WIDTH,
        no_color=True,
        color_system=None,
        highlight=False,
        force_terminal=False,
        soft_wrap=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable(summary))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def to_markdown(summary: Summary) -> str:
    from tracker.reporting.cells import markdown

    head = heading_lines(summary)
    lines = [f"# {markdown(head[0])}", "", *(markdown(line) for line in head[1:])]
    for block in blocks(summary):
        lines += ["", f"## {markdown(block.title)}", ""]
        if not block.rows:
            lines.append(markdown(t("summary.nothing")))
            continue
        lines += markup.markdown_table(block.columns, block.rows)
        if block.more:
            lines += ["", markdown(t("summary.more", more=block.more))]
        if block.note:
            lines += ["", markdown(block.note)]
    lines += ["", f"_{markdown(footer(summary))}_", ""]
    return "\n".join(lines)


def to_html(summary: Summary) -> str:
    head = heading_lines(summary)

    def body() -> Iterator[str]:
        yield markup.heading(head[0], 1)
        for line in head[1:]:
            yield markup.paragraph(line, "meta")
        for block in blocks(summary):
            yield markup.heading(block.title)
            if not block.rows:
                yield markup.paragraph(t("summary.nothing"), "dim")
                continue
            yield from markup.html_table(block.columns, block.rows)
            if block.more:
                yield markup.paragraph(t("summary.more", more=block.more), "dim")
            if block.note:
                yield markup.paragraph(block.note, "dim")
        yield markup.paragraph(footer(summary), "meta")

    return "\n".join(markup.html_document(subject(summary), current_lang(), body())) + "\n"


# ---------------------------------------------------------------------------
# JSON: stable keys for scripts and monitoring


# An item in the summary: the keys of `list --format json` that a weekly reader needs.
SUMMARY_ITEM_KEYS = (
    "key",
    "number",
    "report",
    "title_zh",
    "title_en",
    "owner",
    "deadline",
    "status",
    "days_overdue",
    "latest_note",
    "updated_at",
    "tracking",
    "level",
    "latest_review",
)


def _item(item: ItemRow, summary: Summary) -> dict[str, object]:
    record = item_record(item, summary.as_of, summary.zone)
    return {
        **{key: record[key] for key in SUMMARY_ITEM_KEYS},
        "progress": item.progress,
        "evidence_count": item.evidence_count,
    }


def to_json(summary: Summary) -> str:
    as_of = summary.as_of
    document = {
        "period": {
            "start": summary.period.start.isoformat(),
            "end": summary.period.end.isoformat(),
            "kind": summary.period.kind,
            "label": summary.period.label,
        },
        "today": summary.today.isoformat(),
        "as_of": as_of.isoformat(),
        "replayed": summary.replayed,  # the items as they stood at the end of as_of, from the history
        "reports": [{"key": r.key, "title_zh": r.title_zh, "agency_zh": r.agency_zh} for r in summary.reports],
        "due_soon_until": (as_of + timedelta(days=summary.days)).isoformat(),
        "stale_days": summary.stale_days,
        "filters": {"owner": summary.scope.owner, "report": summary.scope.report},
        "limit": summary.limit,
        "counts": {s.value: summary.counts.get(s, 0) for s in STATUS_ORDER},
        "totals": {
            "items": sum(summary.counts.values()),
            "open": sum(n for s, n in summary.counts.items() if s.is_open),
            "overdue": summary.overdue.total,
            "due_soon": summary.due_soon.total,
            "changed": summary.changed.total,
            "stale": summary.stale.total,
            "review_queue": summary.review_queue.total,
            "without_evidence": summary.without_evidence.total,
            "average_progress": _average(summary.average_progress),  # of the open items, 0-100
        },
        "overdue": [_item(i, summary) for i in summary.overdue.rows],
        "due_soon": [
            # the due-soon list holds dated items only (deadline >= as_of); an undated one would read null
            {**_item(i, summary), "days_left": None if i.deadline is None else (i.deadline - as_of).days}
            for i in summary.due_soon.rows
        ],
        "changed": [
            {
                **change_record(e.change, summary.zone),
                "number": e.change.item_number,
                "title_zh": e.title_zh,
                "title_en": e.title_en,
            }
            for e in summary.changed.rows
        ],
        "stale": [_item(i, summary) for i in summary.stale.rows],
        "by_owner": [
            {
                "owner": o.owner_zh,
                "owner_en": o.owner_en,
                "open": o.open,
                "overdue": o.overdue,
                "pending": o.pending,
                "released": o.released,
                "withdrawn": o.withdrawn,
                "average_progress": _average(o.average_progress),  # of its open items, 0-100
            }
            for o in summary.by_owner
        ],
        # The follow-up (列管): items by state, the rates (0..1, null with nothing to divide by)
        # and what each divides, and the items awaiting review, longest waiting first.
        "tracking_counts": {s.value: summary.tracking_counts.get(s, 0) for s in Tracking},
        "rates": {name: rate.value for name, rate in summary.rates.items()},
        "rate_parts": {name: {"part": rate.part, "whole": rate.whole} for name, rate in summary.rates.items()},
        "review_queue": [
            {
                **_item(w.item, summary),
                "requested_at": to_local(w.since, summary.zone).isoformat(timespec="seconds"),
                "days_waiting": w.days(as_of, summary.zone),
            }
            for w in summary.review_queue.rows
        ],
        # Awaiting review or released with no document or reference in view, those waiting first.
        "without_evidence": [_item(i, summary) for i in summary.without_evidence.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
