"""Issuing: the snapshot of seller and recipient, the archival PDF stored once and served as stored, refusals
with a message naming what is missing, the all-or-nothing batch, and (on PostgreSQL) that an issued invoice
cannot be changed or deleted by any path."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from common.archive import archived_bytes
from finance.models import Invoice, InvoiceLine, InvoiceSequence
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_discard,
    invoice_issue,
    invoice_issue_batch,
    invoice_mark_paid,
)
from parties.services import party_update

D = Decimal
pytestmark = pytest.mark.django_db


def _drafts(gns, year=2020):
    budget = budget_set(committee=gns.committee, year=year, base_amount=D("914400"))
    return base_contribution_propose(budget=budget)


def _text(pdf: bytes) -> str:
    # A no-break space (between thousands) comes out as a space or as U+00A0 depending on the extractor.
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\u00a0", " ")


def test_issue_snapshots_seller_and_recipient_and_archives_a_payable_pdf(gns, settings):
    invoice = invoice_issue(invoice=_drafts(gns)[0])  # the Region first
    assert (invoice.seller_name, invoice.seller_org_number) == ("Region Jämtland Härjedalen", "232100-0214")
    assert invoice.seller_bankgiro == settings.INVOICE_BANKGIRO and invoice.payment_account.startswith("Bankgiro")
    assert (invoice.buyer_name, invoice.buyer_org_number) == ("Region Jämtland Härjedalen", "232100-0214")
    assert invoice.buyer_address == "Box 910\n831 29 Östersund"
    assert invoice.pdf.kind == "invoice" and invoice.pdf.object_id == str(invoice.pk)
    text = _text(archived_bytes(invoice.pdf))
    for expected in (
        "Faktura",
        invoice.number,
        invoice.ocr,
        "Bankgiro 1234-5674",
        "2020-01-31",  # due date
        "101 600,00",
        "232100-0214",
        "Box 910",
        "Lika delar mellan nämndens 9 parter",
        "914 400,00",
    ):
        assert expected in text, expected


def test_issued_pdf_is_served_as_stored_even_after_the_party_changes(gns, secretariat_client):
    invoice = invoice_issue(invoice=_drafts(gns)[1])  # Ragunda
    stored = archived_bytes(invoice.pdf)
    party_update(party=gns["2303"], invoice_address="Ny gata 1\n999 99 Annanstans", org_number="212000-0000")
    response = secretariat_client.get(reverse("finance:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response.content == stored
    assert response["ETag"] == f'"{invoice.pdf.sha256}"'
    invoice.refresh_from_db()
    assert invoice.buyer_address == "Box 150\n840 70 Hammarstrand"  # the snapshot, not the party's new address


def test_issue_refused_naming_what_the_party_lacks(gns):
    party_update(party=gns["2303"], invoice_address="", org_number="")
    draft = next(d for d in _drafts(gns) if d.party == gns["2303"])
    with pytest.raises(ValidationError, match="Ragunda kommun saknar organisationsnummer och fakturaadress"):
        invoice_issue(invoice=draft)
    draft.refresh_from_db()
    assert draft.is_draft and draft.number == "" and not InvoiceSequence.objects.exists()


def test_issue_refused_without_seller_payment_details(gns, settings):
    settings.INVOICE_BANKGIRO = ""
    settings.INVOICE_PLUSGIRO = ""
    with pytest.raises(ValidationError, match="INVOICE_BANKGIRO eller INVOICE_PLUSGIRO"):
        invoice_issue(invoice=_drafts(gns)[0])
    settings.INVOICE_BANKGIRO = "1234-5675"  # wrong check digit
    with pytest.raises(ValidationError, match="kontrollsiffran"):
        invoice_issue(invoice=Invoice.objects.filter(status="draft").first())


def test_issue_all_is_all_or_nothing_with_a_message(gns):
    drafts = _drafts(gns)
    party_update(party=gns["2326"], invoice_address="")  # Berg, the 7th in the party order
    with pytest.raises(ValidationError) as info:
        invoice_issue_batch(committee=gns.committee, year=2020, kind=Invoice.Kind.BASE)
    assert "Ingen faktura skickades." in info.value.messages
    assert any("Bergs kommun saknar fakturaadress" in m for m in info.value.messages)
    assert Invoice.objects.filter(status=Invoice.Status.DRAFT).count() == 9 and not InvoiceSequence.objects.exists()
    party_update(party=gns["2326"], invoice_address="Box 1\n840 40 Svenstavik")
    issued = invoice_issue_batch(committee=gns.committee, year=2020, kind=Invoice.Kind.BASE)
    assert [i.party.code for i in issued] == ["23", "2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"]
    assert [i.number for i in issued] == [f"2020{n:05d}" for n in range(1, 10)]  # numbers in the party order
    assert len(drafts) == 9


def test_a_failure_in_the_middle_of_issue_all_leaves_every_draft_a_draft(gns, monkeypatch):
    from finance.services import invoices

    _drafts(gns)
    calls = {"n": 0}
    real = invoices.archive_pdf

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("skrivaren tog slut")
        return real(**kwargs)

    monkeypatch.setattr(invoices, "archive_pdf", failing)
    with pytest.raises(RuntimeError):
        invoice_issue_batch(committee=gns.committee, year=2020, kind=Invoice.Kind.BASE)
    assert not Invoice.objects.exclude(status=Invoice.Status.DRAFT).exists()
    assert not InvoiceSequence.objects.exists()  # no number was used up


def test_issue_all_twice_says_there_is_nothing_left(gns):
    _drafts(gns)
    invoice_issue_batch(committee=gns.committee, year=2020, kind=Invoice.Kind.BASE)
    with pytest.raises(ValidationError, match="inga utkast att skicka"):
        invoice_issue_batch(committee=gns.committee, year=2020, kind=Invoice.Kind.BASE)


def test_a_draft_can_be_discarded_an_issued_invoice_cannot(gns):
    drafts = _drafts(gns)
    invoice_discard(invoice=drafts[0])
    assert not Invoice.objects.filter(pk=drafts[0].pk).exists()
    issued = invoice_issue(invoice=drafts[1])
    with pytest.raises(ValidationError, match="tas aldrig bort"):
        invoice_discard(invoice=issued)
    # the discarded party can be proposed again
    assert [i.party for i in base_contribution_propose(budget=drafts[0].committee.budgets.get())] == [drafts[0].party]


def test_states_are_model_properties(gns):
    draft = _drafts(gns)[0]
    assert draft.is_draft and not draft.is_issued and not draft.can_be_paid and not draft.can_be_credited
    issued = invoice_issue(invoice=draft)
    assert issued.is_issued and issued.is_open and issued.can_be_paid and issued.can_be_credited
    paid = invoice_mark_paid(invoice=issued, paid_on=dt.date(2020, 1, 20))
    assert paid.is_issued and not paid.is_open and not paid.can_be_paid and paid.can_be_credited


def test_the_invoice_page_no_longer_tests_states_as_substrings():
    from pathlib import Path

    template = (Path(__file__).parents[2] / "templates/finance/invoice_detail.html").read_text()
    assert 'in "issued paid"' not in template and "can_be_credited" in template


# --- PostgreSQL refuses changes to issued invoices, whatever the path --------------------------------


def _refused(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


@pytest.mark.postgres
def test_issued_invoice_refuses_save_update_delete_and_raw_sql(gns):
    invoice = invoice_issue(invoice=_drafts(gns)[0])
    line = invoice.lines.get()
    invoice.total = D("1.00")
    _refused(lambda: invoice.save())
    _refused(lambda: Invoice.objects.filter(pk=invoice.pk).update(buyer_address="Ändrad"))
    _refused(lambda: Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.DRAFT))
    _refused(lambda: Invoice.objects.filter(pk=invoice.pk).delete())
    _refused(lambda: InvoiceLine.objects.filter(pk=line.pk).update(amount=D("1.00")))
    _refused(lambda: InvoiceLine.objects.filter(pk=line.pk).delete())
    _refused(lambda: InvoiceLine.objects.create(invoice=invoice, description="Tillägg", amount=D("5.00")))
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("UPDATE finance_invoice SET total = 0 WHERE id = %s", [invoice.pk]))
        _refused(lambda: cursor.execute("DELETE FROM finance_invoiceline WHERE invoice_id = %s", [invoice.pk]))
    invoice.refresh_from_db()
    assert invoice.total == D("101600.00") and invoice.lines.get().amount == D("101600.00")
    # only the status moves, by the services
    paid = invoice_mark_paid(invoice=invoice, paid_on=dt.date(2020, 1, 20))
    assert paid.status == Invoice.Status.PAID


@pytest.mark.postgres
def test_a_draft_may_still_be_changed_and_discarded(gns):
    draft = _drafts(gns)[0]
    Invoice.objects.filter(pk=draft.pk).update(title="Ändrad titel")
    invoice_discard(invoice=draft)
    assert not Invoice.objects.filter(pk=draft.pk).exists()


def test_the_database_allows_one_live_base_invoice_per_party_and_year(gns):
    draft = _drafts(gns)[0]
    twin = Invoice(
        committee=draft.committee,
        party=draft.party,
        kind=Invoice.Kind.BASE,
        year=2020,
        title="Tvilling",
        invoice_date=draft.invoice_date,
        due_date=draft.due_date,
        total=D("1"),
    )
    _refused(lambda: twin.save())


def test_a_twin_form_that_passes_the_first_check_is_decided_by_the_database(gns, monkeypatch):
    """Two submissions of one recharge form: the second passes the early "already done?" check before the
    first has committed (simulated), so the unique form token in the database decides: the second returns the
    first's draft instead of an error."""
    import uuid

    from finance.services import invoice_recharge_create, invoices

    token = uuid.uuid4()
    data = {
        "committee": gns.committee,
        "party": gns["2321"],
        "description": "Serverdrift",
        "amount": D("100"),
        "incurred_on": dt.date(2020, 1, 31),
        "document": "F",
        "invoice_date": dt.date(2020, 2, 1),
        "due_date": dt.date(2020, 3, 1),
        "form_token": token,
    }
    first = invoice_recharge_create(**data)
    real = invoices._done_with
    calls = {"n": 0}

    def miss_once(value):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(value)

    monkeypatch.setattr(invoices, "_done_with", miss_once)
    second = invoice_recharge_create(**data)
    assert second.pk == first.pk and second.already_done and Invoice.objects.count() == 1
