"""Pages of the annual report. The secretariat drafts, edits, previews and produces the final PDF; the
committee's members read the final report; everyone reads it once it is decided. Every write is one
service call; a refusal becomes a Swedish message next to the field, and what was typed stays."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from committee.models import Committee
from common.access import PUBLIC, SECRETARIAT, access, managed_committees, require
from common.archive import ArchiveIntegrityError, archived_response
from common.forms import apply_service_errors, posted_id

from .figures import changed_since
from .forms import ActivityForm, CaseForm, CompareForm, DecideForm, ReportCreateForm, SectionAddForm, SectionForm
from .models import Activity, AnnualReport
from .narrative import as_text, word_diff
from .narrative import render as render_markdown
from .selectors import (
    case_paragraphs,
    may_edit,
    may_read,
    report_data,
    report_figures,
    report_get,
    report_list,
    section_get,
    section_versions,
)
from .services import (
    activity_delete,
    activity_save,
    final_problems,
    preview_pdf,
    report_case_set,
    report_correct,
    report_create,
    report_decide,
    report_pdf_order,
    section_add,
    section_save,
)


def _report(request, pk: int, *, edit: bool = False) -> AnnualReport:
    report = report_get(pk=pk)
    if report is None:
        raise Http404
    if edit:
        require(may_edit(request.user, report))
    elif not may_read(request.user, report):
        raise PermissionDenied
    return report


def _committees(user):
    scope = managed_committees(user)
    committees = Committee.objects.order_by("name")
    return committees if scope.all else committees.filter(pk__in=scope.ids)


@access(PUBLIC)
def report_list_view(request):
    reports = list(report_list(user=request.user))
    form = None
    if request.user.is_authenticated and managed_committees(request.user):
        form = ReportCreateForm(committees=_committees(request.user))
    return render(request, "annual/list.html", {"reports": reports, "form": form})


@access(SECRETARIAT)
@require_POST
def report_create_view(request):
    form = ReportCreateForm(request.POST, committees=_committees(request.user))
    if form.is_valid():
        try:
            report = report_create(
                committee=form.cleaned_data["committee"],
                year=form.cleaned_data["year"],
                case_number=form.cleaned_data["case_number"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if report.already_existed:
                messages.info(request, f"{report.title} för {report.committee.short_name} fanns redan.")
            else:
                messages.success(request, f"Utkastet till {report.title} är skapat ur årets data.")
            return redirect("annual:detail", report.pk)
    return render(
        request, "annual/list.html", {"reports": list(report_list(user=request.user)), "form": form}, status=400
    )


@access(PUBLIC)
def report_detail_view(request, pk: int):
    report = report_get(pk=pk)
    if report is None:
        raise Http404
    if not may_read(request.user, report):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    editable = may_edit(request.user, report)
    context = {"report": report, "editable": editable}
    if report.is_draft:
        data = report_data(report=report)
        context.update(data=data, problems=final_problems(data), add_form=SectionAddForm(), case_form=CaseForm())
    else:
        context.update(
            decide_form=DecideForm(paragraphs=case_paragraphs(report=report))
            if editable and not report.is_decided
            else None
        )
        newer = (
            AnnualReport.objects.filter(committee=report.committee_id, year=report.year, edition__gt=report.edition)
            .order_by("edition")
            .first()
        )
        context["newer"] = newer if newer and may_read(request.user, newer) else None
    return render(request, "annual/report.html", context)


@access(SECRETARIAT)
def pdf_status_view(request, pk: int):
    report = _report(request, pk, edit=True)
    return render(request, "annual/_pdf_status.html", {"report": report})


@access(SECRETARIAT)
@require_POST
def pdf_order_view(request, pk: int):
    report = _report(request, pk, edit=True)
    try:
        report = report_pdf_order(report=report, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if report.is_final:
            messages.success(request, "Den slutliga PDF:en är framställd och registrerad i ärendet.")
        else:
            messages.info(request, "Den slutliga PDF:en framställs. Sidan visar hur det går.")
    return redirect("annual:detail", report.pk)


@access(PUBLIC)
def pdf_view(request, pk: int):
    report = report_get(pk=pk)
    if report is None or report.pdf is None:
        raise Http404
    if not may_read(request.user, report):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    try:
        return archived_response(report.pdf)
    except ArchiveIntegrityError:
        return render(request, "finance/archive_error.html", {"document": report.pdf}, status=500)


@access(SECRETARIAT)
def preview_pdf_view(request, pk: int):
    report = _report(request, pk, edit=True)
    if not report.is_draft:
        return redirect("annual:pdf", report.pk)
    response = HttpResponse(preview_pdf(report=report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="utkast-arsredovisning-{report.year}.pdf"'
    return response


@access(SECRETARIAT)
def section_edit_view(request, pk: int, section_pk: int):
    report = _report(request, pk, edit=True)
    section = section_get(report=report, pk=section_pk)
    if section is None:
        raise Http404
    figures = report_figures(report=report)
    form = SectionForm(initial={"body": section.body, "base_version": section.version})
    status = 200
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                version = section_save(
                    section=section,
                    body=form.cleaned_data["body"],
                    base_version=form.cleaned_data["base_version"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if version.removed:
                    messages.warning(
                        request,
                        "Texten innehöll sådant som inte hör hemma i en årsredovisning och som togs bort: "
                        + ", ".join(version.removed)
                        + ". Kontrollera texten.",
                    )
                if version.unchanged:
                    messages.info(request, "Texten var oförändrad; ingen ny version sparades.")
                else:
                    messages.success(request, f"”{section.title}” sparades som version {version.number}.")
                return redirect("annual:section_edit", report.pk, section.pk)
        status = 400
    preview = render_markdown(form["body"].value() or "", figures)
    changed = changed_since(section.figures_used, figures)
    return render(
        request,
        "annual/section_edit.html",
        {
            "report": report,
            "section": section,
            "form": form,
            "figures": figures.values(),
            "preview": preview,
            "changed": changed,
        },
        status=status,
    )


@access(SECRETARIAT)
def section_history_view(request, pk: int, section_pk: int):
    report = _report(request, pk, edit=True)
    section = section_get(report=report, pk=section_pk)
    if section is None:
        raise Http404
    versions = section_versions(section=section)
    by_number = {v.number: v for v in versions}
    comparison = None
    form = CompareForm(request.GET or None)
    if versions and not request.GET:
        newest = versions[0].number
        form = CompareForm(initial={"a": max(newest - 1, 1), "b": newest})
    if form.is_bound and form.is_valid():
        a, b = by_number.get(form.cleaned_data["a"]), by_number.get(form.cleaned_data["b"])
        if a is None or b is None:
            form.add_error(None, f"Avsnittet har versionerna 1–{section.version}.")
        else:
            figures = report_figures(report=report)
            comparison = {"a": a, "b": b, "pieces": word_diff(as_text(a.body, figures), as_text(b.body, figures))}
    return render(
        request,
        "annual/section_history.html",
        {"report": report, "section": section, "versions": versions, "form": form, "comparison": comparison},
    )


@access(SECRETARIAT)
@require_POST
def section_add_view(request, pk: int):
    report = _report(request, pk, edit=True)
    form = SectionAddForm(request.POST)
    if form.is_valid():
        after = section_get(report=report, pk=posted_id(request.POST.get("after")) or 0)
        try:
            section = section_add(report=report, title=form.cleaned_data["title"], after=after, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("annual:section_edit", report.pk, section.pk)
    else:
        messages.error(request, "Ange en rubrik för det nya avsnittet.")
    return redirect("annual:detail", report.pk)


@access(SECRETARIAT)
@require_POST
def case_set_view(request, pk: int):
    report = _report(request, pk, edit=True)
    form = CaseForm(request.POST)
    if form.is_valid():
        try:
            report_case_set(report=report, case_number=form.cleaned_data["case_number"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Ärendet för årsbokslutet är angivet.")
    else:
        messages.error(request, "Ange ett diarienummer, t.ex. GNS/1/2020.")
    return redirect("annual:detail", report.pk)


@access(SECRETARIAT)
def activities_view(request, pk: int, activity_pk: int | None = None):
    report = _report(request, pk, edit=True)
    activity = get_object_or_404(Activity, pk=activity_pk, report=report) if activity_pk else None
    form = ActivityForm(instance=activity)
    status = 200
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity)
        if form.is_valid():
            try:
                activity_save(report=report, row=activity, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Aktiviteten är sparad.")
                return redirect("annual:activities", report.pk)
        status = 400
    return render(
        request,
        "annual/activities.html",
        {
            "report": report,
            "activities": list(report.activities.order_by("order", "pk")),
            "form": form,
            "editing": activity,
        },
        status=status,
    )


@access(SECRETARIAT)
@require_POST
def activity_delete_view(request, pk: int, activity_pk: int):
    report = _report(request, pk, edit=True)
    activity = get_object_or_404(Activity, pk=activity_pk, report=report)
    try:
        activity_delete(activity=activity, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Aktiviteten är borttagen.")
    return redirect("annual:activities", report.pk)


@access(SECRETARIAT)
@require_POST
def decide_view(request, pk: int):
    report = _report(request, pk, edit=True)
    form = DecideForm(request.POST, paragraphs=case_paragraphs(report=report))
    if form.is_valid():
        try:
            report_decide(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{report.title} är beslutad och nu offentlig.")
            return redirect("annual:detail", report.pk)
    return render(request, "annual/report.html", {"report": report, "editable": True, "decide_form": form}, status=400)


@access(SECRETARIAT)
@require_POST
def correct_view(request, pk: int):
    report = _report(request, pk, edit=True)
    try:
        copy = report_correct(report=report, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("annual:detail", report.pk)
    messages.success(request, f"Upplaga {copy.edition} är skapad som utkast; upplaga {report.edition} är oförändrad.")
    return redirect("annual:detail", copy.pk)
