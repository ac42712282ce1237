import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from cases import services
from cases.models import Case, DiaryCounter, Document, DocumentFile

from .factories import CaseFactory, DiaryFactory, DocumentFactory, officer, secretariat, user_with
from .helpers import PNG, docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_numbers_are_consecutive_and_restart_every_year():
    diary = DiaryFactory()
    a = CaseFactory(diary=diary, registered_on=dt.date(2019, 12, 30))
    b = CaseFactory(diary=diary, registered_on=dt.date(2019, 12, 31))
    c = CaseFactory(diary=diary, registered_on=dt.date(2020, 1, 1))
    d = CaseFactory(diary=diary, registered_on=dt.date(2019, 6, 1))  # late registration of a 2019 case
    assert [a.number, b.number, c.number, d.number] == ["GNS/1/2019", "GNS/2/2019", "GNS/1/2020", "GNS/3/2019"]


def test_each_diary_has_its_own_series():
    gns = DiaryFactory(prefix="GNS")
    upph = DiaryFactory(prefix="UPPH", name="Gemensam upphandlingsnämnd")
    assert CaseFactory(diary=gns).number == "GNS/1/2019"
    assert CaseFactory(diary=upph).number == "UPPH/1/2019"
    assert CaseFactory(diary=gns).number == "GNS/2/2019"


def test_failed_registration_leaves_no_gap():
    diary = DiaryFactory()
    CaseFactory(diary=diary)
    with pytest.raises(ValidationError):
        services.case_import(diary=diary, title="x" * 600, registered_on=dt.date(2019, 3, 1))
    assert CaseFactory(diary=diary).number == "GNS/2/2019"
    assert DiaryCounter.objects.get(diary=diary, year=2019).last_sequence == 2


def test_unknown_officer_is_refused_next_to_the_field():
    no_officer = user_with()
    with pytest.raises(ValidationError) as info:
        CaseFactory(officer=no_officer)
    assert "officer" in info.value.error_dict
    assert not Case.objects.exists()


def test_same_token_registers_only_once():
    diary = DiaryFactory()
    token = uuid.uuid4()
    first = services.case_register(diary=diary, title="Projekt Digital transformation", token=token)
    second = services.case_register(diary=diary, title="Projekt Digital transformation", token=token)
    assert first.pk == second.pk and second.already_registered
    assert Case.objects.count() == 1
    assert DiaryCounter.objects.get().last_sequence == 1


def test_the_database_refuses_a_duplicate_number():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            diary=case.diary, year=case.year, sequence=case.sequence, title="dubblett", registered_on=case.registered_on
        )


def test_future_registration_date_is_refused():
    with pytest.raises(ValidationError):
        CaseFactory(registered_on=dt.date.today() + dt.timedelta(days=1))


class SequenceProperty(HypothesisTestCase):
    @settings(max_examples=15, deadline=None)
    @given(st.lists(st.sampled_from([2018, 2019, 2020]), min_size=1, max_size=12))
    def test_any_order_of_registrations_gives_1_to_n_per_year(self, years):
        diary = DiaryFactory(prefix="P")
        for year in years:
            services.case_import(diary=diary, title="t", registered_on=dt.date(year, 5, 1))
        for year in set(years):
            got = sorted(Case.objects.filter(diary=diary, year=year).values_list("sequence", flat=True))
            assert got == list(range(1, years.count(year) + 1))


def test_status_flow_and_closing():
    by = secretariat()
    case = CaseFactory()
    case = services.case_status_change(case=case, status=Case.Status.IN_PREPARATION, by=by)
    case = services.case_status_change(case=case, status=Case.Status.READY_FOR_DECISION, by=by)
    with pytest.raises(ValidationError):
        services.case_status_change(case=case, status=Case.Status.CLOSED, by=by)
    with pytest.raises(ValidationError):
        services.case_close(case=case, reason="  ", by=by)
    case = services.case_close(case=case, reason="Beslut fattat och verkställt", by=by)
    assert case.status == Case.Status.CLOSED and case.closure == Case.Closure.COMPLETED and case.closed_on
    with pytest.raises(ValidationError):
        services.case_status_change(case=case, status=Case.Status.IN_PREPARATION, by=by)
    history = list(case.history.order_by("history_date").values_list("status", flat=True))
    assert history == ["registered", "in_preparation", "ready_for_decision", "closed"]
    assert case.history.latest().history_user == by


def test_closed_by_mistake_keeps_its_number_used():
    diary = DiaryFactory()
    wrong = CaseFactory(diary=diary)
    services.case_close(case=wrong, reason="Dubblett", mistake=True)
    assert CaseFactory(diary=diary).number == "GNS/2/2019"
    wrong.refresh_from_db()
    assert wrong.closure == Case.Closure.MISTAKE and wrong.number == "GNS/1/2019"


def test_document_registration_numbers_and_osl_fields():
    case = CaseFactory()
    first = DocumentFactory(case=case)
    second = DocumentFactory(case=case, direction=Document.Direction.OUTGOING, counterpart="Krokoms kommun")
    assert (first.number, second.number) == (1, 2)
    assert second.reference == f"{case.number}:2"


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("rapport.pdf", None, True),
        ("a.docx", docx_bytes("hej"), True),
        ("bild.png", PNG, True),
        ("anteckning.txt", "Åre kommun".encode(), True),
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, False),
        ("fejk.pdf", b"MZ\x90\x00 not a pdf", False),
        ("fejk.png", b"%PDF-1.4 hello", False),
        ("fejk.docx", b"PK\x03\x04 broken", False),
        ("binar.txt", b"\x00\x01\x02", False),
        ("utan-filandelse", b"hello", False),
    ],
)
def test_upload_types_are_checked_by_content(name, content, ok):
    content = pdf_bytes() if content is None else content
    case = CaseFactory()
    if ok:
        document = DocumentFactory(case=case, upload=upload(name, content))
        assert document.files.get().original_name == name
    else:
        with pytest.raises(ValidationError) as info:
            DocumentFactory(case=case, upload=upload(name, content))
        assert "file" in info.value.error_dict
        assert not Document.objects.exists()  # nothing half-written


def test_upload_size_limit_from_settings(settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as info:
        DocumentFactory(upload=upload("stor.txt", b"a" * 1001))
    assert "för stor" in info.value.error_dict["file"][0].message


def test_file_names_are_safe_and_storage_names_random():
    document = DocumentFactory(upload=upload("../../etc/pass<wd>.txt", b"hej"))
    stored = document.files.get()
    assert stored.original_name == "pass_wd_.txt"
    assert stored.file.name.startswith("cases/") and "pass" not in stored.file.name
    assert len(stored.file.name.rsplit("/", 1)[1]) == len(uuid.uuid4().hex) + len(".txt")


def test_replacing_a_file_keeps_the_old_version(django_capture_on_commit_callbacks):
    by = secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(upload=upload("v1.txt", b"forsta versionen"))
    with django_capture_on_commit_callbacks(execute=True):
        services.document_replace_file(document=document, upload=upload("v2.txt", b"andra versionen"), by=by)
    versions = list(DocumentFile.objects.filter(document=document).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert all(default_storage.exists(v.file.name) for v in versions)
    document.refresh_from_db()
    assert "andra versionen" in document.search_text and "forsta" not in document.search_text


def test_text_extraction_from_pdf_and_docx_runs_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = DocumentFactory(upload=upload("r.pdf", pdf_bytes("Brandväggsregler för serverhallen")))
    document.refresh_from_db()
    assert document.extracted_text == ""  # nothing before the commit
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert "Brandväggsregler" in document.extracted_text
    with django_capture_on_commit_callbacks(execute=True):
        docx = DocumentFactory(upload=upload("r.docx", docx_bytes("Lönebildningsfrågor i Jämtland")))
    docx.refresh_from_db()
    assert "lönebildningsfrågor" in docx.search_text


def test_secrecy_marking_needs_provision_and_authority():
    document = DocumentFactory()
    with pytest.raises(ValidationError):
        services.document_mark_secret(document=document, provision="", authority="Regionen")
    marked = services.document_mark_secret(
        document=document,
        provision="OSL 18 kap. 8 §",
        authority="Region Jämtland Härjedalen",
        marked_on=dt.date(2019, 3, 3),
    )
    assert marked.is_secret and marked.secrecy_marked_on == dt.date(2019, 3, 3)
    lifted = services.document_unmark_secret(document=document)
    assert not lifted.is_secret
    assert lifted.history.filter(is_secret=True).exists()  # the marking stays in the history


def test_memo_save_and_update_with_decision_documents():
    author = officer()
    case = CaseFactory(officer=author)
    doc = DocumentFactory(case=case)
    other = DocumentFactory()
    fields = {
        "case": case,
        "by": author,
        "heading": "Projekt Digital transformation",
        "body_name": "GNS",
        "memo_date": dt.date(2020, 2, 12),
        "author": author,
        "proposal": "Första punkten.\n\nAndra punkten.",
        "background": "Bakgrund om e-strategen",
    }
    with pytest.raises(ValidationError):
        services.memo_save(**fields, decision_documents=[other])
    memo = services.memo_save(**fields, decision_documents=[doc])
    assert memo.proposal_points == ["Första punkten.", "Andra punkten."]
    memo = services.memo_save(**{**fields, "proposal": "1. Ett\n\n2. Två"}, decision_documents=[])
    assert memo.proposal_points == ["Ett", "Två"]
    assert memo.history.count() == 2 and "e-strategen" in memo.search_text


CSV_OK = """diarienummer;datum;ärendemening;status;handläggare
GNS/8/2018;2018-06-12;Införande av nytt IT-stöd för samordnad planering, LINK2;Beslutat;{officer}
GNS/11/2018;2018-10-02;Gemensamt dataskyddsombud;Under beredning;
GNS/03/2019;2019-02-04;Förstudie gemensam IT-serverdrift;Avslutat;
"""


def test_import_keeps_numbers_and_registration_continues_after_them():
    diary = DiaryFactory()
    who = officer()
    result = services.diary_import_csv(diary=diary, data=CSV_OK.format(officer=who.username).encode())
    assert result.created == 3 and result.years == {2018: 11, 2019: 3}
    assert Case.objects.get(year=2018, sequence=8).officer == who
    assert Case.objects.get(year=2019, sequence=3).status == Case.Status.CLOSED
    assert CaseFactory(diary=diary, registered_on=dt.date(2019, 5, 1)).number == "GNS/4/2019"
    assert CaseFactory(diary=diary, registered_on=dt.date(2018, 12, 1)).number == "GNS/12/2018"


def test_import_reports_every_bad_row_and_writes_nothing():
    diary = DiaryFactory()
    CaseFactory(diary=diary, registered_on=dt.date(2019, 1, 5))  # GNS/1/2019 exists
    data = (
        "diarienummer;datum;ärendemening;status;handläggare\n"
        "GNS/2/2019;2019-02-01;Bra rad;;\n"
        "GNS/x/2019;2019-02-01;Fel nummer;;\n"
        "GNS/1/2019;2019-02-01;Finns redan;;\n"
        "UPPH/1/2019;2019-02-01;Fel diarium;;\n"
        "GNS/5/2019;2019-02-30;Fel datum;;\n"
        "GNS/6/2019;2018-02-01;Fel år;;\n"
        "GNS/7/2019;2019-02-01;Okänd handläggare;;ingen.alls\n"
        "GNS/8/2019;2019-02-01;Okänd status;Pågår;\n"
        "GNS/2/2019;2019-02-01;Dubblett i filen;;\n"
    )
    with pytest.raises(services.DiaryImportError) as info:
        services.diary_import_csv(diary=diary, data=data)
    lines = [line for line, _ in info.value.errors]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10]
    assert Case.objects.count() == 1
    assert DiaryCounter.objects.get(year=2019).last_sequence == 1
