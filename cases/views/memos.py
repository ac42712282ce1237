"""Memo views: editing the case's memo (tjänsteskrivelse), its page and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from common.access import access
from common.forms import apply_service_errors
from common.pdf import render_pdf

from .. import selectors, services
from ..forms import MemoForm
from ..models import Memo
from ._common import STAFF


@access(*STAFF)
def memo_edit(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    documents = selectors.case_documents(user=request.user, case=case)
    memo = Memo.objects.filter(case=case).first()
    if memo is not None:
        initial = {
            "heading": memo.heading,
            "body_name": memo.body_name,
            "memo_date": memo.memo_date,
            "unit": memo.unit,
            "author": memo.author,
            "background": memo.background,
            "significance": memo.significance,
            "result": memo.result,
            "proposal_heading": memo.proposal_heading,
            "proposal": memo.proposal,
            "decision_documents": list(memo.decision_documents.values_list("pk", flat=True)),
            "extract_recipients": memo.extract_recipients,
            "signatories": memo.signatories,
        }
    else:
        initial = {
            "heading": case.title,
            "body_name": case.diary.name,
            "memo_date": timezone.localdate(),
            "unit": "Sekretariatet",
            "author": case.officer or request.user,
            "proposal_heading": "Förslag till beslut",
        }
    form = MemoForm(request.POST or None, initial=initial, case=case, documents=documents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.memo_save(case=case, by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Tjänsteskrivelsen har sparats.")
            return redirect("cases:memo_detail", pk=case.pk)
    return render(request, "cases/memo_edit.html", {"case": case, "form": form, "memo": memo})


@access(*STAFF)
def memo_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    memo = selectors.case_memo(user=request.user, case=case)
    if memo is None:
        return redirect("cases:memo_edit", pk=case.pk)
    return render(
        request,
        "cases/memo_detail.html",
        {"case": case, "memo": memo, "may_write": selectors.may_write_case(user=request.user, case=case)},
    )


@access(*STAFF)
def memo_pdf(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    memo = selectors.case_memo(user=request.user, case=case)
    if memo is None:
        return redirect("cases:memo_edit", pk=case.pk)
    pdf = render_pdf("cases/pdf/memo.html", {"case": case, "memo": memo}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"Tjansteskrivelse {case.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
