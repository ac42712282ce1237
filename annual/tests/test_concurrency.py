"""Two editors, two clicks, two workers at once on PostgreSQL: each has exactly one effect, decided by a
locked row (the section, the report) or a unique key, and nothing is lost."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from annual.models import AnnualReport, SectionVersion
from annual.services import report_create, report_pdf_produce, section_save
from cases.models import Document
from common.models import ArchivedDocument

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n: int, action) -> tuple[list, list]:
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(action(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def test_concurrent_saves_of_a_section_become_consecutive_versions_none_lost(report, year2019):
    section = report.sections.get(key="verksamhet")
    results, errors = _race(6, lambda i: section_save(section=section, body=f"Text {i}", by=year2019.secretariat))
    assert not errors
    versions = list(SectionVersion.objects.filter(section=section).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6]
    assert sorted(v.body for v in versions) == [f"Text {i}" for i in range(6)]
    section.refresh_from_db()
    assert section.version == 6 and section.body == versions[-1].body


def test_concurrent_saves_from_the_same_version_save_one_and_refuse_the_rest(report, year2019):
    section = report.sections.get(key="ekonomiskt-utfall")  # version 1 (the starting text)
    results, errors = _race(
        5, lambda i: section_save(section=section, body=f"Min text {i}", base_version=1, by=year2019.secretariat)
    )
    assert len(results) == 1 and len(errors) == 4
    assert all(isinstance(e, ValidationError) and "medan du skrev" in " ".join(e.messages) for e in errors)
    section.refresh_from_db()
    assert section.version == 2 and section.body == results[0].body


def test_producing_the_final_pdf_twice_at_once_gives_one_document(report, year2019):
    results, errors = _race(3, lambda i: report_pdf_produce(report=report, by=year2019.secretariat))
    assert not errors, errors
    assert len({r.document_id for r in results}) == 1
    assert Document.objects.filter(case=year2019.case).count() == 1
    assert ArchivedDocument.objects.filter(kind="annual_report", object_id=str(report.pk)).count() == 1
    report.refresh_from_db()
    assert report.is_final and report.document.files.count() == 1


def test_two_drafts_of_one_year_at_once_give_one_report(year2019):
    results, errors = _race(4, lambda i: report_create(committee=year2019.committee, year=2019))
    assert not errors
    assert AnnualReport.objects.filter(committee=year2019.committee, year=2019).count() == 1
    assert len({r.pk for r in results}) == 1
