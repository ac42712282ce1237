"""Reads for finance. The party-representative scoping (a representative sees only their own party's
issued invoices, never drafts, never another party's) lives here, in ``_party_scope``, and nowhere else."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from committee.models import Committee
from common.db import one_or_none
from parties.models import Party
from parties.selectors import party_of_representative

from .models import (
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
from .services.budgets import party_order

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
    return invoices.order_by("-year", "-invoice_date", "-number", "-pk")


def base_invoices(*, committee: Committee, year: int) -> list[Invoice]:
    """The base contribution invoices (and their credit notes' effect) of a year, in the documented party
    order (region first, then official code): the order their numbers were given in."""
    invoices = list(
        Invoice.objects.filter(committee=committee, year=year, kind=Invoice.Kind.BASE).select_related("party")
    )
    return sorted(invoices, key=lambda i: (party_order(i.party), i.number or "~", i.pk))


def invoice_years() -> list[int]:
    return list(Invoice.objects.order_by("-year").values_list("year", flat=True).distinct())


# What templates/finance/_lines.html and ``annotate_credits`` use of a line (``_with_lines(shown_only=True)``).
_LINE_FIELDS = (
    "invoice",
    "order",
    "description",
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
    "amount",
    "credited_line__order",
    "credited_line__invoice__number",
)


def _with_lines(invoices: QuerySet[Invoice], *, shown_only: bool = False) -> QuerySet[Invoice]:
    """Invoices with their lines, each line with the issued credit-note lines that credit it and the line
    a credit-note line credits, and the invoice's credit notes: a constant number of queries.
    ``shown_only``: the lines and credits with only the fields a list of invoices shows."""
    issued_credits = InvoiceLine.objects.filter(invoice__status=Invoice.Status.ISSUED).select_related("invoice")
    lines = InvoiceLine.objects.select_related("credited_line__invoice")
    if shown_only:
        issued_credits = issued_credits.only("amount", "credited_line", "invoice__number")
        lines = lines.only(*_LINE_FIELDS)
    lines = lines.prefetch_related(Prefetch("credits", queryset=issued_credits, to_attr="issued_credits")).order_by(
        "order", "pk"
    )
    return invoices.select_related("party", "committee", "project", "credited_invoice", "pdf").prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch(
            "credit_notes",
            queryset=Invoice.objects.only("pk", "number", "credited_invoice_id", "total", "status").order_by("number"),
        ),
    )


def annotate_credits(invoice: Invoice) -> Invoice:
    """Set ``credited`` (money given back by credit notes, negative), ``remaining`` (what is left to pay or
    was paid net) on the invoice and ``remaining`` on each line, from prefetched data (no query), and
    ``credited_by``: the numbers of the credit notes that credit any of its lines."""
    credited = ZERO
    notes: dict[str, Invoice] = {}
    for line in invoice.lines.all():
        credits = getattr(line, "issued_credits", [])
        line.credited = sum((c.amount for c in credits), ZERO)
        line.remaining = line.amount + line.credited
        credited += line.credited
        for credit in credits:
            notes[credit.invoice.number] = credit.invoice
    invoice.credited = credited
    invoice.remaining = invoice.total + credited
    invoice.credited_by = [notes[n] for n in sorted(notes)]
    invoice.partly_credited = credited != 0 and invoice.status != Invoice.Status.CREDITED
    if invoice.is_credit_note:
        invoice.credits_invoices = sorted(
            {
                line.credited_line.invoice.number: line.credited_line.invoice
                for line in invoice.lines.all()
                if line.credited_line_id
            }.items()
        )
    return invoice


def invoice_detail(*, pk: int) -> Invoice | None:
    invoice = one_or_none(_with_lines(Invoice.objects.filter(pk=pk)))
    return annotate_credits(invoice) if invoice else None


def budget_for(*, committee: Committee, year: int) -> Budget | None:
    return Budget.objects.filter(committee=committee, year=year).prefetch_related("lines").first()


# --- Overview and balance --------------------------------------------------------------------------


@dataclass
class BalanceYear:
    year: int
    opening: Decimal
    result: Decimal | None
    closing: Decimal
    reserved: Decimal  # decided reservations not yet used, at the end of the year
    manual: bool = True  # every category of the year's outcome entered by hand

    @property
    def unreserved(self) -> Decimal:
        return self.closing - self.reserved


@dataclass
class Balance:
    """The committee's equity year by year: the opening balance (by decision), each year's result
    (outcome), the balance carried forward, and how much of it is reserved by decisions."""

    opening: OpeningBalance | None
    years: list[BalanceYear] = field(default_factory=list)

    @property
    def last(self) -> BalanceYear | None:
        return self.years[-1] if self.years else None


def _balance(*, opening: OpeningBalance | None, outcomes: list, reservations: list, uses: list) -> Balance:
    """Pure computation over rows already loaded (outcomes: (year, amount, source); reservations:
    (from_year, amount): reserved out of that year's closing balance; uses: (used_on, amount))."""
    results: dict[int, Decimal] = defaultdict(Decimal)
    manual: dict[int, bool] = defaultdict(lambda: True)
    for year, amount, source in outcomes:
        results[year] += amount
        manual[year] = manual[year] and source == Outcome.Source.MANUAL
    years = sorted(set(results) | ({opening.year} if opening else set()) | {d.year for d, _ in uses})
    if not years:
        return Balance(opening=opening)
    balance = Balance(opening=opening)
    equity = opening.amount if opening else ZERO
    for year in range(years[0], years[-1] + 1):
        start = equity
        result = results.get(year)
        equity = start + (result or ZERO)
        reserved = sum((a for y, a in reservations if y <= year), ZERO) - sum(
            (a for d, a in uses if d.year <= year), ZERO
        )
        balance.years.append(
            BalanceYear(year=year, opening=start, result=result, closing=equity, reserved=reserved, manual=manual[year])
        )
    return balance


def committee_balance(*, committee: Committee) -> Balance:
    """The balance page of one committee (four queries)."""
    return _balance(
        opening=OpeningBalance.objects.filter(committee=committee).first(),
        outcomes=list(Outcome.objects.filter(committee=committee).values_list("year", "amount", "source")),
        reservations=list(Reservation.objects.filter(committee=committee).values_list("from_year", "amount")),
        uses=list(ReservationUse.objects.filter(reservation__committee=committee).values_list("used_on", "amount")),
    )


def results_per_year(*, committee: Committee) -> list[dict]:
    """The result of each year and the balance carried forward, from the opening balance (if any)."""
    return [
        {"year": y.year, "result": y.result or ZERO, "carried_forward": y.closing}
        for y in committee_balance(committee=committee).years
        if y.result is not None
    ]


def finance_overview() -> list[dict]:
    """Every committee with, per year: base amount, invoiced (issued, net of credit notes), invoice count,
    drafts, result, and the balance carried forward. One query per table, whatever the number of committees
    and years (summed in Python: exact on every database)."""
    committees = list(Committee.objects.order_by("name"))
    ids = [c.pk for c in committees]
    budgets = {(b.committee_id, b.year): b for b in Budget.objects.filter(committee__in=ids)}
    invoiced: dict[tuple, dict] = defaultdict(lambda: {"total": ZERO, "count": 0, "drafts": 0})
    for committee_id, year, status, total in Invoice.objects.filter(committee__in=ids).values_list(
        "committee_id", "year", "status", "total"
    ):
        row = invoiced[(committee_id, year)]
        if status == Invoice.Status.DRAFT:
            row["drafts"] += 1
        else:
            row["total"] += total
            row["count"] += 1
    outcomes = defaultdict(list)
    for committee_id, year, amount, source in Outcome.objects.filter(committee__in=ids).values_list(
        "committee_id", "year", "amount", "source"
    ):
        outcomes[committee_id].append((year, amount, source))
    openings = {o.committee_id: o for o in OpeningBalance.objects.filter(committee__in=ids)}
    reservations = defaultdict(list)
    for committee_id, from_year, amount in Reservation.objects.filter(committee__in=ids).values_list(
        "committee_id", "from_year", "amount"
    ):
        reservations[committee_id].append((from_year, amount))
    uses = defaultdict(list)
    for committee_id, used_on, amount in ReservationUse.objects.filter(reservation__committee__in=ids).values_list(
        "reservation__committee_id", "used_on", "amount"
    ):
        uses[committee_id].append((used_on, amount))
    sections = []
    for committee in committees:
        balance = _balance(
            opening=openings.get(committee.pk),
            outcomes=outcomes[committee.pk],
            reservations=reservations[committee.pk],
            uses=uses[committee.pk],
        )
        by_year = {y.year: y for y in balance.years}
        years = sorted(
            {y for c, y in budgets if c == committee.pk} | {y for c, y in invoiced if c == committee.pk} | set(by_year),
            reverse=True,
        )
        rows = []
        for year in years:
            money = invoiced.get((committee.pk, year), {"total": ZERO, "count": 0, "drafts": 0})
            balance_year = by_year.get(year)
            rows.append(
                {
                    "year": year,
                    "budget": budgets.get((committee.pk, year)),
                    "invoiced": money["total"],
                    "count": money["count"],
                    "drafts": money["drafts"],
                    "result": balance_year.result if balance_year else None,
                    "carried_forward": balance_year.closing if balance_year else None,
                }
            )
        sections.append({"committee": committee, "years": rows, "balance": balance})
    return sections


@dataclass
class AccountRow:
    category: str
    label: str
    outcome: Decimal
    budget: Decimal
    previous: Decimal
    source: str = ""  # Outcome.Source of this year's figure, "" when none is recorded

    @property
    def difference(self) -> Decimal:
        """Outcome minus budget (the seed's "Bud-Utf Diff"): positive is better than budget."""
        return self.outcome - self.budget

    @property
    def change(self) -> Decimal:
        return self.outcome - self.previous

    @property
    def is_computed(self) -> bool:
        return self.source == Outcome.Source.COMPUTED

    @property
    def is_manual(self) -> bool:
        return self.source == Outcome.Source.MANUAL


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

    @property
    def has_computed(self) -> bool:
        return any(r.is_computed for r in self.income + self.costs)

    @property
    def has_manual(self) -> bool:
        return any(r.is_manual for r in self.income + self.costs)


def accounts_comparison(*, committee: Committee, year: int) -> Accounts:
    """Outcome / budget / difference / previous year per category (the annual report's table), with the
    source of each of this year's figures (entered by hand or computed)."""
    outcomes = {(o.year, o.category): o for o in Outcome.objects.filter(committee=committee, year__in=[year, year - 1])}
    budget_lines = {
        line.category: line.amount for line in BudgetLine.objects.filter(budget__committee=committee, budget__year=year)
    }
    accounts = Accounts(year=year)
    for category in Category:
        current = outcomes.get((year, category.value))
        previous = outcomes.get((year - 1, category.value))
        row = AccountRow(
            category=category.value,
            label=category.label,
            outcome=current.amount if current else ZERO,
            budget=budget_lines.get(category.value, ZERO),
            previous=previous.amount if previous else ZERO,
            source=current.source if current else "",
        )
        (accounts.income if category in INCOME_CATEGORIES else accounts.costs).append(row)
    return accounts


def reservation_list(*, committee: Committee) -> list[Reservation]:
    reservations = list(
        Reservation.objects.filter(committee=committee)
        .prefetch_related(Prefetch("uses", queryset=ReservationUse.objects.select_related("project")))
        .order_by("-decided_on")
    )
    for r in reservations:
        r.used = sum((u.amount for u in r.uses.all()), ZERO)
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


# What the party's list of invoices shows of an invoice (templates/finance/party_portal.html): building a
# query costs per selected column, and the invoice with its party, committee, project, credited invoice
# and PDF is over a hundred columns.
_PARTY_LIST_FIELDS = ("kind", "status", "year", "title", "number", "ocr", "invoice_date", "due_date", "total")


def party_invoices(*, user, year: int | None = None) -> list[Invoice]:
    """The party's invoices and credit notes, each with what was credited and what remains."""
    invoices = _with_lines(_party_scope(user=user), shown_only=True).select_related(None).only(*_PARTY_LIST_FIELDS)
    if year:
        invoices = invoices.filter(year=year)
    return [annotate_credits(i) for i in invoices.order_by("-year", "invoice_date", "number")]


def party_invoice_get(*, user, pk: int) -> Invoice | None:
    """The invoice if (and only if) the user's party may see it; None for another party's or a missing id."""
    invoice = one_or_none(_with_lines(_party_scope(user=user)).filter(pk=pk))
    return annotate_credits(invoice) if invoice else None


def party_year_totals(*, user) -> list[dict]:
    """Per year: base contribution, project shares, recharges, credit notes (apart, negative), net total,
    count. Summed in Python from one query, so the sums are exact on every database."""
    rows: dict[int, dict] = {}
    buckets = {
        Invoice.Kind.BASE: "base",
        Invoice.Kind.PROJECT: "project",
        Invoice.Kind.RECHARGE: "other",
        Invoice.Kind.CREDIT_NOTE: "credits",
    }
    for year, kind, total in _party_scope(user=user).values_list("year", "kind", "total"):
        row = rows.setdefault(
            year,
            {"year": year, "base": ZERO, "project": ZERO, "other": ZERO, "credits": ZERO, "total": ZERO, "count": 0},
        )
        row[buckets[kind]] += total
        row["total"] += total
        row["count"] += 1
    return [rows[year] for year in sorted(rows)]


PARTY_EXPORT_FIELDS = (
    "invoice__year",
    "invoice__number",
    "invoice__invoice_date",
    "invoice__due_date",
    "invoice__status",
    "invoice__title",
    "description",
    "key",
    "basis_total",
    "group_label",
    "group_percent",
    "population",
    "population_date",
    "share_percent",
    "amount",
)


def party_export_rows(*, user, year: int | None = None) -> list[list]:
    """The party's export (``party_lines`` in its order), one list of values per line in the order of
    ``PARTY_EXPORT_FIELDS``, the status as its label (``get_status_display``). Read as values: an export
    of every year has hundreds of lines, and an invoice with its seller and buyer is some 30 fields."""
    labels = {value: str(label) for value, label in Invoice._meta.get_field("status").flatchoices}
    status = PARTY_EXPORT_FIELDS.index("invoice__status")
    rows = []
    for values in party_lines(user=user, year=year).values_list(*PARTY_EXPORT_FIELDS):
        row = list(values)
        row[status] = labels.get(row[status], row[status])
        rows.append(row)
    return rows


def party_lines(*, user, year: int | None = None) -> QuerySet[InvoiceLine]:
    """Every line of the party's visible invoices (for export), with the invoice."""
    lines = InvoiceLine.objects.filter(invoice__in=_party_scope(user=user)).select_related("invoice")
    if year:
        lines = lines.filter(invoice__year=year)
    return lines.order_by("invoice__year", "invoice__invoice_date", "invoice__number", "order", "pk")
