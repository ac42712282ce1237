"""The report's writes through the services: the draft from the year's data, versions, locks, the final
PDF registered in the case, the decision and corrections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from annual.models import AnnualReport, Section, SectionVersion
from annual.selectors import report_data
from annual.services import (
    activity_save,
    report_correct,
    report_create,
    report_decide,
    report_pdf_order,
    report_pdf_produce,
    section_add,
    section_save,
)
from cases.models import Document
from common.models import ArchivedDocument

pytestmark = pytest.mark.django_db
D = Decimal


def _section(report, key):
    return report.sections.get(key=key)


def test_the_draft_has_the_committees_structure_and_starting_texts_with_fields(report, year2019):
    keys = list(report.sections.values_list("key", flat=True))
    assert keys[:4] == ["sammanfattning", "ekonomiskt-utfall", "verksamhet", "maluppfyllelse"]
    assert "ekonomiskt-resultat" in keys and "balans" in keys
    outcome = _section(report, "ekonomiskt-utfall")
    assert outcome.body == "Utfallet för helår [[ar]] är [[resultat]]." and outcome.version == 1
    data = report_data(report=report)
    assert "−50 tkr" in [s for s in data.sections if s.section.key == "ekonomiskt-utfall"][0].html
    assert report.case == year2019.case
    again = report_create(committee=year2019.committee, year=2019, by=year2019.secretariat)
    assert again.pk == report.pk and again.already_existed


def test_a_year_not_begun_and_a_case_of_another_diary_are_refused(year2019):
    with pytest.raises(ValidationError) as exc:
        report_create(committee=year2019.committee, year=2099)
    assert "inte börjat" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        report_create(committee=year2019.committee, year=2019, case_number="XYZ/1/2020")
    assert "finns inte" in str(exc.value)


def test_every_save_is_a_version_with_who_and_the_values_of_its_fields(report, year2019):
    section = _section(report, "sammanfattning")
    v1 = section_save(section=section, body="Nämnden hade [[resultat]].", base_version=0, by=year2019.secretariat)
    v2 = section_save(section=section, body="Nämnden hade [[resultat]] i år.", base_version=1, by=year2019.member)
    assert (v1.number, v2.number) == (1, 2)
    assert v2.created_by == year2019.member and v2.figures_used == {"resultat": "-50000.00"}
    assert list(SectionVersion.objects.filter(section=section).values_list("number", flat=True)) == [1, 2]
    section.refresh_from_db()
    assert section.body == "Nämnden hade [[resultat]] i år." and section.version == 2


def test_a_save_from_a_stale_version_is_refused_not_lost(report, year2019):
    section = _section(report, "sammanfattning")
    section_save(section=section, body="Första", base_version=0, by=year2019.secretariat)
    with pytest.raises(ValidationError) as exc:
        section_save(section=section, body="Min text", base_version=0, by=year2019.member)
    assert "sparade version 1" in " ".join(exc.value.messages)
    section.refresh_from_db()
    assert section.body == "Första"


def test_scripts_are_stripped_with_a_note_and_unknown_fields_refused(report, year2019):
    section = _section(report, "mal")
    version = section_save(section=section, body="Mål.<script>alert(1)</script>", by=year2019.secretariat)
    assert version.body == "Mål." and version.removed == ["skript"] and "skript" in version.note
    with pytest.raises(ValidationError) as exc:
        section_save(section=section, body="Vinsten [[vinst]]", by=year2019.secretariat)
    assert "[[vinst]]" in " ".join(exc.value.messages)


def test_a_figure_changed_after_the_text_was_written_is_flagged(report, year2019):
    from finance.services import outcome_set

    outcome_set(committee=year2019.committee, year=2019, amounts={"travel": D("-8000")})
    data = report_data(report=report)
    changed = [c for s in data.sections for c in s.changed]
    assert any(c.key == "resultat" and c.then == "−50 tkr" and c.now == "−52 tkr" for c in changed)
    section = _section(report, "ekonomiskt-utfall")
    section_save(section=section, body=section.body + " Läst igen.", by=year2019.secretariat)
    data = report_data(report=report)
    assert not [s for s in data.sections if s.section.key == "ekonomiskt-utfall"][0].changed


def test_the_pdf_is_refused_while_a_figure_is_missing_and_lists_it(year2019):
    draft = report_create(committee=year2019.committee, year=2020, by=year2019.secretariat)
    with pytest.raises(ValidationError) as exc:
        report_pdf_order(report=draft, by=year2019.secretariat)
    messages = exc.value.messages
    assert "Utfall 2020: Försäljning" in messages and "Budget per kategori för 2020" in messages
    assert any("diarienummer" in m for m in messages)
    draft.refresh_from_db()
    assert draft.pdf_state == "idle" and draft.is_draft


def test_the_final_pdf_is_stored_once_and_registered_in_the_case(report, year2019, django_capture_on_commit_callbacks):
    activity_save(report=report, by=year2019.secretariat, activity="Förstudie IT-drift", status="done", outcome="Klar")
    with django_capture_on_commit_callbacks(execute=True):  # no broker in tests: the outbox runs the job
        ordered = report_pdf_order(report=report, by=year2019.secretariat)
    assert ordered.pdf_state == "queued"
    report.refresh_from_db()
    assert report.status == "final" and report.pdf_state == "done" and report.pdf_progress == 100
    document = report.document
    assert document.case == year2019.case and document.kind == Document.Kind.REPORT
    assert document.files.get().sha256 == report.pdf.sha256
    assert report.pdf.variant == "pdf/a-2u" and report.figures["resultat"]["value"] == "-50000.00"
    again = report_pdf_produce(report=report, by=year2019.secretariat)
    assert again.document_id == document.pk
    assert Document.objects.filter(case=year2019.case).count() == 1
    assert ArchivedDocument.objects.filter(kind="annual_report").count() == 1


def test_a_final_report_is_locked_and_corrected_only_in_a_new_edition(report, year2019):
    report = report_pdf_produce(report=report, by=year2019.secretariat)
    section = _section(report, "sammanfattning")
    for attempt in (
        lambda: section_save(section=section, body="Ändrat", by=year2019.secretariat),
        lambda: section_add(report=report, title="Nytt", by=year2019.secretariat),
        lambda: activity_save(report=report, by=year2019.secretariat, activity="Ny"),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "slutlig" in " ".join(exc.value.messages)
    decided = report_decide(
        report=report, decided_on=dt.date.today(), decision_reference="§ 4", by=year2019.secretariat
    )
    assert decided.is_decided
    copy = report_correct(report=decided, by=year2019.secretariat)
    assert (copy.edition, copy.status) == (2, "draft")
    assert _section(copy, "ekonomiskt-utfall").body == _section(report, "ekonomiskt-utfall").body
    with pytest.raises(ValidationError):
        report_correct(report=decided, by=year2019.secretariat)


def test_a_decision_needs_the_final_pdf_and_a_reference(report, year2019):
    with pytest.raises(ValidationError):
        report_decide(report=report, decided_on=dt.date.today(), decision_reference="§ 4")
    report = report_pdf_produce(report=report)
    with pytest.raises(ValidationError) as exc:
        report_decide(report=report, decided_on=dt.date.today(), decision_reference=" ")
    assert "paragraf" in str(exc.value)


@pytest.mark.postgres
def test_postgresql_refuses_changes_to_a_final_report(report, year2019):
    assert connection.vendor == "postgresql"
    report = report_pdf_produce(report=report)
    section = _section(report, "sammanfattning")
    attempts = [
        lambda: AnnualReport.objects.filter(pk=report.pk).update(title="Annat"),
        lambda: AnnualReport.objects.filter(pk=report.pk).delete(),
        lambda: Section.objects.filter(pk=section.pk).update(body="Annat"),
        lambda: SectionVersion.objects.filter(section__report=report).update(body="Annat"),
        lambda: SectionVersion.objects.filter(section__report=report).delete(),
        lambda: Section.objects.create(report=report, key="nytt", title="Nytt"),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    report_decide(report=report, decided_on=dt.date.today(), decision_reference="§ 4")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(decision_reference="§ 5")


def test_the_final_pdf_is_tagged_pdf_a_with_embedded_fonts_bookmarks_and_a_true_contents(report, year2019):
    """What can be checked here without veraPDF: the PDF/A-2u identification and output intent, tags and
    language, every font embedded, bookmarks, no JavaScript or encryption, and that the table of contents
    gives the page each section starts on."""
    import io
    import re

    from pypdf import PdfReader

    from common.archive import archived_bytes
    from common.pdfa import pdfa_problems

    report = report_pdf_produce(report=report)
    reader = PdfReader(io.BytesIO(archived_bytes(report.pdf)))
    root = reader.trailer["/Root"]
    assert pdfa_problems(archived_bytes(report.pdf)) == []  # PDF/A-2u, tagged, fonts embedded and mapped
    assert "/Outlines" in root and len(reader.outline) >= 5
    texts = [page.extract_text() for page in reader.pages]
    contents = texts[1]
    assert "Innehållsförteckning" in contents
    for title in ("4 Ekonomiskt resultat", "Bilaga 1: Aktiviteter i verksamhetsplanen 2019"):
        listed = int(re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", contents, re.M).group(1))
        starts = next(i + 1 for i, text in enumerate(texts) if i > 1 and title in text)
        assert listed == starts, (title, listed, starts)
