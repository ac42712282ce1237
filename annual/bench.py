"""Benchmark: the draft annual report of the bench committee's year (finance's bench year) and its PDF/A.

The year gets an outcome and a budget for every category (bulk-inserted; the previous year's outcome too),
then the draft is made by the service (one section per project running that year: 40 × scale bench
projects, a few hundred at scale 10), every narrative section gets a text with figure fields, and the
appendix 10 × scale activity rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from common.bench import dataset, job, page
from finance.models import Budget, BudgetLine, Category, Outcome

from .models import Activity


@dataset(50)
def build_annual(ctx) -> None:
    from .services import report_create, section_save

    committee, year = ctx.data["committee"], ctx.data["finance_year"]
    budget = Budget.objects.get(committee=committee, year=year)
    BudgetLine.objects.bulk_create(
        [BudgetLine(budget=budget, category=c, amount=Decimal(-100000 * ctx.scale)) for c in Category.values],
        ignore_conflicts=True,
    )
    Outcome.objects.bulk_create(
        [
            Outcome(committee=committee, year=y, category=c, amount=Decimal(-95000 * ctx.scale - y))
            for y in (year - 1, year)
            for c in Category.values
        ],
        ignore_conflicts=True,
    )
    report = report_create(committee=committee, year=year)
    for section in report.sections.all():
        section_save(
            section=section,
            body=f"Utfallet för helår [[ar]] är [[resultat]] mot budget [[resultat_budget]].\n\n- {section.title}",
        )
    Activity.objects.bulk_create(
        [
            Activity(report=report, order=i, activity=f"Aktivitet {i}", status="ongoing", outcome="Pågår enligt plan.")
            for i in range(10 * ctx.scale)
        ]
    )
    ctx.data["annual_report"] = report


@page("årsredovisning: utkast med tabell, diagram och projekt", role="secretariat")
def draft_page(ctx) -> str:
    return reverse("annual:detail", args=[ctx.data["annual_report"].pk])


@page("årsredovisning: redigera ett avsnitt", role="secretariat")
def section_page(ctx) -> str:
    report = ctx.data["annual_report"]
    return reverse("annual:section_edit", args=[report.pk, report.sections.order_by("order").first().pk])


@job("årsredovisning: PDF/A (hela genereringen, lagras inte)", repeat=3)
def report_pdf_job(ctx) -> dict:
    from common.pdf import render_pdf

    from .selectors import report_data
    from .services import pdf_context

    data = report_data(report=ctx.data["annual_report"])
    content = render_pdf("annual/pdf/report.html", pdf_context(data, final=True), archival=True)
    return {"sidor": content.count(b"/Type /Page\n") or content.count(b"/Type/Page"), "kB": len(content) // 1024}
