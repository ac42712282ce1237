"""Who could read document X on day D: one selector, from the periods of role grants, access grants,
the case's officer and the document's secrecy, intersected within the day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Document, DocumentAccessGrant
from cases.selectors import document_readers_on
from cases.services import case_update, document_grant_access, document_register, document_unmark_secret
from committee.services import committee_create
from common.models import UserRole
from common.services import role_grant
from parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

D = dt.date(2025, 3, 10)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _set_history_dates(model, object_id, dates):
    records = list(model.history.filter(id=object_id).order_by("history_id"))
    assert len(records) == len(dates)
    for record, when in zip(records, dates, strict=True):
        type(record).objects.filter(pk=record.pk).update(history_date=when)


@pytest.fixture
def world(make_user):
    region = PartyFactory(kind="region", code="")
    gns = committee_create(name="Gemensam nämnd", short_name="GNS", host_party=region)
    upph = committee_create(name="Upphandlingsnämnden", short_name="UPPH", host_party=region)
    users = {
        name: make_user(username=name, last_name=name.capitalize())
        for name in ("alla", "bodil", "cecilia", "david", "hanna", "olle")
    }
    grants = [
        role_grant(user=users["alla"], role="secretariat"),
        role_grant(user=users["bodil"], role="secretariat", committee=gns),
        role_grant(user=users["cecilia"], role="secretariat", committee=upph),
        role_grant(user=users["david"], role="secretariat", committee=gns),
        role_grant(user=users["hanna"], role="case_officer", committee=gns),
        role_grant(user=users["olle"], role="case_officer", committee=gns),
    ]
    UserRole.objects.filter(pk__in=[g.pk for g in grants]).update(valid_from=at(dt.date(2024, 1, 1), 8))
    UserRole.objects.filter(pk=grants[1].pk).update(valid_from=at(D, 12))  # Bodil from noon on D
    UserRole.objects.filter(pk=grants[3].pk).update(valid_until=at(dt.date(2025, 3, 5), 17))  # David ended before
    case = Case.objects.create(
        diary=gns.diary,
        year=2025,
        sequence=1,
        title="Serverdrift",
        registered_on=dt.date(2025, 3, 1),
        officer=users["olle"],
    )
    case_update(case=case, officer=users["hanna"])  # Hanna takes over at 11:00 on D
    _set_history_dates(Case, case.pk, [at(dt.date(2025, 3, 1), 9), at(D, 11)])
    document = document_register(
        case=case,
        direction="incoming",
        date=dt.date(2025, 3, 1),
        counterpart="Konsultbolaget AB",
        description="Säkerhetsanalys",
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_authority="Region Jämtland Härjedalen",
    )
    grant = document_grant_access(document=document, user=users["hanna"], reason="Handläggare i ärendet")
    DocumentAccessGrant.objects.filter(pk=grant.pk).update(granted_at=at(D, 9), valid_until=at(D, 15))
    document_unmark_secret(document=document)  # secrecy lifted at 10:00 two days later
    _set_history_dates(Document, document.pk, [at(dt.date(2025, 3, 1), 10), at(dt.date(2025, 3, 12), 10)])
    return {"users": users, "document": Document.objects.get(pk=document.pk), "case": case}


def _rows(result):
    return [(r.user.username, r.reason, r.period) for r in result.readers]


def test_who_could_read_a_secret_document_on_a_day(world):
    result = document_readers_on(document=world["document"], day=D)
    assert result.existed and result.secret_all_day
    assert _rows(result) == [
        ("alla", "Nämndsekretariat (alla nämnder)", "hela dagen"),
        ("bodil", "Nämndsekretariat (Gemensam nämnd)", "12:00–24:00"),
        # Hanna: the grant ran 09:00–15:00 but she was the case's officer only from 11:00.
        ("hanna", "Handläggare för ärendet med beviljad åtkomst (Handläggare i ärendet)", "11:00–15:00"),
    ]
    # Not: Cecilia (another committee), David (ended before), Olle (officer without a grant).


def test_after_secrecy_is_lifted_the_officer_reads_without_a_grant(world):
    result = document_readers_on(document=world["document"], day=dt.date(2025, 3, 12))
    assert not result.secret_all_day and result.public_part_of_day
    assert ("hanna", "Handläggare för ärendet", "10:00–24:00") in _rows(result)
    assert result.secret_label == "00:00–10:00"
    assert "olle" not in [row[0] for row in _rows(result)]


def test_before_the_document_existed_nobody_could_read_it(world):
    result = document_readers_on(document=world["document"], day=dt.date(2025, 2, 28))
    assert not result.existed and result.readers == []


def test_the_page_for_the_secretariat(client, world, make_user):
    client.force_login(world["users"]["alla"])
    url = reverse("cases:document_readers", args=[world["document"].pk])
    page = client.get(url, {"datum": D.isoformat()}).content.decode()
    assert "Vem kunde läsa" in page and "Hanna" in page and "11:00–15:00" in page and "Cecilia" not in page
    assert client.get(url, {"datum": "igår"}).status_code == 400
    client.force_login(world["users"]["hanna"])  # a case officer may not ask
    assert client.get(url).status_code == 403


def test_the_page_pins_its_query_count(client, world, make_user, django_assert_num_queries):
    client.force_login(world["users"]["alla"])
    url = reverse("cases:document_readers", args=[world["document"].pk])
    with django_assert_num_queries(13) as first:
        client.get(url, {"datum": D.isoformat()})
    for i in range(5):  # more secretaries and more access grants: the same number of queries
        role_grant(user=make_user(username=f"extra{i}"), role="secretariat")
        document_grant_access(document=world["document"], user=make_user(username=f"las{i}"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url, {"datum": D.isoformat()})
