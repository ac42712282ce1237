"""Invoices: drafts, issue (number + OCR), payment, credit notes, recharges of actual costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from committee.models import Committee
from parties.models import Party

from ..models import Invoice, InvoiceLine, InvoiceSequence

ISSUED_NO_EDIT = "Fakturan är skickad och kan inte ändras. Rätta den med en kreditfaktura i stället."


def luhn_check_digit(digits: str) -> str:
    """Modulus 10 (Luhn) check digit, as Bankgirot uses for OCR references."""
    if not digits.isdigit():
        raise ValueError("OCR-underlaget får bara innehålla siffror.")
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def ocr_for(number: str) -> str:
    """The OCR reference of an invoice number: its digits followed by the Luhn check digit."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits + luhn_check_digit(digits)


def _validated(invoice: Invoice) -> Invoice:
    invoice.full_clean()
    invoice.save()
    return invoice


@transaction.atomic
def invoice_draft_create(
    *,
    committee: Committee,
    party: Party,
    kind: str,
    year: int,
    title: str,
    invoice_date: dt.date,
    due_date: dt.date,
    lines: list[InvoiceLine],
    project=None,
    credited_invoice: Invoice | None = None,
    created_by=None,
) -> Invoice:
    """A draft invoice with ``lines`` (unsaved InvoiceLine objects); the total is their sum."""
    if not lines:
        raise ValidationError("En faktura måste ha minst en rad.")
    if due_date < invoice_date:
        raise ValidationError({"due_date": "Förfallodatum kan inte vara före fakturadatum."})
    invoice = Invoice(
        committee=committee,
        party=party,
        kind=kind,
        year=year,
        title=title,
        invoice_date=invoice_date,
        due_date=due_date,
        total=sum((line.amount for line in lines), Decimal("0")),
        project=project,
        credited_invoice=credited_invoice,
        created_by=created_by,
    )
    _validated(invoice)
    for order, line in enumerate(lines, start=1):
        line.invoice = invoice
        line.order = order
        line.full_clean(exclude=["invoice"])
    InvoiceLine.objects.bulk_create(lines)
    return invoice


@transaction.atomic
def invoice_update(*, invoice: Invoice, title: str, invoice_date: dt.date, due_date: dt.date) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_draft:
        raise ValidationError(ISSUED_NO_EDIT)
    if due_date < invoice_date:
        raise ValidationError({"due_date": "Förfallodatum kan inte vara före fakturadatum."})
    invoice.title, invoice.invoice_date, invoice.due_date = title, invoice_date, due_date
    return _validated(invoice)


def _next_number(year: int) -> str:
    sequence, _ = InvoiceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}{sequence.last:05d}"


@transaction.atomic
def invoice_issue(*, invoice: Invoice) -> Invoice:
    """Fix the number (no gaps, per invoice year), the OCR reference and the issue time."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_draft:
        raise ValidationError(f"Fakturan {invoice.number} är redan skickad.")
    amounts = list(invoice.lines.values_list("amount", flat=True))
    if not amounts:
        raise ValidationError("Fakturan har inga rader.")
    total = sum(amounts, Decimal("0"))  # exact in Python (SQLite sums decimals as floats)
    invoice.total = total
    invoice.number = _next_number(invoice.invoice_date.year)
    invoice.ocr = ocr_for(invoice.number)
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    return _validated(invoice)


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: dt.date) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.ISSUED:
        raise ValidationError("Bara en skickad faktura kan markeras som betald.")
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        raise ValidationError("En kreditfaktura betalas inte; den avräknas mot den krediterade fakturan.")
    if paid_on < invoice.invoice_date:
        raise ValidationError({"paid_on": "Betaldatum kan inte vara före fakturadatum."})
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = paid_on
    return _validated(invoice)


@transaction.atomic
def invoice_credit(*, invoice: Invoice, reason: str, credit_date: dt.date | None = None, created_by=None) -> Invoice:
    """Credit an issued (or paid) invoice in full with an issued credit note that mirrors every line;
    the original is marked credited. The original itself is never changed otherwise."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_draft:
        raise ValidationError("Ett utkast krediteras inte; ändra det eller låt bli att skicka det.")
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        raise ValidationError("En kreditfaktura kan inte krediteras.")
    if invoice.status == Invoice.Status.CREDITED:
        raise ValidationError(f"Fakturan {invoice.number} är redan krediterad.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange varför fakturan krediteras."})
    if invoice.total < 0:
        raise ValidationError("Fakturan har ett negativt belopp (en kredit) och kan inte krediteras.")
    credit_date = credit_date or timezone.localdate()
    lines = [
        InvoiceLine(
            description=f"Kredit: {line.description}",
            key=line.key,
            basis_total=line.basis_total,
            group_label=line.group_label,
            group_percent=line.group_percent,
            population=line.population,
            population_date=line.population_date,
            population_source=line.population_source,
            weight_total=line.weight_total,
            share_percent=line.share_percent,
            amount=-line.amount,
            cost=line.cost,
            cost_item=line.cost_item,
        )
        for line in invoice.lines.all()
    ]
    note = invoice_draft_create(
        committee=invoice.committee,
        party=invoice.party,
        kind=Invoice.Kind.CREDIT_NOTE,
        year=invoice.year,
        title=f"Kreditering av faktura {invoice.number}: {reason.strip()}",
        invoice_date=credit_date,
        due_date=credit_date,
        lines=lines,
        project=invoice.project,
        credited_invoice=invoice,
        created_by=created_by,
    )
    invoice.status = Invoice.Status.CREDITED
    _validated(invoice)
    return invoice_issue(invoice=note)


@transaction.atomic
def invoice_recharge_create(
    *,
    committee: Committee,
    party: Party,
    description: str,
    amount: Decimal,
    incurred_on: dt.date,
    document: str,
    invoice_date: dt.date,
    due_date: dt.date,
    created_by=None,
) -> Invoice:
    """Re-invoice an actual cost to one party in full (seed 002: server operation invoiced to Åre)."""
    if amount <= 0:
        raise ValidationError({"amount": "Beloppet måste vara större än noll."})
    line = InvoiceLine(
        description=f"{description} ({incurred_on:%Y-%m-%d}, underlag: {document})",
        key="Faktisk kostnad, vidarefaktureras i sin helhet",
        basis_total=amount,
        share_percent=Decimal("100"),
        amount=amount,
    )
    return invoice_draft_create(
        committee=committee,
        party=party,
        kind=Invoice.Kind.RECHARGE,
        year=incurred_on.year,
        title=description,
        invoice_date=invoice_date,
        due_date=due_date,
        lines=[line],
        created_by=created_by,
    )
