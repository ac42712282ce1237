"""The public e-diary (issue 13): private persons never by name, descriptions only when free of personal
data, withheld cases, published files (never of a secret document), publishing by default per kind."""

import csv
import datetime as dt
import io
import string

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import selectors, services
from cases.counterparts import classify_counterpart
from cases.models import Document, DocumentKindSetting
from parties.models import Party

from .factories import CaseFactory, DiaryFactory, DocumentFactory, secretariat
from .helpers import pdf_bytes, upload

pytestmark = pytest.mark.django_db

NAME = "Gunnel Åkerlund"
PRIVATE_DESCRIPTION = "Klagomål från Gunnel Åkerlund om färdtjänsten"


def _body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


def _csv_rows(client, **params):
    return list(csv.reader(io.StringIO(_body(client.get(reverse("public_diary:export"), params))), delimiter=";"))


@pytest.fixture
def diary_with_private_letter():
    case = CaseFactory(diary=DiaryFactory(), title="Färdtjänst i samverkan", registered_on=dt.date(2019, 3, 1))
    letter = DocumentFactory(
        case=case,
        counterpart=NAME,
        counterpart_kind=Document.CounterpartKind.PRIVATE,
        description=PRIVATE_DESCRIPTION,
        upload=upload("brev.pdf", pdf_bytes("Brev från Gunnel")),
    )
    authority = DocumentFactory(case=case, counterpart="Bräcke kommun", description="Yttrande om färdtjänsten")
    return {"case": case, "letter": letter, "authority": authority}


# --- Who a counterpart is -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind",
    [
        ("", ""),
        ("Bräcke kommun", "authority"),
        ("Region Jämtland Härjedalen", "authority"),
        ("Bräcke kommun, kommunstyrelsen", "authority"),
        ("Projektledningen LINK2", "authority"),
        ("Länsstyrelsen Jämtlands län", "authority"),
        ("Konsultbolaget AB", "company"),
        ("Atea Sverige AB", "company"),
        ("Konsult, förstudie IT-serverdrift", "company"),
        ("Gunnel Åkerlund", "private"),
        ("Per Abrahamsson", "private"),  # "AB" inside a name is no company form
        ("Anna Kommunsdotter", "private"),  # nor is "kommun" inside a name an authority
        ("Okänd avsändare", "private"),
    ],
)
def test_classifier_errs_on_the_side_of_a_private_person(name, kind):
    assert classify_counterpart(name) == kind


@given(
    first=st.text(alphabet=string.ascii_letters + "åäöÅÄÖé", min_size=2, max_size=12),
    last=st.text(alphabet=string.ascii_letters + "åäöÅÄÖé-", min_size=2, max_size=14),
)
def test_a_plain_first_and_last_name_is_always_a_private_person(first, last):
    name = f"{first.capitalize()} {last.capitalize()}"
    kind = classify_counterpart(name)
    # A name is an authority or a company only with a whole word for one; a person's name never is,
    # unless it happens to be exactly such a word (then the registrar corrects it).
    if kind != "private":
        assert any(
            part.lower() in {"ab", "hb", "kb", "as", "sa", "bv", "oy", "asa", "aps", "inc", "ltd", "llc"}
            or classify_counterpart(part) != "private"
            for part in name.replace("-", " ").split()
        )


def test_registration_takes_the_kind_from_the_party_register_or_the_name():
    Party.objects.create(name="Ragunda kommun", kind="municipality", code="2303", active_from=dt.date(2010, 1, 1))
    case = CaseFactory()
    by_party = DocumentFactory(case=case, counterpart="Ragunda kommun")
    by_name = DocumentFactory(case=case, counterpart="Lars Persson")
    given_kind = DocumentFactory(case=case, counterpart="Lars Persson", counterpart_kind="company")
    internal = DocumentFactory(case=case, counterpart="", direction="internal")
    assert (by_party.counterpart_kind, by_name.counterpart_kind, given_kind.counterpart_kind) == (
        "authority",
        "private",
        "company",
    )
    assert internal.counterpart_kind == ""


def test_the_form_asks_for_the_kind_unless_the_portal_can_tell(client):
    Party.objects.create(name="Krokoms kommun", kind="municipality", code="2309", active_from=dt.date(2010, 1, 1))
    case = CaseFactory(registered_on=dt.date(2019, 3, 1))
    client.force_login(secretariat())
    url = reverse("cases:document_add", args=[case.pk])
    base = {"direction": "incoming", "kind": "letter", "date": "2019-03-02", "description": "Skrivelse"}
    asked = client.post(url, {**base, "counterpart": "Lars Persson"})
    assert asked.status_code == 200 and 'id="id_counterpart_kind_error"' in asked.content.decode()
    assert 'value="Lars Persson"' in asked.content.decode()
    party = Party.objects.get(name="Krokoms kommun")
    assert client.post(url, {**base, "counterpart_party": party.pk}).status_code == 302
    assert client.post(url, {**base, "counterpart": "Lars Persson", "counterpart_kind": "private"}).status_code == 302
    kinds = list(case.documents.order_by("number").values_list("counterpart", "counterpart_kind"))
    assert kinds == [("Krokoms kommun", "authority"), ("Lars Persson", "private")]


# --- Private persons in public ------------------------------------------------------------------------


def test_a_private_person_is_privatperson_everywhere_in_public(client, diary_with_private_letter):
    case = diary_with_private_letter["case"]
    pages = [
        client.get(reverse("public_diary:list")),
        client.get(reverse("public_diary:list"), {"q": "färdtjänst"}),
        client.get(reverse("public_diary:list"), {"q": "färdtjänst"}, HTTP_HX_REQUEST="true"),
        client.get(reverse("public_diary:detail", args=[case.pk])),
        client.get(reverse("public_diary:export")),
        client.get(reverse("public_request:create", args=[case.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        text = _body(response)
        assert "Åkerlund" not in text and "Klagomål" not in text
    detail = _body(pages[3])
    assert "Privatperson" in detail and "Bräcke kommun" in detail and "Yttrande om färdtjänsten" in detail
    rows = _csv_rows(client)
    assert [r[7] for r in rows[1:]] == ["Privatperson", "Bräcke kommun"]
    assert rows[1][8] == selectors.WITHHELD_DESCRIPTION


def test_the_description_is_shown_once_marked_free_of_personal_data(client, diary_with_private_letter):
    letter = diary_with_private_letter["letter"]
    services.document_update(document=letter, description="Synpunkter på färdtjänsten", description_public=True)
    detail = _body(client.get(reverse("public_diary:detail", args=[letter.case_id])))
    assert "Synpunkter på färdtjänsten" in detail and "Åkerlund" not in detail
    # A changed kind (to an organisation) clears the mark: it means something only for private persons.
    services.document_update(document=letter, counterpart_kind="company")
    letter.refresh_from_db()
    assert not letter.description_public


def test_a_public_copy_is_never_saved(diary_with_private_letter):
    _case, documents = selectors.public_case_get(pk=diary_with_private_letter["case"].pk)
    with pytest.raises(RuntimeError):
        documents[0].save()
    case, _documents = selectors.public_case_get(pk=diary_with_private_letter["case"].pk)
    with pytest.raises(RuntimeError):
        case.save()


NAME_LETTERS = string.ascii_letters + "åäöÅÄÖéü"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.text(alphabet=NAME_LETTERS, min_size=3, max_size=12),
    last=st.text(alphabet=NAME_LETTERS + "-", min_size=4, max_size=16).filter(lambda s: s.strip("-")),
    about=st.text(alphabet=NAME_LETTERS + " ", min_size=0, max_size=40),
)
def test_no_generated_private_name_reaches_any_public_response(client, first, last, about):
    """Names and descriptions generated by hypothesis: neither reaches the list, its search and htmx
    fragment, the case page, the CSV export or the request form (only 'Privatperson' does)."""
    # "Zq", "Zx": never in the pages themselves (a bare generated surname can be "type", as in <!doctype>)
    last = f"Zx{last.strip('-')}"
    name = f"Zq{first} {last}"
    case = CaseFactory(diary=DiaryFactory(), title="Skrivelser från allmänheten", registered_on=dt.date(2019, 3, 1))
    document = DocumentFactory(
        case=case,
        counterpart=name,
        counterpart_kind=Document.CounterpartKind.PRIVATE,
        description=f"Brev från {name} {about}".strip(),
    )
    urls = [
        reverse("public_diary:list"),
        reverse("public_diary:list") + "?q=skrivelser",
        reverse("public_diary:list") + f"?q={case.number}",
        reverse("public_diary:detail", args=[case.pk]),
        reverse("public_diary:export"),
        reverse("public_diary:export") + "?q=skrivelser",
        reverse("public_request:create", args=[case.pk]),
        reverse("public_request:create", args=[case.pk]) + f"?handling={document.pk}",
    ]
    for url in urls:
        text = _body(client.get(url))
        for part in (name, f"Zq{first}", last):
            assert part not in text, (url, part)
    assert "Privatperson" in _body(client.get(reverse("public_diary:detail", args=[case.pk])))


# --- Cases kept out of the e-diary ----------------------------------------------------------------------


def test_a_withheld_case_keeps_its_number_and_date_but_nothing_else(client):
    diary = DiaryFactory()
    before = CaseFactory(diary=diary, title="Budget 2019", registered_on=dt.date(2019, 3, 1))
    withheld = CaseFactory(diary=diary, title="Rekrytering av Kalle Holmgren", registered_on=dt.date(2019, 3, 2))
    DocumentFactory(case=withheld, counterpart="Kalle Holmgren", description="Ansökan Kalle Holmgren")
    with pytest.raises(ValidationError):
        services.case_set_publication(case=withheld, withheld=True, reason=" ")
    services.case_set_publication(case=withheld, withheld=True, reason="Personalärende")
    listing = _body(client.get(reverse("public_diary:list")))
    assert withheld.number in listing and before.number in listing
    assert "Ärende som inte publiceras" in listing and "Holmgren" not in listing
    detail = _body(client.get(reverse("public_diary:detail", args=[withheld.pk])))
    assert withheld.number in detail and "2019-03-02" in detail
    assert "Holmgren" not in detail and "Personalärende" not in detail and "Rekrytering" not in detail
    # The hidden title is not searched (a hit would tell what the case is about); its number is.
    assert withheld.number not in _body(client.get(reverse("public_diary:list"), {"q": "rekrytering"}))
    by_number = _body(client.get(reverse("public_diary:list"), {"q": withheld.number}))
    assert withheld.number in by_number and "Rekrytering" not in by_number
    rows = _csv_rows(client)
    assert [withheld.number, "2019-03-02", "Ärende som inte publiceras"] == rows[1][:3]
    assert not any("Holmgren" in cell or "Rekrytering" in cell for row in rows for cell in row)
    services.case_set_publication(case=withheld, withheld=False)
    assert "Rekrytering" in _body(client.get(reverse("public_diary:detail", args=[withheld.pk])))


def test_withholding_needs_a_reason_in_the_database_too():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(case).objects.filter(pk=case.pk).update(withheld_from_public=True, withheld_reason="")


# --- Published files ----------------------------------------------------------------------------------------


@pytest.fixture
def decision(django_capture_on_commit_callbacks):
    case = CaseFactory(diary=DiaryFactory(), registered_on=dt.date(2019, 3, 1))
    return DocumentFactory(
        case=case,
        direction="internal",
        kind=Document.Kind.DECISION,
        counterpart="",
        description="Beslut om sammanträdestider",
        upload=upload("beslut.pdf", pdf_bytes("Beslut om sammanträdestider 2020")),
    )


def test_a_decision_is_published_by_default_and_served_to_the_public(client, decision):
    assert decision.is_published and decision.published_file.version == 1
    response = client.get(reverse("public_diary:file", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert reverse("public_diary:file", args=[decision.pk]) in _body(
        client.get(reverse("public_diary:detail", args=[decision.case_id]))
    )


def test_defaults_per_kind_are_settings_the_registration_follows():
    assert {s.kind for s in DocumentKindSetting.objects.filter(publish_by_default=True)} == {
        "decision",
        "memo",
        "protocol",
        "extract",
    }
    assert selectors.kind_published_by_default("protocol") and not selectors.kind_published_by_default("letter")
    case = CaseFactory()
    file = lambda: upload("a.pdf", pdf_bytes("x"))  # noqa: E731
    letter = DocumentFactory(case=case, kind="letter", upload=file())
    protocol = DocumentFactory(case=case, kind="protocol", direction="internal", counterpart="", upload=file())
    no_file = DocumentFactory(case=case, kind="memo", direction="internal", counterpart="")
    private = DocumentFactory(case=case, kind="decision", counterpart="Lars Persson", upload=file())
    secret = DocumentFactory(
        case=case,
        kind="decision",
        upload=file(),
        is_secret=True,
        secrecy_provision="OSL 39 kap. 3 §",
        secrecy_authority="Region Jämtland Härjedalen",
    )
    overridden = DocumentFactory(
        case=case, kind="protocol", direction="internal", counterpart="", upload=file(), publish=False
    )
    chosen = DocumentFactory(case=case, kind="letter", upload=file(), publish=True)
    published = {
        d.description
        for d in (letter, protocol, no_file, private, secret, overridden, chosen)
        if Document.objects.get(pk=d.pk).is_published
    }
    assert published == {protocol.description, chosen.description}
    DocumentKindSetting.objects.filter(kind="protocol").update(publish_by_default=False)
    later = DocumentFactory(case=case, kind="protocol", direction="internal", counterpart="", upload=file())
    assert not later.is_published


def test_a_secret_document_can_never_be_published(decision):
    with pytest.raises(ValidationError):
        DocumentFactory(
            case=decision.case,
            upload=upload("b.pdf", pdf_bytes("y")),
            is_secret=True,
            secrecy_provision="OSL 18 kap. 8 §",
            secrecy_authority="Regionen",
            publish=True,
        )
    services.document_mark_secret(document=decision, provision="OSL 18 kap. 8 §", authority="Regionen")
    with pytest.raises(ValidationError):
        services.document_publish(document=decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=decision.pk).update(
            published_file=decision.files.first(), published_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        )


def test_a_published_file_marked_secret_is_unpublished_at_once_and_never_served(client, decision):
    url = reverse("public_diary:file", args=[decision.pk])
    assert client.get(url).status_code == 200
    by = secretariat()
    services.document_mark_secret(document=decision, provision="OSL 18 kap. 8 §", authority="Regionen", by=by)
    decision.refresh_from_db()
    assert not decision.is_published and decision.published_at is None
    assert client.get(url).status_code == 404
    assert url not in _body(client.get(reverse("public_diary:detail", args=[decision.case_id])))
    # Lifting the secrecy does not publish it again by itself: that is a new decision.
    services.document_unmark_secret(document=decision, by=by)
    assert client.get(url).status_code == 404


def test_publishing_is_recorded_and_undoable_and_a_withheld_case_serves_nothing(client, decision):
    by = secretariat()
    url = reverse("public_diary:file", args=[decision.pk])
    services.document_unpublish(document=decision, by=by)
    assert client.get(url).status_code == 404
    services.document_publish(document=decision, by=by)
    decision.refresh_from_db()
    assert decision.published_by == by and decision.published_at is not None
    history = list(decision.history.order_by("history_date").values_list("published_file", "history_user"))
    assert history[-2:] == [(None, by.pk), (decision.published_file_id, by.pk)]
    services.case_set_publication(case=decision.case, withheld=True, reason="Personalärende", by=by)
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.document_publish(document=decision, by=by)


def test_a_new_file_version_is_not_published_until_the_registrar_publishes_it(client, decision):
    services.document_replace_file(document=decision, upload=upload("beslut2.pdf", pdf_bytes("Andra versionen")))
    decision.refresh_from_db()
    assert decision.published_file.version == 1
    services.document_publish(document=decision)
    decision.refresh_from_db()
    assert decision.published_file.version == 2


def test_unpublished_and_unknown_files_are_404(client, diary_with_private_letter):
    letter = diary_with_private_letter["letter"]
    assert not letter.is_published
    assert client.get(reverse("public_diary:file", args=[letter.pk])).status_code == 404
    assert client.get(reverse("public_diary:file", args=[999999])).status_code == 404


# --- The secretariat's pages ----------------------------------------------------------------------------


def test_the_registrar_publishes_and_corrects_the_kind_on_the_ediary_page(client, diary_with_private_letter):
    letter = diary_with_private_letter["letter"]
    client.force_login(secretariat())
    url = reverse("cases:document_ediary", args=[letter.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Privatperson" in page.content.decode()
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert Document.objects.get(pk=letter.pk).is_published
    assert client.post(url, {"action": "unpublish"}).status_code == 302
    assert not Document.objects.get(pk=letter.pk).is_published
    assert client.post(url, {"action": "save", "counterpart_kind": "authority"}).status_code == 302
    assert Document.objects.get(pk=letter.pk).counterpart_kind == "authority"


def test_the_case_publication_page_asks_for_a_reason(client):
    case = CaseFactory()
    client.force_login(secretariat())
    url = reverse("cases:publication", args=[case.pk])
    response = client.post(url, {"withheld": "on", "reason": ""})
    assert response.status_code == 200 and 'id="id_reason_error"' in response.content.decode()
    assert client.post(url, {"withheld": "on", "reason": "Personalärende"}).status_code == 302
    case.refresh_from_db()
    assert case.withheld_from_public and case.withheld_reason == "Personalärende"


# --- Query counts -----------------------------------------------------------------------------------------


def _public_data(n: int):
    diary = DiaryFactory()
    for i in range(n):
        case = CaseFactory(diary=diary, title=f"Ärende {i}", registered_on=dt.date(2019, 3, 1))
        DocumentFactory(case=case, counterpart=f"Person {i} Svensson", counterpart_kind="private")
        DocumentFactory(
            case=case,
            kind="decision",
            direction="internal",
            counterpart="",
            upload=upload("b.txt", b"Beslut"),
        )
        if i % 2:
            services.case_set_publication(case=case, withheld=True, reason="Personalärende")
    return diary


def test_public_pages_pin_their_query_counts(client, django_assert_num_queries):
    _public_data(2)
    case = _public_data(1).cases.first()
    # list: session-free anonymous request: count + page; detail: case + documents (with published files)
    published = case.documents.last()
    for _ in range(2):
        with django_assert_num_queries(2):
            assert client.get(reverse("public_diary:list")).status_code == 200
        with django_assert_num_queries(2):
            assert client.get(reverse("public_diary:detail", args=[case.pk])).status_code == 200
        with django_assert_num_queries(2):
            assert client.get(reverse("public_request:create", args=[case.pk])).status_code == 200
        with django_assert_num_queries(1):
            assert client.get(reverse("public_diary:file", args=[published.pk])).status_code == 200
        with django_assert_num_queries(2):  # cases, then their documents (per 2 000 cases)
            _body(client.get(reverse("public_diary:export")))
        _public_data(3)  # more data, same counts


def test_ediary_page_pins_its_query_count(client, django_assert_num_queries, decision):
    client.force_login(secretariat())
    url = reverse("cases:document_ediary", args=[decision.pk])
    client.get(url)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_the_migration_classifies_existing_documents_erring_on_masking():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cases.migrations.0007_ediary_counterparts_publication")
    Party.objects.create(name="Bergs kommun", kind="municipality", code="2326", active_from=dt.date(2010, 1, 1))
    case = CaseFactory()
    names = ["Bergs kommun", "Atea Sverige AB", "Lars Persson", "Projektledningen LINK2", "Sekretariatet X"]
    documents = [DocumentFactory(case=case, counterpart=name, counterpart_kind="private") for name in names]
    Document.objects.filter(pk=documents[2].pk).update(counterpart_kind="authority")  # a wrong earlier guess
    migration.classify_existing(apps, None)
    kinds = dict(Document.objects.filter(case=case).values_list("counterpart", "counterpart_kind"))
    assert kinds == {
        "Bergs kommun": "authority",
        "Atea Sverige AB": "company",
        "Lars Persson": "private",
        "Projektledningen LINK2": "authority",
        "Sekretariatet X": "authority",
    }
    assert not Document.objects.filter(case=case, description_public=True).exists()
