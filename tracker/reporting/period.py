"""The days a summary covers: an ISO week, a calendar month, or the seven days ending today."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.dates import ROC_OFFSET
from tracker.domain import InputError

DEFAULT_DAYS = 7

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
_MONTH = re.compile(r"(\d{3,4})[-/.](\d{1,2})")
_MONTH_CJK = re.compile(r"(?:中華民國|民國)?\s*(\d{3,4})\s*年\s*(\d{1,2})\s*月")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # "days" | "week" | "month"
    label: str  # 2016-W50, 2016-12, or start–end

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def resolve_period(today: date, week: str | None = None, month: str | None = None) -> Period:
    if week and month:
        raise InputError("error.week_and_month")
    if week:
        return parse_week(week)
    if month:
        return parse_month(month)
    start = today - timedelta(days=DEFAULT_DAYS - 1)
    return Period(start, today, "days", f"{start.isoformat()}–{today.isoformat()}")


def parse_week(text: str) -> Period:
    """ISO 8601 week, Monday to Sunday: 2016-W50 (also 2016W50, full-width digits)."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    match = _WEEK.fullmatch(value)
    if not match:
        raise InputError("error.bad_week", text=text)
    year, week = int(match.group(1)), int(match.group(2))
    weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= week <= weeks:
        raise InputError("error.no_such_week", year=year, week=week, weeks=weeks)
    start = date.fromisocalendar(year, week, 1)
    return Period(start, start + timedelta(days=6), "week", f"{year}-W{week:02d}")


def parse_month(text: str) -> Period:
    """A calendar month: 2016-12, 2016/12, or with an ROC year 105-12, 105/12, 105年12月."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    match = _MONTH.fullmatch(value) or _MONTH_CJK.fullmatch(value)
    if not match:
        raise InputError("error.bad_month", text=text)
    year, month = int(match.group(1)), int(match.group(2))
    if len(match.group(1)) == 3:
        year += ROC_OFFSET
    if not 1 <= month <= 12 or year < 1900:
        raise InputError("error.bad_month", text=text)
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month", f"{year}-{month:02d}")
