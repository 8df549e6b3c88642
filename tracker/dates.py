"""Dates as staff type them (ISO, ROC, English) and as tables show them.

Never guesses: a form whose day and month could be swapped (11/12/2016) is refused
with a message listing the forms that are accepted. python-dateutil reads English
month names only, and we check that it filled nothing in from its default.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from tracker.domain import InputError, has_odd_digits
from tracker.i18n import t

ROC_OFFSET = 1911
# The years a date may fall in: wide enough for any report and deadline, and far enough
# from 1 and 9999 that adding a window of days (or a time zone) never leaves the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2999

# \d is ASCII only (re.ASCII): full-width digits are made ASCII by NFKC first.
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", re.ASCII)
_CJK_YMD = re.compile(r"(?:民國|中華民國)?\s*(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號]?", re.ASCII)
# Three-digit ROC years only (100 = 2011 on): 11/12/16 is far more likely a US date.
_ROC_SEP = re.compile(r"(?:民國)?\s*(\d{3})([-/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
_ROC_PACKED = re.compile(r"(\d{3})(\d{2})(\d{2})", re.ASCII)
_ISO_PACKED = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_SLASHED = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", re.ASCII)
_MONTH_WORD = re.compile(r"[A-Za-z]{3,}")
# A date with a time of day (2016-10-12 10:00:00, 2016-10-12T10:00+08:00): a deadline is a day.
_WITH_TIME = re.compile(
    r"(\S+?)(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{1,2}(?::?\d{2})?)?", re.ASCII | re.I
)

_NO_DEADLINE = {"none", "null", "-", "無", "不定", "未定", "clear"}


def parse_date(text: str) -> date:
    """One calendar date from any accepted form; InputError with the accepted forms otherwise."""
    raw = (text or "").strip()
    value = unicodedata.normalize("NFKC", raw).strip()
    if not value or has_odd_digits(raw):  # NFKC would read ² as 2 and ① as 1
        raise InputError("error.bad_date", text=raw)
    timed = _WITH_TIME.fullmatch(value)
    if timed:  # refused rather than cut: which day 23:00-05:00 falls on depends on the zone
        written = parse_date(timed.group(1))
        raise InputError("error.date_with_time", text=raw, day=written.isoformat())
    for pattern, roc in (
        (_ISO, False),
        (_ROC_SEP, True),
        (_CJK_YMD, None),
        (_ROC_PACKED, True),
        (_ISO_PACKED, False),
    ):
        match = pattern.fullmatch(value)
        if match:
            year, month, day = (int(g) for g in match.groups() if g.isdigit())
            if roc is None:  # 年月日: a four-digit year is Western, a shorter one ROC
                roc = year < 1000
            return _make(raw, year + ROC_OFFSET if roc else year, month, day)
    if _SLASHED.fullmatch(value):
        raise InputError("error.ambiguous_date", text=raw)
    if _MONTH_WORD.search(value):
        return _parse_english(raw, value)
    raise InputError("error.bad_date", text=raw)


def parse_deadline(text: str) -> date | None:
    """Like parse_date, but `none` (or 無/未定) clears the deadline."""
    if unicodedata.normalize("NFKC", text or "").strip().lower() in _NO_DEADLINE:
        return None
    return parse_date(text)


def _make(raw: str, year: int, month: int, day: int) -> date:
    try:
        return _in_range(raw, date(year, month, day))
    except ValueError as exc:
        raise InputError("error.impossible_date", text=raw, reason=_reason(exc, month)) from None


def _in_range(raw: str, value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InputError("error.year_out_of_range", text=raw, first=FIRST_YEAR, last=LAST_YEAR)
    return value


def _reason(exc: ValueError, month: int) -> str:
    if not 1 <= month <= 12:
        return t("date.no_such_month", month=month)
    return t("date.no_such_day") if "day" in str(exc) else str(exc)


def _parse_english(raw: str, value: str) -> date:
    from dateutil import parser

    # Two different defaults: any part dateutil filled in from them differs between the
    # two results, which tells us the text did not say it.
    try:
        first = parser.parse(value, default=datetime(2001, 1, 1), dayfirst=False, fuzzy=False)
        second = parser.parse(value, default=datetime(2002, 2, 2), dayfirst=False, fuzzy=False)
    except (ValueError, OverflowError) as exc:
        if "day is out of range" in str(exc) or "must be in" in str(exc):
            raise InputError("error.impossible_date", text=raw, reason=t("date.no_such_day")) from None
        raise InputError("error.bad_date", text=raw) from None
    if first.date() != second.date():
        raise InputError("error.bad_date", text=raw)
    if first.time() != datetime.min.time() or first.tzinfo is not None:
        raise InputError("error.bad_date", text=raw)
    return _in_range(raw, first.date())


def format_date(value: date | None, *, roc: bool = False) -> str:
    """ISO by default; ROC (105/11/23) where the settings ask for it."""
    if value is None:
        return ""
    if roc:
        return f"{value.year - ROC_OFFSET}/{value.month:02d}/{value.day:02d}"
    return value.isoformat()


# ---------------------------------------------------------------------------
# Time: stored in UTC, shown and counted in the configured zone.


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_today(zone: ZoneInfo) -> date:
    return datetime.now(zone).date()


def to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


class LocalTimes:
    """UTC moments as local times of one zone, for long lists (JSON of 10,000 items).

    A zone's offset changes only at a quarter hour of UTC time at most, so it is looked up
    once per quarter hour met and kept; the same moment comes out as to_local gives it,
    with a fixed-offset zone (its ISO text is the same).
    """

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._offsets: dict[tuple[int, int, int, int, int], tuple[timedelta, timezone]] = {}

    def __call__(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        elif moment.tzinfo is not UTC:
            moment = moment.astimezone(UTC)
        key = (moment.year, moment.month, moment.day, moment.hour, moment.minute // 15)
        found = self._offsets.get(key)
        if found is None:
            offset = moment.astimezone(self.zone).utcoffset() or timedelta(0)
            found = self._offsets[key] = (offset, timezone(offset))
        return (moment + found[0]).replace(tzinfo=found[1])


def format_moment(moment: datetime | None, zone: ZoneInfo, *, roc: bool = False) -> str:
    if moment is None:
        return ""
    local = to_local(moment, zone)
    return f"{format_date(local.date(), roc=roc)} {local:%H:%M}"


def local_day_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants [start, end) covering the local days first..last inclusive."""
    start = datetime.combine(first, datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), zone).astimezone(UTC)
    return start, end


def describe_due(deadline: date | None, today: date, is_open: bool) -> str:
    """The time left as staff say it: '3 天後到期' / '逾期 12 天'."""
    if deadline is None:
        return t("due.none")
    if not is_open:
        return ""
    days = (deadline - today).days
    if days < 0:
        return t("due.overdue_one") if days == -1 else t("due.overdue", days=-days)
    if days == 0:
        return t("due.today")
    if days == 1:
        return t("due.in_one_day")
    return t("due.in_days", days=days)
