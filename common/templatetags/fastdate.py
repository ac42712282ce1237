"""``{{ value|date:"Y-m-d" }}`` and ``{{ value|time:"H:i" }}`` without the general date formatter (a builtin
library, see ``TEMPLATES["OPTIONS"]["builtins"]``, so it replaces Django's ``date`` and ``time`` filters in
every template).

The ISO date is the portal's date format in tables; Django's filter parses the format string and
looks up the active language's formats on every call (about 40 µs; a list of 100 rows shows two or
three dates per row). The same text comes out: ``Y`` is the four-digit year, ``m`` and ``d`` two
digits. ``H:i`` of a time of day (a meeting's start and end, about 10 µs each through Django) is the
hour and minute in two digits. Every other format, and anything that is not a date (for ``time``: not
a ``datetime.time``), goes to Django's filter unchanged.
"""

import datetime as dt

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import time as django_time

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg == "Y-m-d" and isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return django_date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    if arg == "H:i" and isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    return django_time(value, arg)
