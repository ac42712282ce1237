"""Requests for public documents (TF 2 kap. 15–18 §§): from the public page to the registrar's answer."""

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.tests.factories import CaseFactory, DiaryFactory, DocumentFactory, secretariat, user_with
from cases.tests.helpers import pdf_bytes, upload
from common.models import OutgoingMail, Role
from disclosure import selectors, services
from disclosure.models import DisclosureRequest

pytestmark = pytest.mark.django_db


REPORT_PDF = pdf_bytes("Slutrapport")


@pytest.fixture
def world():
    case = CaseFactory(diary=DiaryFactory(), title="Förstudie serverdrift", registered_on=dt.date(2019, 3, 1))
    public = DocumentFactory(case=case, description="Slutrapport förstudie", upload=upload("rapport.pdf", REPORT_PDF))
    secret = DocumentFactory(
        case=case,
        description="Säkerhetsanalys",
        upload=upload("analys.txt", b"Brandvaggar"),
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_authority="Region Jämtland Härjedalen",
    )
    return {"case": case, "public": public, "secret": secret}


def _form(**fields):
    return {"token": str(uuid.uuid4()), "wanted": "Slutrapporten", "format": "electronic", "email": "", **fields}


def _submit(world, *, document=None, **fields):
    return services.disclosure_request_submit(
        case=world["case"],
        document=document,
        wanted=fields.pop("wanted", "Slutrapporten"),
        format=fields.pop("format", "on_site"),
        token=fields.pop("token", uuid.uuid4()),
        **fields,
    )


# --- The public form ----------------------------------------------------------------------------------------


@override_settings(REGISTRAR_EMAIL="registrator@region.example")
def test_anyone_may_request_anonymously_and_the_registrar_is_notified(
    client, world, django_capture_on_commit_callbacks
):
    url = reverse("public_request:create", args=[world["case"].pk])
    page = client.get(url + f"?handling={world['public'].pk}")
    html = page.content.decode()
    assert page.status_code == 200 and f'<option value="{world["public"].pk}" selected>' in html
    assert "Du behöver inte tala om vem du är" in html and "registrator@region.example" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(document=world["public"].pk, format="on_site"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "public_diary:detail", args=[world["case"].pk]
    )
    request = DisclosureRequest.objects.get()
    year = timezone.localdate().year
    assert request.number == f"BEG/1/{year}" and request.name == "" and request.email == ""
    assert request.document == world["public"] and request.is_open
    assert [m.to for m in mail.outbox] == [["registrator@region.example"]]
    assert request.number in mail.outbox[0].subject and "Slutrapporten" in mail.outbox[0].body
    assert OutgoingMail.objects.get().context == f"begaran:{request.pk}"
    assert f"registrerad som BEG/1/{year}" in client.get(response["Location"]).content.decode()
    second = _submit(world)
    assert second.number == f"BEG/2/{year}"


def test_every_public_case_and_document_offers_the_request(client, world):
    html = client.get(reverse("public_diary:detail", args=[world["case"].pk])).content.decode()
    base = reverse("public_request:create", args=[world["case"].pk])
    assert f'href="{base}"' in html
    for document in (world["public"], world["secret"]):
        assert f'href="{base}?handling={document.pk}"' in html


def test_an_email_is_needed_only_for_an_answer_by_email(client, world):
    url = reverse("public_request:create", args=[world["case"].pk])
    response = client.post(url, _form(format="electronic", wanted="Allt i ärendet", name="Kim"))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_email_error"' in html
    assert "Allt i ärendet" in html and 'value="Kim"' in html and not DisclosureRequest.objects.exists()
    response = client.post(url, _form(format="paper"))
    assert 'id="id_postal_address_error"' in response.content.decode()
    assert client.post(url, _form(format="electronic", email="kim@example.org")).status_code == 302


def test_the_same_form_twice_registers_one_request(client, world):
    url = reverse("public_request:create", args=[world["case"].pk])
    data = _form(format="on_site")
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert DisclosureRequest.objects.count() == 1
    assert _submit(world, token=data["token"]).already_submitted


def test_a_script_in_the_name_is_stored_as_text_and_shown_escaped(client, world):
    url = reverse("public_request:create", args=[world["case"].pk])
    client.post(url, _form(format="on_site", name='<script>alert("x")</script>'))
    request = DisclosureRequest.objects.get()
    assert request.name == '<script>alert("x")</script>'
    client.force_login(secretariat())
    html = client.get(reverse("disclosure:detail", args=[request.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_a_huge_text_gets_a_clear_message_and_no_500(client, world):
    url = reverse("public_request:create", args=[world["case"].pk])
    long = client.post(url, _form(format="on_site", wanted="x" * 100_000))
    assert long.status_code == 200 and "Skriv högst 4 000 tecken" in long.content.decode()
    huge = client.post(url, _form(format="on_site", wanted="x" * (10 * 1024 * 1024 + 1)))
    assert huge.status_code == 413 and "Begäran var för stor" in huge.content.decode()
    assert not DisclosureRequest.objects.exists()


@override_settings(RATE_LIMIT_DISCLOSURE_PER_IP="3/m")
def test_many_requests_from_one_address_are_throttled_with_the_text_kept(client, world):
    url = reverse("public_request:create", args=[world["case"].pk])
    statuses = [client.post(url, _form(format="on_site", wanted=f"Handling {i}")).status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    response = client.post(url, _form(format="on_site", wanted="Den sista"))
    assert "många begäranden" in response.content.decode() and "Den sista" in response.content.decode()
    assert DisclosureRequest.objects.count() == 3
    other = client.post(url, _form(format="on_site"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_a_withheld_case_can_still_be_requested_by_its_number(client, world):
    case_services.case_set_publication(case=world["case"], withheld=True, reason="Personalärende")
    url = reverse("public_request:create", args=[world["case"].pk])
    html = client.get(url).content.decode()
    assert "Förstudie" not in html and "Slutrapport" not in html and world["case"].number in html
    assert client.post(url, _form(format="on_site", document=world["public"].pk)).status_code == 200  # not offered
    assert client.post(url, _form(format="on_site")).status_code == 302


# --- The secretariat's queue and answers --------------------------------------------------------------------


def test_the_queue_is_sorted_by_age_and_flags_requests_older_than_a_working_day(client, world):
    old = _submit(world, wanted="Gammal")
    new = _submit(world, wanted="Ny")
    monday = timezone.make_aware(dt.datetime(2026, 3, 23, 9, 0))
    DisclosureRequest.objects.filter(pk=old.pk).update(received_at=monday)
    rows = selectors.with_waiting(
        selectors.disclosure_queue(user=secretariat()), today=timezone.localdate(new.received_at)
    )
    assert [r.pk for r in rows] == [old.pk, new.pk]
    assert rows[0].overdue and not rows[1].overdue
    client.force_login(secretariat())
    html = client.get(reverse("disclosure:queue")).content.decode()
    assert html.index(old.number) < html.index(new.number) and "Försenad" in html


def test_only_the_secretariat_of_the_diary_sees_its_requests(client, world):
    from committee.tests.factories import CommitteeFactory
    from common.services import role_grant

    request = _submit(world)
    client.force_login(user_with(Role.CASE_OFFICER))
    assert client.get(reverse("disclosure:queue")).status_code == 403
    other_diary = DiaryFactory(prefix="UPH", name="Upphandlingsnämnden")
    committee = CommitteeFactory(short_name="UPH", diary=other_diary)
    other = user_with()
    role_grant(user=other, role=Role.SECRETARIAT, committee=committee)
    client.force_login(other)
    assert client.get(reverse("disclosure:detail", args=[request.pk])).status_code == 404
    assert request.number not in client.get(reverse("disclosure:queue")).content.decode()


def test_a_request_for_a_secret_document_starts_as_a_refusal_naming_the_ground(
    client, world, django_capture_on_commit_callbacks
):
    request = _submit(world, document=world["secret"], format="electronic", email="kim@example.org")
    client.force_login(secretariat())
    url = reverse("disclosure:detail", args=[request.pk])
    html = client.get(url).content.decode()
    assert re.search(r'<input type="radio" name="outcome" value="refused"[^>]* checked>', html), html
    assert 'value="OSL 18 kap. 8 §"' in html
    refused = client.post(url, {"outcome": "released", "legal_ground": "", "message": ""})
    assert refused.status_code == 400 and "sekretessmarkerad" in refused.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"outcome": "refused", "legal_ground": "OSL 18 kap. 8 §", "message": "Sekretess."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.outcome == "refused" and request.legal_ground == "OSL 18 kap. 8 §"
    assert "kammarrätten" in request.answer_text and "OSL 18 kap. 8 §" in request.answer_text
    assert [m.to for m in mail.outbox] == [["kim@example.org"]] and "kammarrätten" in mail.outbox[0].body
    assert mail.outbox[0].attachments == []


def test_a_release_sends_the_file_and_an_answer_is_given_once(world, django_capture_on_commit_callbacks):
    request = _submit(world, document=world["public"], format="electronic", email="kim@example.org")
    registrar = secretariat()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_answer(request=request, outcome="released", by=registrar, message="Här är rapporten.")
    assert len(mail.outbox) == 1
    ((name, content, mimetype),) = mail.outbox[0].attachments
    assert name == "rapport.pdf" and content.startswith(b"%PDF") and mimetype == "application/pdf"
    with pytest.raises(ValidationError, match="besvarades redan"):
        services.disclosure_answer(request=request, outcome="refused", legal_ground="OSL 18 kap. 8 §", by=registrar)


def test_a_partial_release_needs_the_ground_and_the_masked_copy(world, django_capture_on_commit_callbacks):
    request = _submit(world, document=world["secret"], format="electronic", email="kim@example.org")
    registrar = secretariat()
    with pytest.raises(ValidationError):
        services.disclosure_answer(request=request, outcome="partial", by=registrar, legal_ground="OSL 18 kap. 8 §")
    with pytest.raises(ValidationError):
        services.disclosure_answer(
            request=request, outcome="partial", by=registrar, masked_upload=upload("m.pdf", pdf_bytes("maskerad"))
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_answer(
            request=request,
            outcome="partial",
            by=registrar,
            legal_ground="OSL 18 kap. 8 §",
            masked_upload=upload("maskerad.pdf", pdf_bytes("Brandväggar: [maskerat]")),
        )
    request.refresh_from_db()
    assert request.masked_file_name == "maskerad.pdf" and request.released_file is None
    assert [a[0] for a in mail.outbox[0].attachments] == ["maskerad.pdf"]
    assert "kammarrätten" in mail.outbox[0].body


def test_an_answer_without_email_is_recorded_for_post_or_on_site(world):
    request = _submit(world, format="paper", postal_address="Box 1\n840 60 Bräcke")
    services.disclosure_answer(request=request, outcome="released", by=secretariat())
    assert not OutgoingMail.objects.filter(context__startswith="begaran-svar").exists()
    assert DisclosureRequest.objects.get(pk=request.pk).answered_at is not None


def test_the_database_keeps_answers_complete():
    case = CaseFactory()
    request = services.disclosure_request_submit(case=case, wanted="x", format="on_site", token=uuid.uuid4())
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(outcome="refused", answered_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(outcome="released")


# --- Query counts ---------------------------------------------------------------------------------------------


def test_queue_and_detail_pin_their_query_counts(client, world, django_assert_num_queries):
    client.force_login(secretariat())
    first = _submit(world, document=world["public"])
    services.disclosure_answer(request=_submit(world), outcome="released", by=secretariat())
    for _ in range(2):
        with django_assert_num_queries(5):
            assert client.get(reverse("disclosure:queue")).status_code == 200
        with django_assert_num_queries(5):
            assert client.get(reverse("disclosure:queue") + "?visa=besvarade").status_code == 200
        with django_assert_num_queries(5):
            assert client.get(reverse("disclosure:detail", args=[first.pk])).status_code == 200
        for i in range(3):
            request = _submit(world, document=world["secret"] if i else None)
            if i == 2:
                services.disclosure_answer(request=request, outcome="refused", legal_ground="OSL", by=secretariat())
