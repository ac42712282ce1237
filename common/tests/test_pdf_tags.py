"""Every kind of PDF the portal makes is a tagged PDF (a structure tree with headings, tables and lists,
the title and the language ``sv`` in its metadata) and carries no hidden copy of its running header.

Kinds: the memo (tjänsteskrivelse), the issued invoice (archived, PDF/A), the draft invoice preview and
the letter-style document the demo data is made of. A test at the end keeps new PDF templates from
bringing back hidden running-header text."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from cases import services as case_services
from cases.tests.factories import CaseFactory, DiaryFactory, officer
from common.archive import archived_bytes
from common.pdf import render_pdf
from common.pdfa import pdfa_problems
from finance.services import base_contribution_propose, budget_set, invoice_issue, invoice_recharge_create
from projects.tests.conftest import gns  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _structure(pdf: bytes) -> tuple[dict, Counter]:
    """The document catalogue and how often each structure type occurs in its structure tree."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    types: Counter = Counter()

    def visit(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            types[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            visit(kid)

    assert "/StructTreeRoot" in root, "PDF:en saknar strukturträd (inte taggad)"
    visit(root["/StructTreeRoot"])
    return {"root": root, "title": reader.metadata.title, "reader": reader}, types


def _assert_tagged(pdf: bytes, *, title: str, needs: set[str]) -> dict:
    info, types = _structure(pdf)
    root = info["root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "sv"
    assert info["title"] == title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # readers show the title, not the file name
    missing = {tag for tag in needs if not types[tag]}
    assert not missing, f"strukturtyper saknas: {missing} (finns: {dict(types)})"
    return info


def _page_text(info: dict, page: int = 0) -> str:
    return info["reader"].pages[page].extract_text()


@pytest.fixture
def memo_case():
    diary = DiaryFactory()
    hanna = officer()
    hanna.phone = ""  # no phone number: no empty "Tfn:" line
    hanna.save()
    case = CaseFactory(diary=diary, officer=hanna, title="Förstudie IT-serverdrift", registered_on=dt.date(2019, 2, 4))
    case_services.memo_save(
        case=case,
        by=hanna,
        heading="Förstudie IT-serverdrift",
        body_name="Gemensam nämnd för samverkan",
        memo_date=dt.date(2020, 2, 7),
        author=hanna,
        background="Parterna har utrett serverdrift.",
        proposal="Förstudien godkänns.\nUppdraget avslutas.",
        signatories="Henrik Sandberg, Regiondirektör",
        extract_recipients="Parterna",
    )
    return case


def test_memo_pdf_is_tagged_without_hidden_header_or_empty_phone_line(client, memo_case):
    client.force_login(memo_case.officer)
    response = client.get(reverse("cases:memo_pdf", args=[memo_case.pk]))
    assert response.status_code == 200
    needs = {"/H2", "/H3", "/P", "/Table", "/L", "/LI"}
    info = _assert_tagged(response.content, title=f"Tjänsteskrivelse {memo_case.number}", needs=needs)
    text = _page_text(info)
    # Once in the visible heading block, once in the page's running header: no third, hidden copy.
    assert text.count(memo_case.number) == 2
    assert text.count("2020-02-07") == 2
    assert "Tfn" not in text


def _issued_base_invoice(gns):  # noqa: F811
    budget = budget_set(committee=gns.committee, year=2020, base_amount=Decimal("914400"))
    return invoice_issue(invoice=base_contribution_propose(budget=budget)[0])


def test_issued_invoice_pdf_is_tagged_pdfa_with_the_rounding_note_and_no_population_note(gns):  # noqa: F811
    invoice = _issued_base_invoice(gns)
    pdf = archived_bytes(invoice.pdf)
    title = f"Faktura {invoice.number} till {invoice.buyer_name}"
    info = _assert_tagged(pdf, title=title, needs={"/H1", "/Table", "/TH"})
    assert pdfa_problems(pdf) == []  # PDF/A-2u: identification, output intent, fonts embedded and mapped
    text = " ".join(_page_text(info).split())
    assert "största-rest-metoden" in text  # an equal split: the rounding rule applies
    assert "1 november" not in text  # no population key on this invoice
    assert text.count("2020-01-02") == 2  # the invoice date in the facts and in the running footer; nothing hidden


def test_recharged_cost_invoice_explains_no_split(gns, secretariat_client):  # noqa: F811
    draft = invoice_recharge_create(
        committee=gns.committee,
        party=gns["2321"],
        description="Serverdrift Åre, mars 2020",
        amount=Decimal("12500"),
        incurred_on=dt.date(2020, 3, 31),
        document="Faktura 4711 från leverantören",
        invoice_date=dt.date(2020, 4, 2),
        due_date=dt.date(2020, 5, 2),
    )
    preview = secretariat_client.get(reverse("finance:invoice_pdf", args=[draft.pk]))
    info = _assert_tagged(preview.content, title=f"Faktura (utkast) till {gns['2321'].name}", needs={"/H1", "/Table"})
    assert "största-rest" not in _page_text(info) and "folkmängd" not in _page_text(info)
    issued = invoice_issue(invoice=draft)
    text = " ".join(_page_text({"reader": PdfReader(io.BytesIO(archived_bytes(issued.pdf)))}).split())
    assert "största-rest" not in text and "1 november" not in text
    assert "Dröjsmålsränta" in text


def test_letter_pdf_of_the_demo_documents_is_tagged():
    pdf = render_pdf(
        "cases/pdf/demo_document.html",
        {
            "title": "Yttrande över förstudien",
            "sender": "Bräcke kommun",
            "reference": "GNS/8/2019",
            "date": dt.date(2019, 10, 1),
            "paragraphs": ["Bräcke kommun ställer sig bakom förstudien."],
        },
    )
    info = _assert_tagged(pdf, title="Yttrande över förstudien", needs={"/H1", "/P", "/Table"})
    assert _page_text(info).count("GNS/8/2019") == 2  # the visible block and the running header


def test_running_header_text_with_quotes_and_markup_stays_in_the_margin():
    pdf = render_pdf(
        "cases/pdf/demo_document.html",
        {"title": "Brev", "sender": 'Firma "Ek & Björk" <AB>\\', "reference": "A/1/2020", "date": dt.date(2020, 1, 2)},
    )
    text = _page_text({"reader": PdfReader(io.BytesIO(pdf))})
    assert text.count('Firma "Ek & Björk" <AB>\\') == 2


def test_no_pdf_template_hides_running_header_text():
    """Running header strings come from pdf/base.html's running_* blocks (CSS strings in the margin).
    Hidden elements with string-set would put a second, invisible copy of the text in the PDF."""
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "/pdf/" in str(path) and ("running-" in path.read_text() or "string-set" in path.read_text())
    ]
    assert offenders == []
