"""The meeting pages over HTTP: who sees what, bad input, and every list and detail page's query count,
pinned and pinned again after adding data (the count must not grow with the data)."""

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, reverse

from meetings import selectors, services
from meetings.models import Meeting

from .conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _published(world, date=MEETING_DAY, closed=True):
    meeting = services.meeting_create(
        committee=world.committee, date=date, starts_at=dt.time(9), ends_at=dt.time(12), place="Styrelserummet"
    )
    services.agenda_case_add(meeting=meeting, case=world.case)
    if closed:
        services.agenda_item_add(
            meeting=meeting,
            title="Personalärende i sekretariatet",
            description="Förhandling om tjänsten.",
            is_public=False,
        )
    services.meeting_publish(meeting=meeting, now=dt.datetime(date.year, date.month, 1, 9, tzinfo=dt.UTC))
    return Meeting.objects.get(pk=meeting.pk)


def _grow(world, n=3):
    """More meetings, items and documents: the pinned counts must stay the same."""
    for i in range(n):
        meeting = _published(world, date=dt.date(2019, 3 + i, 4))
        services.agenda_item_add(meeting=meeting, title=f"Information {i}")
        item = services.agenda_item_add(meeting=meeting, title=f"Underlag {i}")
        services.agenda_item_documents_set(item=item, documents=[world.open_doc, world.secret])


def test_member_reads_closed_items_and_secret_documents_only_when_granted(world):
    meeting = _published(world)
    page = _client(world.member).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Personalärende i sekretariatet" in page and "Stängd punkt" in page
    assert "Handling med sekretess" in page and "Säkerhetsanalys" not in page
    assert reverse("meetings:document", args=[meeting.pk, world.secret.pk]) not in page
    assert (
        _client(world.member).get(reverse("meetings:document", args=[meeting.pk, world.secret.pk])).status_code == 403
    )
    response = _client(world.member).get(reverse("meetings:document", args=[meeting.pk, world.open_doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]

    granted = _client(world.granted).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Säkerhetsanalys av serverdriften" in granted
    assert (
        _client(world.granted).get(reverse("meetings:document", args=[meeting.pk, world.secret.pk])).status_code == 200
    )


def test_the_public_sees_no_closed_item_and_no_secret_document(world):
    meeting = _published(world)
    client = Client()
    page = client.get(reverse("public_meetings:detail", args=[meeting.pk])).content.decode()
    assert "Årsbokslut 2019 för nämnden" in page
    assert "Personalärende" not in page and "Förhandling om tjänsten" not in page
    assert "Säkerhetsanalys" not in page and "Handling med sekretess" not in page
    assert "GNS årsredovisning 2019" in page
    assert client.get(reverse("public_meetings:document", args=[meeting.pk, world.secret.pk])).status_code == 404
    assert client.get(reverse("public_meetings:document", args=[meeting.pk, world.open_doc.pk])).status_code == 200
    calendar = client.get(reverse("public_meetings:calendar", args=["GNS"])).content.decode()
    assert "Personalärende" not in calendar


def test_a_planned_meeting_is_not_public_and_its_agenda_not_shown_to_members(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    services.agenda_item_add(meeting=meeting, title="Utkast till punkt")
    assert Client().get(reverse("public_meetings:detail", args=[meeting.pk])).status_code == 404
    page = _client(world.member).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Utkast till punkt" not in page and "publiceras när kallelsen skickas" in page
    assert _client(world.member).get(reverse("meetings:packet", args=[meeting.pk])).status_code == 404
    staff = _client(world.secretariat).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Utkast till punkt" in staff


def test_a_member_of_another_committee_gets_no_meeting_page_by_url(world):
    meeting = _published(world)
    item = meeting.items.filter(case__isnull=False).first()
    client = _client(world.outsider)
    for name, kwargs in [
        ("meetings:detail", {"pk": meeting.pk}),
        ("meetings:document", {"pk": meeting.pk, "document_id": world.open_doc.pk}),
        ("meetings:packet", {"pk": meeting.pk}),
        ("meetings:agenda", {"pk": meeting.pk}),
        ("meetings:notices", {"pk": meeting.pk}),
        ("meetings:item_edit", {"pk": meeting.pk, "item_id": item.pk}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name
    listing = client.get(reverse("meetings:list")).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) not in listing
    assert client.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 403


def test_a_member_cannot_build_the_agenda(world):
    meeting = _published(world)
    client = _client(world.member)
    assert client.get(reverse("meetings:agenda", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:case_add", args=[meeting.pk]), {"case": world.case2.pk}).status_code == 403


def test_two_meetings_at_the_same_start_show_a_message_next_to_the_field(world):
    _published(world)
    client = _client(world.secretariat)
    data = {"committee": world.committee.pk, "date": "2020-02-14", "starts_at": "09:00", "place": "Kommunhuset"}
    response = client.post(reverse("meetings:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "har redan ett sammanträde 2020-02-14 kl. 09:00" in page and 'value="Kommunhuset"' in page


def test_builder_adds_a_ready_case_with_one_action_and_reorders_without_javascript(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    client = _client(world.secretariat)
    page = client.get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
    assert world.case.number in page and world.case2.number in page and world.other_case.number not in page
    response = client.post(reverse("meetings:case_add", args=[meeting.pk]), {"case": world.case.pk})
    assert response.status_code == 302
    response = client.post(reverse("meetings:case_add", args=[meeting.pk]), {"case": world.case.pk}, follow=True)
    assert "finns redan på föredragningslistan" in response.content.decode()
    response = client.post(reverse("meetings:case_add", args=[meeting.pk]), {"case": world.other_case.pk}, follow=True)
    assert "hör inte till GNS" in response.content.decode()
    item = meeting.items.get(case=world.case)
    client.post(reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"to": "1"})
    assert meeting.items.order_by("position").first().pk == item.pk
    # htmx gets the item list back as a fragment
    fragment = client.post(
        reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"to": "3"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert meeting.items.order_by("position").last().pk == item.pk


def test_publish_page_sends_the_notice_and_the_log_shows_each_recipient(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    client = _client(world.secretariat)
    confirm = client.get(reverse("meetings:publish", args=[meeting.pk])).content.decode()
    assert "3 ledamöter och ersättare" in confirm
    response = client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)
    page = response.content.decode()
    assert "kallelsen skickas" in page
    for address in ("ledamot@example.org", "ersattare@example.org", "beviljad@example.org"):
        assert address in page
    again = client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True).content.decode()
    assert "Kallelsen är redan skickad" in again


def test_item_edit_keeps_input_on_error(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    item = services.agenda_case_add(meeting=meeting, case=world.case)
    client = _client(world.secretariat)
    response = client.post(
        reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        {"title": "", "description": "Min text", "planned_minutes": "700"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Ange en rubrik." in page and "Min text" in page


# --- Query counts: pinned, and pinned again after more data ------------------------------------------


def _count(client, url, django_assert_num_queries, n):
    cache.clear()  # the calendar is measured as built, not as served from the cache
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("who", "name", "queries"),
    [
        ("member", "meetings:list", 7),
        ("member", "meetings:detail", 10),
        ("secretariat", "meetings:detail", 8),
        ("secretariat", "meetings:agenda", 7),
        ("secretariat", "meetings:notices", 7),
        ("secretariat", "meetings:plans", 7),
        ("public", "public_meetings:list", 3),
        ("public", "public_meetings:detail", 5),
        ("public", "public_meetings:calendar", 3),
    ],
)
def test_query_counts_are_pinned_and_flat(world, django_assert_num_queries, who, name, queries):
    meeting = _published(world)
    services.meeting_plan_save(committee=world.committee, year=2020, decision_reference="§31")
    client = Client() if who == "public" else _client(getattr(world, who))
    args = {
        "meetings:detail": [meeting.pk],
        "meetings:agenda": [meeting.pk],
        "meetings:notices": [meeting.pk],
        "public_meetings:detail": [meeting.pk],
        "public_meetings:calendar": ["GNS"],
    }.get(name, [])
    url = reverse(name, args=args)
    client.get(url)  # warm the session and grants of the logged-in user
    _count(client, url, django_assert_num_queries, queries)
    _grow(world)
    services.meeting_plan_save(committee=world.committee, year=2019, decision_reference="§40")
    services.agenda_item_add(meeting=meeting, title="Ännu en punkt")
    item = services.agenda_item_add(meeting=meeting, title="Ännu ett underlag")
    services.agenda_item_documents_set(item=item, documents=[world.open_doc, world.secret])
    _count(client, url, django_assert_num_queries, queries)


def _reverse_with(name: str, values: dict) -> str:
    """The URL of ``name`` with the subset of ``values`` its pattern takes (most parameters first)."""
    for size in range(len(values), -1, -1):
        for keys in itertools.combinations(values, size):
            try:
                return reverse(name, kwargs={k: values[k] for k in keys})
            except NoReverseMatch:
                continue
    raise AssertionError(f"no URL for {name}")


def test_url_walk_a_member_of_another_committee_reaches_no_meeting_of_this_one(world):
    """Every URL of the meetings app, walked from the URLconf, as a member of another committee: only the
    list answers (without this committee's meetings); everything else is 403."""
    from tests.urlwalk import walk

    meeting = _published(world)
    item = meeting.items.filter(case__isnull=False).first()
    values = {"pk": meeting.pk, "item_id": item.pk, "document_id": world.open_doc.pk, "short_name": "GNS", "year": 2020}
    client = _client(world.outsider)
    names = sorted(e.name for e in walk() if (e.name or "").startswith("meetings:"))
    for name in names:
        url = _reverse_with(name, values)
        status = client.get(url).status_code
        assert status == (200 if name == "meetings:list" else 403), f"{name} {url}: {status}"
    assert len(names) >= 18


def test_builder_adds_an_older_case_by_its_diary_number(world):
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    client = _client(world.secretariat)
    url = reverse("meetings:case_add", args=[meeting.pk])
    page = client.post(url, {"number": world.case2.number.lower()}, follow=True).content.decode()
    assert f"{world.case2.number} är tillagt" in page
    page = client.post(url, {"number": world.other_case.number}, follow=True).content.decode()
    assert f"GNS har inget ärende med diarienumret {world.other_case.number}" in page
    page = client.post(url, {"number": "inte ett nummer"}, follow=True).content.decode()
    assert "har inget ärende med diarienumret inte ett nummer" in page


def test_builder_lists_at_most_fifty_ready_cases_newest_first(world):
    from cases.models import Case
    from cases.services import case_import

    for n in range(55):
        case = case_import(diary=world.case.diary, title=f"Redo {n}", registered_on=dt.date(2021, 1, 1))
        Case.objects.filter(pk=case.pk).update(status=Case.Status.READY_FOR_DECISION)
    meeting = services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))
    ready = selectors.ready_cases(meeting=meeting)
    assert len(ready.cases) == 50 and ready.more == 7  # 55 new + the world's two
    assert ready.cases[0].title == "Redo 54"
    page = _client(world.secretariat).get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
    assert "7 äldre ärenden är också klara för beslut" in page


def test_public_list_pages_through_every_published_meeting_with_its_public_item_count(world):
    """The public list shows 50 meetings a page, newest first; older ones are on the next pages (none is
    cut off), and each counts its public items only."""
    newest = _published(world)  # with one closed item
    Meeting.objects.bulk_create(
        Meeting(
            committee=world.committee,
            date=MEETING_DAY - dt.timedelta(days=7 * (n + 1)),
            starts_at=dt.time(9),
            status=Meeting.Status.HELD,
            published_at=dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC),
        )
        for n in range(50)
    )
    oldest = Meeting.objects.order_by("date").first()
    first = Client().get(reverse("public_meetings:list"))
    assert first.context["page"].paginator.count == 51
    assert [m.pk for m in first.context["meetings"]][0] == newest.pk
    assert len(first.context["meetings"]) == 50
    public_items = newest.items.filter(withdrawn=False, is_public=True).count()
    assert public_items == newest.items.count() - 1  # the closed item is not counted
    assert first.context["meetings"][0].item_count == public_items
    assert "Sida 1 av 2" in first.content.decode()
    assert f"/offentliga-sammantraden/{oldest.pk}/" not in first.content.decode()
    second = Client().get(reverse("public_meetings:list"), {"sida": 2})
    assert [m.pk for m in second.context["meetings"]] == [oldest.pk]
    assert second.context["meetings"][0].item_count == 0
    assert f"/offentliga-sammantraden/{oldest.pk}/" in second.content.decode()
