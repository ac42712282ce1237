"""An adjusted protocol cannot change by any path: the service, the admin, ``save()``, ``update()``,
``delete()`` and raw SQL (PostgreSQL triggers, migration protocol.0002)."""

import pytest
from django.contrib.admin.sites import site
from django.db import IntegrityError, connection, transaction

from protocol import services
from protocol.models import (
    Approval,
    Attendee,
    Ballot,
    NoticeBoardPost,
    OutsideParagraphs,
    Paragraph,
    PartyPosting,
    Protocol,
    Reservation,
)

from .factories import TEST_PASSWORD, setup_meeting

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _adjusted_protocol():
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    p2 = protocol.paragraphs.get(position=2)
    services.reservation_add(paragraph=p2, attendee=protocol.attendees.get(person=s.members[1]))
    serving = list(protocol.attendees.filter(kind="member"))
    services.vote_record(paragraph=p2, yes_means="Bifall", no_means="Avslag", choices={a.pk: "ja" for a in serving})
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol.refresh_from_db()
    assert protocol.is_adjusted
    return s, protocol


def _refused(fn):
    with (
        pytest.raises(IntegrityError, match="justerat|ändras aldrig|tas aldrig bort|ändras inte"),
        transaction.atomic(),
    ):
        fn()


def test_save_update_delete_and_sql_are_refused():
    assert connection.vendor == "postgresql"
    s, protocol = _adjusted_protocol()
    paragraph = protocol.paragraphs.get(position=2)

    def save_paragraph():
        paragraph.decision = "Ett annat beslut"
        paragraph.save()

    _refused(save_paragraph)
    _refused(lambda: Paragraph.objects.filter(pk=paragraph.pk).update(decision="Ändrat med update()"))
    plain = protocol.paragraphs.get(position=3)  # no vote or reservation that PROTECT would keep
    _refused(lambda: Paragraph.objects.filter(pk=plain.pk).delete())
    _refused(lambda: Protocol.objects.filter(pk=protocol.pk).update(status="draft"))
    _refused(lambda: Protocol.objects.filter(pk=protocol.pk).update(content_sha256="0" * 64))
    _refused(lambda: Attendee.objects.filter(protocol=protocol).update(present=False))
    _refused(lambda: Attendee.objects.create(protocol=protocol, kind="other", name="Inskjuten"))
    _refused(lambda: Reservation.objects.filter(paragraph=paragraph).delete())
    _refused(lambda: Ballot.objects.filter(vote__paragraph=paragraph).update(choice="nej"))
    _refused(lambda: Approval.objects.filter(protocol=protocol).update(content_sha256="1" * 64))
    _refused(lambda: Approval.objects.filter(protocol=protocol).delete())
    _refused(lambda: NoticeBoardPost.objects.filter(protocol=protocol).update(posted_on="2020-01-01"))

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE protocol_paragraph SET decision = %s WHERE id = %s", ["Rått SQL", paragraph.pk])

    _refused(raw_sql)
    paragraph.refresh_from_db()
    assert paragraph.decision != "Ett annat beslut" and paragraph.decision != "Rått SQL"
    # The stored PDF may still be attached after adjustment (the outbox job does that).
    Protocol.objects.filter(pk=protocol.pk).update(pdf=None)


def test_a_recorded_party_posting_never_changes():
    s, protocol = _adjusted_protocol()
    posting = protocol.notice.postings.first()
    services.party_posting_record(posting=posting, posted_on=protocol.notice.posted_on, by=s.secretary)
    _refused(lambda: PartyPosting.objects.filter(pk=posting.pk).update(posted_on="2030-01-01"))
    PartyPosting.objects.filter(pk=posting.pk).update(last_reminded_on=None)  # bookkeeping may change


def test_paragraphs_recorded_outside_the_portal_never_change():
    s, _protocol = _adjusted_protocol()
    outside = services.outside_paragraphs_record(committee=s.committee, year=2020, count=3, kept_at="Arkivet")
    _refused(lambda: OutsideParagraphs.objects.filter(pk=outside.pk).update(last_number=99))
    _refused(lambda: OutsideParagraphs.objects.filter(pk=outside.pk).delete())


def test_the_admin_cannot_change_an_adjusted_paragraph(admin_client):
    s, protocol = _adjusted_protocol()
    paragraph = protocol.paragraphs.get(position=2)
    assert Paragraph in site._registry
    url = f"/admin/protocol/paragraph/{paragraph.pk}/change/"
    response = admin_client.get(url)
    assert response.status_code in (200, 403)
    response = admin_client.post(url, {"decision": "Via admin"})
    assert response.status_code in (200, 403)
    paragraph.refresh_from_db()
    assert paragraph.decision != "Via admin"
