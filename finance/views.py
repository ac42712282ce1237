"""Secretariat views: budgets and base contributions per year, invoices, project invoicing, accounts,
reservations. Party representatives have their own views in ``party_views.py``."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from committee.models import Committee
from common.access import SECRETARIAT, access
from common.forms import apply_service_errors
from common.pdf import render_pdf
from projects.models import Project

from .forms import (
    BaseProposeForm,
    BudgetForm,
    CreditForm,
    InvoiceEditForm,
    InvoiceFilterForm,
    OutcomeForm,
    PaidForm,
    ProjectInvoiceForm,
    RechargeForm,
    ReservationForm,
    ReservationUseForm,
)
from .models import Invoice, Outcome, Reservation
from .selectors import (
    accounts_comparison,
    budget_for,
    finance_overview,
    invoice_detail,
    invoice_list,
    reservation_list,
    results_per_year,
)
from .services import (
    base_contribution_propose,
    budget_set,
    invoice_credit,
    invoice_issue,
    invoice_mark_paid,
    invoice_recharge_create,
    invoice_update,
    outcome_set,
    project_invoice_period,
    reservation_decide,
    reservation_use,
)
from .services.projects import project_settlement

PAGE_SIZE = 100


def _committee(short_name: str) -> Committee:
    return get_object_or_404(Committee.objects.select_related("host_party"), short_name=short_name)


@access(SECRETARIAT)
def overview_view(request):
    committees = list(Committee.objects.order_by("name"))
    sections = [
        {"committee": c, "years": finance_overview(committee=c), "results": results_per_year(committee=c)}
        for c in committees
    ]
    return render(
        request,
        "finance/overview.html",
        {"sections": sections, "this_year": timezone.localdate().year, "next_year": timezone.localdate().year + 1},
    )


@access(SECRETARIAT)
def year_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    budget = budget_for(committee=committee, year=year)
    propose_form = BaseProposeForm(initial={"invoice_date": dt.date(year, 1, 2), "due_date": dt.date(year, 1, 31)})
    return render(
        request,
        "finance/year.html",
        {
            "committee": committee,
            "year": year,
            "budget": budget,
            "base_invoices": invoice_list(year=year, kind=Invoice.Kind.BASE).filter(committee=committee),
            "accounts": accounts_comparison(committee=committee, year=year),
            "propose_form": propose_form,
        },
    )


@access(SECRETARIAT)
def budget_edit_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    budget = budget_for(committee=committee, year=year)
    initial = {}
    if budget is not None:
        initial = {
            "base_amount": budget.base_amount,
            "decision_reference": budget.decision_reference,
            "note": budget.note,
        }
        initial.update({f"cat_{line.category}": line.amount for line in budget.lines.all()})
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget_set(
                committee=committee,
                year=year,
                base_amount=data["base_amount"],
                lines=form.category_amounts(),
                decision_reference=data["decision_reference"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Budgeten för {year} är sparad.")
            return redirect("finance:year", short_name=short_name, year=year)
    return render(
        request,
        "finance/form_page.html",
        {"form": form, "committee": committee, "year": year, "heading": f"Budget {year} för {committee.short_name}"},
    )


@access(SECRETARIAT)
def outcome_edit_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    initial = {f"cat_{o.category}": o.amount for o in Outcome.objects.filter(committee=committee, year=year)}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome_set(committee=committee, year=year, amounts=form.amounts())
        messages.success(request, f"Utfallet för {year} är sparat.")
        return redirect("finance:year", short_name=short_name, year=year)
    return render(
        request,
        "finance/form_page.html",
        {"form": form, "committee": committee, "year": year, "heading": f"Utfall {year} för {committee.short_name}"},
    )


@access(SECRETARIAT)
@require_POST
def base_propose_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    budget = budget_for(committee=committee, year=year)
    if budget is None:
        messages.error(request, f"Det finns ingen budget för {year}. Lägg in budgeten först.")
        return redirect("finance:year", short_name=short_name, year=year)
    form = BaseProposeForm(request.POST)
    if form.is_valid():
        try:
            invoices = base_contribution_propose(budget=budget, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{len(invoices)} fakturautkast på grundbeloppet {year} är skapade. Granska och skicka dem."
            )
    else:
        messages.error(request, "Ange fakturadatum och förfallodatum.")
    return redirect("finance:year", short_name=short_name, year=year)


@access(SECRETARIAT)
@require_POST
def base_issue_all_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    drafts = list(
        invoice_list(year=year, kind=Invoice.Kind.BASE, status=Invoice.Status.DRAFT).filter(committee=committee)
    )
    for invoice in drafts:
        invoice_issue(invoice=invoice)
    messages.success(request, f"{len(drafts)} fakturor på grundbeloppet {year} är skickade.")
    return redirect("finance:year", short_name=short_name, year=year)


@access(SECRETARIAT)
def invoice_list_view(request):
    form = InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    invoices = invoice_list(
        year=filters.get("year"), status=filters.get("status"), party=filters.get("party"), kind=filters.get("kind")
    )
    return render(request, "finance/invoice_list.html", {"form": form, "invoices": invoices[:PAGE_SIZE]})


def _invoice_or_404(pk: int) -> Invoice:
    invoice = invoice_detail(pk=pk)
    if invoice is None:
        raise Http404
    return invoice


@access(SECRETARIAT)
def invoice_detail_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    edit_form = InvoiceEditForm(
        request.POST or None,
        initial={"title": invoice.title, "invoice_date": invoice.invoice_date, "due_date": invoice.due_date},
    )
    if request.method == "POST" and edit_form.is_valid():
        try:
            invoice_update(invoice=invoice, **edit_form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(edit_form, exc)
        else:
            messages.success(request, "Utkastet är ändrat.")
            return redirect("finance:invoice_detail", pk=pk)
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "edit_form": edit_form,
            "credit_form": CreditForm(),
            "paid_form": PaidForm(initial={"paid_on": timezone.localdate()}),
        },
        status=400 if request.method == "POST" else 200,
    )


@access(SECRETARIAT)
@require_POST
def invoice_issue_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    try:
        invoice = invoice_issue(invoice=invoice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Fakturan är skickad med nummer {invoice.number} (OCR {invoice.ocr}).")
    return redirect("finance:invoice_detail", pk=pk)


@access(SECRETARIAT)
@require_POST
def invoice_paid_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            invoice_mark_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Fakturan är markerad som betald.")
    else:
        messages.error(request, "Ange ett giltigt betaldatum.")
    return redirect("finance:invoice_detail", pk=pk)


@access(SECRETARIAT)
@require_POST
def invoice_credit_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    form = CreditForm(request.POST)
    if form.is_valid():
        try:
            note = invoice_credit(invoice=invoice, reason=form.cleaned_data["reason"], created_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Kreditfaktura {note.number} är skapad och skickad.")
            return redirect("finance:invoice_detail", pk=note.pk)
    else:
        messages.error(request, "Ange varför fakturan krediteras.")
    return redirect("finance:invoice_detail", pk=pk)


def invoice_pdf_response(invoice: Invoice, request) -> HttpResponse:
    pdf = render_pdf("finance/pdf/invoice.html", {"invoice": invoice}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = invoice.number or f"utkast-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="faktura-{name}.pdf"'
    return response


@access(SECRETARIAT)
def invoice_pdf_view(request, pk: int):
    return invoice_pdf_response(_invoice_or_404(pk), request)


@access(SECRETARIAT)
def recharge_create_view(request):
    today = timezone.localdate()
    form = RechargeForm(
        request.POST or None,
        initial={"invoice_date": today, "due_date": today + dt.timedelta(days=30), "incurred_on": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invoice = invoice_recharge_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Fakturautkastet är skapat. Granska och skicka det.")
            return redirect("finance:invoice_detail", pk=invoice.pk)
    return render(
        request,
        "finance/form_page.html",
        {"form": form, "heading": "Vidarefakturera en faktisk kostnad", "submit": "Skapa fakturautkast"},
    )


@access(SECRETARIAT)
def project_invoice_view(request, pk: int):
    """Preview (button "Förhandsgranska") or create the drafts of one period. Both are POSTs of the same
    form, so nothing ends up in the URL; the preview writes nothing."""
    project = get_object_or_404(Project.objects.select_related("committee"), pk=pk)
    today = timezone.localdate()
    form = ProjectInvoiceForm(
        request.POST or None,
        initial={"period_end": today, "invoice_date": today, "due_date": today + dt.timedelta(days=30)},
    )
    preview, error = None, None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "create":
            try:
                invoices = project_invoice_period(project=project, created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{len(invoices)} fakturautkast är skapade för {project}.")
                return redirect(f"{_url('finance:invoice_list')}?kind=project&status=draft")
        else:
            try:
                preview = project_settlement(project=project, period_end=form.cleaned_data["period_end"])
            except ValidationError as exc:
                error = " ".join(exc.messages)
    return render(
        request,
        "finance/project_invoice.html",
        {"project": project, "form": form, "preview": preview, "error": error},
    )


def _url(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@access(SECRETARIAT)
def reservations_view(request, short_name: str):
    committee = _committee(short_name)
    form = ReservationForm(request.POST or None, prefix="ny")
    if request.method == "POST" and form.is_valid():
        try:
            reservation_decide(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Reservationen är registrerad.")
            return redirect("finance:reservations", short_name=short_name)
    return render(
        request,
        "finance/reservations.html",
        {
            "committee": committee,
            "reservations": reservation_list(committee=committee),
            "results": results_per_year(committee=committee),
            "form": form,
        },
    )


@access(SECRETARIAT)
def reservation_use_view(request, pk: int):
    reservation = get_object_or_404(Reservation.objects.select_related("committee"), pk=pk)
    form = ReservationUseForm(request.POST or None, initial={"used_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reservation_use(reservation=reservation, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Användningen är registrerad.")
            return redirect("finance:reservations", short_name=reservation.committee.short_name)
    return render(
        request,
        "finance/form_page.html",
        {"form": form, "reservation": reservation, "heading": f"Använd reserverade medel: {reservation.purpose}"},
    )
