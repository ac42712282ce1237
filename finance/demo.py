"""Demo data for money, on the seeds' calendar (runs after projects.demo), always through the services:

- The committee started 2018-07-01. Its opening balance is set so that the 2018 result of the accounts
  (−89 tkr, seed 002's previous-year column) leaves the 745 tkr surplus that the 2018 annual report
  reserved (GNS/2/2020): 834 000 kr at the start of 2018.
- Budgets and base contributions for every year up to the current one: 914 400 kr a year (seed 001:
  "Ingen uppräkning", 9 × 101 600 kr), half of it for July–December 2018; invoiced in January in advance
  (July 2018 for the first half year), numbered in the documented party order, paid where the year is over.
- The 2018 and 2019 outcome per category from seed 002's accounts table (tkr × 1000), entered by hand.
- The 745 tkr reserved from 2018: 328 500 kr used for the consultant of the IT server pre-study (GNS/3/2019,
  at most 360 tkr), leaving "knappt 417 tkr" (416 500 kr), which GNS/2/2020 assigns to Digital transformation.
- LINK2 invoiced in two periods (costs to 2018-12-31, and to the project end 2019-10-31), paid.
- Server operation for Åre (object 6663) re-invoiced in full for 2019: 936 175 kr, the part of the 2019
  sales (4 454 tkr) that is neither base contribution (914 400) nor LINK2 invoicing (2 603 425).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from committee.models import Committee
from common.demo import DemoOutput
from common.formatting import format_amount
from parties.models import Party
from projects.demo import LINK2_NAME, close_link2
from projects.models import Project

from .models import Budget, Category, Invoice, OpeningBalance, Outcome, Reservation
from .services import (
    base_contribution_propose,
    budget_set,
    invoice_issue,
    invoice_issue_batch,
    invoice_mark_paid,
    invoice_recharge_create,
    opening_balance_set,
    outcome_set,
    project_invoice_period,
    reservation_decide,
    reservation_use,
)

D = Decimal
BASE_AMOUNT = D("914400")
FIRST_YEAR = 2018

# Seed 002, "4 Ekonomiskt resultat", in tkr: category → (outcome 2019, budget 2019, outcome 2018)
ACCOUNTS_2019 = {
    Category.FEES: (0, 0, 0),
    Category.SALES: (4454, 2565, 2929),
    Category.GRANTS_RECEIVED: (0, 0, 0),
    Category.OTHER_INCOME: (25, 0, 0),
    Category.PERSONNEL: (-1564, -1175, -107),
    Category.PURCHASED_SERVICES: (0, 0, 0),
    Category.OPERATIONAL_SERVICES: (0, 0, -1099),
    Category.MATERIALS: (-4, 0, 0),
    Category.GRANTS_GIVEN: (0, 0, 0),
    Category.PREMISES: (-43, -43, 0),
    Category.EQUIPMENT: (0, -15, -18),
    Category.TRANSPORT: (-1, 0, 0),
    Category.TRAVEL: (-6, -30, 0),
    Category.CONSULTANTS: (-2633, -1124, -1488),
    Category.OTHER_COSTS: (-4, -5, -1),
    Category.DEPRECIATION: (-274, -274, -305),
}
RESULT_2018 = sum(D(v[2]) * 1000 for v in ACCOUNTS_2019.values())  # −89 000
SURPLUS_2018 = D("745000")


def _base_year(committee: Committee, year: int, today: dt.date) -> None:
    """Budget, base contribution drafts, issue in one batch, payment if the year is over."""
    budget = Budget.objects.filter(committee=committee, year=year).first()
    if budget is None:
        first = year == FIRST_YEAR
        budget = budget_set(
            committee=committee,
            year=year,
            base_amount=BASE_AMOUNT / 2 if first else BASE_AMOUNT,
            lines={c.value: D(v[1]) * 1000 for c, v in ACCOUNTS_2019.items()} if year == 2019 else {},
            decision_reference={
                2018: "Basfinansiering juli–december 2018 (halvår)",
                2020: "GNS 2019-12-06, basfinansiering 2020",
            }.get(year, f"Basfinansiering {year}"),
            note="Ingen uppräkning: basfinansieringen är 914 400 kr." if year == 2020 else "",
        )
    if Invoice.objects.filter(committee=committee, year=year, kind=Invoice.Kind.BASE).exists():
        return
    month = 7 if year == FIRST_YEAR else 1
    base_contribution_propose(budget=budget, invoice_date=dt.date(year, month, 2), due_date=dt.date(year, month, 31))
    issued = invoice_issue_batch(committee=committee, year=year, kind=Invoice.Kind.BASE)
    if year < today.year:
        for invoice in issued:
            invoice_mark_paid(invoice=invoice, paid_on=dt.date(year, month, 28))


def _link2_period(project: Project, end: dt.date, invoiced: dt.date, paid: dt.date) -> None:
    project_invoice_period(
        project=project, period_end=end, invoice_date=invoiced, due_date=invoiced + dt.timedelta(days=30)
    )
    for invoice in invoice_issue_batch(committee=project.committee, project=project):
        invoice_mark_paid(invoice=invoice, paid_on=paid)


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    today = timezone.localdate()

    if not OpeningBalance.objects.filter(committee=committee).exists():
        opening_balance_set(
            committee=committee,
            year=FIRST_YEAR,
            amount=SURPLUS_2018 - RESULT_2018,
            decision_reference="Årsredovisning 2018: återstående medel 745 tkr (GNS/2/2020)",
            note=(
                "Medel som nämnden förfogade över när den startade 2018-07-01. Beloppet är satt så att "
                "utgående balans 2018 efter årets resultat (−89 tkr) blir det överskott på 745 tkr som "
                "årsredovisningen 2018 redovisar och som reserverades till 2019."
            ),
        )
    if not Outcome.objects.filter(committee=committee).exists():
        outcome_set(committee=committee, year=2018, amounts={c.value: D(v[2]) * 1000 for c, v in ACCOUNTS_2019.items()})
        outcome_set(committee=committee, year=2019, amounts={c.value: D(v[0]) * 1000 for c, v in ACCOUNTS_2019.items()})

    link2 = Project.objects.filter(committee=committee, name=LINK2_NAME).first()
    dtp = Project.objects.filter(committee=committee, name="Digital transformation").first()

    # In the order the invoices were issued, so that numbers follow dates.
    _base_year(committee, 2018, today)
    _base_year(committee, 2019, today)
    if link2 is not None and not link2.invoices.exists():
        _link2_period(link2, dt.date(2018, 12, 31), dt.date(2019, 1, 15), dt.date(2019, 2, 12))
        _link2_period(link2, dt.date(2019, 10, 31), dt.date(2019, 11, 15), dt.date(2019, 12, 13))
        close_link2(committee)

    if not Reservation.objects.filter(committee=committee).exists():
        reservation = reservation_decide(
            committee=committee,
            from_year=2018,
            amount=SURPLUS_2018,
            purpose="Återstående medel från 2018",
            decision_reference="Årsredovisning 2018 (överskottet reserverat till 2019)",
            decided_on=dt.date(2019, 2, 15),
        )
        reservation_use(
            reservation=reservation,
            amount=D("328500"),
            used_on=dt.date(2019, 12, 31),
            description="Konsult för förstudie kring samverkan inom IT-serverdrift (högst 360 tkr)",
            decision_reference="GNS/3/2019",
        )
        if dtp is not None:
            reservation_use(
                reservation=reservation,
                amount=D("416500"),
                used_on=dt.date(2020, 2, 14),
                description="Projekt Digital transformation",
                decision_reference="GNS/2/2020",
                project=dtp,
            )

    for year in range(2020, today.year + 1):
        _base_year(committee, year, today)
        if year == 2020 and not Invoice.objects.filter(committee=committee, kind=Invoice.Kind.RECHARGE).exists():
            are = Party.objects.get(code="2321")
            recharge = invoice_recharge_create(
                committee=committee,
                party=are,
                description="Serverdrift Åre kommun 2019 (objekt 6663)",
                amount=D("936175"),
                incurred_on=dt.date(2019, 12, 31),
                document="Objekt 6663, konsultfakturor 2019",
                invoice_date=dt.date(2020, 1, 15),
                due_date=dt.date(2020, 2, 14),
            )
            invoice_mark_paid(invoice=invoice_issue(invoice=recharge), paid_on=dt.date(2020, 2, 10))

    base = Invoice.objects.filter(committee=committee, year=2020, kind=Invoice.Kind.BASE).first()
    out.note(
        f"Ekonomi: {Invoice.objects.filter(committee=committee).count()} fakturor {FIRST_YEAR}–{today.year}; "
        f"grundbelopp 2020 {format_amount(base.total) if base else '–'} kr per part."
    )
