"""The days a summary covers: an ISO week, a month, a quarter, a half-year, or the seven days
ending on the as-of day.

Staff name a period as they speak of it: 2016-W50 or 105-W50 (ROC year), a day in the week
(2016-12-16, 105/12/16), `this` or `last` (本週, 上週); 2016-12, 105/12 or 105年12月; 2017Q1,
106Q1 or 106年第1季; 2017H1, 106H1 or 106年上半年. A three-digit year is an ROC year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.dates import FIRST_YEAR, LAST_YEAR, ROC_OFFSET, parse_date
from tracker.domain import InputError, has_odd_digits

DEFAULT_DAYS = 7

# \d is ASCII only (re.ASCII): full-width digits are made ASCII by NFKC first.
_WEEK = re.compile(r"(\d{3,4})-?W(\d{1,2})", re.IGNORECASE | re.ASCII)
_MONTH = re.compile(r"(\d{3,4})[-/.](\d{1,2})", re.ASCII)
_MONTH_CJK = re.compile(r"(?:中華民國|民國)?\s*(\d{3,4})\s*年\s*(\d{1,2})\s*月", re.ASCII)
_QUARTER = re.compile(r"(\d{3,4})\s*-?\s*Q([1-4])", re.IGNORECASE | re.ASCII)
_QUARTER_CJK = re.compile(r"(?:中華民國|民國)?\s*(\d{3,4})\s*年\s*第?\s*([1-4一二三四])\s*季", re.ASCII)
_HALF = re.compile(r"(\d{3,4})\s*-?\s*H([12])", re.IGNORECASE | re.ASCII)
_HALF_CJK = re.compile(r"(?:中華民國|民國)?\s*(\d{3,4})\s*年\s*([上下])\s*半\s*年", re.ASCII)
_CJK_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4}
# The words for the running period and the one before it (lower-cased), in English for any
# kind and in Chinese for each.
_THIS = {"this", "current", "本週", "本周", "這週", "本月", "這個月", "本季", "這一季", "本半年", "這半年"}
_LAST = {"last", "previous", "上週", "上周", "上個月", "上月", "上季", "上一季", "上半期", "前半年"}
KINDS = ("week", "month", "quarter", "half")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # "days" | "week" | "month" | "quarter" | "half"
    label: str  # 2016-W50, 2016-12, 2017-Q1, 2017-H1, or start–end

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def resolve_period(
    today: date,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    half: str | None = None,
) -> Period:
    """The period named by at most one of the options; else the seven days ending `today`
    (the as-of day of an --as-of summary)."""
    given = {kind: text for kind, text in zip(KINDS, (week, month, quarter, half), strict=True) if text}
    if len(given) > 1:
        raise InputError("error.one_period", given=" ".join(f"--{kind}" for kind in given))
    if given:
        (kind, text), *_ = given.items()
        return PARSERS[kind](text, today)
    start = today - timedelta(days=DEFAULT_DAYS - 1)
    return Period(start, today, "days", f"{start.isoformat()}–{today.isoformat()}")


def parse_week(text: str, today: date | None = None) -> Period:
    """ISO 8601 week, Monday to Sunday: 2016-W50, 105-W50, a day in it, this or last."""
    value = _normalised(text)
    relative = _relative(value, today, "error.bad_week")
    if relative is not None:
        monday = relative - timedelta(days=relative.weekday())
        return _week_of(monday - timedelta(days=7) if value.lower() in _LAST else monday)
    match = _WEEK.fullmatch(value)
    if not match:
        day = _day_in(text, "error.bad_week")
        return _week_of(day - timedelta(days=day.weekday()))
    year, week = _year(match.group(1), text), int(match.group(2))
    weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= week <= weeks:
        raise InputError("error.no_such_week", year=year, week=week, weeks=weeks)
    return _week_of(date.fromisocalendar(year, week, 1))


def parse_month(text: str, today: date | None = None) -> Period:
    """A calendar month: 2016-12, 2016/12, 105-12, 105/12, 105年12月, this or last."""
    value = _normalised(text)
    relative = _relative(value, today, "error.bad_month")
    if relative is not None:
        first = relative.replace(day=1)
        if value.lower() in _LAST:
            first = (first - timedelta(days=1)).replace(day=1)
        return _months(first.year, first.month, 1, "month", f"{first.year}-{first.month:02d}")
    match = _MONTH.fullmatch(value) or _MONTH_CJK.fullmatch(value)
    if not match:
        raise InputError("error.bad_month", text=text)
    year, month = _year(match.group(1), text), int(match.group(2))
    if not 1 <= month <= 12:
        raise InputError("error.bad_month", text=text)
    return _months(year, month, 1, "month", f"{year}-{month:02d}")


def parse_quarter(text: str, today: date | None = None) -> Period:
    """A calendar quarter: 2017Q1, 106Q1, 106年第1季, this or last."""
    value = _normalised(text)
    relative = _relative(value, today, "error.bad_quarter")
    if relative is not None:
        year, quarter = relative.year, (relative.month - 1) // 3 + 1
        if value.lower() in _LAST:
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    else:
        match = _QUARTER.fullmatch(value) or _QUARTER_CJK.fullmatch(value)
        if not match:
            raise InputError("error.bad_quarter", text=text)
        year, mark = _year(match.group(1), text), match.group(2)
        quarter = _CJK_NUMBER.get(mark) or int(mark)
    return _months(year, 3 * quarter - 2, 3, "quarter", f"{year}-Q{quarter}")


def parse_half(text: str, today: date | None = None) -> Period:
    """A half-year: 2017H1, 106H1, 106年上半年, this or last."""
    value = _normalised(text)
    relative = _relative(value, today, "error.bad_half")
    if relative is not None:
        year, half = relative.year, 1 if relative.month <= 6 else 2
        if value.lower() in _LAST:
            year, half = (year - 1, 2) if half == 1 else (year, 1)
    else:
        match = _HALF.fullmatch(value) or _HALF_CJK.fullmatch(value)
        if not match:
            raise InputError("error.bad_half", text=text)
        year, mark = _year(match.group(1), text), match.group(2)
        half = {"上": 1, "下": 2}.get(mark) or int(mark)
    return _months(year, 6 * half - 5, 6, "half", f"{year}-H{half}")


PARSERS = {"week": parse_week, "month": parse_month, "quarter": parse_quarter, "half": parse_half}


def _week_of(monday: date) -> Period:
    year, week, _ = monday.isocalendar()
    return Period(monday, monday + timedelta(days=6), "week", f"{year}-W{week:02d}")


def _months(year: int, first: int, count: int, kind: str, label: str) -> Period:
    last = first + count - 1
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), kind, label)


def _relative(value: str, today: date | None, error: str) -> date | None:
    """`today` when the text is `this` or `last` (in either language), else None."""
    if value.lower() in _THIS | _LAST:
        if today is None:  # a caller without a clock (a test of the absolute forms)
            raise InputError(error, text=value)
        return today
    return None


def _day_in(text: str, error: str) -> date:
    """A date given for the period it falls in (2016-12-16, 105/12/16); the period's own error if none."""
    try:
        return parse_date(text)
    except InputError:
        raise InputError(error, text=text) from None


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
