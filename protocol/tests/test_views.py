"""The protocol's pages through HTTP: who sees what, bad input shown next to the field, query counts pinned
(and pinned again after more data)."""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from common.models import Role
from common.tests.factories import UserFactory
from parties.models import PartyRepresentative
from protocol import services
from protocol.models import OutsideParagraphs, Protocol

from .factories import TEST_PASSWORD, add_meeting, setup_meeting

pytestmark = pytest.mark.django_db

# Query counts, pinned: the same with one protocol and with three more.
Q_DETAIL_PUBLIC_FIRST = 13
Q_DETAIL_PUBLIC = 5
Q_DETAIL_EDIT = 13
Q_PARAGRAPH = 14
Q_ADJUST = 11
Q_LIST = 9  # with the secretariat's § numbers kept outside the portal
Q_NOTICE_BOARD = 2
Q_FEED = 2
Q_POSTINGS = 5
Q_OUTSIDE = 5


def _adjusted(s, protocol=None):
    protocol = protocol or services.protocol_draft(meeting=s.meeting, by=s.secretary)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol.refresh_from_db()
    return protocol


def _more_protocols(s, n=3):
    for i in range(n):
        meeting = add_meeting(s.committee, date=dt.date(2020, 3, 2 + i), cases=[CaseFactory()], items=2)
        _adjusted(s, services.protocol_draft(meeting=meeting, by=s.secretary))


def test_draft_is_hidden_from_the_public_and_members_until_adjusted(client):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    url = reverse("protocol:detail", args=[protocol.pk])
    assert client.get(url).status_code == 404
    client.force_login(s.members[2])
    assert client.get(url).status_code == 404
    client.force_login(s.chair)  # the chair adjusts: sees the draft
    assert client.get(url).status_code == 200
    _adjusted(s, protocol)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and "Justerat" in response.content.decode()


def test_public_protocol_masks_a_secret_paragraph(client):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    secret = protocol.paragraphs.get(position=2)
    services.paragraph_update(paragraph=secret, is_public=False, secrecy_note="OSL 19 kap. 3 §", summary="Hemlig text")
    _adjusted(s, protocol)
    html = client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()
    assert "Hemlig text" not in html and "OSL 19 kap. 3 §" in html and "Sekretess" in html
    client.force_login(s.members[2])
    assert "Hemlig text" in client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()
    # The kept content: the full version for those entitled, the masked one for the public, in either order.
    cache.clear()
    assert "Hemlig text" in client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()
    client.logout()
    html = client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()
    assert "Hemlig text" not in html and "OSL 19 kap. 3 §" in html


def test_detail_query_counts_public_and_editing(client, django_assert_num_queries):
    s = setup_meeting()
    draft_meeting = add_meeting(s.committee, date=dt.date(2020, 4, 3), cases=[CaseFactory()], items=1)
    protocol = _adjusted(s)
    draft = services.protocol_draft(meeting=draft_meeting, by=s.secretary)
    cache.clear()
    with django_assert_num_queries(Q_DETAIL_PUBLIC_FIRST):  # the content is rendered once and kept
        assert client.get(reverse("protocol:detail", args=[protocol.pk])).status_code == 200
    with django_assert_num_queries(Q_DETAIL_PUBLIC):
        assert client.get(reverse("protocol:detail", args=[protocol.pk])).status_code == 200
    client.force_login(s.secretary)
    with django_assert_num_queries(Q_DETAIL_EDIT):
        assert client.get(reverse("protocol:detail", args=[draft.pk])).status_code == 200
    # More paragraphs, votes and reservations: the same number of queries.
    p = draft.paragraphs.get(position=2)
    member = draft.attendees.get(person=s.members[1])
    services.reservation_add(paragraph=p, attendee=member, grounds="Skäl")
    services.attendee_add_other(protocol=draft, name="Gäst", description="föredragande")
    with django_assert_num_queries(Q_DETAIL_EDIT):
        assert client.get(reverse("protocol:detail", args=[draft.pk])).status_code == 200
    with django_assert_num_queries(Q_PARAGRAPH):
        assert client.get(reverse("protocol:paragraph", args=[draft.pk, p.pk])).status_code == 200


def test_paragraph_form_keeps_input_and_shows_the_error_next_to_the_field(client):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    p = protocol.paragraphs.get(position=2)
    client.force_login(s.secretary)
    url = reverse("protocol:paragraph", args=[protocol.pk, p.pk])
    response = client.post(
        url, {"action": "text", "text-title": "Ny rubrik", "text-decision": "", "text-motions": "Mitt yrkande"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Skriv beslutet." in html and "Mitt yrkande" in html
    response = client.post(
        url,
        {
            "action": "text",
            "text-title": "Ny rubrik",
            "text-decision": "Annat beslut",
            "text-is_public": "",
            "text-case_outcome": "decided",
        },
    )
    assert response.status_code == 200 and "Ange sekretessgrunden" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "text",
            "text-title": "Ny rubrik",
            "text-decision": "Annat beslut",
            "text-is_public": "on",
            "text-case_outcome": "decided",
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.decision == "Annat beslut" and p.decision_differs


def test_vote_by_form_and_reservation_by_someone_absent_is_refused(client):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    p = protocol.paragraphs.get(position=2)
    client.force_login(s.secretary)
    url = reverse("protocol:paragraph", args=[protocol.pk, p.pk])
    members = list(protocol.attendees.filter(kind="member"))
    data = {"action": "vote", "vote-yes_means": "Bifall", "vote-no_means": "Avslag"}
    data.update({f"vote-choice_{a.pk}": ("ja" if i < 3 else "nej") for i, a in enumerate(members)})
    assert client.post(url, data).status_code == 302
    p.refresh_from_db()
    assert (p.vote.yes_count, p.vote.no_count, p.vote.outcome) == (3, 2, "ja")
    absent = protocol.attendees.get(person=s.substitutes[0])
    response = client.post(url, {"action": "reservation", "res-attendee": absent.pk})
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()


def test_adjust_page_requires_password_and_two_adjusters_make_it_final(client, django_assert_num_queries):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    client.force_login(s.secretary)
    response = client.post(
        reverse("protocol:adjusters", args=[protocol.pk]),
        {"people": [str(s.members[0].pk)], "adjustment_on": "2020-02-20", "adjustment_place": "Digitalt"},
    )
    assert response.status_code == 302
    assert client.get(reverse("protocol:adjust", args=[protocol.pk])).status_code == 403  # not an adjuster
    client.force_login(s.chair)
    url = reverse("protocol:adjust", args=[protocol.pk])
    with django_assert_num_queries(Q_ADJUST):
        assert client.get(url).status_code == 200
    response = client.post(url, {"password": "fel"})
    assert response.status_code == 200 and "Fel lösenord" in response.content.decode()
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 302
    client.force_login(s.members[0])
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 302
    protocol.refresh_from_db()
    assert protocol.is_adjusted
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 302  # already adjusted: back to the page


def test_list_query_count_is_pinned(client, django_assert_num_queries):
    s = setup_meeting()
    _adjusted(s)
    client.force_login(s.secretary)
    with django_assert_num_queries(Q_LIST):
        assert client.get(reverse("protocol:list")).status_code == 200
    _more_protocols(s)
    with django_assert_num_queries(Q_LIST):
        response = client.get(reverse("protocol:list"))
    assert response.content.decode().count("Justerat") >= 4


def test_list_warns_about_protocols_due_for_adjustment(client):
    s = setup_meeting(date=timezone.localdate() - dt.timedelta(days=15))
    client.force_login(s.secretary)
    html = client.get(reverse("protocol:list")).content.decode()
    assert "försenat" in html and "protokollet är inte påbörjat" in html


def test_notice_board_shows_deadline_and_missing_parties(client, django_assert_num_queries):
    s = setup_meeting()
    protocol = _adjusted(s)
    with django_assert_num_queries(Q_NOTICE_BOARD):
        html = client.get(reverse("protocol:notice_board")).content.decode()
    assert "inte anslaget ännu" in html and "Ännu inte bestämd" in html
    for posting in protocol.notice.postings.all():
        services.party_posting_record(posting=posting, posted_on=protocol.notice.posted_on, by=s.secretary)
    _more_protocols(s)
    with django_assert_num_queries(Q_NOTICE_BOARD):
        html = client.get(reverse("protocol:notice_board")).content.decode()
    deadline = protocol.notice.posted_on + dt.timedelta(weeks=3)
    assert f"{deadline:%Y-%m-%d}" in html and "Sista dag att överklaga" in html
    with django_assert_num_queries(Q_FEED):
        feed = client.get(reverse("protocol:notice_board_feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 4


def test_party_representative_records_their_own_party_posting(client, django_assert_num_queries):
    s = setup_meeting()
    protocol = _adjusted(s)
    rep = UserFactory(roles=[Role.PARTY_REPRESENTATIVE])
    PartyRepresentative.objects.create(user=rep, party=s.parties[1])
    client.force_login(rep)
    with django_assert_num_queries(Q_POSTINGS):
        html = client.get(reverse("protocol:party_postings")).content.decode()
    assert s.parties[1].name in html and s.parties[0].name not in html
    own = protocol.notice.postings.get(party=s.parties[1])
    other = protocol.notice.postings.get(party=s.parties[0])
    day = f"{protocol.notice.posted_on:%Y-%m-%d}"
    assert (
        client.post(
            reverse("protocol:party_postings"), {"posting": other.pk, f"p{other.pk}-posted_on": day}
        ).status_code
        == 403
    )
    bad = client.post(reverse("protocol:party_postings"), {"posting": own.pk, f"p{own.pk}-posted_on": "2000-01-01"})
    assert bad.status_code == 200 and "före justeringen" in bad.content.decode()
    assert (
        client.post(reverse("protocol:party_postings"), {"posting": own.pk, f"p{own.pk}-posted_on": day}).status_code
        == 302
    )
    own.refresh_from_db()
    assert own.posted_on == protocol.notice.posted_on and own.recorded_by == rep


def test_pdf_and_extract_are_served_as_stored(client, django_capture_on_commit_callbacks):
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    services.adjusters_set(protocol=protocol, people=[s.members[0]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD)
    protocol = Protocol.objects.select_related("pdf", "public_pdf").get(pk=protocol.pk)
    response = client.get(reverse("protocol:pdf", args=[protocol.pk]))
    assert response.status_code == 200 and response["X-Content-SHA256"] == protocol.public_pdf.sha256
    client.force_login(s.members[1])
    assert client.get(reverse("protocol:pdf", args=[protocol.pk]))["X-Content-SHA256"] == protocol.pdf.sha256
    paragraph = protocol.paragraphs.get(position=2)
    extract = client.get(reverse("protocol:extract_pdf", args=[paragraph.pk]))
    assert extract.status_code == 200 and extract.content.startswith(b"%PDF")


def test_delegated_decisions_page(client, django_assert_num_queries):
    s = setup_meeting()
    client.force_login(s.secretary)
    url = reverse("protocol:delegated")
    response = client.post(
        url,
        {
            "subject": "Avtal",
            "decided_by": "Regiondirektören",
            "delegation_point": "3.2",
            "decided_on": "2020-01-20",
            "case_number": "XYZ/99/2020",
        },
    )
    assert response.status_code == 200 and "finns inte" in response.content.decode()
    response = client.post(
        url,
        {
            "subject": "Avtal",
            "decided_by": "Regiondirektören",
            "delegation_point": "3.2",
            "decided_on": "2020-01-20",
            "case_number": s.cases[0].number,
        },
    )
    assert response.status_code == 302
    with django_assert_num_queries(5):
        assert "Inte anmält ännu" in client.get(url).content.decode()


def test_a_serving_substitute_is_shown_entering_at_the_paragraph_number(client):
    """The substitute enters before a paragraph: the protocol names its § number, not its place in the list."""
    s = setup_meeting()
    services.paragraph_series_start(committee=s.committee, year=2020, first_number=40, by=s.secretary)
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    absent = protocol.attendees.get(person=s.members[3])
    services.attendee_set_present(attendee=absent, present=False, by=s.secretary)
    substitute = protocol.attendees.get(person=s.substitutes[0])
    services.attendee_replace(substitute=substitute, replaces=absent, from_position=2, by=s.secretary)
    number = protocol.paragraphs.get(position=2).number
    assert number == 41  # the year's series continues from §40
    client.force_login(s.secretary)
    html = client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()
    assert f"från och med §{number}" in html and "i ordningen" not in html
    _adjusted(s, protocol)
    client.logout()
    assert f"från och med §{number}" in client.get(reverse("protocol:detail", args=[protocol.pk])).content.decode()


def test_secretariat_records_paragraphs_kept_outside_the_portal_after_a_confirmation(client, django_assert_num_queries):
    s = setup_meeting()
    _adjusted(s)  # §1–§4 of 2020
    url = reverse("protocol:outside")
    client.force_login(s.members[0])
    assert client.get(url).status_code == 403
    client.force_login(s.secretary)
    with django_assert_num_queries(Q_OUTSIDE):
        assert client.get(url).status_code == 200
    # Bad input: the messages next to the fields, what was typed kept.
    token = str(uuid.uuid4())  # the form's hidden one-time key
    html = client.post(
        url, {"committee": "9" * 30, "year": "20x0", "count": "0", "kept_at": "Arkivet, hylla 3", "token": token}
    ).content
    html = html.decode()
    assert "Välj en av nämnderna." in html and "Skriv året med fyra siffror." in html and "Minst en paragraf." in html
    assert 'value="Arkivet, hylla 3"' in html and 'value="20x0"' in html
    data = {
        "committee": str(s.committee.pk),
        "year": "2020",
        "count": "3",
        "kept_at": "Sammanträdet 2020-03-06, arkivet",
        "token": token,
    }
    confirm = client.post(url, data).content.decode()
    assert "kan inte ändras eller tas bort" in confirm and not OutsideParagraphs.objects.exists()
    response = client.post(url, {**data, "bekraftat": "ja"}, follow=True)
    assert "§5–7 2020 är registrerade" in response.content.decode()
    client.post(url, {**data, "bekraftat": "ja"})  # the confirmation submitted twice: one record
    assert OutsideParagraphs.objects.count() == 1
    assert "Sammanträdet 2020-03-06, arkivet" in client.get(reverse("protocol:list")).content.decode()
    _more_protocols(s, n=1)  # the next protocol continues after them
    assert Protocol.objects.order_by("-pk").first().paragraphs.order_by("number").first().number == 8
    with django_assert_num_queries(Q_OUTSIDE):
        assert client.get(url).status_code == 200
