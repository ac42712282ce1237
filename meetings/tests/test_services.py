import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Case
from cases.services import case_close
from common.models import MailRecipient, OutgoingMail
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingChange, MeetingNotice, MeetingPlan

from .conftest import MEETING_DAY

pytestmark = pytest.mark.django_db
T9, T12 = dt.time(9), dt.time(12)


def _meeting(world, date=MEETING_DAY, **kw):
    return services.meeting_create(
        committee=world.committee,
        date=date,
        starts_at=kw.pop("starts_at", T9),
        ends_at=kw.pop("ends_at", T12),
        place="Styrelserummet",
        by=world.secretariat,
        **kw,
    )


def test_a_new_meeting_has_the_standard_opening_items(world):
    meeting = _meeting(world)
    items = list(meeting.items.order_by("position"))
    assert [i.title for i in items] == services.STANDARD_ITEMS
    assert {i.kind for i in items} == {AgendaItem.Kind.OPENING}
    assert meeting.status == Meeting.Status.PLANNED


def test_two_meetings_at_the_same_start_are_refused_with_a_swedish_message(world):
    _meeting(world)
    with pytest.raises(ValidationError) as exc:
        _meeting(world)
    assert "har redan ett sammanträde 2020-02-14 kl. 09:00" in str(exc.value.message_dict["starts_at"])
    _meeting(world, starts_at=dt.time(13), ends_at=dt.time(15))  # the same day at another time is fine
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database says the same
        Meeting.objects.create(committee=world.committee, date=MEETING_DAY, starts_at=T9)


def test_end_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=T12, ends_at=T9)
    assert "Sluttiden" in str(exc.value)


def test_plan_links_its_decision_and_the_years_meetings(world):
    meeting = _meeting(world)
    plan = services.meeting_plan_save(
        committee=world.committee,
        year=2020,
        decision_case=world.case,
        decision_reference="§31",
        decided_on=dt.date(2019, 10, 11),
    )
    meeting.refresh_from_db()
    assert meeting.plan == plan
    again = services.meeting_plan_save(committee=world.committee, year=2020, decision_reference="§31 (rättad)")
    assert again.pk == plan.pk and MeetingPlan.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan_save(committee=world.committee, year=2021, decision_case=world.other_case)
    assert "hör inte till GNS" in str(exc.value)


def test_a_case_item_takes_description_proposal_and_documents_from_the_memo(world):
    meeting = _meeting(world)
    item = services.agenda_case_add(meeting=meeting, case=world.case, by=world.secretariat)
    assert item.title == "Årsbokslut 2019 för nämnden"
    assert "inkommit med ett årsbokslut" in item.description and "-50 tkr" in item.description
    assert item.proposal == "1. Årsbokslutet godkänns.\n\n2. Årsbokslutet läggs till handlingarna."
    assert list(item.documents.order_by("pk")) == sorted([world.open_doc, world.secret], key=lambda d: d.pk)
    assert item.position == 3


def test_case_of_another_committee_closed_case_and_the_same_case_twice_are_refused(world):
    meeting = _meeting(world)
    with pytest.raises(ValidationError, match="hör inte till GNS"):
        services.agenda_case_add(meeting=meeting, case=world.other_case)
    services.agenda_case_add(meeting=meeting, case=world.case)
    with pytest.raises(ValidationError, match="finns redan på föredragningslistan"):
        services.agenda_case_add(meeting=meeting, case=world.case)
    case_close(case=world.case2, reason="Återkallat", by=world.secretariat)
    with pytest.raises(ValidationError, match="är avslutat"):
        services.agenda_case_add(meeting=meeting, case=Case.objects.get(pk=world.case2.pk))
    assert meeting.items.count() == 3


def test_move_reorders_and_keeps_positions_one_to_n(world):
    meeting = _meeting(world)
    info = services.agenda_item_add(meeting=meeting, title="Information pågående ärenden")
    case_item = services.agenda_case_add(meeting=meeting, case=world.case)
    services.agenda_item_move(item=case_item, to=1)
    titles = list(meeting.items.order_by("position").values_list("title", "position"))
    assert titles[0] == (case_item.title, 1)
    assert [p for _t, p in titles] == [1, 2, 3, 4]
    services.agenda_item_move(item=info, to=99)  # beyond the end = last
    assert meeting.items.order_by("position").last().pk == info.pk


def test_remove_before_publishing_deletes_and_renumbers(world):
    meeting = _meeting(world)
    first = meeting.items.order_by("position").first()
    services.agenda_item_remove(item=first)
    assert list(meeting.items.values_list("position", flat=True)) == [1]
    assert services.agenda_item_remove(item=first) is None  # a second click changes nothing


def test_publish_sends_one_notice_to_every_member_and_substitute(world):
    meeting = _meeting(world)
    services.agenda_case_add(meeting=meeting, case=world.case)
    notice = services.meeting_publish(
        meeting=meeting, by=world.secretariat, now=dt.datetime(2020, 2, 5, 9, tzinfo=dt.UTC)
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT and meeting.published_at
    assert notice.days_before == 9 and not notice.is_late
    addresses = set(MailRecipient.objects.filter(mail=notice.mail).values_list("address", flat=True))
    assert addresses == {"ledamot@example.org", "ersattare@example.org", "beviljad@example.org"}
    assert set(MailRecipient.objects.filter(mail=notice.mail).values_list("status", flat=True)) == {"pending"}
    body = notice.mail.body
    assert "Tid: fredag 14 februari 2020 kl. 09:00–12:00" in body and "Plats: Styrelserummet" in body
    assert "3. Årsbokslut 2019 för nämnden (GNS/" in body and f"/sammantraden/{meeting.pk}/" in body
    with pytest.raises(ValidationError, match="redan skickad"):
        services.meeting_publish(meeting=meeting)
    assert MeetingNotice.objects.count() == 1 and OutgoingMail.objects.count() == 1


def test_a_late_notice_is_flagged(world):
    meeting = _meeting(world)
    notice = services.meeting_publish(meeting=meeting, now=dt.datetime(2020, 2, 10, 9, tzinfo=dt.UTC))
    assert notice.days_before == 4 and notice.required_days == 7 and notice.is_late


def test_publishing_with_a_closed_case_on_the_agenda_is_refused(world):
    meeting = _meeting(world)
    services.agenda_case_add(meeting=meeting, case=world.case2)
    case_close(case=world.case2, reason="Återkallat", by=world.secretariat)
    with pytest.raises(ValidationError, match="är avslutat"):
        services.meeting_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_published and not OutgoingMail.objects.exists()


def test_changes_after_publishing_are_recorded_and_members_told(world):
    meeting = _meeting(world)
    item = services.agenda_case_add(meeting=meeting, case=world.case)
    services.meeting_publish(meeting=meeting, now=dt.datetime(2020, 2, 5, 9, tzinfo=dt.UTC))
    services.agenda_item_update(item=item, planned_start=dt.time(10, 30))
    services.agenda_item_add(meeting=meeting, title="Extra information")
    services.agenda_item_remove(item=item)
    item.refresh_from_db()
    assert item.withdrawn  # withdrawn, not deleted, after the notice
    changes = list(MeetingChange.objects.filter(meeting=meeting).order_by("pk"))
    assert [c.description for c in changes] == [
        "Punkten Årsbokslut 2019 för nämnden ändrad: planerad tid.",
        "Ny punkt: Extra information.",
        "Punkten Årsbokslut 2019 för nämnden utgår.",
    ]
    assert all(c.mail_id for c in changes)
    assert OutgoingMail.objects.count() == 4  # the notice and three changes
    text = services.agenda_text(meeting)
    assert "Årsbokslut" not in text and "3. Extra information" in text


def test_moving_and_cancelling_need_a_decision_and_tell_the_members(world):
    meeting = _meeting(world, date=dt.date(2020, 6, 5))
    with pytest.raises(ValidationError) as exc:
        services.meeting_move(meeting=meeting, date=dt.date(2020, 5, 29), starts_at=T9)
    assert "Ange beslutet" in str(exc.value)
    change = services.meeting_move(
        meeting=meeting,
        date=dt.date(2020, 5, 29),
        starts_at=T9,
        ends_at=T12,
        decision_case=world.case,
        decision_reference="§4 2020-02-14",
    )
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2020, 5, 29)
    assert "fredag 5 juni 2020" in change.description and "fredag 29 maj 2020" in change.description
    assert change.decision_case == world.case and change.mail.recipients.count() == 3
    services.meeting_cancel(meeting=meeting, decision_reference="§9 2020-03-27")
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    with pytest.raises(ValidationError, match="inställt"):
        services.agenda_item_add(meeting=meeting, title="För sent")
    with pytest.raises(ValidationError, match="inställt"):
        services.meeting_publish(meeting=meeting)


def test_planned_meeting_can_be_changed_but_not_after_the_notice(world):
    meeting = _meeting(world)
    services.meeting_update(meeting=meeting, place="Kommunhuset")
    meeting.refresh_from_db()
    assert meeting.place == "Kommunhuset"
    services.meeting_publish(meeting=meeting)
    with pytest.raises(ValidationError, match="flytta sammanträdet genom ett beslut"):
        services.meeting_update(meeting=meeting, place="Annan plats")


def test_item_documents_must_belong_to_the_committee(world):
    from cases.services import document_register

    meeting = _meeting(world)
    item = services.agenda_item_add(meeting=meeting, title="Information")
    foreign = document_register(
        case=world.other_case, direction="internal", date=MEETING_DAY, description="Annan nämnds handling"
    )
    with pytest.raises(ValidationError, match="hör inte till nämnden"):
        services.agenda_item_documents_set(item=item, documents=[foreign])
    services.agenda_item_documents_set(item=item, documents=[world.open_doc])
    assert list(item.documents.all()) == [world.open_doc]


def test_database_refuses_a_case_item_without_a_case_and_a_second_notice(world):
    meeting = _meeting(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=9, kind=AgendaItem.Kind.CASE, title="Utan ärende")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, kind=AgendaItem.Kind.OTHER, title="Samma plats")
    notice = services.meeting_publish(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingNotice.objects.create(meeting=meeting, mail=notice.mail, days_before=1, required_days=7)


def test_status_moves_forward_only_for_the_protocol(world):
    meeting = _meeting(world)
    with pytest.raises(ValidationError, match="planerat"):
        services.meeting_status_advance(meeting=meeting, status=Meeting.Status.HELD)
    services.meeting_publish(meeting=meeting)
    assert services.meeting_status_advance(meeting=meeting, status=Meeting.Status.HELD).status == "held"
    assert services.meeting_status_advance(meeting=meeting, status=Meeting.Status.ADJUSTED).status == "adjusted"
    with pytest.raises(ValidationError):
        services.meeting_status_advance(meeting=meeting, status=Meeting.Status.HELD)
    with pytest.raises(ValidationError, match="genomfört"):
        services.agenda_item_add(meeting=meeting, title="För sent")
