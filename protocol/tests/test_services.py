"""The protocol's services: drafting, attendance, votes, reservations, conflicts, adjustment, the notice board."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case, Document
from common.archive import archived_bytes
from common.models import MailRecipient, OutgoingMail
from common.pdfa import pdfa_problems
from meetings.models import AgendaItem, Meeting
from parties.models import PartyRepresentative
from protocol import selectors, services
from protocol.models import Attendee, DelegatedDecision, Paragraph, PartyPosting, Protocol

from .factories import TEST_PASSWORD, add_meeting, setup_meeting

pytestmark = pytest.mark.django_db


def _draft(s):
    return services.protocol_draft(meeting=s.meeting, by=s.secretary)


def _attendee(protocol, user):
    return protocol.attendees.get(person=user)


def _adjust(s, protocol, *, execute=True, capture=None):
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol.refresh_from_db()
    return protocol


def test_draft_builds_attendance_and_numbered_paragraphs_from_the_agenda():
    s = setup_meeting()
    protocol = _draft(s)
    assert protocol.year == 2020 and not protocol.already_drafted
    kinds = list(protocol.attendees.values_list("kind", "present"))
    assert kinds.count(("member", True)) == 5 and kinds.count(("substitute", False)) == 2
    paragraphs = list(protocol.paragraphs.order_by("position"))
    assert [p.number for p in paragraphs] == [1, 2, 3, 4]
    case_paragraph = paragraphs[1]
    assert case_paragraph.case == s.cases[0] and case_paragraph.decision == case_paragraph.proposal
    assert case_paragraph.case_outcome == Paragraph.Outcome.DECIDED
    assert protocol.adjusters.get().person == s.chair
    again = _draft(s)
    assert again.pk == protocol.pk and again.already_drafted


def test_draft_refused_before_the_meeting_day_and_for_a_cancelled_meeting():
    s = setup_meeting(date=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="sammanträdesdagen"):
        _draft(s)
    s.meeting.status = Meeting.Status.CANCELLED
    s.meeting.save()
    with pytest.raises(ValidationError, match="inställt"):
        _draft(s)
    assert not Protocol.objects.exists()


def test_numbers_run_on_through_the_year_and_close_gaps_while_drafts_change():
    s = setup_meeting()
    first = _draft(s)
    later = add_meeting(s.committee, date=dt.date(2020, 3, 27), items=2)
    second = services.protocol_draft(meeting=later, by=s.secretary)
    assert list(second.paragraphs.order_by("position").values_list("number", flat=True)) == [5, 6, 7]
    # An item of the first meeting is withdrawn: both drafts are renumbered, no gap.
    AgendaItem.objects.filter(meeting=s.meeting, position=4).update(withdrawn=True)
    services.protocol_sync_items(protocol=first, by=s.secretary)
    numbers = sorted(Paragraph.objects.filter(committee=s.committee, year=2020).values_list("number", flat=True))
    assert numbers == list(range(1, 7))
    # A meeting of the next year starts again at §1.
    next_year = services.protocol_draft(meeting=add_meeting(s.committee, date=dt.date(2021, 1, 15)), by=s.secretary)
    assert list(next_year.paragraphs.values_list("number", flat=True)) == [1]


def test_adjusting_a_later_protocol_first_gives_it_the_next_numbers():
    s = setup_meeting()
    first = _draft(s)
    later = services.protocol_draft(
        meeting=add_meeting(s.committee, date=dt.date(2020, 3, 27), items=2), by=s.secretary
    )
    later = _adjust(s, later)
    assert later.is_adjusted
    assert list(later.paragraphs.order_by("position").values_list("number", flat=True)) == [1, 2, 3]
    assert list(first.paragraphs.order_by("position").values_list("number", flat=True)) == [4, 5, 6, 7]


def test_substitute_serves_from_a_paragraph_and_votes_are_checked():
    s = setup_meeting()
    protocol = _draft(s)
    absent = _attendee(protocol, s.members[3])
    services.attendee_set_present(attendee=absent, present=False, by=s.secretary)
    substitute = _attendee(protocol, s.substitutes[0])
    services.attendee_replace(substitute=substitute, replaces=absent, from_position=2, by=s.secretary)
    p1, p2 = protocol.paragraphs.order_by("position")[:2]
    assert substitute.pk not in selectors.serving_ids(selectors.protocol_get(protocol.pk), p1)
    serving = selectors.serving_ids(selectors.protocol_get(protocol.pk), p2)
    assert substitute.pk in serving and absent.pk not in serving and len(serving) == 5

    other_sub = _attendee(protocol, s.substitutes[1])
    choices = dict.fromkeys(serving, "ja")
    with pytest.raises(ValidationError, match="tjänstgör inte"):
        services.vote_record(
            paragraph=p2, yes_means="Bifall", no_means="Avslag", choices={**choices, other_sub.pk: "nej"}
        )
    with pytest.raises(ValidationError, match="varje tjänstgörande"):
        services.vote_record(
            paragraph=p2, yes_means="Bifall", no_means="Avslag", choices=dict(list(choices.items())[:3])
        )
    # 2 ja, 2 nej, the chair abstains... no: the chair votes nej and decides the tie.
    chair = _attendee(protocol, s.chair)
    ids = [i for i in serving if i != chair.pk]
    tie = {ids[0]: "ja", ids[1]: "ja", ids[2]: "nej", ids[3]: "avstar", chair.pk: "nej"}
    vote = services.vote_record(paragraph=p2, yes_means="Bifall", no_means="Avslag", choices=tie)
    assert (vote.yes_count, vote.no_count, vote.abstain_count, vote.outcome, vote.casting_vote) == (
        2,
        2,
        1,
        "nej",
        True,
    )
    # The member who voted cannot be replaced mid-paragraph.
    with pytest.raises(ValidationError, match="mitt under en paragraf"):
        services.attendee_replace(
            substitute=other_sub, replaces=Attendee.objects.get(pk=ids[0]), from_position=2, by=s.secretary
        )


def test_tie_without_casting_vote_is_refused():
    s = setup_meeting()
    protocol = _draft(s)
    p2 = protocol.paragraphs.get(position=2)
    serving = sorted(selectors.serving_ids(selectors.protocol_get(protocol.pk), p2))
    chair = _attendee(protocol, s.chair).pk
    others = [i for i in serving if i != chair]
    choices = {others[0]: "ja", others[1]: "ja", others[2]: "nej", others[3]: "nej", chair: "avstar"}
    with pytest.raises(ValidationError, match="utslagsröst"):
        services.vote_record(paragraph=p2, yes_means="Bifall", no_means="Avslag", choices=choices)


def test_reservation_only_by_someone_who_took_part_and_conflict_lets_a_substitute_serve():
    s = setup_meeting()
    protocol = _draft(s)
    p2 = protocol.paragraphs.get(position=2)
    member = _attendee(protocol, s.members[1])
    services.reservation_add(paragraph=p2, attendee=member, grounds="Kostnaden är för hög.")
    not_there = _attendee(protocol, s.substitutes[0])
    with pytest.raises(ValidationError, match="deltog inte i beslutet"):
        services.reservation_add(paragraph=p2, attendee=not_there)
    services.attendee_set_present(attendee=not_there, present=True)
    conflict = services.conflict_record(paragraph=p2, attendee=member, substitute=not_there)
    serving = selectors.serving_ids(selectors.protocol_get(protocol.pk), p2)
    assert member.pk not in serving and not_there.pk in serving
    assert not p2.reservations.filter(attendee=member).exists()  # a member with jäv took no part
    p3 = protocol.paragraphs.get(position=3)
    assert member.pk in selectors.serving_ids(selectors.protocol_get(protocol.pk), p3)  # that paragraph only
    with pytest.raises(ValidationError, match="tjänstgör inte"):
        services.vote_record(
            paragraph=p2, yes_means="a", no_means="b", choices={member.pk: "ja", **dict.fromkeys(serving, "ja")}
        )
    assert conflict.pk


def test_adjustment_needs_the_adjusters_with_their_password_and_makes_the_protocol_final(
    django_capture_on_commit_callbacks,
):
    s = setup_meeting()
    protocol = _draft(s)
    p2 = protocol.paragraphs.get(position=2)
    services.paragraph_update(
        paragraph=p2,
        decision="Ärendet återremitteras.",
        extract_recipients="Sekretariatet <sekr@example.org>\nBräcke kommun",
    )
    p3 = protocol.paragraphs.get(position=3)
    services.paragraph_update(paragraph=p3, case_outcome=Paragraph.Outcome.CLOSED)
    with pytest.raises(ValidationError, match="inte valt justerare"):
        services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=dt.date(2020, 2, 20), by=s.secretary)
    with pytest.raises(ValidationError, match="Fel lösenord"):
        services.protocol_approve(protocol=protocol, user=s.chair, password="fel")
    with pytest.raises(ValidationError, match="inte justerare"):
        services.protocol_approve(protocol=protocol, user=s.members[1], password=TEST_PASSWORD)
    first = services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    assert not first.already_approved
    assert services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD).pk == first.pk
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.DRAFT and protocol.numbers_fixed

    with django_capture_on_commit_callbacks(execute=True):
        last = services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol.refresh_from_db()
    assert protocol.is_adjusted and protocol.content_sha256 == first.content_sha256 == last.content_sha256
    assert Meeting.objects.get(pk=s.meeting.pk).status == Meeting.Status.ADJUSTED
    # Cases follow: beslutat, and closed where nothing remains.
    assert Case.objects.get(pk=s.cases[0].pk).status == Case.Status.DECIDED
    assert Case.objects.get(pk=s.cases[1].pk).status == Case.Status.CLOSED
    # The notice board: posted today, one posting per party, no deadline yet.
    notice = selectors.notice_view(protocol)
    assert notice.notice.posted_on == timezone.localdate() and len(notice.missing) == 3 and notice.deadline is None
    # The stored PDFs and the extracts (the outbox job ran after commit).
    assert protocol.pdf.sha256 and protocol.public_pdf.sha256 and protocol.pdf.variant == "pdf/a-2u"
    for stored in (protocol.pdf, protocol.public_pdf, p2.__class__.objects.get(pk=p2.pk).extract.pdf):
        assert pdfa_problems(archived_bytes(stored)) == [], stored.title
    extract = p2.__class__.objects.get(pk=p2.pk).extract
    assert extract.document.kind == Document.Kind.EXTRACT and extract.document.direction == Document.Direction.OUTGOING
    assert extract.document.case_id == s.cases[0].pk and extract.document.files.count() == 1
    assert list(MailRecipient.objects.filter(mail=extract.mail).values_list("address", flat=True)) == [
        "sekr@example.org"
    ]
    assert OutgoingMail.objects.get(pk=extract.mail_id).attachments.count() == 1
    # Adjusting twice, editing afterwards: refused with a clear message.
    with pytest.raises(ValidationError, match="redan justerat"):
        services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    with pytest.raises(ValidationError, match="justerat och kan inte ändras"):
        services.paragraph_update(paragraph=p2, decision="Något annat")
    with pytest.raises(ValidationError, match="justerat"):
        services.attendee_add_other(protocol=protocol, name="Sen gäst")


def test_changing_the_text_after_an_approval_needs_a_new_approval():
    s = setup_meeting()
    protocol = _draft(s)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    services.paragraph_update(paragraph=protocol.paragraphs.get(position=2), motions="Ett nytt yrkande.")
    services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol.refresh_from_db()
    assert not protocol.is_adjusted  # the chair approved another text
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    protocol.refresh_from_db()
    assert protocol.is_adjusted and protocol.approvals.count() == 3


def test_numbers_are_fixed_once_adjustment_starts():
    s = setup_meeting()
    protocol = _draft(s)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    with pytest.raises(ValidationError, match="fastställda"):
        services.protocol_sync_items(protocol=protocol)
    with pytest.raises(ValidationError, match="Justeringen har börjat"):
        services.adjusters_set(protocol=protocol, people=[s.members[1]], adjustment_on=None)


def test_immediate_adjustment_fixes_one_paragraph_and_moves_its_case(django_capture_on_commit_callbacks):
    s = setup_meeting()
    protocol = _draft(s)
    p2 = protocol.paragraphs.get(position=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.paragraph_adjust_immediately(paragraph=p2, by=s.secretary)
    p2.refresh_from_db()
    assert p2.immediately_adjusted_at and Case.objects.get(pk=s.cases[0].pk).status == Case.Status.DECIDED
    assert p2.extract.pdf.kind == "extract"
    with pytest.raises(ValidationError, match="omedelbart justerad"):
        services.paragraph_update(paragraph=p2, decision="Ändrat")
    services.paragraph_update(paragraph=protocol.paragraphs.get(position=3), motions="Går fortfarande att ändra.")


def test_party_posting_by_representative_or_secretariat_and_deadline_follows_the_latest():
    s = setup_meeting()
    protocol = _adjust(s, _draft(s))
    notice = protocol.notice
    postings = {p.party_id: p for p in notice.postings.all()}
    from common.tests.factories import UserFactory

    representative = UserFactory()
    PartyRepresentative.objects.create(user=representative, party=s.parties[0])
    stranger = UserFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Bara sekretariatet"):
        services.party_posting_record(posting=postings[s.parties[0].pk], posted_on=today, by=stranger)
    with pytest.raises(ValidationError, match="framtiden"):
        services.party_posting_record(
            posting=postings[s.parties[0].pk], posted_on=today + dt.timedelta(days=1), by=representative
        )
    with pytest.raises(ValidationError, match="före justeringen"):
        services.party_posting_record(
            posting=postings[s.parties[0].pk], posted_on=today - dt.timedelta(days=1), by=representative
        )
    with pytest.raises(ValidationError, match="Bara sekretariatet"):  # not the representative's own party
        services.party_posting_record(posting=postings[s.parties[1].pk], posted_on=today, by=representative)
    services.party_posting_record(posting=postings[s.parties[0].pk], posted_on=today, by=representative)
    services.party_posting_record(posting=postings[s.parties[1].pk], posted_on=today, by=s.secretary)
    assert selectors.notice_view(protocol).deadline is None
    assert [p.party for p in selectors.notice_view(protocol).missing] == [s.parties[2]]
    services.party_posting_record(posting=postings[s.parties[2].pk], posted_on=today, by=s.secretary)
    assert selectors.notice_view(protocol).deadline == today + dt.timedelta(weeks=3)
    with pytest.raises(ValidationError, match="redan registrerat"):
        services.party_posting_record(
            posting=postings[s.parties[2].pk], posted_on=today - dt.timedelta(days=1), by=s.secretary
        )


def test_late_party_moves_the_deadline():
    s = setup_meeting()
    protocol = _adjust(s, _draft(s))
    notice = protocol.notice
    day = notice.posted_on
    # Recorded dates as they were: postings rows are updated in the database directly for the past dates.
    rows = list(notice.postings.order_by("pk"))
    PartyPosting.objects.filter(pk=rows[0].pk).update(posted_on=day)
    PartyPosting.objects.filter(pk=rows[1].pk).update(posted_on=day)
    PartyPosting.objects.filter(pk=rows[2].pk).update(posted_on=day + dt.timedelta(days=5))
    view = selectors.notice_view(protocol)
    assert view.deadline == day + dt.timedelta(days=26)
    assert view.take_down_on == day + dt.timedelta(days=27)


def test_reminders_go_to_the_missing_parties_once_a_day():
    s = setup_meeting()
    protocol = _adjust(s, _draft(s))
    from common.tests.factories import UserFactory

    for party in s.parties:
        PartyRepresentative.objects.create(user=UserFactory(), party=party)
    postings = list(protocol.notice.postings.order_by("pk"))
    services.party_posting_record(posting=postings[0], posted_on=protocol.notice.posted_on, by=s.secretary)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.notice_board_remind(today=tomorrow) == 2
    assert services.notice_board_remind(today=tomorrow) == 0
    assert OutgoingMail.objects.filter(context__startswith="anslag:").count() == 2


def test_delegated_decisions_are_reported_by_the_delegation_item():
    s = setup_meeting()
    decision = services.delegated_decision_record(
        committee=s.committee,
        subject="Avtal om konsultstöd",
        decided_by="Regiondirektören",
        delegation_point="3.2",
        decided_on=dt.date(2020, 1, 20),
    )
    with pytest.raises(ValidationError, match="framtiden"):
        services.delegated_decision_record(
            committee=s.committee,
            subject="x",
            decided_by="y",
            delegation_point="1",
            decided_on=timezone.localdate() + dt.timedelta(days=1),
        )
    AgendaItem.objects.create(meeting=s.meeting, position=9, kind="delegation", title="Anmälan av delegationsbeslut")
    protocol = _draft(s)
    paragraph = protocol.paragraphs.get(item__kind="delegation")
    assert DelegatedDecision.objects.get(pk=decision.pk).reported_in == paragraph


def test_decisions_of_year_for_the_annual_report(django_assert_num_queries):
    s = setup_meeting()
    protocol = _draft(s)
    services.paragraph_update(paragraph=protocol.paragraphs.get(position=2), decision="Beslut som skiljer sig.")
    assert selectors.decisions_of_year(s.committee, 2020) == []  # drafts are not decisions
    _adjust(s, protocol)
    with django_assert_num_queries(1):
        decisions = selectors.decisions_of_year(s.committee, 2020)
    assert [d.number for d in decisions] == [1, 2, 3, 4]
    assert decisions[1].decision == "Beslut som skiljer sig." and decisions[1].meeting_date == dt.date(2020, 2, 14)
    assert decisions[1].case_number == s.cases[0].number


def test_a_secret_decision_document_is_listed_masked_in_the_paragraph():
    from cases.tests.factories import DocumentFactory
    from meetings.models import AgendaItemDocument

    s = setup_meeting()
    item = s.meeting.items.get(position=2)
    open_doc = DocumentFactory(case=s.cases[0], description="Tjänsteskrivelse")
    secret = DocumentFactory(
        case=s.cases[0],
        description="Säkerhetsanalys av serverhallen",
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_authority="GNS",
    )
    AgendaItemDocument.objects.create(item=item, document=open_doc, position=1)
    AgendaItemDocument.objects.create(item=item, document=secret, position=2)
    paragraph = _draft(s).paragraphs.get(item=item)
    assert "Tjänsteskrivelse" in paragraph.decision_documents
    assert "Säkerhetsanalys" not in paragraph.decision_documents
    assert f"{secret.reference} (sekretess, OSL 18 kap. 8 §)" in paragraph.decision_documents


def test_a_meeting_without_notice_gets_no_protocol_and_drafting_marks_it_held():
    s = setup_meeting()
    Meeting.objects.filter(pk=s.meeting.pk).update(status=Meeting.Status.NOTICE_SENT)
    _draft(s)
    assert Meeting.objects.get(pk=s.meeting.pk).status == Meeting.Status.HELD
    other = add_meeting(s.committee, date=dt.date(2020, 3, 27))
    Meeting.objects.filter(pk=other.pk).update(status=Meeting.Status.PLANNED, published_at=None)
    with pytest.raises(ValidationError, match="ingen kallelse"):
        services.protocol_draft(meeting=other, by=s.secretary)


def test_a_protocol_with_a_paragraph_without_decision_cannot_be_adjusted():
    s = setup_meeting()
    protocol = _draft(s)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    Paragraph.objects.filter(protocol=protocol, position=1).update(decision="")  # the opening item had no proposal
    with pytest.raises(ValidationError, match="saknar beslut"):
        services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    assert not protocol.approvals.exists()


def test_paragraphs_kept_outside_the_portal_take_their_place_in_the_series():
    """A meeting whose protocol is kept outside the portal (written on paper while the committee moved to the
    portal): its § numbers follow the protocols adjusted here, and the next protocol continues after them."""
    s = setup_meeting()  # 2020-02-14: four paragraphs
    adjusted = _adjust(s, _draft(s))
    assert sorted(adjusted.paragraphs.values_list("number", flat=True)) == [1, 2, 3, 4]
    later = add_meeting(s.committee, date=dt.date(2020, 4, 3), cases=[s.cases[0]], items=1)
    draft = services.protocol_draft(meeting=later, by=s.secretary)
    assert sorted(draft.paragraphs.values_list("number", flat=True)) == [5, 6, 7]

    outside = services.outside_paragraphs_record(
        committee=s.committee, year=2020, count=13, kept_at="Sammanträdet 2020-03-06, nämndens arkiv", by=s.secretary
    )
    assert (outside.first_number, outside.last_number) == (5, 17)
    # The draft moves after them; the series stays without gaps.
    assert sorted(draft.paragraphs.values_list("number", flat=True)) == [18, 19, 20]
    services.outside_paragraphs_record(committee=s.committee, year=2020, count=1, kept_at="Per capsulam", by=None)
    assert sorted(draft.paragraphs.values_list("number", flat=True)) == [19, 20, 21]

    with pytest.raises(ValidationError) as error:
        services.outside_paragraphs_record(committee=s.committee, year=2020, count=0, kept_at=" ", by=s.secretary)
    assert set(error.value.message_dict) == {"count", "kept_at"}
    with pytest.raises(ValidationError, match="redan paragrafer"):
        services.paragraph_series_start(committee=s.committee, year=2020, first_number=40, by=s.secretary)
    # Another year is its own series.
    other = services.outside_paragraphs_record(committee=s.committee, year=2021, count=3, kept_at="Arkivet")
    assert (other.first_number, other.last_number) == (1, 3)
