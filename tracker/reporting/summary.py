"""The weekly (or monthly) summary: what is overdue, due soon, changed, stale, and by whom;
the follow-up (列管) in figures: items by follow-up state, the rates, and the review queue.

``build_summary`` reads the database once into a ``Summary``; the formats in
``tracker.reporting.summary_formats`` only render it. Overdue is counted as of the last
day of the period, or today while the period runs (never later than today), with the
rule of tracker.domain.days_overdue (due that day is not overdue; closed is never
overdue). So are due soon and the days an item has waited for review.

A period that ended before today is replayed from the history (report_queries.replay): the
counts, the overdue and due-soon lists and the per-unit table use each item's status, lead
unit, deadline, follow-up state and latest progress note as they stood at the end of its
last day, and leave out the items created after it; so do stale (no change in the 30 days
before that day's end), the review queue (waiting since the owner's request before then),
the releases and the items without evidence (documents added before then and not yet
retracted). `--as-of DAY` does the same for any day up to today.

The rates (each None when its denominator is 0):
- completion: released / all items in scope;
- on-time completion: released on or before the deadline (a local day; no deadline is on
  time) / released items whose release time is recorded (see report_queries.releases);
- overdue: overdue / items under follow-up (列管中, tracking 'active').

Progress (執行進度): each lead unit's average over its open items (under follow-up, work
not finished), and the same over all of them (None without open items). Items awaiting
review or released with no document or reference in view are listed (佐證資料: what a
reviewer asks for before release).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar
from zoneinfo import ZoneInfo

from tracker.dates import local_day_bounds
from tracker.domain import InputError, Status, Tracking
from tracker.reporting.period import Period, resolve_period
from tracker.storage import queries
from tracker.storage import report_queries as fetch

if TYPE_CHECKING:
    from rich.console import Group

    from tracker.service import Service
    from tracker.storage.driver import Connection

DEFAULT_DUE_DAYS = 7
STALE_DAYS = 30
DEFAULT_LIMIT = 100  # per list: a digest, not a dump; 0 or None lists everything

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    rows: list[T]
    total: int

    @property
    def more(self) -> int:
        """How many were left out by the limit."""
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Summary:
    period: Period
    today: date
    days: int  # the due-soon window after the period's end
    scope: fetch.Scope
    report_title: str | None
    counts: dict[Status, int]
    overdue: Section[queries.ItemRow]
    due_soon: Section[queries.ItemRow]
    changed: Section[fetch.ChangeEntry]
    stale: Section[queries.ItemRow]
    by_owner: list[fetch.OwnerCount]
    zone: ZoneInfo
    tracking_counts: dict[Tracking, int]
    review_queue: Section[fetch.Waiting]
    releases: fetch.Releases
    without_evidence: Section[queries.ItemRow]
    reports: list[queries.ReportRow]  # the reports in scope, for the heading
    as_of: date  # the day overdue, due soon and stale are counted on (see ``as_of_day``)
    # With a replayed period that had no items yet: the day the first item in scope was made.
    first_created: date | None = None
    roc: bool = False
    stale_days: int = STALE_DAYS
    limit: int | None = DEFAULT_LIMIT

    @property
    def replayed(self) -> bool:
        """The items are shown as they stood at the end of a past day, not as they stand now."""
        return self.as_of < self.today

    @property
    def has_overdue(self) -> bool:
        return self.overdue.total > 0

    @property
    def items(self) -> int:
        return sum(self.counts.values())

    @property
    def released(self) -> int:
        return self.tracking_counts.get(Tracking.RELEASED, 0)

    @property
    def open_items(self) -> int:
        """Under follow-up with the work not finished: what the per-unit averages are of."""
        return sum(o.open for o in self.by_owner)

    @property
    def average_progress(self) -> float | None:
        """The open items' average progress (0-100) over every unit; None without open items."""
        total = self.open_items
        return sum(o.open_progress for o in self.by_owner) / total if total else None

    @property
    def untimed(self) -> int:
        """Released items with no recorded release time, left out of the on-time rate."""
        return self.released - self.releases.timed

    @property
    def rates(self) -> dict[str, Rate]:
        """completion, on_time_completion and overdue, each with its parts."""
        return {
            "completion": Rate(self.released, self.items),
            "on_time_completion": Rate(self.releases.on_time, self.releases.timed),
            "overdue": Rate(self.overdue.total, self.tracking_counts.get(Tracking.ACTIVE, 0)),
        }


@dataclass(frozen=True)
class Rate:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        """part / whole, from 0 to 1; None when there is nothing to divide by."""
        return self.part / self.whole if self.whole else None


def build_summary(
    service: Service,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    half: str | None = None,
    as_of: date | None = None,
    days: int = DEFAULT_DUE_DAYS,
    owner: str | None = None,
    report: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Summary:
    """Read everything the summary shows, in one read transaction (one consistent snapshot).

    `as_of` (--as-of) makes the summary as it would have been made on that day: the default
    period ends there, and no period is counted later than it."""
    settings = service.settings
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise InputError("error.bad_days", text=days)
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InputError("error.bad_limit", text=limit)
    today = settings.today()
    if as_of is not None and as_of > today:
        raise InputError("error.as_of_future", day=as_of.isoformat(), today=today.isoformat())
    period = resolve_period(as_of or today, week, month, quarter, half)
    as_of = as_of_day(period, as_of or today)
    scope = fetch.Scope(owner=owner.strip() if owner and owner.strip() else None, report=report or None)
    zone = settings.timezone
    since, until = local_day_bounds(period.start, period.end, zone)
    stale_before = local_day_bounds(as_of - timedelta(days=STALE_DAYS - 1), as_of, zone)[0]
    with service.db.read() as session:
        found = fetch.check_report(session, scope.report)
        reports = [found] if found else queries.reports(session)
        if as_of < today:
            # A period that ended: the items as they stood at the end of its last day.
            moment = local_day_bounds(as_of, as_of, zone)[1]
            past = fetch.replay(session, scope, moment)
            by_owner = fetch.past_owner_counts(past, as_of)
            counts = {status: 0 for status in Status}
            for item in past:
                counts[item.status] += 1
            overdue, due_soon, due_total = _past_lists(session, past, moment, as_of, days, limit)
            stale = fetch.past_stale(session, past, moment, stale_before, limit)
            review_queue = fetch.past_review_queue(session, past, moment, limit)
            releases = fetch.past_releases(session, past, moment, zone)
            without_evidence = fetch.past_without_evidence(session, past, moment, limit)
            first_created = None if past else fetch.first_created(session, scope, zone)
        else:
            first_created = None
            by_owner = fetch.owner_counts(session, scope, as_of)
            counts = queries.status_counts(session, scope.report, scope.owner)
            overdue = fetch.overdue(session, scope, as_of, limit)
            due_soon = queries.list_items(
                session,
                scope.item_filter(due_from=as_of, due_by=as_of + timedelta(days=days), sort="deadline", limit=limit),
            )
            due_total = fetch.count_due(session, scope, as_of, as_of + timedelta(days=days))
            stale = fetch.stale(session, scope, stale_before, limit)
            review_queue = fetch.review_queue(session, scope, limit)
            releases = fetch.releases(session, scope, zone)
            without_evidence = fetch.without_evidence(session, scope, limit)
        # Every item has one lead unit and one follow-up state: the units' counts add up to the whole.
        tracking_counts = {state: sum(o.count(state) for o in by_owner) for state in Tracking}
        return Summary(
            period=period,
            today=today,
            days=days,
            scope=scope,
            report_title=found.title_zh if found else None,
            counts=counts,
            overdue=Section(overdue, sum(o.overdue for o in by_owner)),  # by_owner counts open items only
            due_soon=Section(due_soon, due_total),
            changed=_section(fetch.changes_in(session, scope, since, until, limit)),
            stale=_section(stale),
            by_owner=by_owner,
            zone=zone,
            tracking_counts=tracking_counts,
            review_queue=_section(review_queue),
            releases=releases,
            without_evidence=_section(without_evidence),
            reports=reports,
            as_of=as_of,
            first_created=first_created,
            roc=settings.roc,
            limit=limit or None,
        )


def _past_lists(
    session: Connection, past: list[fetch.PastItem], moment: datetime, as_of: date, days: int, limit: int | None
) -> tuple[list[queries.ItemRow], list[queries.ItemRow], int]:
    """The overdue and due-soon lists of replayed items, and how many are due soon."""
    open_items = [i for i in past if i.tracking is Tracking.ACTIVE and i.status.is_open and i.deadline is not None]
    late = sorted(
        (i for i in open_items if i.deadline is not None and i.deadline < as_of),
        key=lambda i: (i.deadline, i.report_key, i.number),
    )
    last = as_of + timedelta(days=days)
    soon = sorted(
        (i for i in open_items if i.deadline is not None and as_of <= i.deadline <= last),
        key=lambda i: (i.deadline, i.report_key, i.number),
    )
    return (
        fetch.past_rows(session, late[:limit] if limit else late, moment),
        fetch.past_rows(session, soon[:limit] if limit else soon, moment),
        len(soon),
    )


def as_of_day(period: Period, today: date) -> date:
    """The as-of moment: the period's last day, or today while the period runs; never after today.

    A week summary made on Friday 2016-12-16 for 2016-W50 counts overdue as of that Friday,
    not the Sunday after: an item due on the Saturday is due soon, not overdue.
    """
    return min(period.end, today)


def _section(counted: tuple[int, list[T]]) -> Section[T]:
    total, rows = counted
    return Section(rows, total)


def summary_renderable(summary: Summary) -> Group:
    """A Rich renderable of the summary, for the terminal or a Textual widget (user text as Text)."""
    from tracker.reporting import summary_formats

    return summary_formats.renderable(summary)


def render_summary(summary: Summary, fmt: str) -> str:
    """The summary as text (plain, aligned), markdown, html (a whole page) or json."""
    from tracker.reporting import summary_formats

    return summary_formats.render(summary, fmt)
