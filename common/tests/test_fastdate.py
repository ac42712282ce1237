"""The builtin ``date`` filter (common/templatetags/fastdate.py) gives exactly Django's text."""

import datetime as dt
import zoneinfo

from django.template import engines
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import time as django_time
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def render(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@settings(deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_iso_date_as_django(day):
    assert render('{{ d|date:"Y-m-d" }}', d=day) == django_date(day, "Y-m-d")


def test_aware_datetime_is_shown_in_stockholm_time_as_django():
    late = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)  # already 1 January in Stockholm
    with timezone.override(STOCKHOLM), translation.override("sv"):
        assert render('{{ t|date:"Y-m-d" }}', t=late) == "2026-01-01"
        assert render('{{ t|date:"Y-m-d H:i" }}', t=late) == "2026-01-01 00:30"  # other formats: Django's


def test_empty_and_non_dates_as_django():
    assert render('{{ d|date:"Y-m-d" }}', d=None) == ""
    assert render('{{ d|date:"Y-m-d" }}', d="") == ""
    assert render('{{ d|date:"Y-m-d" }}', d="not a date") == ""
    with translation.override("sv"):
        assert render("{{ d|date }}", d=dt.date(2024, 3, 5)) == django_date(dt.date(2024, 3, 5))


@settings(deadline=None)
@given(st.times())
def test_hour_and_minute_as_django(moment):
    assert render('{{ t|time:"H:i" }}', t=moment) == django_time(moment, "H:i")


def test_other_times_as_django():
    with timezone.override(STOCKHOLM), translation.override("sv"):
        late = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
        assert render('{{ t|time:"H:i" }}', t=late) == "00:30"  # a datetime: Django's, in Stockholm time
        assert render('{{ t|time:"H:i" }}', t=None) == ""
        assert render("{{ t|time }}", t=dt.time(9, 5)) == django_time(dt.time(9, 5))
