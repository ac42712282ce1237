"""Case views: the list and go-to-number, registration, the case page, editing, status, closing, history."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.access import SECRETARIAT, STAFF, access, require
from common.confirm import confirm_page, is_confirmed
from common.forms import apply_service_errors

from .. import selectors, services
from ..forms import (
    CaseCloseForm,
    CaseEditForm,
    CaseFilterForm,
    CasePublicationForm,
    CaseRegisterForm,
    CaseStatusForm,
    DiaryNumberField,
)
from ..models import Case, Diary
from ._common import _page, _query_without_page


class GotoForm(forms.Form):
    nummer = DiaryNumberField(label="Gå till diarienummer", max_length=40)


@access(*STAFF)
def case_list(request):
    form = CaseFilterForm(request.GET or None, years=selectors.diary_years())
    filters = selectors.CaseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            query=data["q"],
            year=data["year"],
            status=data["status"],
            officer_id=data["officer"].pk if data["officer"] else None,
            party_id=data["party"].pk if data["party"] else None,
        )
    words = bool(filters.query.strip()) and selectors.number_q(filters.query) is None
    page = _page(request, selectors.case_list(user=request.user, filters=filters), word_search=words)
    context = {"form": form, "page": page, "querystring": _query_without_page(request), "goto": GotoForm()}
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


@access(*STAFF)
def case_goto(request):
    if not request.GET.get("nummer"):
        return redirect("cases:list")
    form = GotoForm(request.GET)
    if form.is_valid():
        number = form.cleaned_data["nummer"]
        case = selectors.case_list(user=request.user, filters=selectors.CaseFilters(query=str(number))).first()
        if case is not None:
            return redirect("cases:detail", pk=case.pk)
        form.add_error("nummer", f"Det finns inget ärende {number} som du har behörighet till.")
    years = selectors.diary_years()
    page = _page(request, selectors.case_list(user=request.user))
    return render(
        request,
        "cases/case_list.html",
        {"form": CaseFilterForm(years=years), "page": page, "querystring": "", "goto": form},
        status=400,
    )


@access(SECRETARIAT)
def case_register(request):
    if not Diary.objects.exists():
        messages.error(request, "Det finns inget diarium ännu. Skapa nämnden och dess diarium först.")
    diaries = Diary.objects.filter(selectors.diary_scope(request.user, SECRETARIAT).q("pk"))
    form = CaseRegisterForm(request.POST or None, diaries=diaries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_register(
                diary=data["diary"],
                title=data["title"],
                description=data["description"],
                officer=data["officer"],
                initiating_party=data["initiating_party"],
                by=request.user,
                token=data["token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except IntegrityError:
            # A concurrent twin of this very form won the race: show the case it registered.
            case = get_object_or_404(Case.objects.select_related("diary"), registration_token=data["token"])
            case.already_registered = True
        if not form.errors:
            if case.already_registered:
                messages.info(
                    request, f"Formuläret skickades två gånger. Ärendet {case.number} registrerades bara en gång."
                )
            else:
                messages.success(request, f"Ärendet har registrerats med diarienummer {case.number}.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_register.html", {"form": form, "today": timezone.localdate()})


@access(*STAFF)
def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    documents = selectors.case_documents(user=request.user, case=case)
    memo = selectors.case_memo(user=request.user, case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "documents": documents,
            "memo": memo,
            "timeline": selectors.case_timeline(case=case, documents=documents, memo=memo),
            "may_write": selectors.may_write_case(user=request.user, case=case),
            "is_secretariat": selectors.is_secretariat_for(request.user, case),
            "status_form": CaseStatusForm(initial={"status": case.status}),
        },
    )


@access(*STAFF)
def case_edit(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    initial = {
        "title": case.title,
        "description": case.description,
        "officer": case.officer,
        "initiating_party": case.initiating_party,
    }
    form = CaseEditForm(request.POST or None, initial=initial)
    if not selectors.is_secretariat_for(request.user, case):
        form.fields["officer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_update(
                case=case,
                by=request.user,
                title=data["title"],
                description=data["description"],
                officer=data["officer"],
                clear_officer=data["officer"] is None,
                initiating_party=data["initiating_party"],
                clear_party=data["initiating_party"] is None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Ärendet har sparats.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


@access(*STAFF)
@require_POST
def case_status(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_status_change(case=case, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Status har ändrats.")
    else:
        messages.error(request, "Välj en giltig status.")
    return redirect("cases:detail", pk=case.pk)


@access(SECRETARIAT)
def case_close(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    require(selectors.is_secretariat_for(request.user, case))
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not is_confirmed(request):
            mistake = form.cleaned_data["mistake"]
            return confirm_page(
                request,
                heading=f"Avsluta ärende {case.number}?",
                lead=f"{case.number} {case.title}",
                details=[
                    ("Skäl", form.cleaned_data["reason"] or "–"),
                    ("Avslutas som", "felregistrerat" if mistake else "avslutat"),
                ],
                cannot_undo=[
                    "Avslutandet, med datum, skäl och vem som avslutade, sparas i ärendets historik och kan inte "
                    "tas bort därifrån.",
                    f"Diarienumret {case.number} ges aldrig till något annat ärende.",
                    *(["Ärendet visas som felregistrerat i det offentliga diariet."] if mistake else []),
                ],
                submit="Ja, avsluta ärendet",
                cancel_url=reverse("cases:detail", args=[case.pk]),
            )
        try:
            services.case_close(
                case=case, reason=form.cleaned_data["reason"], mistake=form.cleaned_data["mistake"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Ärendet {case.number} har avslutats.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_close.html", {"case": case, "form": form})


@access(*STAFF)
def case_history(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    return render(
        request,
        "cases/case_history.html",
        {"case": case, "changes": selectors.case_history(user=request.user, case=case)},
    )


@access(SECRETARIAT)
def case_publication(request, pk: int):
    """Whether the case is published in the e-diary (the secretariat): a withheld case (e.g. a personnel
    matter) shows only its number and date to the public, with the reason kept here."""
    case = selectors.case_get(user=request.user, pk=pk)
    require(selectors.is_secretariat_for(request.user, case))
    form = CasePublicationForm(
        request.POST or None, initial={"withheld": case.withheld_from_public, "reason": case.withheld_reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_set_publication(
                case=case, withheld=form.cleaned_data["withheld"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            text = "publiceras inte i e-diariet" if form.cleaned_data["withheld"] else "publiceras i e-diariet"
            messages.success(request, f"Ärendet {case.number} {text}.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_publication.html", {"case": case, "form": form})
