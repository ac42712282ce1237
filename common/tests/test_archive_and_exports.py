import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from common.archive import ArchiveIntegrityError, archive_pdf, archive_store, archived_bytes, archived_response
from common.exports import safe_cell, safe_row
from common.models import ArchivedDocument
from common.pdfa import pdfa_problems

# --- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+46 63", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_text_is_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_numbers_dates_and_plain_text_are_unchanged():
    row = [Decimal("-500.00"), -3, 2.5, dt.date(2020, 1, 2), None, True, "Bräcke kommun", "2020-01-02", ""]
    assert safe_row(row) == row


@given(st.text())
def test_property_no_cell_starts_with_a_formula_character(text):
    assert not str(safe_cell(text)).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert str(safe_cell(text)).lstrip("'") == text.lstrip("'") or str(safe_cell(text)) == "'" + text


# --- stored archival documents -----------------------------------------------------------------------


@pytest.mark.django_db
def test_store_once_and_serve_the_stored_bytes():
    content = b"%PDF-1.7 stored"
    document = archive_store(kind="invoice", object_id=7, title="Faktura 1", filename="faktura-1.pdf", content=content)
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    again = archive_store(kind="invoice", object_id=7, title="X", filename="x.pdf", content=b"other")
    assert again.pk == document.pk and ArchivedDocument.objects.count() == 1  # never replaced
    response = archived_response(document)
    assert response.content == content and response["ETag"] == f'"{document.sha256}"'
    assert 'filename="faktura-1.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_changed_file_is_refused_not_served():
    document = archive_store(kind="invoice", object_id=8, title="F", filename="f.pdf", content=b"%PDF original")
    with default_storage.open(document.file.name, "wb") as handle:
        handle.write(b"%PDF tampered")
    with pytest.raises(ArchiveIntegrityError, match="SHA-256"):
        archived_bytes(document)


@pytest.mark.django_db
def test_archive_pdf_renders_tagged_pdf_a_once():
    document = archive_pdf(
        kind="test",
        object_id="a",
        title="Prov",
        filename="prov.pdf",
        template="finance/pdf/invoice.html",
        context={"invoice": _FakeInvoice(), "lines": []},
    )
    root = PdfReader(io.BytesIO(archived_bytes(document))).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()  # PDF/A identification
    assert pdfa_problems(archived_bytes(document)) == []
    assert document.variant == "pdf/a-2u"
    # a second call returns the stored document without rendering (the template would fail now)
    assert (
        archive_pdf(kind="test", object_id="a", title="", filename="", template="nonexistent.html", context={})
        == document
    )


class _FakeInvoice:
    """Just enough of an invoice for the template."""

    number = "202000001"
    is_credit_note = False
    seller_name = buyer_name = "Region Jämtland Härjedalen"
    seller_address = "Box 654\n831 27 Östersund"
    seller_address_line = "Box 654, 831 27 Östersund"
    buyer_address = "Box 910\n831 29 Östersund"
    seller_org_number = buyer_org_number = "232100-0214"
    seller_vat_number = seller_vat_text = seller_contact = buyer_reference = ""
    seller_bankgiro, seller_plusgiro, payment_account = "1234-5674", "", "Bankgiro 1234-5674"
    invoice_date = due_date = dt.date(2020, 1, 2)
    ocr, year, title, total, project = "2020000010", 2020, "Prov", Decimal("1.00"), None

    class committee:  # noqa: N801
        name, short_name = "Gemensam nämnd", "GNS"
