"""Diary views: thin. Parse input, call a selector or service, render. Every view declares its access rule;
object-level rules (assigned officer, secrecy) are applied by ``cases.selectors``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.access import CASE_OFFICER, PUBLIC, SECRETARIAT, access
from common.forms import apply_service_errors
from common.pdf import render_pdf

from . import selectors, services
from .forms import (
    CaseCloseForm,
    CaseEditForm,
    CaseFilterForm,
    CaseRegisterForm,
    CaseStatusForm,
    DiaryNumberField,
    DocumentForm,
    DocumentGrantForm,
    DocumentReplaceFileForm,
    DocumentSecrecyForm,
    ImportForm,
    MemoForm,
    PublicFilterForm,
    SearchForm,
)
from .models import Case, Diary, Memo

STAFF = (SECRETARIAT, CASE_OFFICER)
PAGE_SIZE = 50


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("sida"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("sida", None)
    return params.urlencode()


# --- cases --------------------------------------------------------------------------------------


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
    page = _page(request, selectors.case_list(user=request.user, filters=filters))
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
    form = CaseRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_register(
                diary=data["diary"],
                title=data["title"],
                description=data["description"],
                officer=data["officer"],
                initiating_party=data["initiating_party"],
                registered_on=data["registered_on"],
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
    return render(request, "cases/case_register.html", {"form": form})


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
            "is_secretariat": selectors.is_secretariat(request.user),
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
    if not selectors.is_secretariat(request.user):
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
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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


# --- documents ----------------------------------------------------------------------------------


@access(*STAFF)
def document_add(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    secretariat = selectors.is_secretariat(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_register(
                case=case,
                direction=data["direction"],
                kind=data["kind"],
                date=data["date"],
                counterpart=data["counterpart"],
                description=data["description"],
                upload=data["file"],
                by=request.user,
                is_secret=data["is_secret"],
                secrecy_provision=data["secrecy_provision"],
                secrecy_authority=data["secrecy_authority"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if document.is_secret and not secretariat:
                services.document_grant_access(
                    document=document, user=request.user, by=request.user, reason="Registrerade handlingen"
                )
            messages.success(request, f"Handlingen {document.reference} har registrerats.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/document_add.html", {"case": case, "form": form})


@access(*STAFF)
def document_detail(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    case = document.case
    return render(
        request,
        "cases/document_detail.html",
        {
            "document": document,
            "case": case,
            "may_write": selectors.may_write_case(user=request.user, case=case) and not document.masked,
            "is_secretariat": selectors.is_secretariat(request.user),
        },
    )


@access(*STAFF)
def document_download(request, pk: int):
    version = request.GET.get("version")
    file = selectors.document_file_for_download(
        user=request.user, document_id=pk, version=int(version) if version and version.isdigit() else None
    )
    response = FileResponse(
        file.file.open("rb"), as_attachment=True, filename=file.original_name, content_type=file.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@access(*STAFF)
def document_replace(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    if document.masked or not selectors.may_write_case(user=request.user, case=document.case):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = DocumentReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_replace_file(
                document=document,
                upload=form.cleaned_data["file"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Filen har ersatts (version {version.version}). Tidigare versioner finns kvar.")
            return redirect("cases:document_detail", pk=document.pk)
    return render(request, "cases/document_replace.html", {"document": document, "case": document.case, "form": form})


@access(SECRETARIAT)
def document_secrecy(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    initial = {
        "provision": document.secrecy_provision,
        "authority": document.secrecy_authority,
        "marked_on": document.secrecy_marked_on or timezone.localdate(),
    }
    form = DocumentSecrecyForm(request.POST or None, initial=initial)
    grant_form = DocumentGrantForm(request.POST or None, prefix="grant")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unmark":
            services.document_unmark_secret(document=document, by=request.user)
            messages.success(request, "Sekretessmarkeringen har hävts.")
            return redirect("cases:document_detail", pk=document.pk)
        if action == "grant":
            if grant_form.is_valid():
                services.document_grant_access(
                    document=document,
                    user=grant_form.cleaned_data["user"],
                    by=request.user,
                    reason=grant_form.cleaned_data["reason"],
                )
                messages.success(request, "Åtkomst har beviljats.")
                return redirect("cases:document_detail", pk=document.pk)
        elif form.is_valid():
            try:
                services.document_mark_secret(
                    document=document,
                    provision=form.cleaned_data["provision"],
                    authority=form.cleaned_data["authority"],
                    marked_on=form.cleaned_data["marked_on"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Handlingen har sekretessmarkerats.")
                return redirect("cases:document_detail", pk=document.pk)
    if request.method != "POST" or request.POST.get("action") != "grant":
        grant_form = DocumentGrantForm(prefix="grant")
    else:
        form = DocumentSecrecyForm(initial=initial)
    return render(
        request,
        "cases/document_secrecy.html",
        {"document": document, "case": document.case, "form": form, "grant_form": grant_form},
    )


# --- memo ---------------------------------------------------------------------------------------


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


# --- search -------------------------------------------------------------------------------------


@access(*STAFF)
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    cases, documents = [], []
    if query:
        cases = list(selectors.case_list(user=request.user, filters=selectors.CaseFilters(query=query))[:PAGE_SIZE])
        if selectors.number_q(query) is None:  # a diary number finds its case; documents need words
            documents = selectors.document_search(user=request.user, query=query, limit=PAGE_SIZE)
    context = {"form": form, "query": query, "cases": cases, "documents": documents}
    template = "cases/_search_results.html" if request.htmx else "cases/search.html"
    return render(request, template, context)


# --- import -------------------------------------------------------------------------------------


@access(SECRETARIAT)
def diary_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.diary_import_csv(
                diary=form.cleaned_data["diary"], data=form.cleaned_data["file"].read(), by=request.user
            )
        except services.DiaryImportError as exc:
            errors = exc.errors
            form.add_error("file", f"Filen innehåller {len(errors)} fel. Inget har importerats.")
        else:
            years = ", ".join(f"{y}: nästa nummer {n + 1}" for y, n in result.years.items())
            messages.success(request, f"{result.created} ärenden importerades. {years}.")
            return redirect(reverse("cases:list"))
    return render(request, "cases/diary_import.html", {"form": form, "errors": errors})


# --- public diary -------------------------------------------------------------------------------


@access(PUBLIC)
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = selectors.PublicFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PublicFilters(query=data["q"], date_from=data["date_from"], date_to=data["date_to"])
    page = _page(request, selectors.public_case_list(filters=filters))
    context = {"form": form, "page": page, "querystring": _query_without_page(request)}
    template = "cases/_public_table.html" if request.htmx else "cases/public_list.html"
    return render(request, template, context)


class _Echo:
    def write(self, value):
        return value


@access(PUBLIC)
def public_export(request):
    """The public diary as CSV (open data), with the same filters as the list; secrets masked."""
    import csv

    form = PublicFilterForm(request.GET or None)
    filters = selectors.PublicFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PublicFilters(query=data["q"], date_from=data["date_from"], date_to=data["date_to"])
    writer = csv.writer(_Echo(), delimiter=";")
    rows = (writer.writerow(row) for row in selectors.public_export_rows(filters=filters))
    response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offentligt-diarium.csv"'
    return response


def _with_bom(rows):
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a byte order mark
    yield from rows


@access(PUBLIC)
def public_detail(request, pk: int):
    case, documents = selectors.public_case_get(pk=pk)
    return render(request, "cases/public_detail.html", {"case": case, "documents": documents})
