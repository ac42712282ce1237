"""Invoices: drafts, issue (number, OCR, snapshot of seller and recipient, archived PDF), issue of a whole
batch, payment, credit notes (whole or chosen lines), discarding a draft, recharges of actual costs.

Every write here locks the rows it decides on (the invoice, the batch of drafts, the number counter) so
concurrent or repeated submissions have exactly one effect; an issued invoice is also protected by the
database (triggers in the migration ``finance.0003``)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from committee.models import Committee
from common.archive import archive_pdf
from common.formatting import format_amount
from parties.models import Party

from ..models import Invoice, InvoiceLine, InvoiceSequence
from ..ocr import luhn_check_digit, luhn_valid, ocr_for
from .budgets import party_order

ISSUED_NO_EDIT = "Fakturan är skickad och kan inte ändras. Rätta den med en kreditfaktura i stället."
ZERO = Decimal("0")

__all__ = [
    "apply_snapshot",
    "invoice_credit",
    "invoice_discard",
    "invoice_draft_create",
    "invoice_issue",
    "invoice_issue_batch",
    "invoice_mark_paid",
    "invoice_recharge_create",
    "invoice_update",
    "line_remaining",
    "luhn_check_digit",
    "ocr_for",
    "seller_problems",
]


def _validated(invoice: Invoice) -> Invoice:
    invoice.full_clean(exclude=["form_token"])
    invoice.save()
    return invoice


def _done_with(token: uuid.UUID | None) -> Invoice | None:
    """The invoice an earlier submission of the same form created (marked ``already_done``), if any."""
    if token is None:
        return None
    existing = Invoice.objects.filter(form_token=token).first()
    if existing is not None:
        existing.already_done = True
    return existing


def _token(token) -> uuid.UUID | None:
    if token is None or token == "":
        return None
    if isinstance(token, uuid.UUID):
        return token
    try:
        return uuid.UUID(str(token))
    except ValueError as exc:
        raise ValidationError("Formuläret är ogiltigt. Ladda om sidan och försök igen.") from exc


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
    form_token=None,
) -> Invoice:
    """A draft invoice with ``lines`` (unsaved InvoiceLine objects); the total is their sum."""
    if not lines:
        raise ValidationError("En faktura måste ha minst en rad.")
    if due_date < invoice_date:
        raise ValidationError({"due_date": "Förfallodatum kan inte vara före fakturadatum."})
    total = sum((line.amount for line in lines), ZERO)
    if kind == Invoice.Kind.CREDIT_NOTE and total >= 0:
        raise ValidationError("En kreditfaktura ska ge pengar tillbaka (ett negativt belopp).")
    if kind != Invoice.Kind.CREDIT_NOTE and total < 0:
        raise ValidationError("En faktura kan inte ha ett negativt belopp; det blir en kreditfaktura.")
    invoice = Invoice(
        committee=committee,
        party=party,
        kind=kind,
        year=year,
        title=title[:300],
        invoice_date=invoice_date,
        due_date=due_date,
        total=total,
        project=project,
        credited_invoice=credited_invoice,
        created_by=created_by,
        form_token=_token(form_token),
    )
    # The form token's uniqueness is decided by the database (callers turn the IntegrityError of a concurrent
    # twin into "already done"), not by a SELECT in full_clean that a twin may pass at the same moment.
    invoice.full_clean(exclude=["form_token"])
    invoice.save()
    for order, line in enumerate(lines, start=1):
        line.invoice = invoice
        line.order = order
        line.full_clean(exclude=["invoice"], validate_unique=False, validate_constraints=False)
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


@transaction.atomic
def invoice_discard(*, invoice: Invoice) -> None:
    """Throw away a draft (it has no number, so nothing is lost from the numbering). Issued invoices are
    credited, never discarded."""
    invoice = Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
    if invoice is None:
        raise ValidationError("Utkastet finns inte längre (det kan redan vara borttaget).")
    if not invoice.is_draft:
        raise ValidationError("En skickad faktura tas aldrig bort. Kreditera den i stället.")
    invoice.lines.all().delete()
    invoice.delete()


# --- Issue ---------------------------------------------------------------------------------------

ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")


def _giro_valid(number: str) -> bool:
    digits = number.replace("-", "").replace(" ", "")
    return digits.isdigit() and 2 <= len(digits) <= 8 and luhn_valid(digits)


def seller_problems() -> list[str]:
    """What is missing or wrong in the seller settings (empty when invoices can be issued)."""
    problems = []
    if not settings.INVOICE_SELLER_NAME.strip():
        problems.append("avsändarens namn (INVOICE_SELLER_NAME)")
    if not ORG_NUMBER.match(settings.INVOICE_SELLER_ORG_NUMBER.strip()):
        problems.append("avsändarens organisationsnummer (INVOICE_SELLER_ORG_NUMBER)")
    if not settings.INVOICE_SELLER_ADDRESS.strip():
        problems.append("avsändarens adress (INVOICE_SELLER_ADDRESS)")
    bankgiro, plusgiro = settings.INVOICE_BANKGIRO.strip(), settings.INVOICE_PLUSGIRO.strip()
    if not bankgiro and not plusgiro:
        problems.append("bankgiro eller plusgiro att betala till (INVOICE_BANKGIRO eller INVOICE_PLUSGIRO)")
    elif (bankgiro and not _giro_valid(bankgiro)) or (plusgiro and not _giro_valid(plusgiro)):
        problems.append("ett giltigt bankgiro- eller plusgironummer (kontrollsiffran stämmer inte)")
    return problems


def _buyer_problems(party: Party) -> list[str]:
    problems = []
    if not party.org_number:
        problems.append("organisationsnummer")
    if not party.invoice_address.strip():
        problems.append("fakturaadress")
    return problems


def apply_snapshot(invoice: Invoice) -> Invoice:
    """Copy the seller (settings) and the recipient (the party) onto ``invoice`` in memory; ``invoice_issue``
    saves it, a draft's preview only shows it."""
    party = invoice.party
    invoice.seller_name = settings.INVOICE_SELLER_NAME.strip()
    invoice.seller_org_number = settings.INVOICE_SELLER_ORG_NUMBER.strip()
    invoice.seller_address = "\n".join(
        part.strip() for part in settings.INVOICE_SELLER_ADDRESS.split(";") if part.strip()
    )
    invoice.seller_vat_number = settings.INVOICE_SELLER_VAT_NUMBER.strip()
    invoice.seller_vat_text = settings.INVOICE_VAT_TEXT.strip()[:300]
    invoice.seller_bankgiro = settings.INVOICE_BANKGIRO.strip()
    invoice.seller_plusgiro = settings.INVOICE_PLUSGIRO.strip()
    invoice.seller_contact = settings.INVOICE_CONTACT.strip()[:300]
    invoice.buyer_name = party.name
    invoice.buyer_org_number = party.org_number
    invoice.buyer_address = party.invoice_address.strip()
    invoice.buyer_reference = party.invoice_reference
    return invoice


def _refusal(invoices: list[Invoice]) -> ValidationError | None:
    """Why these drafts cannot be issued, all reasons at once (names what is missing for whom)."""
    messages = []
    seller = seller_problems()
    if seller:
        messages.append("Fakturor kan inte skickas förrän inställningarna har " + ", ".join(seller) + ".")
    for party in {i.party for i in invoices}:
        missing = _buyer_problems(party)
        if missing:
            messages.append(f"{party} saknar {' och '.join(missing)}. Fyll i det under Parter.")
    return ValidationError(messages) if messages else None


def _next_number(year: int) -> str:
    sequence, _ = InvoiceSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}{sequence.last:05d}"


def invoice_pdf_context(*, invoice: Invoice, lines: list[InvoiceLine]) -> dict:
    """What the invoice PDF needs, with the notes its lines call for: the population rule only when a line
    is split by population, the rounding rule only when a line is a share of a split (a key, a total to
    split, equal parts). A re-invoiced cost or a credit of whole amounts explains neither."""
    return {
        "invoice": invoice,
        "lines": lines,
        "population_basis": any(line.population for line in lines),
        "split_basis": any(
            line.population or line.equal_parts or (line.share_percent is not None and line.share_percent < 100)
            for line in lines
        ),
    }


def _issue_locked(invoice: Invoice, *, issued_by=None) -> Invoice:
    """Issue a locked draft: number, OCR, snapshot, the archived PDF. Caller holds the row lock."""
    lines = list(invoice.lines.select_related("credited_line__invoice").order_by("order", "pk"))
    if not lines:
        raise ValidationError("Fakturan har inga rader.")
    invoice.total = sum((line.amount for line in lines), ZERO)  # exact in Python (SQLite sums floats)
    invoice.number = _next_number(invoice.invoice_date.year)
    invoice.ocr = ocr_for(invoice.number)
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    apply_snapshot(invoice)
    label = "Kreditfaktura" if invoice.is_credit_note else "Faktura"
    invoice.pdf = archive_pdf(
        kind="invoice",
        object_id=invoice.pk,
        title=f"{label} {invoice.number} till {invoice.buyer_name}",
        filename=f"{'kreditfaktura' if invoice.is_credit_note else 'faktura'}-{invoice.number}.pdf",
        template="finance/pdf/invoice.html",
        context=invoice_pdf_context(invoice=invoice, lines=lines),
        created_by=issued_by,
    )
    _validated(invoice)
    if invoice.is_credit_note:
        _mark_fully_credited({line.credited_line.invoice_id for line in lines if line.credited_line_id})
    return invoice


def _mark_fully_credited(invoice_ids: set[int]) -> None:
    """An invoice whose every line has been credited in full by issued credit notes becomes credited."""
    for original in Invoice.objects.select_for_update().filter(pk__in=invoice_ids).order_by("pk"):
        if original.status == Invoice.Status.CREDITED:
            continue
        if all(v == 0 for v in line_remaining(list(original.lines.all())).values()):
            original.status = Invoice.Status.CREDITED
            _validated(original)


@transaction.atomic
def invoice_issue(*, invoice: Invoice, issued_by=None) -> Invoice:
    """Issue one draft: the next number of its invoice year (no gaps), the OCR reference, a snapshot of the
    seller (settings) and the recipient (the party), and the PDF rendered once and archived."""
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("party", "committee", "project")
        .get(pk=invoice.pk)
    )
    if not invoice.is_draft:
        raise ValidationError(f"Fakturan {invoice.number} är redan skickad.")
    refusal = _refusal([invoice])
    if refusal:
        raise refusal
    return _issue_locked(invoice, issued_by=issued_by)


@transaction.atomic
def invoice_issue_batch(
    *, committee: Committee, year: int | None = None, kind: str | None = None, project=None, issued_by=None
) -> list[Invoice]:
    """Issue every draft of a batch (a committee's base contributions of a year, or a project's drafts) in
    one transaction: all are issued, or none is and the message says why. Numbers follow the documented
    party order (region first, then official code). A concurrent second call finds no drafts left."""
    drafts = Invoice.objects.select_for_update(of=("self",)).filter(committee=committee, status=Invoice.Status.DRAFT)
    drafts = drafts.filter(project=project) if project is not None else drafts.filter(year=year)
    if kind:
        drafts = drafts.filter(kind=kind)
    drafts = sorted(
        drafts.select_related("party", "project").order_by("pk"), key=lambda i: (party_order(i.party), i.pk)
    )
    if not drafts:
        raise ValidationError("Det finns inga utkast att skicka (de kan redan vara skickade).")
    refusal = _refusal(drafts)
    if refusal:
        raise ValidationError(["Ingen faktura skickades.", *refusal.messages])
    return [_issue_locked(invoice, issued_by=issued_by) for invoice in drafts]


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: dt.date) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note:
        raise ValidationError("En kreditfaktura betalas inte; den avräknas mot den krediterade fakturan.")
    if invoice.status == Invoice.Status.PAID:
        raise ValidationError(f"Fakturan {invoice.number} är redan markerad som betald.")
    if invoice.status != Invoice.Status.ISSUED:
        raise ValidationError("Bara en skickad faktura kan markeras som betald.")
    if paid_on < invoice.invoice_date:
        raise ValidationError({"paid_on": "Betaldatum kan inte vara före fakturadatum."})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Betaldatum kan inte ligga i framtiden."})
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = paid_on
    return _validated(invoice)


# --- Credit notes ----------------------------------------------------------------------------------


def line_remaining(lines: list[InvoiceLine]) -> dict[int, Decimal]:
    """What is left of each line after the credit notes that credit it (one query)."""
    credited: dict[int, Decimal] = defaultdict(Decimal)
    for line_id, amount in InvoiceLine.objects.filter(
        credited_line__in=[line.pk for line in lines], invoice__status__in=[Invoice.Status.ISSUED]
    ).values_list("credited_line_id", "amount"):
        credited[line_id] += amount
    return {line.pk: line.amount + credited[line.pk] for line in lines}


@transaction.atomic
def invoice_credit(
    *,
    invoice: Invoice,
    reason: str,
    amounts: dict[int, Decimal] | None = None,
    credit_date: dt.date | None = None,
    created_by=None,
    form_token=None,
) -> Invoice:
    """Credit an issued (or paid) invoice with an issued credit note whose lines name the lines they credit.

    ``amounts`` (line id → positive amount, at most what remains of that line) credits chosen lines or part
    of a line; without it everything that remains is credited. When nothing remains the original is marked
    credited (a credited base invoice may then be replaced). ``form_token`` makes a double post harmless:
    the second returns the credit note of the first."""
    token = _token(form_token)
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("committee", "party", "project")
        .get(pk=invoice.pk)
    )
    existing = _done_with(token)
    if existing is not None:
        return existing
    if invoice.is_draft:
        raise ValidationError("Ett utkast krediteras inte; ändra det eller ta bort det.")
    if invoice.is_credit_note:
        raise ValidationError("En kreditfaktura kan inte krediteras.")
    if invoice.status == Invoice.Status.CREDITED:
        raise ValidationError(f"Fakturan {invoice.number} är redan helt krediterad.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange varför fakturan krediteras."})
    lines = list(invoice.lines.order_by("order", "pk"))
    remaining = line_remaining(lines)
    if amounts:
        chosen = {}
        for line in lines:
            amount = amounts.get(line.pk)
            if amount in (None, ZERO):
                continue
            if amount < 0:
                raise ValidationError(
                    {"amounts": f"Rad {line.order}: ange beloppet att kreditera som ett positivt tal."}
                )
            if amount > remaining[line.pk]:
                raise ValidationError(
                    {
                        "amounts": f"Rad {line.order}: bara {format_amount(remaining[line.pk])} kr återstår att "
                        "kreditera."
                    }
                )
            chosen[line.pk] = amount
        unknown = set(amounts) - {line.pk for line in lines}
        if unknown:
            raise ValidationError("Raderna hör inte till fakturan.")
        if not chosen:
            raise ValidationError({"amounts": "Ange belopp att kreditera på minst en rad."})
    else:
        chosen = {line.pk: remaining[line.pk] for line in lines if remaining[line.pk] != 0}
        if sum(chosen.values(), ZERO) <= 0:
            raise ValidationError(f"Det återstår inget att kreditera på faktura {invoice.number}.")
    credit_date = credit_date or timezone.localdate()
    if credit_date < invoice.invoice_date:
        raise ValidationError({"credit_date": "Kreditfakturan kan inte dateras före fakturan."})
    credit_lines = []
    for line in lines:
        if line.pk not in chosen:
            continue
        credit = InvoiceLine(
            description=f"Kredit av rad {line.order}: {line.description}"[:300],
            amount=-chosen[line.pk],
            credited_line=line,
            cost=line.cost,
            cost_item=line.cost_item,
        )
        for field in (
            "key",
            "basis_total",
            "group_label",
            "group_percent",
            "population",
            "population_date",
            "population_source",
            "population_note",
            "weight_total",
            "share_percent",
        ):
            setattr(credit, field, getattr(line, field))
        if line.cost_id:
            credit.settled_party = line.settled_party
            last = (
                InvoiceLine.objects.filter(cost_id=line.cost_id, settled_party_id=line.settled_party_id)
                .order_by("-settlement_round")
                .values_list("settlement_round", flat=True)
                .first()
            )
            rounds_used = sum(1 for c in credit_lines if c.cost_id == line.cost_id)
            credit.settlement_round = (last or 0) + 1 + rounds_used
        credit_lines.append(credit)
    try:
        with transaction.atomic():
            note = invoice_draft_create(
                committee=invoice.committee,
                party=invoice.party,
                kind=Invoice.Kind.CREDIT_NOTE,
                year=invoice.year,
                title=f"Kreditering av faktura {invoice.number}: {reason.strip()}",
                invoice_date=credit_date,
                due_date=credit_date,
                lines=credit_lines,
                project=invoice.project,
                credited_invoice=invoice,
                created_by=created_by,
                form_token=token,
            )
    except IntegrityError as exc:
        twin = _done_with(token)
        if twin is not None:
            return twin
        raise ValidationError("Krediteringen krockade med en annan samtidig ändring. Försök igen.") from exc
    refusal = _refusal([note])
    if refusal:
        raise refusal
    note = _issue_locked(Invoice.objects.select_for_update().get(pk=note.pk), issued_by=created_by)
    note.already_done = False
    return note


# --- Recharges -------------------------------------------------------------------------------------


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
    form_token=None,
) -> Invoice:
    """Re-invoice an actual cost to one party in full (seed 002: server operation invoiced to Åre).

    Two recharges of the same amount are legitimate, so only the form's token (unique in the database)
    tells a double submission from a second recharge: the same token returns the first draft."""
    token = _token(form_token)
    existing = _done_with(token)
    if existing is not None:
        return existing
    if amount <= 0:
        raise ValidationError({"amount": "Beloppet måste vara större än noll."})
    line = InvoiceLine(
        description=f"{description} ({incurred_on:%Y-%m-%d}, underlag: {document})"[:300],
        key="Faktisk kostnad, vidarefaktureras i sin helhet",
        basis_total=amount,
        share_percent=Decimal("100"),
        amount=amount,
    )
    try:
        with transaction.atomic():
            invoice = invoice_draft_create(
                committee=committee,
                party=party,
                kind=Invoice.Kind.RECHARGE,
                year=incurred_on.year,
                title=description,
                invoice_date=invoice_date,
                due_date=due_date,
                lines=[line],
                created_by=created_by,
                form_token=token,
            )
    except IntegrityError:  # a twin submission inserted the same token first: its draft is the result
        twin = _done_with(token)
        if twin is None:
            raise
        return twin
    invoice.already_done = False
    return invoice
