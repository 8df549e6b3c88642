"""The counts bar: items by status, overdue and awaiting review, then the view in words.

The counts are kept between keys (`Tally`): counting 100,000 items costs more than a key
may, so a filter or a page reuses them, and a save moves one item from its old state to
its new one.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tracker.domain import STATUS_ORDER, Status
from tracker.i18n import t
from tracker.output.labels import OVERDUE_MARK, STATUS_STYLE
from tracker.storage.queries import ItemRow
from tracker.tui import view as views
from tracker.tui.detail import TRACKING_STYLE


class Tally:
    """The counts of one list of items in one report (None: every report)."""

    def __init__(self) -> None:
        # The list counted (held, not its id: a freed list's id can come back) and the report.
        self._items: list[ItemRow] | None = None
        self._report: str | None = None
        self.by_status: dict[Status, int] = {}
        self.overdue = self.pending = 0

    def of(self, items: list[ItemRow], report: str | None, today: date) -> Tally:
        """Counted again only when the list (a reload) or the report changed."""
        if items is not self._items or report != self._report:
            scope = items if not report else [i for i in items if i.report_key == report]
            self.by_status, self.overdue, self.pending = views.counts(scope, today)
            self._items, self._report = items, report
        return self

    def change(self, items: list[ItemRow], report: str | None, before: ItemRow, after: ItemRow, today: date) -> None:
        """One item of `items` changed: its old state out, its new one in (if these counts are of it)."""
        if items is not self._items or report != self._report or (report and after.report_key != report):
            return
        old_status, old_overdue, old_pending = views.counts([before], today)
        new_status, new_overdue, new_pending = views.counts([after], today)
        for status in self.by_status:
            self.by_status[status] += new_status[status] - old_status[status]
        self.overdue += new_overdue - old_overdue
        self.pending += new_pending - old_pending


class CountsBar(Static):
    """One line when it fits, two when it does not."""

    def show_loading(self, total: int) -> None:
        """While the whole list is read on a worker: the counts come with it."""
        self.update(Text(t("tui.loading", total=f"{total:,}"), style="dim"), layout=False)

    def show(self, tally: Tally, view: views.View, shown: int, page: tuple[int, int], total: int) -> None:
        """`shown` of `total` items are in `view`; the page shown is rows `page` (first, size)."""
        bar = Text()
        for status in STATUS_ORDER:
            bar.append(f"{status.label()} {tally.by_status[status]}", style=STATUS_STYLE[status.value])
            bar.append(" ")
        overdue = tally.overdue
        bar.append(f"{OVERDUE_MARK}{t('tui.overdue_count', count=overdue)}", style="bold red" if overdue else "dim")
        if tally.pending:  # the reviewer's queue; nothing said while it is empty
            bar.append(" ")
            bar.append(t("tui.pending_count", count=tally.pending), style=TRACKING_STYLE["pending"])
        bar.append(" │ ")
        bar.append(t("tui.filter_label"))
        bar.append(view.describe() or t("tui.filter.all"), style="bold" if view.describe() else "")
        sort = " " + t("tui.sort_label") + views.sort_label(view.sort)
        tail = Text()
        first, size = page
        if shown > size:
            last = min(first + size, shown)
            tail.append("  " + t("tui.page", first=first + 1, last=last, total=shown), style="dim")
        elif shown != total:
            tail.append("  " + t("tui.shown", shown=shown, total=total), style="dim")
        # The height changes only when the bar needs another line, so most keys need no
        # layout pass. The default order is left unsaid when that keeps one line (at 80
        # columns with items awaiting review).
        width = self.screen.size.width or 80
        fits = bar.cell_len + cell_len(sort) + tail.cell_len + 2 <= width
        if fits or view.sort != views.SORTS[0] or bar.cell_len + tail.cell_len + 2 > width:
            bar.append(sort)
        bar.append_text(tail)
        lines = 1 if bar.cell_len + 2 <= width else 2
        if self.styles.height is None or self.styles.height.value != lines:
            self.styles.height = lines
        self.update(bar, layout=False)
