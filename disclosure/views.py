"""Requests for public documents: the public form on every case of the public diary, and the
secretariat's queue and answer page. Thin: forms, then ``disclosure.services`` and ``.selectors``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from cases import selectors as case_selectors
from common.access import PUBLIC, SECRETARIAT, access
from common.forms import apply_service_errors
from common.throttling import client_ip, rate_limit_hit

from . import selectors, services
from .forms import AnswerForm, RequestForm

TOO_MANY = (
    "Vi har tagit emot många begäranden härifrån på kort tid och kan inte ta emot fler just nu. Försök igen "
    "om en stund, eller skicka din begäran med e-post till {email}. Det du skrev finns kvar i formuläret."
)
TOO_BIG = "Begäran var för stor för att tas emot. Skriv högst 4 000 tecken om vad du vill ta del av."


@access(PUBLIC)
def request_create(request, pk: int):
    """ "Begär ut handling" for a case of the public diary (``?handling=<id>`` preselects a document)."""
    case, documents = case_selectors.public_case_get(pk=pk)
    status = 200
    try:
        data = request.POST if request.method == "POST" else None
    except RequestDataTooBig:
        data, status = None, 413
    form = RequestForm(data, documents=documents, initial={"document": request.GET.get("handling", "")})
    if data is not None and form.is_valid():
        within = rate_limit_hit("begaran", client_ip(request), settings.RATE_LIMIT_DISCLOSURE_PER_IP)
        within = within and rate_limit_hit("begaran", "alla", settings.RATE_LIMIT_DISCLOSURE_TOTAL)
        if not within:
            form.add_error(None, TOO_MANY.format(email=settings.REGISTRAR_EMAIL))
            status = 429
        else:
            cleaned = form.cleaned_data
            document = form.chosen_document
            try:
                submitted = services.disclosure_request_submit(
                    case=case,
                    document=document,
                    wanted=cleaned["wanted"],
                    format=cleaned["format"],
                    name=cleaned["name"],
                    email=cleaned["email"],
                    postal_address=cleaned["postal_address"],
                    token=cleaned["token"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Tack! Din begäran är registrerad som {submitted.number}. Registratorn besvarar den skyndsamt, "
                    "normalt samma eller nästa arbetsdag"
                    + (" – svaret kommer till din e-post." if submitted.email else "."),
                )
                return redirect("public_diary:detail", pk=case.pk)
    return render(
        request,
        "disclosure/request_form.html",
        {"case": case, "form": form, "too_big": TOO_BIG if status == 413 else ""},
        status=status,
    )


@access(SECRETARIAT)
def queue(request):
    answered = request.GET.get("visa") == "besvarade"
    paginator = Paginator(selectors.disclosure_queue(user=request.user, answered=answered), 50)
    page = paginator.get_page(request.GET.get("sida"))
    rows = selectors.with_waiting(page.object_list)
    return render(
        request,
        "disclosure/queue.html",
        {"page": page, "rows": rows, "answered": answered, "querystring": "visa=besvarade" if answered else ""},
    )


@access(SECRETARIAT)
def detail(request, pk: int):
    item = selectors.disclosure_get(user=request.user, pk=pk)
    draft = selectors.disclosure_answer_draft(request=item)
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial={"outcome": draft.outcome, "legal_ground": draft.legal_ground, "message": draft.message},
    )
    if request.method == "POST" and item.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            answered = services.disclosure_answer(
                request=item,
                outcome=data["outcome"],
                by=request.user,
                message=data["message"],
                legal_ground=data["legal_ground"],
                masked_upload=data["masked_file"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            sent = " och skickats per e-post" if answered.email else ""
            messages.success(request, f"Begäran {answered.number} har besvarats{sent}.")
            return redirect("disclosure:detail", pk=item.pk)
    document = item.document
    if document is not None:
        document = case_selectors.document_visible_for(user=request.user, document=document)
    return render(
        request,
        "disclosure/detail.html",
        {"item": item, "form": form, "document": document},
        status=400 if form.errors else 200,
    )
