"""The public iCalendar feeds (RFC 5545, with the ``icalendar`` library): one per committee with its whole
history, and one per meeting. Each event has the meeting's place as its location and the public agenda's
link in its description; a cancelled meeting stays in the feed as cancelled, so calendars drop it.

The committee's feed is cached until one of its meetings changes (the cache key holds the number of
meetings and the latest change), so a calendar polling every few minutes costs one small query.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard

from .models import Meeting
from .selectors import PUBLISHED, calendar_meetings, calendar_version


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


def _text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def _fold(line: str) -> bytes:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space, never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with the space
    return b"\r\n ".join(parts) + b"\r\n"


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting: Meeting, host: str, public_base: str) -> bytes:
    """One VEVENT. Serialized here rather than through ``icalendar.Event``: the library took about 2 ms per
    event (3 s for 1 500 meetings); the few property types used are escaped and folded as RFC 5545 says, and
    the tests parse the feed back with ``icalendar``."""
    committee = meeting.committee
    start = dt.datetime.combine(meeting.date, meeting.starts_at)
    end = dt.datetime.combine(meeting.date, meeting.ends_at) if meeting.ends_at else start + dt.timedelta(hours=3)
    published = meeting.status in PUBLISHED or (meeting.is_cancelled and meeting.published_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:sammantrade-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Stockholm:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{_text(f'Sammanträde {committee.short_name}')}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{_text(meeting.place)}")
    if published:
        link = f"{public_base}{meeting.pk}/"  # public_meetings:detail, without a reverse() per event
        lines.append(f"URL:{link}")
        description = f"{committee.name}\nFöredragningslista: {link}"
    else:
        description = f"{committee.name}\nFöredragningslistan publiceras när kallelsen skickas."
    lines += [
        f"DESCRIPTION:{_text(description)}",
        f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return b"".join(_fold(line) for line in lines)


def _with_events(calendar: Calendar, events: list[bytes]) -> bytes:
    head = calendar.to_ical()
    tail = b"END:VCALENDAR\r\n"
    return head.removesuffix(tail) + b"".join(events) + tail


def _host() -> str:
    return settings.PORTAL_URL.split("://")[-1]


def _public_base() -> str:
    """The public meeting pages' address up to the meeting's id (public_meetings:detail is "<list>/<pk>/")."""
    return settings.PORTAL_URL + reverse("public_meetings:list")


def committee_calendar(*, committee) -> bytes:
    key = f"meetings:ical:{committee.pk}:{calendar_version(committee=committee)}"
    body = cache.get(key)
    if body is None:
        host = _host()
        base = _public_base()
        events = [_event(meeting, host, base) for meeting in calendar_meetings(committee=committee)]
        body = _with_events(_calendar(f"Sammanträden {committee.short_name}"), events)
        cache.set(key, body, 24 * 3600)
    return body


def meeting_calendar(*, meeting: Meeting) -> bytes:
    calendar = _calendar(f"Sammanträde {meeting.committee.short_name} {meeting.date:%Y-%m-%d}")
    return _with_events(calendar, [_event(meeting, _host(), _public_base())])
