from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates import LocalTimes, describe_due, format_date, parse_date, parse_deadline, to_local
from tracker.domain import InputError


@pytest.mark.parametrize(
    "text",
    [
        "2016-11-23",
        "2016/11/23",
        "2016.11.23",
        "20161123",
        "105/11/23",
        "105.11.23",
        "105-11-23",
        "105年11月23日",
        "民國105年11月23日",
        "1051123",
        "１０５年１１月２３日",
        "１０５/１１/２３",
        " 105 年 11 月 23 日 ",
        "2016年11月23日",
        "23 Nov 2016",
        "November 23, 2016",
        "Nov 23 2016",
        "23 November 2016",
    ],
)
def test_accepted_forms_all_mean_the_same_day(text):
    assert parse_date(text) == date(2016, 11, 23)


@pytest.mark.parametrize("text", ["11/12/2016", "11-12-2016", "1/2/16", "11/12/16"])
def test_ambiguous_forms_are_refused_with_the_year_first_advice(text):
    with pytest.raises(InputError) as err:
        parse_date(text)
    assert err.value.key == "error.ambiguous_date"
    assert "2016-11-23" in str(err.value)


@pytest.mark.parametrize("text", ["2016-02-30", "105年13月1日", "105/02/30", "2015-02-29", "30 Feb 2016"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(InputError) as err:
        parse_date(text)
    assert err.value.key == "error.impossible_date"


@pytest.mark.parametrize("text", ["", "tomorrow-ish", "Nov 2016", "2016-11", "<script>", "105年11月", "12345"])
def test_unreadable_forms_list_the_accepted_ones(text):
    with pytest.raises(InputError) as err:
        parse_date(text)
    assert err.value.key == "error.bad_date"
    assert "105/11/23" in str(err.value) and "2016-11-23" in str(err.value)


def test_none_clears_a_deadline():
    assert parse_deadline("none") is None
    assert parse_deadline("無") is None
    assert parse_deadline("105/11/23") == date(2016, 11, 23)


@given(st.dates(min_value=date(1912, 1, 1), max_value=date(2110, 12, 31)))
def test_iso_and_roc_round_trip(day):
    assert parse_date(format_date(day)) == day
    roc = day.year - 1911
    assert parse_date(f"民國{roc}年{day.month}月{day.day}日") == day
    if roc >= 100:
        assert parse_date(format_date(day, roc=True)) == day
        assert parse_date(f"{roc}{day.month:02d}{day.day:02d}") == day


def test_roc_display():
    assert format_date(date(2016, 11, 23), roc=True) == "105/11/23"


def test_time_left_as_staff_say_it():
    today = date(2016, 11, 20)
    assert describe_due(date(2016, 11, 23), today, True) == "3 天後到期"
    assert describe_due(date(2016, 11, 8), today, True) == "逾期 12 天"
    assert describe_due(date(2016, 11, 20), today, True) == "今天到期"
    assert describe_due(date(2016, 11, 8), today, False) == ""


@given(
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["Asia/Taipei", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]),
)
def test_local_times_match_the_zone_database(moment, zone_name):
    """The quarter-hour cache of offsets gives what astimezone gives, across DST changes."""
    zone = ZoneInfo(zone_name)
    local = LocalTimes(zone)
    for probe in (moment, moment + timedelta(minutes=7), moment - timedelta(hours=1)):
        assert local(probe).isoformat() == to_local(probe, zone).isoformat()
