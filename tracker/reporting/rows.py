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

from tracker.dates import format_date, local_day_bounds, to_local
from tracker.domain import Adoption, InputError, Level, Status, Tracking, days_overdue
from tracker.i18n import t
from tracker.reporting import cells
from tracker.settings import Settings
from tracker.storage import report_queries as fetch
from tracker.storage.driver import Connection
from tracker.storage.queries import ChangeRow

# Column kinds: how writers type and lay out a value. PERCENT is a whole percentage (60 for
# 60 %): a percentage cell in a spreadsheet, "60%" in text.
TEXT, LONG, INT, DATE, MOMENT, STATUS, PERCENT = "text", "long", "int", "date", "moment", "status", "percent"


@dataclass(frozen=True)
class Column:
    attr: str  # the row attribute, also the JSON key
    label: str
    kind: str = TEXT
    name: str = ""  # the stable English name `--columns` takes (the attribute when empty)


@dataclass(frozen=True)
class ColumnSpec:
    """A column of the progress table that `--columns` can name."""

    name: str  # stable, English: what --columns takes and the README lists
    attr: str  # the ExportRow attribute it shows
    label: str  # the message key of its header
    kind: str = TEXT


# Every column of the progress table, in the default order. The first eleven keep the places
# they have had since 0.1 for whoever reads the table by position; what issue 9 added follows.
TABLE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("report", "report", "field.report"),
    ColumnSpec("key", "key", "field.key"),
    ColumnSpec("number", "number", "field.number", INT),
    ColumnSpec("title", "title", "field.title", LONG),
    ColumnSpec("owner", "owner", "field.owner"),
    ColumnSpec("deadline", "deadline", "field.deadline", DATE),
    ColumnSpec("status", "status_label", "field.status", STATUS),
    ColumnSpec("latest_note", "latest_note", "field.latest_note", LONG),
    ColumnSpec("updated_at", "updated_at", "field.updated_at", MOMENT),
    ColumnSpec("days_overdue", "days_overdue", "field.days_overdue", INT),
    # The reviewer's side (列管), after the unit's.
    ColumnSpec("level", "level_label", "field.level"),
    ColumnSpec("tracking", "tracking_label", "field.tracking"),
    ColumnSpec("latest_review", "latest_review", "field.latest_review", LONG),
    # Issue 9: who else, the deadline's history, progress, evidence and adoption.
    ColumnSpec("supporting_units", "supporting_units", "field.supporting_units"),
    ColumnSpec("officer", "officer", "field.officer"),
    ColumnSpec("original_deadline", "original_deadline", "field.original_deadline", DATE),
    ColumnSpec("deadline_reason", "deadline_reason", "field.deadline_reason", LONG),
    ColumnSpec("progress", "progress", "field.progress", PERCENT),
    ColumnSpec("evidence", "evidence_count", "field.evidence_count", INT),
    ColumnSpec("doc_nos", "doc_nos", "field.doc_nos", LONG),
    ColumnSpec("adoption", "adoption_label", "field.adoption"),
)
COLUMN_NAMES = tuple(spec.name for spec in TABLE_COLUMNS)
_SPECS = {spec.name: spec for spec in TABLE_COLUMNS}
# Left out of the default table: the report unless there are several (numbers repeat across
# reports), and the key (report and number say the same).
_NOT_BY_DEFAULT = frozenset({"report", "key"})


def parse_columns(text: str | None) -> tuple[str, ...] | None:
    """`--columns number,title,owner`: the names in the order given (repeats dropped); None
    for the default table. InputError listing the names for an unknown or empty list."""
    if text is None:
        return None
    names: list[str] = []
    for part in text.replace("，", ",").split(","):
        name = part.strip().lower().replace("-", "_")
        if not name:
            continue
        if name not in _SPECS:
            raise InputError("error.unknown_column", name=cells.one_line(part.strip()), names=", ".join(COLUMN_NAMES))
        if name not in names:
            names.append(name)
    if not names:
        raise InputError("error.no_columns", names=", ".join(COLUMN_NAMES))
    return tuple(names)


def default_columns(reports: int) -> tuple[str, ...]:
    """The table without --columns: every column but the key, and the report only when the
    table holds more than one."""
    return tuple(name for name in COLUMN_NAMES if name not in _NOT_BY_DEFAULT or (name == "report" and reports > 1))


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
    supporting_units: str  # their names in the table's language, joined
    supporting: tuple[tuple[str, str | None], ...]  # (Chinese, English) names, for JSON
    officer: str
    original_deadline: date | None
    deadline_reason: str  # the latest reason, while the deadline differs from the original one
    progress: int  # 0-100
    evidence_count: int  # documents and references in view
    doc_nos: str  # their 文號, joined
    doc_no_list: tuple[str, ...]
    adoption: Adoption
    adoption_label: str


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
    chosen: bool = False  # the columns were named with --columns (else the default table)
    filters: str = ""  # the filter line (篩選：辦理狀態 辦理中 · 主辦單位 ∋ 新聞局), empty without one

    @property
    def caption(self) -> str:
        """Of which report, as of which day, and which of its items."""
        caption = f"{self.subtitle} — {t('export.as_of', lang=self.lang, date=format_date(self.as_of, roc=self.roc))}"
        return f"{caption} — {self.filters}" if self.filters else caption

    @property
    def heading(self) -> str:
        """The title row: what the table is, of which report, as of which day."""
        return f"{self.title} — {self.caption}"


def build_table(
    session: Connection,
    settings: Settings,
    *,
    lang: str,
    scope: fetch.Scope,
    history: bool = False,
    columns: tuple[str, ...] | None = None,
    as_of: date | None = None,
) -> ExportTable:
    """The table and (with `history`) its history rows, streaming from `session`; `columns`
    names the columns and their order (parse_columns), None for the default table. With
    `as_of` before today the table is as it stood at the end of that day, replayed from the
    history (report_queries.iter_past_export_items), and so is its history sheet."""
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
    moment = None
    if as_of is not None and as_of < today:
        moment = local_day_bounds(as_of, as_of, zone)[1]
        today = as_of  # overdue is counted on that day

    def label(key: str) -> str:
        return t(key, lang=lang)

    names = columns if columns is not None else default_columns(reports)
    # JSON's default records carry every key; a chosen table reads what its columns show.
    every = columns is None
    wanted = {"reasons": every or "deadline_reason" in names, "doc_nos": every or "doc_nos" in names}
    if moment is None:
        items = fetch.iter_export_items(session, scope, **wanted)
    else:
        items = fetch.iter_past_export_items(session, scope, moment, **wanted)
    specs = [_SPECS[name] for name in names]
    chosen = tuple(Column(spec.attr, label(spec.label), spec.kind, spec.name) for spec in specs)
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
        columns=chosen,
        rows=Counted(map(row_maker(today, zone, lang), items)),
        history_columns=history_columns,
        history=(history_row(change, zone, lang) for change in fetch.iter_history(session, scope, moment))
        if history
        else None,
        chosen=columns is not None,
        filters=filter_line(scope, lang),
    )


def filter_line(scope: fetch.Scope, lang: str) -> str:
    """The filters a table was made with, in words, for its title block (the report is in the
    subtitle already); empty when every item of the report is in it."""
    parts = []
    if scope.statuses:
        names = "、".join(t(f"status.{s.value}", lang=lang) for s in scope.statuses)
        parts.append(f"{t('field.status', lang=lang)} {names}")
    if scope.owner and scope.owner.strip():
        parts.append(f"{t('field.owner', lang=lang)} ∋ {cells.one_line(scope.owner.strip())}")
    return t("summary.filters", lang=lang, filters=" · ".join(parts)) if parts else ""


def row_maker(today: date, zone: ZoneInfo, lang: str) -> Callable[[fetch.ExportItem], ExportRow]:
    """A function from an item (report_queries.iter_export_items) to its row, with what is
    the same for every row worked out once."""
    english = lang == "en"
    statuses = {s.value: (s, t(f"status.{s.value}", lang=lang)) for s in Status}
    states = {s.value: (s, t(f"tracking.{s.value}", lang=lang)) for s in Tracking}
    levels = {s.value: (s, t(f"level.{s.value}", lang=lang)) for s in Level}
    adoptions = {s.value: (s, t(f"adoption.{s.value}", lang=lang)) for s in Adoption}
    unit_separator = t("export.unit_separator", lang=lang)
    unassigned = t("word.unassigned", lang=lang)  # no lead unit yet (a report taken in by intake)
    doc_no_separator = t("export.doc_no_separator", lang=lang)
    text = cells.text

    def make(item: fetch.ExportItem) -> ExportRow:
        title_zh, title_en = text(item.title_zh), _maybe(item.title_en)
        owner_zh, owner_en = text(item.owner_zh), _maybe(item.owner_en)
        status, status_label = statuses[item.status]
        tracking, tracking_label = states[item.tracking]
        level, level_label = levels[item.level]
        adoption, adoption_label = adoptions[item.adoption]
        deadline = item.deadline
        reviewed = item.latest_review_at
        supporting: tuple[tuple[str, str | None], ...] = ()
        if item.supporting_units:  # most items have none
            supporting = tuple(
                (text(unit.get("zh")), _maybe(unit.get("en"))) for unit in item.supporting_units if unit.get("zh")
            )
        doc_nos: tuple[str, ...] = ()
        if item.doc_nos:
            doc_nos = tuple(cells.one_line(number) for number in item.doc_nos)
        officer, reason = item.officer, item.deadline_reason
        return ExportRow(
            item.key,
            item.report_key,
            item.number,
            (title_en or title_zh) if english else title_zh,
            title_zh,
            title_en,
            ((owner_en or owner_zh) if english else owner_zh) or unassigned,
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
            unit_separator.join((en or zh) if english else zh for zh, en in supporting),
            supporting,
            text(officer) if officer else "",
            item.original_deadline,
            text(reason) if reason and deadline != item.original_deadline else "",
            item.progress,
            item.evidence_count,
            doc_no_separator.join(doc_nos),
            doc_nos,
            adoption,
            adoption_label,
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
