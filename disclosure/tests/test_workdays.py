import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from disclosure.workdays import (
    answer_due,
    easter_sunday,
    holidays,
    is_overdue,
    is_working_day,
    next_working_day,
    working_days_waited,
)

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


def test_known_easters_and_holidays():
    assert easter_sunday(2019) == dt.date(2019, 4, 21)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2038) == dt.date(2038, 4, 25)
    h = holidays(2026)
    for day in [
        "2026-01-01",
        "2026-01-06",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-06-06",
        "2026-06-19",
        "2026-06-20",
        "2026-10-31",
        "2026-12-24",
        "2026-12-25",
        "2026-12-26",
        "2026-12-31",
    ]:
        assert dt.date.fromisoformat(day) in h, day
    assert len(h) == 14


def test_prompt_answers_over_a_weekend_and_easter():
    friday = dt.date(2026, 3, 27)
    assert answer_due(friday) == dt.date(2026, 3, 30)  # Monday
    assert answer_due(dt.date(2026, 3, 28)) == dt.date(2026, 3, 31)  # Saturday: counted from Monday
    assert answer_due(dt.date(2026, 4, 2)) == dt.date(2026, 4, 7)  # Maundy Thursday → Tuesday after Easter
    assert not is_overdue(friday, dt.date(2026, 3, 30)) and is_overdue(friday, dt.date(2026, 3, 31))
    assert working_days_waited(friday, dt.date(2026, 3, 31)) == 2


@given(DAYS)
def test_the_next_working_day_is_a_working_day_within_a_week(day):
    following = next_working_day(day)
    assert is_working_day(following) and day < following <= day + dt.timedelta(days=7)
    assert all(not is_working_day(day + dt.timedelta(days=n)) for n in range(1, (following - day).days))


@given(DAYS)
def test_a_request_is_never_overdue_the_day_it_arrives_nor_the_next_working_day(day):
    assert not is_overdue(day, day)
    due = answer_due(day)
    assert not is_overdue(day, due) and is_overdue(day, due + dt.timedelta(days=1))
    assert working_days_waited(day, due) in (1, 2)  # 2 when it arrived on a holiday


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_waited_working_days_grow_with_time(day, extra):
    later = day + dt.timedelta(days=extra)
    assert 0 <= working_days_waited(day, later) <= extra
    assert working_days_waited(day, later) <= working_days_waited(day, later + dt.timedelta(days=1))
