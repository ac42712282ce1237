"""Secretariat views: budgets and base contributions per year, invoices, project invoicing, accounts,
balance and reservations. Party representatives have their own views in ``party_views.py``.

Every write goes through one service call; a refusal (ValidationError) becomes a Swedish message on the
page, never a 500."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from committee.models import Committee
from common.access import SECRETARIAT, access
from common.archive import ArchiveIntegrityError, archived_response
from common.confirm import confirm_page, is_confirmed
from common.formatting import count_noun, format_amount
from common.forms import apply_service_errors
from common.pdf import render_pdf
from projects.models import Project

from .forms import (
    BaseProposeForm,
    BudgetForm,
    CreditForm,
    InvoiceEditForm,
    InvoiceFilterForm,
    OpeningBalanceForm,
    OutcomeForm,
    OutcomePrefillForm,
    PaidForm,
    ProjectInvoiceForm,
    RechargeForm,
    ReservationForm,
    ReservationUseForm,
)
from .models import Invoice, OpeningBalance, Outcome, Reservation
from .selectors import (
    accounts_comparison,
    base_invoices,
    budget_for,
    committee_balance,
    finance_overview,
    invoice_detail,
    invoice_list,
    reservation_list,
)
from .services import (
    apply_snapshot,
    base_contribution_propose,
    budget_set,
    invoice_credit,
    invoice_discard,
    invoice_issue,
    invoice_issue_batch,
    invoice_mark_paid,
    invoice_pdf_context,
    invoice_recharge_create,
    invoice_update,
    opening_balance_set,
    outcome_prefill,
    outcome_set,
    project_invoice_period,
    project_settlement,
    reservation_decide,
    reservation_use,
    seller_problems,
)

PAGE_SIZE = 100


def _committee(short_name: str) -> Committee:
    return get_object_or_404(Committee.objects.select_related("host_party"), short_name=short_name)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@access(SECRETARIAT)
def overview_view(request):
    today = timezone.localdate()
    return render(
        request,
        "finance/overview.html",
        {"sections": finance_overview(), "this_year": today.year, "next_year": today.year + 1},
    )


@access(SECRETARIAT)
def year_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    budget = budget_for(committee=committee, year=year)
    invoices = base_invoices(committee=committee, year=year)
    propose_form = BaseProposeForm(initial={"invoice_date": dt.date(year, 1, 2), "due_date": dt.date(year, 1, 31)})
    return render(
        request,
        "finance/year.html",
        {
            "committee": committee,
            "year": year,
            "budget": budget,
            "base_invoices": invoices,
            "base_drafts": sum(1 for i in invoices if i.is_draft),
            "accounts": accounts_comparison(committee=committee, year=year),
            "propose_form": propose_form,
            "prefill_form": OutcomePrefillForm(),
            "seller_problems": seller_problems(),
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
    previous = {}
    if request.method == "POST" and budget is None:  # a new budget is compared with last year's
        last = budget_for(committee=committee, year=year - 1)
        if last is not None:
            previous = {
                "base_amount": last.base_amount,
                **{f"cat_{line.category}": line.amount for line in last.lines.all()},
            }
    form = BudgetForm(request.POST or None, initial=initial, previous=previous)
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
    outcomes = list(Outcome.objects.filter(committee=committee, year=year))
    form = OutcomeForm(request.POST or None, initial={f"cat_{o.category}": o.amount for o in outcomes})
    if request.method == "POST" and form.is_valid():
        try:
            outcome_set(committee=committee, year=year, amounts=form.amounts())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Utfallet för {year} är sparat (markerat som inmatat för hand).")
            return redirect("finance:year", short_name=short_name, year=year)
    return render(
        request,
        "finance/form_page.html",
        {
            "form": form,
            "committee": committee,
            "year": year,
            "heading": f"Utfall {year} för {committee.short_name}",
            "intro": (
                "Belopp från bokslutet skrivs in här och markeras som inmatade för hand; de skrivs aldrig över "
                "av en beräkning från fakturorna. Intäkter positiva, kostnader negativa."
            ),
        },
    )


@access(SECRETARIAT)
@require_POST
def outcome_prefill_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    form = OutcomePrefillForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Välj en kostnadskategori för projektens kostnader.")
    else:
        try:
            written = outcome_prefill(committee=committee, year=year, cost_category=form.cleaned_data["cost_category"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            if written:
                messages.success(
                    request,
                    f"{count_noun(len(written), 'kategori', 'kategorier')} är beräknade från {year}s fakturor "
                    "och kostnader. Belopp som matats in för hand är orörda.",
                )
            else:
                messages.info(request, "Alla kategorier som kan beräknas är redan inmatade för hand; inget ändrades.")
    return redirect("finance:year", short_name=short_name, year=year)


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
            _error(request, exc)
        else:
            messages.success(
                request,
                f"{len(invoices)} fakturautkast på grundbeloppet {year} är skapade. Granska och skicka dem.",
            )
    else:
        messages.error(request, "Ange fakturadatum och förfallodatum (förfallodatum tidigast fakturadatum).")
    return redirect("finance:year", short_name=short_name, year=year)


ISSUE_CANNOT_UNDO = [
    "Varje faktura får sitt nummer och OCR-nummer och sparas som arkivexemplar (PDF/A). Den kan aldrig "
    "ändras eller tas bort; ett fel rättas bara med en kreditfaktura.",
    "Numren används aldrig igen, inte heller om fakturan krediteras.",
]


@access(SECRETARIAT)
def base_issue_all_view(request, short_name: str, year: int):
    committee = _committee(short_name)
    if not is_confirmed(request):
        drafts = [i for i in base_invoices(committee=committee, year=year) if i.is_draft]
        if not drafts:
            messages.info(request, f"Det finns inga utkast på grundbeloppet {year} att skicka.")
            return redirect("finance:year", short_name=short_name, year=year)
        return confirm_page(
            request,
            heading=f"Skicka {count_noun(len(drafts), 'faktura', 'fakturor')} på grundbeloppet {year}?",
            lead="Alla utkast skickas tillsammans: antingen alla eller ingen.",
            details=[(i.party.name, f"{format_amount(i.total)} kr") for i in drafts]
            + [("Summa", f"{format_amount(sum(i.total for i in drafts))} kr")],
            cannot_undo=ISSUE_CANNOT_UNDO,
            submit=f"Ja, skicka {count_noun(len(drafts), 'faktura', 'fakturor')}",
            cancel_url=reverse("finance:year", args=[short_name, year]),
        )
    try:
        issued = invoice_issue_batch(committee=committee, year=year, kind=Invoice.Kind.BASE, issued_by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            f"{count_noun(len(issued), 'faktura', 'fakturor')} på grundbeloppet {year} är skickade, "
            f"nummer {issued[0].number}–{issued[-1].number}.",
        )
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


def _detail(request, invoice, *, edit_form=None, credit_form=None, paid_form=None, status=200):
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "edit_form": edit_form
            or InvoiceEditForm(
                initial={"title": invoice.title, "invoice_date": invoice.invoice_date, "due_date": invoice.due_date}
            ),
            "credit_form": credit_form or CreditForm(invoice=invoice),
            "paid_form": paid_form or PaidForm(initial={"paid_on": timezone.localdate()}),
            "seller_problems": seller_problems() if invoice.is_draft else [],
        },
        status=status,
    )


@access(SECRETARIAT)
def invoice_detail_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    if request.method != "POST":
        return _detail(request, invoice)
    edit_form = InvoiceEditForm(request.POST)
    if edit_form.is_valid():
        try:
            invoice_update(invoice=invoice, **edit_form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(edit_form, exc)
        else:
            messages.success(request, "Utkastet är ändrat.")
            return redirect("finance:invoice_detail", pk=pk)
    return _detail(request, invoice, edit_form=edit_form, status=400)


@access(SECRETARIAT)
def invoice_issue_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    if not invoice.is_draft:
        messages.info(request, f"Fakturan är redan skickad med nummer {invoice.number}.")
        return redirect("finance:invoice_detail", pk=pk)
    if not is_confirmed(request):
        label = "kreditfakturan" if invoice.is_credit_note else "fakturan"
        return confirm_page(
            request,
            heading=f"Skicka {label} till {invoice.party.name}?",
            lead=invoice.title,
            details=[
                ("Belopp", f"{format_amount(invoice.total)} kr"),
                ("Fakturadatum", invoice.invoice_date.isoformat()),
                ("Förfallodatum", invoice.due_date.isoformat()),
            ],
            cannot_undo=ISSUE_CANNOT_UNDO,
            submit=f"Ja, skicka {label}",
            cancel_url=reverse("finance:invoice_detail", args=[pk]),
        )
    try:
        invoice = invoice_issue(invoice=invoice, issued_by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Fakturan är skickad med nummer {invoice.number} (OCR {invoice.ocr}).")
    return redirect("finance:invoice_detail", pk=pk)


@access(SECRETARIAT)
@require_POST
def invoice_discard_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    try:
        invoice_discard(invoice=invoice)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("finance:invoice_detail", pk=pk)
    messages.success(request, f"Utkastet till {invoice.party} är borttaget.")
    return redirect(f"{reverse('finance:invoice_list')}?status=draft")


@access(SECRETARIAT)
@require_POST
def invoice_paid_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            invoice_mark_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Fakturan är markerad som betald.")
            return redirect("finance:invoice_detail", pk=pk)
    return _detail(request, invoice, paid_form=form, status=400)


@access(SECRETARIAT)
@require_POST
def invoice_credit_view(request, pk: int):
    invoice = _invoice_or_404(pk)
    form = CreditForm(request.POST, invoice=invoice)
    if form.is_valid():
        try:
            note = invoice_credit(
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                amounts=form.amounts() or None,
                created_by=request.user,
                form_token=form.cleaned_data["token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, {"amounts": "reason"})
        else:
            if note.already_done:
                messages.info(request, f"Krediteringen var redan gjord: kreditfaktura {note.number}.")
            else:
                messages.success(request, f"Kreditfaktura {note.number} är skapad och skickad.")
            return redirect("finance:invoice_detail", pk=note.pk)
    return _detail(request, invoice, credit_form=form, status=400)


def invoice_pdf_response(invoice: Invoice, request) -> HttpResponse:
    """An issued invoice: its archived PDF exactly as stored when it was issued. A draft: rendered now,
    marked as a draft (it is not a document yet)."""
    if invoice.pdf_id:
        try:
            return archived_response(invoice.pdf)
        except ArchiveIntegrityError:
            return render(request, "finance/archive_error.html", {"invoice": invoice}, status=503)
    if not invoice.is_draft:
        raise Http404
    preview = apply_snapshot(invoice)  # in memory only: what the invoice would say if issued now
    lines = list(invoice.lines.all())
    pdf = render_pdf("finance/pdf/invoice.html", invoice_pdf_context(invoice=preview, lines=lines))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fakturautkast-{invoice.pk}.pdf"'
    return response


@access(SECRETARIAT)
def invoice_pdf_view(request, pk: int):
    return invoice_pdf_response(_invoice_or_404(pk), request)


@access(SECRETARIAT)
def recharge_create_view(request):
    today = timezone.localdate()
    form = RechargeForm(
        request.POST or None,
        initial={
            "invoice_date": today,
            "due_date": today + dt.timedelta(days=settings.INVOICE_PAYMENT_DAYS),
            "incurred_on": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token")
        try:
            invoice = invoice_recharge_create(created_by=request.user, form_token=token, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if invoice.already_done:
                messages.info(request, "Formuläret var redan skickat; här är fakturautkastet som skapades då.")
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
        initial={
            "period_end": today,
            "invoice_date": today,
            "due_date": today + dt.timedelta(days=settings.INVOICE_PAYMENT_DAYS),
        },
    )
    preview, error = None, None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "create":
            try:
                invoices = project_invoice_period(project=project, created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                notes = sum(1 for i in invoices if i.is_credit_note)
                text = f"{len(invoices) - notes} fakturautkast" + (
                    f" och {count_noun(notes, 'kreditfaktura', 'kreditfakturor')}" if notes else ""
                )
                messages.success(request, f"{text} är skapade för {project}. Granska och skicka dem.")
                return redirect(f"{reverse('finance:invoice_list')}?kind=&status=draft")
        else:
            try:
                preview = project_settlement(project=project, period_end=form.cleaned_data["period_end"])
            except ValidationError as exc:
                error = " ".join(exc.messages)
    drafts = Invoice.objects.filter(project=project, status=Invoice.Status.DRAFT).count()
    return render(
        request,
        "finance/project_invoice.html",
        {"project": project, "form": form, "preview": preview, "error": error, "drafts": drafts},
    )


@access(SECRETARIAT)
def project_issue_view(request, pk: int):
    """Issue all drafts of a project's period in one transaction (all or none), after a confirmation."""
    project = get_object_or_404(Project.objects.select_related("committee"), pk=pk)
    if not is_confirmed(request):
        drafts = list(
            Invoice.objects.filter(project=project, status=Invoice.Status.DRAFT).select_related("party").order_by("pk")
        )
        if not drafts:
            messages.info(request, f"{project} har inga fakturautkast att skicka.")
            return redirect("finance:project_invoice", pk=pk)
        return confirm_page(
            request,
            heading=f"Skicka {count_noun(len(drafts), 'faktura', 'fakturor')} för {project}?",
            lead="Alla utkast skickas tillsammans: antingen alla eller ingen.",
            details=[(i.party.name, f"{format_amount(i.total)} kr") for i in drafts],
            cannot_undo=ISSUE_CANNOT_UNDO,
            submit=f"Ja, skicka {count_noun(len(drafts), 'faktura', 'fakturor')}",
            cancel_url=reverse("finance:project_invoice", args=[pk]),
        )
    try:
        issued = invoice_issue_batch(committee=project.committee, year=None, project=project, issued_by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"{count_noun(len(issued), 'faktura', 'fakturor')} för {project} är skickade.")
    return redirect("finance:project_invoice", pk=pk)


@access(SECRETARIAT)
def reservations_view(request, short_name: str):
    """The committee's balance: opening balance, results, balance carried forward and reservations."""
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
            "balance": committee_balance(committee=committee),
            "form": form,
        },
    )


@access(SECRETARIAT)
def opening_balance_view(request, short_name: str):
    committee = _committee(short_name)
    current = OpeningBalance.objects.filter(committee=committee).first()
    initial = (
        {
            "year": current.year,
            "amount": current.amount,
            "decision_reference": current.decision_reference,
            "note": current.note,
        }
        if current
        else {}
    )
    form = OpeningBalanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opening_balance_set(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Den ingående balansen är sparad.")
            return redirect("finance:reservations", short_name=short_name)
    return render(
        request,
        "finance/form_page.html",
        {
            "form": form,
            "committee": committee,
            "heading": f"Ingående balans för {committee.short_name}",
            "intro": (
                "Det egna kapital som nämnden hade när redovisningen började (vid början av det första året med "
                "utfall), enligt beslut eller bokslut. Årens resultat läggs till det; reservationerna visas mot det."
            ),
        },
    )


@access(SECRETARIAT)
def reservation_use_view(request, pk: int):
    reservation = get_object_or_404(Reservation.objects.select_related("committee"), pk=pk)
    form = ReservationUseForm(
        request.POST or None, committee=reservation.committee, initial={"used_on": timezone.localdate()}
    )
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
