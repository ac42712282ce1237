"""The public iCalendar feeds (RFC 5545, with the ``icalendar`` library): one per committee with its whole
history, and one per meeting. Each event has the meeting's place as its location and the public agenda's
link in its description; a cancelled meeting stays in the feed as cancelled, so calendars drop it.

The committee's feed is cached until one of its meetings changes (the cache key holds the number of
meetings and the latest change), so a calendar polling every few minutes costs one small query.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .models import Meeting
from .selectors import PUBLISHED, calendar_meetings, calendar_version

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Nämndportalen//Sammanträden//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    calendar.add_component(_stockholm())
    return calendar


def _stockholm() -> Timezone:
    """The VTIMEZONE for Europe/Stockholm (CET/CEST, EU rules), so every client reads the local times right."""
    zone = Timezone()
    zone.add("tzid", "Europe/Stockholm")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("tzname", "CET")
    daylight = TimezoneDaylight()
    daylight.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("tzname", "CEST")
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def _event(meeting: Meeting) -> Event:
    committee = meeting.committee
    event = Event()
    event.add("uid", f"sammantrade-{meeting.pk}@{settings.PORTAL_URL.split('://')[-1]}")
    start = dt.datetime.combine(meeting.date, meeting.starts_at, tzinfo=STOCKHOLM)
    end = dt.datetime.combine(meeting.date, meeting.ends_at, tzinfo=STOCKHOLM) if meeting.ends_at else None
    event.add("dtstart", start)
    event.add("dtend", end or start + dt.timedelta(hours=3))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", f"Sammanträde {committee.short_name}")
    if meeting.place:
        event.add("location", meeting.place)
    published = meeting.status in PUBLISHED or (meeting.is_cancelled and meeting.published_at)
    if published:
        link = settings.PORTAL_URL + reverse("public_meetings:detail", args=[meeting.pk])
        event.add("url", link)
        description = f"{committee.name}\nFöredragningslista: {link}"
    else:
        description = f"{committee.name}\nFöredragningslistan publiceras när kallelsen skickas."
    event.add("description", description)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def committee_calendar(*, committee) -> bytes:
    key = f"meetings:ical:{committee.pk}:{calendar_version(committee=committee)}"
    body = cache.get(key)
    if body is None:
        calendar = _calendar(f"Sammanträden {committee.short_name}")
        for meeting in calendar_meetings(committee=committee):
            calendar.add_component(_event(meeting))
        body = calendar.to_ical()
        cache.set(key, body, 24 * 3600)
    return body


def meeting_calendar(*, meeting: Meeting) -> bytes:
    calendar = _calendar(f"Sammanträde {meeting.committee.short_name} {meeting.date:%Y-%m-%d}")
    calendar.add_component(_event(meeting))
    return calendar.to_ical()
