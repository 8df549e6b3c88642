"""What the table shows: filter, owner, search and sort over the loaded items.

Plain Python, no Textual: the rows are loaded once (and again when the database
changes) and narrowed here in memory, so typing in the search box never waits on SQL.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.dates import to_local
from tracker.domain import CLOSED, STATUS_ORDER, Status, Tracking
from tracker.i18n import t
from tracker.storage.queries import SEARCHED_FIELDS, ItemRow, search_fold, search_needle

Test = Callable[[ItemRow], bool]
SortKey = Callable[[ItemRow], tuple[object, ...]]
Haystacks = dict[tuple[int, int], str]  # searchable text per (item id, version)

# `f` steps through these, in this order; "pending" is the reviewer's queue (待審).
FILTERS = ("all", "overdue", "due_soon", "open", "pending", *(s.value for s in STATUS_ORDER))
# `s` steps through these; sort_key also orders by "updated", so it orders every queries.SORTS as `list` does.
SORTS = ("number", "deadline", "status", "owner")


@dataclass(frozen=True)
class View:
    filter: str = "all"
    owner: str | None = None
    search: str = ""
    sort: str = "number"
    report: str | None = None  # a report's key; None: every report

    def next_report(self, keys: Sequence[str]) -> View:
        choices: list[str | None] = [None, *keys]
        index = choices.index(self.report) if self.report in choices else 0
        return replace(self, report=choices[(index + 1) % len(choices)])

    def next_filter(self) -> View:
        return replace(self, filter=FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)])

    def next_sort(self) -> View:
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def next_owner(self, owners: Sequence[str]) -> View:
        choices: list[str | None] = [None, *owners]
        index = choices.index(self.owner) if self.owner in choices else 0
        return replace(self, owner=choices[(index + 1) % len(choices)])

    def describe(self) -> str:
        """The active filter in words, for the status bar (empty when showing everything)."""
        parts: list[str] = []
        if self.report:
            parts.append(self.report)
        if self.filter != "all":
            parts.append(filter_label(self.filter))
        if self.owner:
            parts.append(self.owner)
        if self.search:
            parts.append(t("tui.searching", text=self.search))
        return " · ".join(parts)


def filter_label(name: str) -> str:
    if name in _STATUS_CODES:
        return Status(name).label()
    return t(f"tui.filter.{name}")


def sort_label(name: str) -> str:
    return t(f"tui.sort.{name}")


def apply(view: View, items: Iterable[ItemRow], today: date, haystacks: Haystacks | None = None) -> list[ItemRow]:
    """The items the view keeps, in its order. `haystacks` caches searchable text between calls."""
    keep = _predicate(view, today, {} if haystacks is None else haystacks)
    return sorted(filter(keep, items), key=_sort_key(view.sort))


def predicate(view: View, today: date, haystacks: Haystacks | None = None) -> Test:
    """Whether the view keeps one item (for updating one row in place)."""
    return _predicate(view, today, {} if haystacks is None else haystacks)


def sort_key(sort: str) -> SortKey:
    return _sort_key(sort)


def _predicate(view: View, today: date, haystacks: Haystacks) -> Test:
    """One test per item, built once per view: this runs over every loaded item on each key."""
    tests = _tests(view, today)
    needle = search_needle(view.search)
    if needle:
        tests.append(lambda item: needle in _haystack(item, haystacks))
    if len(tests) < 2:  # the usual case, without a generator per item
        return tests[0] if tests else lambda item: True
    return lambda item: all(test(item) for test in tests)


def _tests(view: View, today: date) -> list[Test]:
    """The view's tests but its search."""
    tests: list[Test] = []
    if view.report:
        tests.append(lambda item: item.report_key == view.report)
    if view.owner:
        tests.append(lambda item: item.owner_zh == view.owner)
    if view.filter == "overdue":
        tests.append(lambda item: item.days_overdue(today) is not None)
    elif view.filter == "due_soon":
        tests.append(lambda item: item.is_due_soon(today))
    elif view.filter == "open":
        tests.append(lambda item: item.status not in CLOSED)
    elif view.filter == "pending":
        tests.append(lambda item: item.tracking is Tracking.PENDING)
    elif view.filter in _STATUS_CODES:
        wanted = Status(view.filter)
        tests.append(lambda item: item.status is wanted)
    return tests


_STATUS_CODES = frozenset(s.value for s in Status)


def _haystack(item: ItemRow, cache: Haystacks) -> str:
    """The searchable text of an item, kept per (id, version): a saved change makes a new version.

    The fields and the folding are the queries' own (queries.SEARCHED_FIELDS, search_fold),
    so the UI finds what `list --search` finds. The fields are joined by NUL, which a typed search
    never holds, so that a match never runs from one field into the next, as it cannot in SQL.
    """
    key = (item.id, item.version)
    text = cache.get(key)
    if text is None:
        text = cache[key] = search_fold("\0".join(filter(None, (getattr(item, f) for f in SEARCHED_FIELDS))))
    return text


def _sort_key(sort: str) -> SortKey:
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    if sort == "deadline":
        return lambda i: (i.deadline is None, i.deadline or date.max, i.report_key, i.number)
    if sort == "status":
        return lambda i: (order[i.status], i.report_key, i.number)
    if sort == "owner":
        return lambda i: (i.owner_zh, i.report_key, i.number)
    if sort == "updated":  # `list --sort updated`: latest first
        return lambda i: (-i.updated_at.timestamp(), i.report_key, i.number)
    return lambda i: (i.report_key, i.number)


class Lister:
    """`apply` between keys, without sorting 100,000 items on each one: the items are sorted
    once per order, a filter keeps that order, and a search that grows by a letter narrows
    the last result rather than every item."""

    def __init__(self) -> None:
        self._items: list[ItemRow] | None = None  # the list sorted (held, so that a reload is seen)
        self._sort = ""
        self._sorted: list[ItemRow] = []
        self._last: tuple[View, date, list[ItemRow]] | None = None  # the last view, its day, what it kept
        self._hays: list[str] | None = None  # the searchable text of each item sorted, in its order

    def apply(self, view: View, items: list[ItemRow], today: date, haystacks: Haystacks) -> list[ItemRow]:
        if items is not self._items or view.sort != self._sort:
            self._items, self._sort, self._sorted = items, view.sort, sorted(items, key=_sort_key(view.sort))
            self._last = self._hays = None
        source = self._sorted
        needle = search_needle(view.search)
        if self._last is not None:
            last, day, kept = self._last
            if search_needle(last.search) in needle and day == today and replace(last, search=view.search) == view:
                source = kept
        tests = _tests(view, today)
        if tests:  # first: they are cheaper than a search, and leave it fewer items
            keep = tests[0] if len(tests) == 1 else lambda item: all(test(item) for test in tests)
            source = list(filter(keep, source))
        if needle and source is self._sorted:  # every item: a string test each, without a lookup or a call
            if self._hays is None:
                self._hays = [_haystack(item, haystacks) for item in source]
            source = [item for item, hay in zip(source, self._hays, strict=True) if needle in hay]
        elif needle:
            source = [item for item in source if needle in _haystack(item, haystacks)]
        shown = list(source) if source is self._sorted else source  # never the list sorted itself
        self._last = (view, today, shown)
        return shown

    def changed(self, before: ItemRow, after: ItemRow, haystacks: Haystacks) -> None:
        """One item of the list sorted was replaced in it (a save): moved to its new place."""
        if self._items is None:
            return
        self._last = None
        key = _sort_key(self._sort)
        index = bisect.bisect_left(self._sorted, key(before), key=key)
        if index < len(self._sorted) and self._sorted[index].id == before.id:
            del self._sorted[index]
            to = bisect.bisect_right(self._sorted, key(after), key=key)
            self._sorted.insert(to, after)
            if self._hays is not None:
                del self._hays[index]
                self._hays.insert(to, _haystack(after, haystacks))
        else:  # not where it sorts (a clock change between keys): sort again at the next key
            self._items = None


def counts(items: Iterable[ItemRow], today: date) -> tuple[dict[Status, int], int, int]:
    """(items by status, overdue, awaiting review)."""
    by_status = {status: 0 for status in STATUS_ORDER}
    overdue = pending = 0
    for item in items:
        by_status[item.status] += 1
        overdue += item.days_overdue(today) is not None
        pending += item.tracking is Tracking.PENDING
    return by_status, overdue, pending


def waiting_days(since: datetime, today: date, zone: ZoneInfo) -> int:
    """Whole days an item has waited for review: 0 on the day it asked (never less, whatever the clock)."""
    return max(0, (today - to_local(since, zone).date()).days)


def waiting_text(days: int) -> str:
    """How long an item has waited for review, as the table's time-left column shows it."""
    if days == 0:
        return t("tui.waiting_today")
    return t("tui.waiting_one") if days == 1 else t("tui.waiting", days=days)
