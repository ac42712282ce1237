"""The diary import's answers to bad files: line numbers, encodings, control characters; and it no
longer changes csv.excel for the whole process (issue 8)."""

from __future__ import annotations

import csv

import pytest
from django.urls import reverse

from cases.models import Case
from cases.services import DiaryImportError, diary_import_csv
from cases.tests.factories import DiaryFactory, secretariat

pytestmark = pytest.mark.django_db

HEADER = "diarienummer;datum;ärendemening;status;handläggare\n"


def test_undecodable_bytes_name_the_line():
    data = (HEADER + "GNS/1/2019;2019-01-10;Budget;;\n").encode() + b"GNS/2/2019;2019-01-11;Bud\x81get;;\n"
    with pytest.raises(DiaryImportError) as info:
        diary_import_csv(diary=DiaryFactory(), data=data)
    message = "tecknet 0x81 kan inte läsas. Filen ska vara kodad som UTF-8 eller Windows-1252"
    assert info.value.errors == [(3, message + " (i Excel: Spara som → CSV UTF-8).")]
    assert not Case.objects.exists()


def test_a_nul_in_a_title_is_a_row_error():
    data = HEADER + "GNS/1/2019;2019-01-10;Bud\x00get;;\n"
    with pytest.raises(DiaryImportError) as info:
        diary_import_csv(diary=DiaryFactory(), data=data)
    assert info.value.errors == [(2, "Raden innehåller ett otillåtet osynligt tecken (U+0000).")]


def test_the_import_does_not_change_csv_excel_for_the_process():
    before = csv.excel.delimiter
    with pytest.raises(DiaryImportError):
        diary_import_csv(diary=DiaryFactory(), data="bara en kolumn utan avgränsare\n")
    assert csv.excel.delimiter == before == ","


def test_the_import_page_shows_the_errors_and_keeps_nothing(client):
    diary = DiaryFactory()
    client.force_login(secretariat())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("cases:import"),
        {"diary": diary.pk, "file": SimpleUploadedFile("d.csv", b"\xff\xfe\x81\x00" * 10)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "kan inte läsas" in page and "Inget har importerats" in page
