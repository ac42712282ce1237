"""Uploads that cannot hurt the server: crafted decompression bombs are refused before anything is
unpacked, the text is read in a child process with a memory limit and a timeout, and whatever goes
wrong is recorded on the file version and shown ("Texten kunde inte läsas: …"), never a crash.

Issue 8 measured a 408 KB .docx expanding to 400 MB: 12 s in the request and 1.35 GB of worker memory;
a 1.2 MB one made gunicorn kill the worker."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from cases.files import extract_text_safely
from cases.models import DocumentFile, TextStatus
from cases.tests.factories import CaseFactory, DiaryFactory, secretariat
from cases.tests.helpers import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

DOCUMENT_XML = "word/document.xml"


def docx_bomb(megabytes: int, member: str = DOCUMENT_XML, level: int = 9) -> bytes:
    """A valid-looking DOCX whose document.xml unpacks to ``megabytes`` MB (of a repeated byte)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as fh:
            block = b"<" * (1024 * 1024)
            for _ in range(megabytes):
                fh.write(block)
    return buffer.getvalue()


def docx_with_many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(DOCUMENT_XML, "<w:document xmlns:w='x'/>")
        for i in range(count):
            archive.writestr(f"word/media/bild{i}.png", b"")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb_400mb():
    return docx_bomb(400)


def test_a_400_mb_bomb_is_refused_from_its_directory_in_milliseconds(bomb_400mb):
    assert len(bomb_400mb) < 500_000  # a few hundred kB on disk, like the one measured
    started = time.perf_counter()
    result = extract_text_safely(bomb_400mb, "docx")
    elapsed = time.perf_counter() - started
    assert result.text == "" and "packas upp till 400 MB (högst 100 MB tillåts)" in result.error
    assert elapsed < 0.5


def test_ratio_and_entry_count_are_limited():
    ratio = extract_text_safely(docx_bomb(30), "docx")  # 30 MB is under the size limit, not the ratio
    assert "gånger (högst 100 gånger tillåts)" in ratio.error
    many = extract_text_safely(docx_with_many_entries(2500), "docx")
    assert "2502 delar (högst 2000 tillåts)" in many.error


@override_settings(EXTRACTION_MAX_UNCOMPRESSED_MB=10_000, EXTRACTION_MAX_RATIO=10**9, EXTRACTION_MEMORY_MB=200)
def test_the_child_process_memory_limit_stops_what_the_inspection_lets_through(bomb_400mb):
    """With the directory checks switched off, the 400 MB document reaches the parser; the child dies
    at its 200 MB address-space limit and the parent reports it."""
    started = time.perf_counter()
    result = extract_text_safely(bomb_400mb, "docx")
    assert result.text == "" and "minnesgränsen" in result.error, result
    assert time.perf_counter() - started < 30


@override_settings(EXTRACTION_MAX_UNCOMPRESSED_MB=10_000, EXTRACTION_MAX_RATIO=10**9, EXTRACTION_MEMORY_MB=4000)
def test_the_child_process_is_stopped_at_its_timeout():
    bomb = docx_bomb(1500, level=1)
    with override_settings(EXTRACTION_TIMEOUT_SECONDS=1):
        started = time.perf_counter()
        result = extract_text_safely(bomb, "docx")
        elapsed = time.perf_counter() - started
    assert "längre än 1 sekunder" in result.error or "för lång tid" in result.error, result
    assert elapsed < 10


def test_damaged_files_are_reported_not_raised():
    assert "skadad eller kan inte tolkas" in extract_text_safely(b"%PDF-1.4 trasig", "pdf").error
    damaged = extract_text_safely(docx_bytes("x").replace(b"document.xml", b"documenX.xml"), "docx")
    assert damaged.error
    assert extract_text_safely(pdf_bytes("Serverdrift i Åre"), "pdf").text.strip().startswith("Serverdrift")
    assert extract_text_safely(docx_bytes("Avtal om drift"), "docx").text == "Avtal om drift"


def test_uploading_a_bomb_registers_the_document_and_shows_why_the_text_was_not_read(
    client, bomb_400mb, django_capture_on_commit_callbacks
):
    case = CaseFactory(diary=DiaryFactory())
    client.force_login(secretariat())
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:document_add", args=[case.pk]),
            {
                "direction": "incoming",
                "kind": "letter",
                "date": "2019-03-02",
                "counterpart": "Okänd avsändare",
                "counterpart_kind": "private",
                "description": "Bilaga som packas upp till 400 MB",
                "file": upload("bomb.docx", bomb_400mb),
            },
        )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302 and elapsed < 3, elapsed
    version = DocumentFile.objects.get(document__case=case)
    assert version.text_status == TextStatus.FAILED and "400 MB" in version.text_error
    page = client.get(reverse("cases:document_detail", args=[version.document_id])).content.decode()
    assert "texten kunde inte läsas: filen packas upp till 400 MB" in page
