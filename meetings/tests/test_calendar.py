"""The public iCalendar feeds and the weekday rule of the meeting plan."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from meetings import services
from meetings.rules import allowed_weekdays, breaks_weekday_rule, weekday_rule_text

from .conftest import MEETING_DAY


@pytest.mark.django_db
def test_committee_feed_has_the_whole_history_with_location_link_and_cancellations(world):
    old = services.meeting_create(
        committee=world.committee, date=dt.date(2019, 3, 1), starts_at=dt.time(9), ends_at=dt.time(12), place="Rum 1"
    )
    services.meeting_publish(meeting=old, now=dt.datetime(2019, 2, 20, 9, tzinfo=dt.UTC))
    planned = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(13))
    cancelled = services.meeting_create(committee=world.committee, date=dt.date(2020, 3, 27), starts_at=dt.time(9))
    services.meeting_cancel(meeting=cancelled, decision_reference="§5")
    services.meeting_create(committee=world.other, date=MEETING_DAY, starts_at=dt.time(9))
    client = Client()
    response = client.get(reverse("public_meetings:calendar", args=["GNS"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {e["uid"].split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"sammantrade-{m.pk}" for m in (old, planned, cancelled)}
    first = events[f"sammantrade-{old.pk}"]
    assert str(first["location"]) == "Rum 1"
    assert f"/offentliga-sammantraden/{old.pk}/" in str(first["description"])
    assert first.decoded("dtstart") == dt.datetime(2019, 3, 1, 9, tzinfo=first.decoded("dtstart").tzinfo)
    assert first.decoded("dtstart").utcoffset() == dt.timedelta(hours=1)  # CET in March
    assert str(events[f"sammantrade-{cancelled.pk}"]["status"]) == "CANCELLED"
    assert "publiceras när kallelsen" in str(events[f"sammantrade-{planned.pk}"]["description"])
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Stockholm"


@pytest.mark.django_db
def test_feed_is_cached_until_a_meeting_changes(world, django_assert_num_queries):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    client = Client()
    url = reverse("public_meetings:calendar", args=["GNS"])
    client.get(url)
    with django_assert_num_queries(2):  # the committee and the version: served from the cache
        client.get(url)
    services.meeting_update(meeting=meeting, place="Kommunhuset")
    assert b"Kommunhuset" in client.get(url).content


@pytest.mark.django_db
def test_meeting_feed_only_for_published_meetings(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    client = Client()
    assert client.get(reverse("public_meetings:ics", args=[meeting.pk])).status_code == 404
    services.meeting_publish(meeting=meeting)
    response = client.get(reverse("public_meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content


def test_the_seed_rule_mondays_and_fridays():
    assert weekday_rule_text("1,5") == "måndagar eller fredagar"
    assert not breaks_weekday_rule("1,5", dt.date(2020, 2, 14))  # Friday
    assert breaks_weekday_rule("1,5", dt.date(2020, 2, 12))  # Wednesday
    assert weekday_rule_text("") == "alla veckodagar"


@given(
    setting=st.lists(st.integers(min_value=-3, max_value=12)).map(lambda xs: ",".join(map(str, xs))),
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_weekday_rule_properties(setting, date):
    days = allowed_weekdays(setting)
    assert days <= set(range(1, 8)) and days
    valid = {int(x) for x in setting.split(",") if x and 1 <= int(x) <= 7}
    assert days == (valid or set(range(1, 8)))
    assert breaks_weekday_rule(setting, date) == (date.isoweekday() not in days)


@pytest.mark.django_db
def test_long_swedish_text_is_folded_and_escaped_and_links_match_the_url_patterns(world):
    place = "Östersunds rådhus, Stora sessionssalen; ingång från Rådhusgatan – ta hissen till plan två, åt vänster"
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9), place=place)
    services.meeting_publish(meeting=meeting)
    body = Client().get(reverse("public_meetings:calendar", args=["GNS"])).content
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["location"]) == place
    assert str(event["url"]).endswith(reverse("public_meetings:detail", args=[meeting.pk]))
