"""Swedish working days, for the promptness of requests for public documents (TF 2 kap. 15 §: handled
*skyndsamt*, in practice the same or the next working day).

A working day is Monday to Friday except the public holidays (lag (1989:253) om allmänna helgdagar)
and the days that are treated as holidays in public-sector working hours: midsummer eve, Christmas eve
and New Year's eve. Pure functions of dates, property-tested.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (Gregorian, the anonymous algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(start: dt.date, end: dt.date) -> dt.date:
    day = start
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    assert day <= end
    return day


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[dt.date]:
    """The year's public holidays and holiday eves on which public offices are closed."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(dt.date(year, 6, 20), dt.date(year, 6, 26))
    all_saints = _saturday_between(dt.date(year, 10, 31), dt.date(year, 11, 6))
    return frozenset(
        {
            dt.date(year, 1, 1),  # nyårsdagen
            dt.date(year, 1, 6),  # trettondedag jul
            easter - dt.timedelta(days=2),  # långfredagen
            easter + dt.timedelta(days=1),  # annandag påsk
            dt.date(year, 5, 1),
            easter + dt.timedelta(days=39),  # Kristi himmelsfärdsdag
            dt.date(year, 6, 6),  # nationaldagen
            midsummer_day - dt.timedelta(days=1),  # midsommarafton
            midsummer_day,
            all_saints,
            dt.date(year, 12, 24),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
            dt.date(year, 12, 31),
        }
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def answer_due(received: dt.date) -> dt.date:
    """The last day of a prompt answer: the working day after the day the request was received (a
    request that arrives on a holiday counts as received on the next working day)."""
    first = received if is_working_day(received) else next_working_day(received)
    return next_working_day(first)


def working_days_waited(received: dt.date, today: dt.date) -> int:
    """Working days that have begun since the request was received, the day of receipt not counted."""
    count, day = 0, received
    while day < today:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def is_overdue(received: dt.date, today: dt.date) -> bool:
    """Older than one working day: the due day has passed."""
    return today > answer_due(received)
