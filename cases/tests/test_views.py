import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Document

from .factories import CaseFactory, DiaryFactory, DocumentFactory, officer, secretariat, user_with
from .helpers import pdf_bytes, upload

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["Säkerhetsanalys serverhallar", "Konsultbolaget AB", "brandväggsregler", "analys-hemlig.txt"]


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    diary = DiaryFactory()
    hanna = officer()
    case = CaseFactory(
        diary=diary,
        title="Förstudie kring samverkan om gemensam IT-serverdrift",
        officer=hanna,
        registered_on=dt.date(2019, 2, 4),
    )
    with django_capture_on_commit_callbacks(execute=True):
        secret = DocumentFactory(
            case=case,
            description="Säkerhetsanalys serverhallar",
            counterpart="Konsultbolaget AB",
            upload=upload("analys-hemlig.txt", "Brandväggsregler och sårbarheter".encode()),
            is_secret=True,
            secrecy_provision="OSL 18 kap. 8 §",
            secrecy_authority="Region Jämtland Härjedalen",
        )
        public = DocumentFactory(
            case=case, description="Slutrapport förstudie", upload=upload("slut.txt", b"serverdrift")
        )
    services.memo_save(
        case=case,
        by=hanna,
        heading="Förstudie IT-serverdrift",
        body_name=diary.name,
        memo_date=dt.date(2020, 2, 7),
        author=hanna,
        proposal="Förstudien godkänns.",
        background="Parterna har utrett serverdrift.",
        decision_documents=[secret, public],
        signatories="Henrik Sandberg, Regiondirektör",
        extract_recipients="Parterna",
    )
    return {"diary": diary, "hanna": hanna, "case": case, "secret": secret, "public": public}


def _client(client, user):
    client.force_login(user)
    return client


def _assert_no_secret(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    for word in SECRET_WORDS:
        assert word.lower() not in text.lower(), f"{word!r} leaked"


def test_register_gives_next_number_and_double_submit_creates_one_case(client, world):
    c = _client(client, secretariat())
    token = str(uuid.uuid4())
    data = {
        "token": token,
        "diary": world["diary"].pk,
        "title": "Projekt Digital transformation",
        "registered_on": "2019-09-23",
        "officer": world["hanna"].pk,
    }
    first = c.post(reverse("cases:register"), data)
    second = c.post(reverse("cases:register"), data)
    case = Case.objects.get(title="Projekt Digital transformation")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("cases:detail", args=[case.pk])
    # OSL 5 kap. 2 §: registered today, whatever date the form is sent; the number's year follows.
    today = timezone.localdate()
    assert case.registered_on == today and not case.imported
    assert case.number == f"GNS/1/{today.year}" and Case.objects.count() == 2


def test_historical_cases_enter_only_through_the_import_and_are_marked(client, world):
    assert world["case"].imported and world["case"].registered_on == dt.date(2019, 2, 4)
    page = _client(client, secretariat()).get(reverse("cases:detail", args=[world["case"].pk])).content.decode()
    assert "(importerat)" in page
    form = _client(client, secretariat()).get(reverse("cases:register")).content.decode()
    assert 'name="registered_on"' not in form


def test_register_unknown_officer_error_next_to_field_input_kept(client, world):
    c = _client(client, secretariat())
    data = {
        "token": str(uuid.uuid4()),
        "diary": world["diary"].pk,
        "title": "Mitt ärende",
        "registered_on": "2019-09-23",
        "officer": 999999,
    }
    response = c.post(reverse("cases:register"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_officer_error"' in html and "Handläggaren finns inte" in html
    assert 'value="Mitt ärende"' in html
    assert Case.objects.count() == 1


def test_goto_malformed_number_gives_error_at_field(client, world):
    c = _client(client, secretariat())
    response = c.get(reverse("cases:goto"), {"nummer": "GNS/x/19"})
    assert response.status_code == 400
    assert 'id="id_nummer_error"' in response.content.decode()
    ok = c.get(reverse("cases:goto"), {"nummer": "gns/01/2019"})
    assert ok["Location"] == reverse("cases:detail", args=[world["case"].pk])


def test_forbidden_upload_error_next_to_field(client, world):
    c = _client(client, world["hanna"])
    response = c.post(
        reverse("cases:document_add", args=[world["case"].pk]),
        {
            "direction": "incoming",
            "kind": "letter",
            "date": "2019-03-01",
            "counterpart": "Bräcke kommun",
            "description": "Bilaga",
            "file": upload("program.exe", b"MZ\x90\x00"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_file_error"' in html and "inte tillåten" in html
    assert 'value="Bilaga"' in html and Document.objects.count() == 2


def test_officer_can_register_document_in_own_case_not_in_others(client, world):
    other = CaseFactory(diary=world["diary"], officer=officer())
    c = _client(client, world["hanna"])
    data = {
        "direction": "outgoing",
        "kind": "letter",
        "date": "2019-03-01",
        "description": "Svar till Bräcke",
        "counterpart": "Bräcke kommun",
        "file": upload("svar.pdf", pdf_bytes("svar")),
    }
    assert c.post(reverse("cases:document_add", args=[world["case"].pk]), data).status_code == 302
    assert c.get(reverse("cases:document_add", args=[other.pk])).status_code == 404
    assert c.get(reverse("cases:detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("role", ["member", "party_representative", None])
def test_secret_never_reaches_members_party_reps_or_the_public(client, world, role):
    if role:
        _client(client, user_with(role))
    pages = [
        reverse("public_diary:list"),
        reverse("public_diary:list") + "?q=serverdrift",
        reverse("public_diary:list") + "?q=sårbarheter",
        reverse("public_diary:detail", args=[world["case"].pk]),
        reverse("public_diary:export"),
        reverse("public_diary:export") + "?q=serverdrift",
        reverse("home"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_secret(response)
    detail = client.get(reverse("public_diary:detail", args=[world["case"].pk])).content.decode()
    assert "Handling med sekretess" in detail and "OSL 18 kap. 8 §" in detail  # exists, masked
    staff_urls = [
        reverse("cases:list"),
        reverse("cases:search") + "?q=sårbarheter",
        reverse("cases:detail", args=[world["case"].pk]),
        reverse("cases:document_detail", args=[world["secret"].pk]),
        reverse("cases:document_download", args=[world["secret"].pk]),
        reverse("cases:memo_detail", args=[world["case"].pk]),
        reverse("cases:memo_pdf", args=[world["case"].pk]),
        reverse("cases:history", args=[world["case"].pk]),
    ]
    for url in staff_urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url  # login redirect or forbidden, never content
        _assert_no_secret(response)


def test_public_export_lists_every_document_and_masks_secrets(client, world):
    response = client.get(reverse("public_diary:export"))
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("diarienummer;registrerat")
    secret_line = next(line for line in lines if "GNS/1/2019:1" in line)
    assert "Handling med sekretess" in secret_line and "OSL 18 kap. 8 §" in secret_line
    assert any("Slutrapport förstudie" in line for line in lines)


def test_officer_without_grant_sees_masked_entry_and_cannot_download(client, world):
    c = _client(client, world["hanna"])
    for url in [
        reverse("cases:detail", args=[world["case"].pk]),
        reverse("cases:document_detail", args=[world["secret"].pk]),
        reverse("cases:search") + "?q=sårbarheter",
        reverse("cases:search") + "?q=konsultbolaget",
        reverse("cases:memo_detail", args=[world["case"].pk]),
        reverse("cases:history", args=[world["case"].pk]),
    ]:
        response = c.get(url)
        assert response.status_code == 200, url
        _assert_no_secret(response)
    assert c.get(reverse("cases:document_download", args=[world["secret"].pk])).status_code == 403
    assert c.get(reverse("cases:document_download", args=[world["secret"].pk]) + "?version=1").status_code == 403
    pdf = c.get(reverse("cases:memo_pdf", args=[world["case"].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Slutrapport förstudie" in text and "Handling med sekretess" in text
    assert "Säkerhetsanalys" not in text and "Konsultbolaget" not in text


def test_secretariat_and_granted_user_get_the_secret_file(client, world):
    c = _client(client, secretariat())
    response = c.get(reverse("cases:document_download", args=[world["secret"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Brandväggsregler och sårbarheter".encode()
    assert 'filename="analys-hemlig.txt"' in response["Content-Disposition"]
    services.document_grant_access(document=world["secret"], user=world["hanna"])
    c.force_login(world["hanna"])
    assert c.get(reverse("cases:document_download", args=[world["secret"].pk])).status_code == 200


def test_files_have_no_public_url(client, world):
    stored = world["public"].files.get().file.name
    assert client.get("/media-not-public/" + stored).status_code == 404
    assert client.get("/" + stored).status_code == 404


def test_replace_file_keeps_versions_downloadable(client, world):
    c = _client(client, world["hanna"])
    url = reverse("cases:document_replace", args=[world["public"].pk])
    assert c.post(url, {"file": upload("slut-v2.txt", b"ny version"), "comment": "Rättad"}).status_code == 302
    download = reverse("cases:document_download", args=[world["public"].pk])
    assert b"".join(c.get(download).streaming_content) == b"ny version"
    assert b"".join(c.get(download + "?version=1").streaming_content) == b"serverdrift"


def test_secretariat_marks_secret_and_sees_history(client, world):
    c = _client(client, secretariat())
    url = reverse("cases:document_secrecy", args=[world["public"].pk])
    data = {"action": "mark", "provision": "OSL 21 kap. 7 §", "authority": "GNS", "marked_on": "2019-03-05"}
    asked = c.post(url, data)  # first the page that says what cannot be undone
    assert asked.status_code == 200 and "Det här går inte att ångra" in asked.content.decode()
    world["public"].refresh_from_db()
    assert not world["public"].is_secret
    response = c.post(url, {**data, "bekraftat": "ja"})
    assert response.status_code == 302
    world["public"].refresh_from_db()
    assert world["public"].is_secret
    history = c.get(reverse("cases:history", args=[world["case"].pk])).content.decode()
    assert "OSL 21 kap. 7 §" in history


def test_status_change_and_close_as_mistake(client, world):
    c = _client(client, secretariat())
    c.post(reverse("cases:status", args=[world["case"].pk]), {"status": "in_preparation"})
    close = reverse("cases:close", args=[world["case"].pk])
    asked = c.post(close, {"mistake": "on", "reason": "Dubblett"})
    assert (
        "Ja, avsluta ärendet" in asked.content.decode() and 'name="reason" value="Dubblett"' in asked.content.decode()
    )
    world["case"].refresh_from_db()
    assert world["case"].closure != Case.Closure.MISTAKE
    c.post(close, {"mistake": "on", "reason": "Dubblett", "bekraftat": "ja"})
    world["case"].refresh_from_db()
    assert world["case"].closure == Case.Closure.MISTAKE
    public = c.get(reverse("public_diary:list")).content.decode()
    assert "Felregistrerat" in public and "GNS/1/2019" in public


def test_memo_form_saves_and_renders_pdf(client, world):
    case = CaseFactory(diary=world["diary"], officer=world["hanna"], title="Projekt Digital transformation")
    doc = DocumentFactory(case=case, description="Yttrande från Bräcke kommun")
    c = _client(client, world["hanna"])
    response = c.post(
        reverse("cases:memo_edit", args=[case.pk]),
        {
            "heading": "Projekt Digital transformation",
            "body_name": "GNS",
            "memo_date": "2020-02-12",
            "unit": "Sekretariatet",
            "author": world["hanna"].pk,
            "background": "E-strategens uppdrag.",
            "proposal_heading": "Regiondirektörens förslag",
            "proposal": "Parter i projektet blir Bräcke, Krokom och Strömsund.",
            "decision_documents": [doc.pk],
            "extract_recipients": "Bräcke kommun",
            "signatories": "Henrik Sandberg, Regiondirektör",
        },
    )
    assert response.status_code == 302
    html = c.get(reverse("cases:memo_detail", args=[case.pk])).content.decode()
    assert "Regiondirektörens förslag" in html and "Yttrande från Bräcke kommun" in html
    assert c.get(reverse("cases:memo_pdf", args=[case.pk])).content.startswith(b"%PDF")


def test_import_view_reports_line_numbers(client, world):
    c = _client(client, secretariat())
    bad = "diarienummer;datum;ärendemening\nGNS/5/2018;2018-01-02;Bra\nGNS/nej/2018;2018-01-02;Dålig\n"
    response = c.post(reverse("cases:import"), {"diary": world["diary"].pk, "file": upload("d.csv", bad.encode())})
    assert "Rad 3:" in response.content.decode() and not Case.objects.filter(year=2018).exists()
    good = "diarienummer;datum;ärendemening\nGNS/5/2018;2018-01-02;Bra\n"
    assert (
        c.post(
            reverse("cases:import"), {"diary": world["diary"].pk, "file": upload("d.csv", good.encode())}
        ).status_code
        == 302
    )
    assert Case.objects.filter(year=2018, sequence=5).exists()


# --- query counts: pinned, and the same with more data ------------------------------------------


def _more_data(world, n=8):
    for i in range(n):
        case = CaseFactory(diary=world["diary"], officer=world["hanna"], title=f"Serverdrift fas {i}")
        DocumentFactory(
            case=case,
            description=f"Bilaga serverdrift {i}",
            upload=upload(f"b{i}.txt", b"serverdrift"),
            is_secret=i % 2 == 0,
            secrecy_provision="OSL 18 kap. 8 §" if i % 2 == 0 else "",
            secrecy_authority="Regionen" if i % 2 == 0 else "",
        )
        DocumentFactory(case=world["case"], description=f"Komplettering {i}", upload=upload(f"k{i}.txt", b"x"))


PAGES = {
    # name: (url builder, user key, pinned query count)
    "list": (lambda w: reverse("cases:list"), "hanna", 8),
    # a word search counts in its page query (COUNT(*) OVER ()) and then reads the page's cases whole
    "list_search": (lambda w: reverse("cases:list") + "?q=serverdrift&year=2019", "hanna", 8),
    "detail": (lambda w: reverse("cases:detail", args=[w["case"].pk]), "hanna", 11),
    "search": (lambda w: reverse("cases:search") + "?q=serverdrift", "hanna", 7),
    "public_list": (lambda w: reverse("public_diary:list"), None, 2),
    "public_search": (lambda w: reverse("public_diary:list") + "?q=serverdrift", None, 2),
    "public_detail": (lambda w: reverse("public_diary:detail", args=[w["case"].pk]), None, 2),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_query_counts_are_pinned_and_do_not_grow(client, world, django_assert_num_queries, name):
    url_for, user_key, expected = PAGES[name]
    if user_key:
        client.force_login(world[user_key])
    url = url_for(world)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _more_data(world)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_one_view_serves_page_and_htmx_fragment(client, world):
    c = _client(client, secretariat())
    page = c.get(reverse("cases:list") + "?q=serverdrift").content.decode()
    fragment = c.get(reverse("cases:list") + "?q=serverdrift", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in page and "<html" not in fragment
    assert "GNS/1/2019" in fragment and "<table" in fragment
    public = client.get(reverse("public_diary:list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in public and "GNS/1/2019" in public


def test_a_word_search_counts_with_its_page_on_every_page_and_past_the_end(client, world):
    from cases.selectors import CaseFilters, case_list

    user = secretariat()
    for i in range(60 - case_list(user=user, filters=CaseFilters(query="serverdrift")).count()):
        CaseFactory(diary=world["diary"], title=f"Serverdrift etapp {i}", registered_on=dt.date(2019, 5, 1))
    c = _client(client, user)
    url = reverse("cases:list") + "?q=serverdrift"
    first, second, past = (c.get(url + suffix).content.decode() for suffix in ("", "&sida=2", "&sida=9"))
    rows = re.compile(r'href="/diarium/arenden/\d+/"')
    assert "60 ärenden." in first and len(rows.findall(first)) == 50 and "Sida 1 av 2" in first
    assert "60 ärenden." in second and len(rows.findall(second)) == 10 and "Sida 2 av 2" in second
    assert "60 ärenden." in past and "Sida 2 av 2" in past  # past the end: the last page, as before


def test_word_search_pages_list_every_match_once_newest_first_with_the_count(client, monkeypatch):
    """A word search's page is read as ids with the count, then those cases whole: every match
    appears once, in diary order (newest first), the count is every match, a page past the end shows
    the last page."""
    monkeypatch.setattr("cases.views._common.PAGE_SIZE", 2)
    diary = DiaryFactory()
    matches = [
        CaseFactory(diary=diary, title=f"Upphandling av serverdrift del {n}", registered_on=dt.date(2019, 2, 1 + n))
        for n in range(3)
    ]
    CaseFactory(diary=diary, title="Budget 2020", registered_on=dt.date(2019, 3, 1))
    client.force_login(secretariat())
    seen = []
    for number in (1, 2):
        page = client.get(reverse("cases:list"), {"q": "serverdrift", "sida": number}).context["page"]
        assert page.paginator.count == 3
        seen += [case.pk for case in page.object_list]
        assert all(case.diary.prefix and case.number for case in page.object_list)  # read whole
    assert seen == [case.pk for case in reversed(matches)]
    past_the_end = client.get(reverse("cases:list"), {"q": "serverdrift", "sida": 9}).context["page"]
    assert past_the_end.number == 2
    assert [case.pk for case in past_the_end.object_list] == [matches[0].pk]
