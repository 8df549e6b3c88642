"""The progress table as plain typed rows, built once for every export format.

Values keep their types (dates are dates, days overdue an int, times local datetimes);
user text is cleaned of control characters here. How a value becomes a cell (escaped,
defused, typed, coloured) is each writer's job, through tracker.reporting.cells.
The rows stream from the database: an export of 100,000 items never holds them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, NamedTuple, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

from tracker.dates import format_date, to_local
from tracker.domain import Level, Status, Tracking, days_overdue
from tracker.i18n import t
from tracker.reporting import cells
from tracker.settings import Settings
from tracker.storage import report_queries as fetch
from tracker.storage.driver import Connection
from tracker.storage.queries import ChangeRow, ItemRow

# Column kinds: how writers type and lay out a value.
TEXT, LONG, INT, DATE, MOMENT, STATUS = "text", "long", "int", "date", "moment", "status"


@dataclass(frozen=True)
class Column:
    attr: str  # the row attribute, also the JSON key
    label: str
    kind: str = TEXT


class ExportRow(NamedTuple):  # a tuple: 100,000 of them are made per export
    key: str
    report: str
    number: int
    title: str
    title_zh: str
    title_en: str | None
    owner: str
    owner_zh: str
    owner_en: str | None
    deadline: date | None
    status: Status
    status_label: str
    latest_note: str
    updated_at: datetime  # local time (writers show it to the minute or second)
    days_overdue: int | None
    level: Level
    level_label: str
    tracking: Tracking
    tracking_label: str
    latest_review: str
    latest_review_at: datetime | None  # local time


class HistoryRow(NamedTuple):
    at: datetime  # local time
    item: str
    number: int
    version: int
    by: str
    field: str
    field_label: str
    old: str
    new: str
    note: str


# A row of either sheet: the writers read both through their columns (getattr by Column.attr).
SheetRow: TypeAlias = ExportRow | HistoryRow

_Row = TypeVar("_Row")


class Counted(Generic[_Row]):
    """An iterator that counts what went through it (how many rows an export wrote)."""

    def __init__(self, iterable: Iterable[_Row]) -> None:
        self._iterator = iter(iterable)
        self.count = 0

    def __iter__(self) -> Counted[_Row]:
        return self

    def __next__(self) -> _Row:
        value = next(self._iterator)
        self.count += 1
        return value


@dataclass
class ExportTable:
    title: str  # 建議事項採行情形追蹤表
    subtitle: str  # the report's title, or "all reports"
    as_of: date
    lang: str
    roc: bool
    columns: tuple[Column, ...]
    rows: Counted[ExportRow]
    history_columns: tuple[Column, ...]
    history: Iterator[HistoryRow] | None = None

    @property
    def caption(self) -> str:
        """Of which report, as of which day."""
        return f"{self.subtitle} — {t('export.as_of', lang=self.lang, date=format_date(self.as_of, roc=self.roc))}"

    @property
    def heading(self) -> str:
        """The title row: what the table is, of which report, as of which day."""
        return f"{self.title} — {self.caption}"


def build_table(
    session: Connection, settings: Settings, *, lang: str, scope: fetch.Scope, history: bool = False
) -> ExportTable:
    """The table and (with `history`) its history rows, streaming from `session`."""
    report = fetch.check_report(session, scope.report)
    reports = 1 if report else fetch.report_count(session)
    if report is None and reports == 1:
        report = fetch.only_report(session)
    if report is not None:
        subtitle = report.title_en if lang == "en" and report.title_en else report.title_zh
    else:
        subtitle = t("export.all_reports", lang=lang, count=reports)
    today = settings.today()
    zone = settings.timezone

    def label(key: str) -> str:
        return t(key, lang=lang)

    columns = [
        Column("number", label("field.number"), INT),
        Column("title", label("field.title"), LONG),
        Column("owner", label("field.owner")),
        Column("deadline", label("field.deadline"), DATE),
        Column("status_label", label("field.status"), STATUS),
        Column("latest_note", label("field.latest_note"), LONG),
        Column("updated_at", label("field.updated_at"), MOMENT),
        Column("days_overdue", label("field.days_overdue"), INT),
        # The reviewer's side (列管), after the unit's: at the end, so that the columns above
        # keep their places for whoever reads the table by position.
        Column("level_label", label("field.level")),
        Column("tracking_label", label("field.tracking")),
        Column("latest_review", label("field.latest_review"), LONG),
    ]
    if reports > 1:  # numbers repeat across reports: say which report each row is from
        columns.insert(0, Column("report", label("field.report")))
    history_columns = (
        Column("at", label("field.at"), MOMENT),
        Column("item", label("field.key")),
        Column("by", label("field.by")),
        Column("field_label", label("field.field")),
        Column("old", label("field.from"), LONG),
        Column("new", label("field.to"), LONG),
        Column("note", label("field.note"), LONG),
    )
    return ExportTable(
        title=label("export.title"),
        subtitle=cells.one_line(subtitle),
        as_of=today,
        lang=lang,
        roc=settings.roc,
        columns=tuple(columns),
        rows=Counted(map(row_maker(today, zone, lang), fetch.iter_export_items(session, scope))),
        history_columns=history_columns,
        history=(history_row(change, zone, lang) for change in fetch.iter_history(session, scope)) if history else None,
    )


def row_maker(today: date, zone: ZoneInfo, lang: str) -> Callable[[fetch.ExportItem | ItemRow], ExportRow]:
    """A function from an item (report_queries.iter_export_items, or an ItemRow: the same
    attribute names) to its row, with what is the same for every row worked out once."""
    english = lang == "en"
    statuses = {s.value: (s, t(f"status.{s.value}", lang=lang)) for s in Status}
    states = {s.value: (s, t(f"tracking.{s.value}", lang=lang)) for s in Tracking}
    levels = {s.value: (s, t(f"level.{s.value}", lang=lang)) for s in Level}
    text = cells.text

    def make(item: fetch.ExportItem | ItemRow) -> ExportRow:
        title_zh, title_en = text(item.title_zh), _maybe(item.title_en)
        owner_zh, owner_en = text(item.owner_zh), _maybe(item.owner_en)
        status, status_label = statuses[item.status.value if isinstance(item.status, Status) else item.status]
        tracking, tracking_label = states[item.tracking.value if isinstance(item.tracking, Tracking) else item.tracking]
        level, level_label = levels[item.level.value if isinstance(item.level, Level) else item.level]
        deadline = item.deadline
        reviewed = item.latest_review_at
        return ExportRow(
            item.key,
            item.report_key,
            item.number,
            (title_en or title_zh) if english else title_zh,
            title_zh,
            title_en,
            (owner_en or owner_zh) if english else owner_zh,
            owner_zh,
            owner_en,
            deadline,
            status,
            status_label,
            text(item.last_note),
            to_local(item.updated_at, zone),
            days_overdue(deadline, status, today, tracking),
            level,
            level_label,
            tracking,
            tracking_label,
            text(item.latest_review),
            None if reviewed is None else to_local(reviewed, zone),
        )

    return make


def _maybe(value: str | None) -> str | None:
    return None if value is None else cells.text(value)


def history_row(change: ChangeRow, zone: ZoneInfo, lang: str) -> HistoryRow:
    return HistoryRow(
        at=to_local(change.at, zone),
        item=change.item_key,
        number=change.item_number,
        version=change.version,
        by=cells.text(change.by),
        field=change.field,
        field_label=t(f"field.{change.field}", lang=lang),
        old=cells.text(_value(change.field, change.old, lang)),
        new=cells.text(_value(change.field, change.new, lang)),
        note=cells.text(change.note),
    )


def _value(field: str, value: str | None, lang: str) -> str | None:
    """Status codes read as their labels in the table's language; the rest as recorded."""
    if field == "status" and value:
        try:
            return t(f"status.{Status(value).value}", lang=lang)
        except ValueError:
            return value
    return value
