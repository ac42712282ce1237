"""The committee's budget, the base contribution invoices, the year's outcome and reservations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committee.models import Committee
from committee.selectors import committee_parties_in_year
from common.formatting import format_amount

from ..allocation import split
from ..models import (
    INCOME_CATEGORIES,
    Budget,
    BudgetLine,
    Category,
    Invoice,
    InvoiceLine,
    OpeningBalance,
    Outcome,
    Reservation,
    ReservationUse,
)


def party_order(party) -> tuple:
    """The stable order of parties passed to ``split`` (its tie-break): region first, then by code, name."""
    return (0 if party.kind == "region" else 1, party.code or "~", party.name)


@transaction.atomic
def budget_set(
    *,
    committee: Committee,
    year: int,
    base_amount: Decimal,
    lines: dict[str, Decimal] | None = None,
    decision_reference: str = "",
    note: str = "",
) -> Budget:
    """Create or change the budget of ``year``. The base amount cannot change once base contribution
    invoices for the year have been issued (credit them first)."""
    budget = Budget.objects.select_for_update().filter(committee=committee, year=year).first()
    if budget is not None and budget.base_amount != base_amount:
        issued = Invoice.objects.filter(committee=committee, year=year, kind=Invoice.Kind.BASE).exclude(
            status__in=[Invoice.Status.DRAFT, Invoice.Status.CREDITED]
        )
        if issued.exists():
            raise ValidationError(
                {"base_amount": f"Grundbeloppet för {year} är redan fakturerat. Kreditera fakturorna innan det ändras."}
            )
    budget = budget or Budget(committee=committee, year=year)
    budget.base_amount = base_amount
    budget.decision_reference = decision_reference
    budget.note = note
    budget.full_clean()
    budget.save()
    for category, amount in (lines or {}).items():
        if category not in Category.values:
            raise ValidationError({"lines": f"Okänd kategori: {category}"})
        line = BudgetLine.objects.filter(budget=budget, category=category).first() or BudgetLine(
            budget=budget, category=category
        )
        line.amount = amount
        line.full_clean()
        line.save()
    return budget


@transaction.atomic
def base_contribution_propose(
    *,
    budget: Budget,
    invoice_date: dt.date | None = None,
    due_date: dt.date | None = None,
    created_by=None,
) -> list[Invoice]:
    """Draft invoices for the base contribution of ``budget.year``: the base amount in equal shares
    among the parties that are members of the committee that year, invoiced in January in advance.
    Parties that already have a live (not fully credited) base invoice for the year are skipped.

    Exactly once: the budget row is locked, so concurrent proposals queue and the later ones find every
    party done; and the database allows one live base invoice per party, committee and year."""
    from .invoices import invoice_draft_create

    budget = Budget.objects.select_for_update(of=("self",)).select_related("committee").get(pk=budget.pk)
    year = budget.year
    invoice_date = invoice_date or dt.date(year, 1, 2)
    due_date = due_date or dt.date(year, 1, 31)
    parties = sorted(committee_parties_in_year(committee=budget.committee, year=year), key=party_order)
    if not parties:
        raise ValidationError(f"{budget.committee.short_name} har inga parter under {year}.")
    if budget.base_amount <= 0:
        raise ValidationError({"base_amount": f"Budgeten för {year} har ingen basfinansiering att fördela."})
    existing = set(
        Invoice.objects.filter(committee=budget.committee, year=year, kind=Invoice.Kind.BASE)
        .exclude(status=Invoice.Status.CREDITED)
        .values_list("party_id", flat=True)
    )
    amounts = split(budget.base_amount, dict.fromkeys(parties, 1))
    share = Decimal(100) / len(parties)
    invoices = []
    try:
        with transaction.atomic():
            for party in parties:
                if party.pk in existing:
                    continue
                line = InvoiceLine(
                    description=f"Grundbelopp {year} (basfinansiering), betalas i förskott i januari",
                    key=f"Lika delar mellan nämndens {len(parties)} parter",
                    basis_total=budget.base_amount,
                    weight_total=Decimal(len(parties)),
                    share_percent=share.quantize(Decimal("0.000001")),
                    amount=amounts[party],
                )
                invoices.append(
                    invoice_draft_create(
                        committee=budget.committee,
                        party=party,
                        kind=Invoice.Kind.BASE,
                        year=year,
                        title=f"Grundbelopp {year}, {budget.committee.short_name}",
                        invoice_date=invoice_date,
                        due_date=due_date,
                        lines=[line],
                        created_by=created_by,
                    )
                )
    except IntegrityError as exc:  # the one-live-base-invoice index: someone proposed the same at once
        raise ValidationError(
            f"Fakturorna på grundbeloppet {year} skapades samtidigt av någon annan. Ladda om sidan."
        ) from exc
    if not invoices:
        raise ValidationError(f"Alla parter har redan en faktura på grundbeloppet för {year}.")
    return invoices


@transaction.atomic
def outcome_set(*, committee: Committee, year: int, amounts: dict[str, Decimal]) -> list[Outcome]:
    """Record the year's outcome per category by hand (income positive, costs negative), as in the accounts.
    A figure entered by hand is marked so and is never overwritten by ``outcome_prefill``."""
    result = []
    for category, amount in amounts.items():
        if category not in Category.values:
            raise ValidationError({"amounts": f"Okänd kategori: {category}"})
        outcome = Outcome.objects.select_for_update().filter(
            committee=committee, year=year, category=category
        ).first() or Outcome(committee=committee, year=year, category=category)
        outcome.amount = amount
        outcome.source = Outcome.Source.MANUAL
        outcome.full_clean()
        outcome.save()
        result.append(outcome)
    return result


def outcome_suggestion(*, committee: Committee, year: int, cost_category: str) -> dict[str, Decimal]:
    """The outcome that the portal's own records give for ``year``: what was invoiced to the parties (net of
    credit notes) as income under *Försäljning* (as in seed 002's accounts), and the project costs recorded
    in the year as a cost under ``cost_category``. Summed in Python (exact on every database)."""
    if cost_category not in Category.values or cost_category in INCOME_CATEGORIES:
        raise ValidationError({"cost_category": "Välj en kostnadskategori för projektens kostnader."})
    from projects.models import Cost

    income = sum(
        Invoice.objects.filter(committee=committee, year=year)
        .exclude(status=Invoice.Status.DRAFT)
        .values_list("total", flat=True),
        Decimal("0"),
    )
    costs = sum(
        Cost.objects.filter(cost_item__project__committee=committee, incurred_on__year=year).values_list(
            "amount", flat=True
        ),
        Decimal("0"),
    )
    return {Category.SALES.value: income, cost_category: -costs}


@transaction.atomic
def outcome_prefill(*, committee: Committee, year: int, cost_category: str) -> list[Outcome]:
    """Fill in the year's outcome from the invoices and recorded costs (``outcome_suggestion``), marked as
    computed. Categories entered by hand are left exactly as entered; computed ones are recomputed."""
    written = []
    for category, amount in outcome_suggestion(committee=committee, year=year, cost_category=cost_category).items():
        outcome = Outcome.objects.select_for_update().filter(committee=committee, year=year, category=category).first()
        if outcome is not None and outcome.is_manual:
            continue
        outcome = outcome or Outcome(committee=committee, year=year, category=category)
        outcome.amount = amount
        outcome.source = Outcome.Source.COMPUTED
        outcome.full_clean()
        outcome.save()
        written.append(outcome)
    return written


@transaction.atomic
def opening_balance_set(
    *, committee: Committee, year: int, amount: Decimal, decision_reference: str, note: str = ""
) -> OpeningBalance:
    """Record (or correct) the equity the committee had at the start of its first recorded year."""
    if not decision_reference.strip():
        raise ValidationError({"decision_reference": "Ange beslutet eller underlaget för den ingående balansen."})
    first_outcome = Outcome.objects.filter(committee=committee).order_by("year").values_list("year", flat=True).first()
    if first_outcome is not None and year > first_outcome:
        raise ValidationError(
            {
                "year": (
                    f"Den ingående balansen gäller början av det första året med utfall ({first_outcome}) "
                    "eller ett tidigare år."
                )
            }
        )
    balance = OpeningBalance.objects.select_for_update().filter(committee=committee).first() or OpeningBalance(
        committee=committee
    )
    balance.year, balance.amount = year, amount
    balance.decision_reference, balance.note = decision_reference.strip(), note.strip()
    balance.full_clean()
    balance.save()
    return balance


@transaction.atomic
def reservation_decide(
    *,
    committee: Committee,
    from_year: int,
    amount: Decimal,
    purpose: str,
    decision_reference: str,
    decided_on: dt.date,
) -> Reservation:
    if amount <= 0:
        raise ValidationError({"amount": "Beloppet måste vara större än noll."})
    reservation = Reservation(
        committee=committee,
        from_year=from_year,
        amount=amount,
        purpose=purpose,
        decision_reference=decision_reference,
        decided_on=decided_on,
    )
    reservation.full_clean()
    reservation.save()
    return reservation


@transaction.atomic
def reservation_use(
    *,
    reservation: Reservation,
    amount: Decimal,
    used_on: dt.date,
    description: str,
    decision_reference: str = "",
    project=None,
) -> ReservationUse:
    reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
    used = sum(reservation.uses.values_list("amount", flat=True), Decimal("0"))
    remaining = reservation.amount - used
    if amount <= 0:
        raise ValidationError({"amount": "Beloppet måste vara större än noll."})
    if amount > remaining:
        raise ValidationError({"amount": f"Det återstår bara {format_amount(remaining)} kr av reservationen."})
    use = ReservationUse(
        reservation=reservation,
        amount=amount,
        used_on=used_on,
        description=description,
        decision_reference=decision_reference,
        project=project,
    )
    use.full_clean()
    use.save()
    return use
