"""How an item's fields read in the user's language: shared by the CLI tables and the TUI."""

from __future__ import annotations

from datetime import date

from tracker.dates import describe_due, format_date
from tracker.domain import Level, Status, Tracking
from tracker.i18n import current_lang, t
from tracker.storage.queries import ChangeRow, ItemRow

# Styles by Rich's names; the command line's own table writer turns the same words into SGR codes.
STATUS_STYLE = {
    "not_started": "bold",
    "in_progress": "cyan",
    "on_hold": "yellow",
    "done": "green",
    "dropped": "dim",
}
URGENCY_STYLE = {"overdue": "bold red", "soon": "yellow", "": "dim"}
OVERDUE_MARK = "‼"
SOON_MARK = "•"


def english() -> bool:
    return current_lang() == "en"


def title(item: ItemRow) -> str:
    return (item.title_en or item.title_zh) if english() else item.title_zh


def owner(item: ItemRow) -> str:
    return unit(item.owner_zh, item.owner_en)


def unit(name_zh: str | None, name_en: str | None) -> str:
    """A unit's name in the language in use; 未指派 for an item that has no lead unit yet."""
    name = (name_en or name_zh) if english() else (name_zh or name_en)
    return name or t("word.unassigned")


def supporting(item: ItemRow) -> str:
    return "、".join(unit(u.get("zh"), u.get("en")) for u in item.supporting_units)


def status(value: Status | str) -> str:
    return Status(value).label()


def day(value: date | None, roc: bool) -> str:
    return format_date(value, roc=roc) if value else t("word.none")


def event(item: ItemRow, roc: bool) -> str:
    if item.event is None:
        return t("word.none")
    ev = item.event
    when = format_date(ev.start, roc=roc)
    if ev.end and ev.end != ev.start:
        when += "–" + format_date(ev.end, roc=roc)
    name = unit(ev.name_zh, ev.name_en)
    place = f", {ev.place}" if ev.place else ""
    return f"{name}（{when}{place}）" if not english() else f"{name} ({when}{place})"


def urgency(item: ItemRow, today: date) -> str:
    """'overdue', 'soon' (open and due within the week) or ''."""
    if item.days_overdue(today) is not None:
        return "overdue"
    return "soon" if item.is_due_soon(today) else ""


def due(item: ItemRow, today: date) -> str:
    """Time left or overdue, marked by a sign as well as colour (not colour alone); for an item
    no longer under follow-up, where it stands (待審, 解除列管, 撤銷列管) instead."""
    if item.tracking is not Tracking.ACTIVE:
        return item.tracking.label()
    text = describe_due(item.deadline, today, item.status.is_open)
    mark = {"overdue": OVERDUE_MARK, "soon": SOON_MARK}.get(urgency(item, today))
    return f"{mark} {text}" if mark else text


def deadline_source(item: ItemRow) -> str:
    """Where the deadline comes from; once staff moved it, that, with the original basis."""
    basis = t(f"deadline_source.{item.deadline_source}")
    if item.deadline != item.original_deadline:
        return t("deadline_source.moved", basis=basis)
    return basis


def change_field(change: ChangeRow) -> str:
    return t(f"field.{change.field}")


def change_value(change: ChangeRow, value: str | None, roc: bool) -> str:
    """A history value as people read it: status labels, not codes; ROC dates if asked."""
    if value is None:
        return ""
    if change.field == "status":
        try:
            return Status(value).label()
        except ValueError:
            return value
    if change.field in ("tracking", "review"):
        try:
            return Tracking(value).label()
        except ValueError:
            return value
    if change.field == "level":
        try:
            return Level(value).label()
        except ValueError:
            return value
    if change.field == "deadline" and roc:
        return format_date(date.fromisoformat(value), roc=True)
    return value
