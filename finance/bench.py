"""Benchmark data, pages and jobs for finance (see common/bench.py).

Scale 1 ≈ 500 invoices over ten years: the base contribution of every party for each of the ten years
(9 parties × 10) and the project invoices of the 40 bench projects (one settlement per half year while
the project runs, one invoice per participating party and settlement). Everything is bulk-inserted, but
the project lines are computed by the real settlement code (``project_settlement``). Scale N
multiplies parties (from the parties dataset) and projects by N. A bench user represents Östersund.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from common.archive import archive_store
from common.bench import dataset, job, page
from common.models import ArchivedDocument
from parties.models import PartyRepresentative

from .allocation import split
from .models import Budget, Invoice, InvoiceLine, InvoiceSequence
from .services.budgets import party_order
from .services.invoices import ocr_for
from .services.projects import project_settlement, projects_settlement

YEARS = range(2015, 2025)
BASE = Decimal("914400")


class _Numbers:
    def __init__(self):
        self.last = defaultdict(int, dict(InvoiceSequence.objects.values_list("year", "last")))

    def next(self, year: int) -> str:
        self.last[year] += 1
        return f"{year}{self.last[year]:05d}"

    def save(self):
        for year, last in self.last.items():
            InvoiceSequence.objects.update_or_create(year=year, defaults={"last": last})


def _archive_like_issue(invoices: list[Invoice]) -> None:
    """Issued invoices carry a snapshot of seller and recipient and their archived PDF (a database constraint).
    The bench gives every bulk-inserted invoice one, all pointing at a single stored sample PDF, so the
    dataset is built in seconds instead of rendering 500 PDFs."""
    from .services.invoices import apply_snapshot

    sample = archive_store(
        kind="bench", object_id="sample", title="Exempelfaktura", filename="faktura.pdf", content=b"%PDF-1.7 bench"
    )
    documents = ArchivedDocument.objects.bulk_create(
        [
            ArchivedDocument(
                kind="invoice",
                object_id=f"bench-{invoice.number}",
                title=f"Faktura {invoice.number}",
                filename=f"faktura-{invoice.number}.pdf",
                file=sample.file.name,
                size=sample.size,
                sha256=sample.sha256,
            )
            for invoice in invoices
        ],
        batch_size=500,
    )
    for invoice, document in zip(invoices, documents, strict=True):
        apply_snapshot(invoice)
        invoice.buyer_org_number = invoice.buyer_org_number or "212000-0000"  # bench parties have none
        invoice.pdf = document


def _insert(invoices_with_lines: list[tuple[Invoice, list[InvoiceLine]]]) -> None:
    """Insert like the services do: each invoice as a draft with its lines, then issued (on PostgreSQL a
    trigger refuses lines added to an issued invoice)."""
    invoices = [inv for inv, _ in invoices_with_lines]
    _archive_like_issue(invoices)
    issued = {field: [getattr(inv, field) for inv in invoices] for field in ISSUE_FIELDS}
    for invoice in invoices:
        invoice.status, invoice.number, invoice.ocr, invoice.issued_at, invoice.paid_on = "draft", "", "", None, None
    Invoice.objects.bulk_create(invoices, batch_size=500)
    lines = []
    for invoice, invoice_lines in invoices_with_lines:
        for order, line in enumerate(invoice_lines, start=1):
            line.invoice, line.order = invoice, order
            lines.append(line)
    InvoiceLine.objects.bulk_create(lines, batch_size=1000)
    for field, values in issued.items():
        for invoice, value in zip(invoices, values, strict=True):
            setattr(invoice, field, value)
    Invoice.objects.bulk_update(invoices, ISSUE_FIELDS, batch_size=500)


ISSUE_FIELDS = ["status", "number", "ocr", "issued_at", "paid_on"]


@dataset(40)
def build_finance(ctx) -> None:
    committee = ctx.data["committee"]
    parties = sorted(ctx.data["parties"], key=party_order)
    numbers = _Numbers()
    now = timezone.now()
    done = set(Budget.objects.filter(committee=committee).values_list("year", flat=True))
    Budget.objects.bulk_create(
        [Budget(committee=committee, year=y, base_amount=BASE * ctx.scale) for y in YEARS if y not in done]
    )
    batch = []
    for year in YEARS:
        if year in done:
            continue
        amounts = split(BASE * ctx.scale, dict.fromkeys(parties, 1))
        for party in parties:
            number = numbers.next(year)
            invoice = Invoice(
                committee=committee,
                party=party,
                kind=Invoice.Kind.BASE,
                year=year,
                title=f"Grundbelopp {year}",
                number=number,
                ocr=ocr_for(number),
                invoice_date=dt.date(year, 1, 2),
                due_date=dt.date(year, 1, 31),
                total=amounts[party],
                status=Invoice.Status.PAID if year < YEARS[-1] else Invoice.Status.ISSUED,
                paid_on=dt.date(year, 1, 28) if year < YEARS[-1] else None,
                issued_at=now,
            )
            line = InvoiceLine(
                description=f"Grundbelopp {year}",
                key=f"Lika delar mellan nämndens {len(parties)} parter",
                basis_total=BASE * ctx.scale,
                weight_total=len(parties),
                share_percent=(Decimal(100) / len(parties)).quantize(Decimal("0.000001")),
                amount=amounts[party],
            )
            batch.append((invoice, [line]))
    _insert(batch)

    for project in ctx.data["projects"]:
        if project.invoices.exists():
            continue
        period_end = dt.date(project.starts_on.year, 6, 30)
        if period_end < project.starts_on:
            period_end = dt.date(project.starts_on.year, 12, 31)
        while period_end <= dt.date(YEARS[-1], 12, 31) and period_end <= project.ends_on + dt.timedelta(days=200):
            settlement = project_settlement(project=project, period_end=period_end)
            invoice_date = period_end + dt.timedelta(days=14)
            batch = []
            for party, lines in settlement.items():
                number = numbers.next(invoice_date.year)
                batch.append(
                    (
                        Invoice(
                            committee=committee,
                            party=party,
                            kind=Invoice.Kind.PROJECT,
                            year=period_end.year,
                            title=f"{project.name}: t.o.m. {period_end}",
                            number=number,
                            ocr=ocr_for(number),
                            invoice_date=invoice_date,
                            due_date=invoice_date + dt.timedelta(days=30),
                            total=sum((line.amount for line in lines), Decimal(0)),
                            project=project,
                            status=Invoice.Status.ISSUED,
                            issued_at=now,
                        ),
                        lines,
                    )
                )
            _insert(batch)
            period_end = (
                dt.date(period_end.year, 12, 31) if period_end.month == 6 else dt.date(period_end.year + 1, 6, 30)
            )
    numbers.save()
    ostersund = next(p for p in parties if p.code == "2380")
    rep = ctx.user("party_representative")
    PartyRepresentative.objects.get_or_create(user=rep, defaults={"party": ostersund})
    ctx.data["bench_invoice"] = (
        Invoice.objects.filter(party=ostersund, kind=Invoice.Kind.PROJECT).order_by("-invoice_date").first()
        or Invoice.objects.filter(party=ostersund).first()
    )
    ctx.data["finance_year"] = YEARS[-2]
    print(f"    finance: {Invoice.objects.count()} fakturor, {InvoiceLine.objects.count()} rader")  # noqa: T201


@page("ekonomi: min part, ett år", role="party_representative")
def party_portal_page(ctx) -> str:
    return reverse("party:portal") + f"?ar={ctx.data['bench_invoice'].year}"


@page("ekonomi: min part, faktura", role="party_representative")
def party_invoice_page(ctx) -> str:
    return reverse("party:invoice", args=[ctx.data["bench_invoice"].pk])


@page("ekonomi: min part, export CSV", role="party_representative")
def party_csv_page(ctx) -> str:
    return reverse("party:export_csv")


@page("ekonomi: fakturalista", role="secretariat")
def invoice_list_page(ctx) -> str:
    return reverse("finance:invoice_list")


@page("ekonomi: faktura", role="secretariat")
def invoice_detail_page(ctx) -> str:
    return reverse("finance:invoice_detail", args=[ctx.data["bench_invoice"].pk])


@page("ekonomi: översikt", role="secretariat")
def overview_page(ctx) -> str:
    return reverse("finance:overview")


@page("ekonomi: år (budget, grundbelopp, utfall)", role="secretariat")
def year_page(ctx) -> str:
    return reverse("finance:year", args=[ctx.data["committee"].short_name, ctx.data["finance_year"]])


@job("ekonomi: faktura som PDF")
def invoice_pdf_job(ctx) -> None:
    from common.pdf import render_pdf

    from .selectors import invoice_detail

    invoice = invoice_detail(pk=ctx.data["bench_invoice"].pk)
    lines = list(invoice.lines.all())
    render_pdf("finance/pdf/invoice.html", {"invoice": invoice, "lines": lines}, archival=True)  # as at issue


@job("ekonomi: beräkna alla fakturor för ett år", repeat=3)
def compute_year_job(ctx) -> None:
    """Compute (without saving) every invoice of one year: the base contribution split among all parties
    and the settlement of every project with costs up to the year end."""
    from committee.selectors import committee_parties_in_year
    from projects.models import Project

    year = ctx.data["finance_year"]
    committee = ctx.data["committee"]
    parties = sorted(committee_parties_in_year(committee=committee, year=year), key=party_order)
    split(BASE * ctx.scale, dict.fromkeys(parties, 1))
    projects = Project.objects.filter(committee=committee, starts_on__lte=dt.date(year, 12, 31)).filter(
        ends_on__gte=dt.date(year - 1, 1, 1)
    )
    projects_settlement(projects=list(projects), period_end=dt.date(year, 12, 31))
