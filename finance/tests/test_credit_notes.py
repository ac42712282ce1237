"""Credit notes: whole or chosen lines or part of a line, naming what they credit; what remains of a partly
credited invoice; credit notes shown apart in the party portal; never a negative ordinary invoice."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.models import Invoice, InvoiceLine
from finance.selectors import invoice_detail
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    invoice_mark_paid,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _two_line_invoice(gns):
    lines = [
        InvoiceLine(description="Serverdrift januari", key="Faktisk kostnad", amount=D("1000.00")),
        InvoiceLine(description="Serverdrift februari", key="Faktisk kostnad", amount=D("2000.00")),
    ]
    draft = invoice_draft_create(
        committee=gns.committee,
        party=gns["2321"],
        kind=Invoice.Kind.RECHARGE,
        year=2020,
        title="Serverdrift Åre",
        invoice_date=dt.date(2020, 3, 1),
        due_date=dt.date(2020, 3, 31),
        lines=lines,
    )
    return invoice_issue(invoice=draft)


def test_partial_credit_of_chosen_lines_and_what_remains(gns):
    invoice = _two_line_invoice(gns)
    january, february = invoice.lines.order_by("order")
    note = invoice_credit(invoice=invoice, reason="Februari fakturerades för mycket", amounts={february.pk: D("500")})
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.total == D("-500.00") and note.number
    assert [(line.credited_line, line.amount) for line in note.lines.all()] == [(february, D("-500.00"))]
    detail = invoice_detail(pk=invoice.pk)
    assert detail.status == Invoice.Status.ISSUED and detail.partly_credited
    assert (detail.credited, detail.remaining) == (D("-500.00"), D("2500.00"))
    assert [line.remaining for line in detail.lines.all()] == [D("1000.00"), D("1500.00")]
    assert [n.number for n in detail.credited_by] == [note.number]
    with pytest.raises(ValidationError, match=r"bara 1.{1,4}500,00 kr återstår"):
        invoice_credit(invoice=invoice, reason="igen", amounts={february.pk: D("1500.01")})
    # the rest: everything that remains, then the invoice is credited
    invoice_credit(invoice=invoice, reason="Hela resten")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CREDITED
    assert invoice_detail(pk=invoice.pk).remaining == 0
    with pytest.raises(ValidationError, match="redan helt krediterad"):
        invoice_credit(invoice=invoice, reason="en gång till")


def test_a_paid_invoice_can_be_credited_a_credit_note_cannot_be_paid_or_credited(gns):
    invoice = invoice_mark_paid(invoice=_two_line_invoice(gns), paid_on=dt.date(2020, 3, 20))
    note = invoice_credit(invoice=invoice, reason="Fel", amounts={invoice.lines.first().pk: D("100")})
    with pytest.raises(ValidationError, match="betalas inte"):
        invoice_mark_paid(invoice=note, paid_on=dt.date(2020, 3, 25))
    with pytest.raises(ValidationError, match="kan inte krediteras"):
        invoice_credit(invoice=note, reason="x")


def test_an_ordinary_invoice_is_never_negative(gns):
    with pytest.raises(ValidationError, match="kreditfaktura"):
        invoice_draft_create(
            committee=gns.committee,
            party=gns["2321"],
            kind=Invoice.Kind.PROJECT,
            year=2020,
            title="Minus",
            invoice_date=dt.date(2020, 3, 1),
            due_date=dt.date(2020, 3, 31),
            lines=[InvoiceLine(description="Återbetalning", amount=D("-500.00"))],
        )


def test_credit_form_credits_chosen_lines_and_a_double_post_has_one_effect(gns, secretariat_client):
    invoice = _two_line_invoice(gns)
    january = invoice.lines.order_by("order").first()
    url = reverse("finance:invoice_credit", args=[invoice.pk])
    data = {"reason": "Januari", "token": str(uuid.uuid4()), f"line_{january.pk}": "250,00"}
    first = secretariat_client.post(url, data)
    second = secretariat_client.post(url, data)
    assert first.status_code == second.status_code == 302
    notes = Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE)
    assert notes.count() == 1 and notes.get().total == D("-250.00")
    too_much = secretariat_client.post(url, {**data, "token": str(uuid.uuid4()), f"line_{january.pk}": "5000"})
    assert too_much.status_code == 400 and "mindre än eller lika med 750" in too_much.content.decode()


def test_party_portal_shows_credits_apart_and_what_remains(gns, rep_of, django_assert_num_queries):
    budget = budget_set(committee=gns.committee, year=2020, base_amount=D("914400"))
    base = invoice_issue(invoice=next(d for d in base_contribution_propose(budget=budget) if d.party == gns["2321"]))
    note = invoice_credit(invoice=base, reason="Rabatt", amounts={base.lines.get().pk: D("1600")})
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(rep_of(gns["2321"]))
    with django_assert_num_queries(9):
        html = client.get(reverse("party:portal") + "?ar=2020").content.decode()
    assert "Kreditfakturor 2020" in html and f"Kreditfaktura {note.number}" in html
    assert "delvis krediterad" in html and "Kvar: 100\u00a0000,00 kr" in html
    assert "−1\u00a0600,00" in html  # the year table's credit-note column
    assert "netto efter kreditfakturor: 100\u00a0000,00 kr" in html
