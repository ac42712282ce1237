"""Demo data for money (runs after projects.demo): budgets 2019–2020 (914 400 kr base financing, seed
001), base contribution invoices issued (2019 paid), the 2019 accounts table of seed 002 (tkr × 1000)
with 2018 as the previous year, the 745 tkr reservation from 2018 (about 417 tkr remaining), a
recharge of server operation to Åre, and the project invoices of LINK2 and Digital transformation
(see projects/demo.py for why those costs are dated 2022–2023)."""

import datetime as dt
from decimal import Decimal

from committee.models import Committee
from common.demo import DemoOutput
from parties.models import Party
from projects.demo import join_ragunda_and_record_2023
from projects.models import Project
from projects.templatetags.money import format_amount

from .models import Budget, Category, Invoice, Outcome, Reservation
from .services import (
    base_contribution_propose,
    budget_set,
    invoice_issue,
    invoice_mark_paid,
    invoice_recharge_create,
    outcome_set,
    project_invoice_period,
    reservation_decide,
    reservation_use,
)

D = Decimal
BASE_AMOUNT = D("914400")

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


def _issue_all(invoices, paid_on=None):
    for invoice in invoices:
        invoice = invoice_issue(invoice=invoice)
        if paid_on:
            invoice_mark_paid(invoice=invoice, paid_on=paid_on)


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    for year, decision in ((2019, "GNS budget 2019"), (2020, "GNS 2019-12-06, basfinansiering 2020")):
        budget = Budget.objects.filter(committee=committee, year=year).first()
        if budget is None:
            lines = {c.value: D(v[1]) * 1000 for c, v in ACCOUNTS_2019.items()} if year == 2019 else {}
            budget = budget_set(
                committee=committee,
                year=year,
                base_amount=BASE_AMOUNT,
                lines=lines,
                decision_reference=decision,
                note="Ingen uppräkning: basfinansieringen är 914 400 kr." if year == 2020 else "",
            )
        if not Invoice.objects.filter(committee=committee, year=year, kind=Invoice.Kind.BASE).exists():
            drafts = base_contribution_propose(budget=budget)
            _issue_all(drafts, paid_on=dt.date(year, 1, 28) if year == 2019 else None)

    if not Outcome.objects.filter(committee=committee).exists():
        outcome_set(committee=committee, year=2019, amounts={c.value: D(v[0]) * 1000 for c, v in ACCOUNTS_2019.items()})
        outcome_set(committee=committee, year=2018, amounts={c.value: D(v[2]) * 1000 for c, v in ACCOUNTS_2019.items()})

    if not Reservation.objects.filter(committee=committee).exists():
        reservation = reservation_decide(
            committee=committee,
            from_year=2018,
            amount=D("745000"),
            purpose="Återstående medel från 2018",
            decision_reference="Årsredovisning 2018 (överskottet reserverat till 2019)",
            decided_on=dt.date(2019, 2, 15),
        )
        reservation_use(
            reservation=reservation,
            amount=D("328500"),
            used_on=dt.date(2019, 12, 31),
            description="Konsult för förstudie kring samverkan inom IT-serverdrift (högst 360 tkr)",
            decision_reference="GNS/03/2019",
        )

    are = Party.objects.get(code="2321")
    if not Invoice.objects.filter(committee=committee, kind=Invoice.Kind.RECHARGE).exists():
        invoice = invoice_recharge_create(
            committee=committee,
            party=are,
            description="Serverdrift Åre kommun 2019 (objekt 6663), demobelopp",
            amount=D("186250"),
            incurred_on=dt.date(2019, 12, 31),
            document="Objekt 6663, konsultfakturor 2019",
            invoice_date=dt.date(2020, 1, 15),
            due_date=dt.date(2020, 2, 14),
        )
        _issue_all([invoice])

    link2 = Project.objects.filter(committee=committee, name__startswith="IT-stöd för samordnad planering").first()
    if link2 is not None and not link2.invoices.exists():
        _issue_all(
            project_invoice_period(
                project=link2,
                period_end=dt.date(2022, 6, 30),
                invoice_date=dt.date(2022, 7, 15),
                due_date=dt.date(2022, 8, 15),
            ),
            paid_on=dt.date(2022, 8, 10),
        )
    dtp = Project.objects.filter(committee=committee, name="Digital transformation").first()
    if dtp is not None and not dtp.invoices.exists():
        _issue_all(
            project_invoice_period(
                project=dtp,
                period_end=dt.date(2022, 6, 30),
                invoice_date=dt.date(2022, 7, 15),
                due_date=dt.date(2022, 8, 15),
            ),
            paid_on=dt.date(2022, 8, 12),
        )
        _issue_all(
            project_invoice_period(
                project=dtp,
                period_end=dt.date(2022, 12, 31),
                invoice_date=dt.date(2023, 1, 16),
                due_date=dt.date(2023, 2, 15),
            )
        )
        join_ragunda_and_record_2023(dtp)
        _issue_all(
            project_invoice_period(
                project=dtp,
                period_end=dt.date(2023, 6, 30),
                invoice_date=dt.date(2023, 7, 14),
                due_date=dt.date(2023, 8, 14),
            )
        )
    base_2020 = Invoice.objects.filter(committee=committee, year=2020, kind=Invoice.Kind.BASE).first()
    out.note(
        f"Ekonomi: {Invoice.objects.filter(committee=committee).count()} fakturor; grundbelopp 2020 "
        f"{format_amount(base_2020.total) if base_2020 else '–'} kr per part."
    )
