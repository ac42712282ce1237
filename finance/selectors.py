"""Reads for finance. The party-representative scoping (a representative sees only their own party's
issued invoices, never drafts, never another party's) lives here, in ``_party_scope``, and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from committee.models import Committee
from parties.models import Party
from parties.selectors import party_of_representative

from .models import INCOME_CATEGORIES, Budget, BudgetLine, Category, Invoice, InvoiceLine, Outcome, Reservation

ZERO = Decimal("0")
VISIBLE_TO_PARTY = (Invoice.Status.ISSUED, Invoice.Status.PAID, Invoice.Status.CREDITED)


# --- Secretariat ---------------------------------------------------------------------------------


def invoice_list(
    *, year: int | None = None, status: str | None = None, party: Party | None = None, kind: str | None = None
) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("party", "committee", "project")
    if year:
        invoices = invoices.filter(year=year)
    if status:
        invoices = invoices.filter(status=status)
    if party:
        invoices = invoices.filter(party=party)
    if kind:
        invoices = invoices.filter(kind=kind)
    return invoices.order_by("-year", "-invoice_date", "party__name", "-pk")


def invoice_years() -> list[int]:
    return list(Invoice.objects.order_by("-year").values_list("year", flat=True).distinct())


def _with_lines(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    return invoices.select_related("party", "committee", "project", "credited_invoice").prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.order_by("order", "pk")),
        Prefetch("credit_notes", queryset=Invoice.objects.only("pk", "number", "credited_invoice_id", "total")),
    )


def invoice_detail(*, pk: int) -> Invoice | None:
    return _with_lines(Invoice.objects.filter(pk=pk)).first()


def budget_for(*, committee: Committee, year: int) -> Budget | None:
    return Budget.objects.filter(committee=committee, year=year).prefetch_related("lines").first()


def finance_overview(*, committee: Committee) -> list[dict]:
    """Per year: budget base amount, invoiced base contributions, invoice count, result."""
    budgets = {b.year: b for b in Budget.objects.filter(committee=committee)}
    invoiced = {
        row["year"]: row
        for row in Invoice.objects.filter(committee=committee)
        .exclude(status=Invoice.Status.DRAFT)
        .values("year")
        .annotate(total=Sum("total"), count=Count("pk"), drafts=Count("pk", filter=Q(status="draft")))
    }
    drafts = dict(
        Invoice.objects.filter(committee=committee, status=Invoice.Status.DRAFT)
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    results = dict(
        Outcome.objects.filter(committee=committee).values("year").annotate(s=Sum("amount")).values_list("year", "s")
    )
    years = sorted(set(budgets) | set(invoiced) | set(results) | set(drafts), reverse=True)
    return [
        {
            "year": year,
            "budget": budgets.get(year),
            "invoiced": invoiced.get(year, {}).get("total") or ZERO,
            "count": invoiced.get(year, {}).get("count") or 0,
            "drafts": drafts.get(year, 0),
            "result": results.get(year),
        }
        for year in years
    ]


@dataclass
class AccountRow:
    category: str
    label: str
    outcome: Decimal
    budget: Decimal
    previous: Decimal

    @property
    def difference(self) -> Decimal:
        """Outcome minus budget (the seed's "Bud-Utf Diff"): positive is better than budget."""
        return self.outcome - self.budget

    @property
    def change(self) -> Decimal:
        return self.outcome - self.previous


@dataclass
class Accounts:
    year: int
    income: list[AccountRow] = field(default_factory=list)
    costs: list[AccountRow] = field(default_factory=list)

    @staticmethod
    def _total(rows: list[AccountRow]) -> AccountRow:
        return AccountRow(
            "",
            "",
            sum((r.outcome for r in rows), ZERO),
            sum((r.budget for r in rows), ZERO),
            sum((r.previous for r in rows), ZERO),
        )

    @property
    def income_total(self) -> AccountRow:
        return self._total(self.income)

    @property
    def cost_total(self) -> AccountRow:
        return self._total(self.costs)

    @property
    def net(self) -> AccountRow:
        return self._total(self.income + self.costs)


def accounts_comparison(*, committee: Committee, year: int) -> Accounts:
    """Outcome / budget / difference / previous year per category (the annual report's table)."""
    outcomes = {
        (o.year, o.category): o.amount for o in Outcome.objects.filter(committee=committee, year__in=[year, year - 1])
    }
    budget_lines = {
        line.category: line.amount for line in BudgetLine.objects.filter(budget__committee=committee, budget__year=year)
    }
    accounts = Accounts(year=year)
    for category in Category:
        row = AccountRow(
            category=category.value,
            label=category.label,
            outcome=outcomes.get((year, category.value), ZERO),
            budget=budget_lines.get(category.value, ZERO),
            previous=outcomes.get((year - 1, category.value), ZERO),
        )
        (accounts.income if category in INCOME_CATEGORIES else accounts.costs).append(row)
    return accounts


def results_per_year(*, committee: Committee) -> list[dict]:
    """The result of each year with outcomes, and the balance carried forward (cumulative).
    Summed in Python (exact on SQLite too)."""
    results: dict[int, Decimal] = {}
    for year, amount in Outcome.objects.filter(committee=committee).values_list("year", "amount"):
        results[year] = results.get(year, ZERO) + amount
    balance = ZERO
    out = []
    for year in sorted(results):
        balance += results[year]
        out.append({"year": year, "result": results[year], "carried_forward": balance})
    return out


def reservation_list(*, committee: Committee) -> list[Reservation]:
    reservations = list(
        Reservation.objects.filter(committee=committee)
        .annotate(used=Sum("uses__amount"))
        .prefetch_related("uses")
        .order_by("-decided_on")
    )
    for r in reservations:
        r.used = r.used or ZERO
        r.remaining = r.amount - r.used
    return reservations


# --- Party representatives ----------------------------------------------------------------------


def represented_party(*, user) -> Party | None:
    """The party ``user`` represents (looked up once per request and cached on the user object)."""
    if not hasattr(user, "_finance_party"):
        user._finance_party = party_of_representative(user=user)
    return user._finance_party


def _party_scope(*, user) -> QuerySet[Invoice]:
    """THE scoping rule: issued/paid/credited invoices of the user's own party; nothing otherwise."""
    party = represented_party(user=user)
    if party is None:
        return Invoice.objects.none()
    return Invoice.objects.filter(party=party, status__in=VISIBLE_TO_PARTY)


def party_invoices(*, user, year: int | None = None) -> QuerySet[Invoice]:
    invoices = _with_lines(_party_scope(user=user))
    if year:
        invoices = invoices.filter(year=year)
    return invoices.order_by("-year", "invoice_date", "number")


def party_invoice_get(*, user, pk: int) -> Invoice | None:
    """The invoice if (and only if) the user's party may see it; None for another party's or a missing id."""
    return _with_lines(_party_scope(user=user)).filter(pk=pk).first()


def party_year_totals(*, user) -> list[dict]:
    """Per year: base contribution, project shares, other (recharges and credit notes), total, count.
    Summed in Python from one query, so the sums are exact on every database."""
    rows: dict[int, dict] = {}
    for year, kind, total in _party_scope(user=user).values_list("year", "kind", "total"):
        row = rows.setdefault(
            year, {"year": year, "base": ZERO, "project": ZERO, "other": ZERO, "total": ZERO, "count": 0}
        )
        bucket = {Invoice.Kind.BASE: "base", Invoice.Kind.PROJECT: "project"}.get(kind, "other")
        row[bucket] += total
        row["total"] += total
        row["count"] += 1
    return [rows[year] for year in sorted(rows)]


def party_lines(*, user, year: int | None = None) -> QuerySet[InvoiceLine]:
    """Every line of the party's visible invoices (for export), with the invoice."""
    lines = InvoiceLine.objects.filter(invoice__in=_party_scope(user=user)).select_related("invoice")
    if year:
        lines = lines.filter(invoice__year=year)
    return lines.order_by("invoice__year", "invoice__invoice_date", "invoice__number", "order", "pk")
