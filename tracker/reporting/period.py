"""The days a summary covers: an ISO week, a calendar month, or the seven days ending today."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.dates import FIRST_YEAR, LAST_YEAR, ROC_OFFSET
from tracker.domain import InputError, has_odd_digits

DEFAULT_DAYS = 7

# \d is ASCII only (re.ASCII): full-width digits are made ASCII by NFKC first.
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE | re.ASCII)
_MONTH = re.compile(r"(\d{3,4})[-/.](\d{1,2})", re.ASCII)
_MONTH_CJK = re.compile(r"(?:中華民國|民國)?\s*(\d{3,4})\s*年\s*(\d{1,2})\s*月", re.ASCII)


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
    match = _WEEK.fullmatch(_normalised(text))
    if not match:
        raise InputError("error.bad_week", text=text)
    year, week = _year(match.group(1), text), int(match.group(2))
    weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= week <= weeks:
        raise InputError("error.no_such_week", year=year, week=week, weeks=weeks)
    start = date.fromisocalendar(year, week, 1)
    return Period(start, start + timedelta(days=6), "week", f"{year}-W{week:02d}")


def parse_month(text: str) -> Period:
    """A calendar month: 2016-12, 2016/12, or with an ROC year 105-12, 105/12, 105年12月."""
    value = _normalised(text)
    match = _MONTH.fullmatch(value) or _MONTH_CJK.fullmatch(value)
    if not match:
        raise InputError("error.bad_month", text=text)
    year, month = _year(match.group(1), text), int(match.group(2))
    if not 1 <= month <= 12:
        raise InputError("error.bad_month", text=text)
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month", f"{year}-{month:02d}")


def _normalised(text: str | None) -> str:
    """Full-width digits and signs made ASCII; ² and ① spoilt so that no pattern matches them."""
    value = (text or "").strip()
    return "" if has_odd_digits(value) else unicodedata.normalize("NFKC", value)


def _year(digits: str, text: str) -> int:
    """A four-digit year as is, a three-digit one as an ROC year; within the years dates may take."""
    year = int(digits) + (ROC_OFFSET if len(digits) == 3 else 0)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError("error.period_out_of_range", text=text, first=FIRST_YEAR, last=LAST_YEAR)
    return year
