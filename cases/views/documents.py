"""Document views: registration, the document page, download, a new file version, secrecy and access grants."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from common.access import SECRETARIAT, STAFF, access, require
from common.confirm import confirm_page, is_confirmed
from common.forms import apply_service_errors

from .. import selectors, services
from ..forms import DocumentEdiaryForm, DocumentForm, DocumentGrantForm, DocumentReplaceFileForm, DocumentSecrecyForm
from ..models import Document


@access(*STAFF)
def document_add(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk, for_write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    secretariat = selectors.is_secretariat_for(request.user, case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_register(
                case=case,
                direction=data["direction"],
                kind=data["kind"],
                date=data["date"],
                counterpart=data["counterpart"],
                counterpart_kind=data["counterpart_kind"] or None,
                description_public=data["description_public"],
                description=data["description"],
                upload=data["file"],
                publish={"yes": True, "no": False}.get(data["publish"]),
                by=request.user,
                is_secret=data["is_secret"],
                secrecy_provision=data["secrecy_provision"],
                secrecy_authority=data["secrecy_authority"],
                token=data["token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except IntegrityError:
            # A concurrent twin of this very form won the race: show the document it registered.
            document = get_object_or_404(
                Document.objects.select_related("case__diary"), registration_token=data["token"]
            )
            document.already_registered = True
        if not form.errors:
            if document.already_registered:
                messages.info(
                    request,
                    f"Formuläret skickades två gånger. Handlingen {document.reference} registrerades bara en gång.",
                )
                return redirect("cases:detail", pk=case.pk)
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
            "is_secretariat": selectors.is_secretariat_for(request.user, case),
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
    require(selectors.is_secretariat_for(request.user, document.case))
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
            if not is_confirmed(request):
                return confirm_page(
                    request,
                    heading=f"Häva sekretessmarkeringen för {document.reference}?",
                    lead=document.description,
                    details=[("Markerad enligt", document.secrecy_provision or "–")],
                    cannot_undo=[
                        "Handlingens fil och beskrivning blir synliga för alla som får läsa ärendet, och för "
                        "allmänheten i det offentliga diariet. Den som har sett dem kan inte göras ovetande om "
                        "det.",
                        "Att markeringen hävdes, när och av vem, sparas i historiken och kan inte tas bort.",
                    ],
                    submit="Ja, häv sekretessmarkeringen",
                    cancel_url=reverse("cases:document_secrecy", args=[document.pk]),
                )
            services.document_unmark_secret(document=document, by=request.user)
            messages.success(request, "Sekretessmarkeringen har hävts.")
            return redirect("cases:document_detail", pk=document.pk)
        if action == "revoke":
            grant = selectors.document_grants(document=document).filter(pk=request.POST.get("grant") or 0).first()
            if grant is not None:
                services.document_revoke_access(grant=grant, by=request.user)
                messages.success(request, f"Åtkomsten för {grant.user} har återkallats.")
            return redirect("cases:document_secrecy", pk=document.pk)
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
            if not is_confirmed(request):
                return confirm_page(
                    request,
                    heading=f"Sekretessmarkera {document.reference}?",
                    lead=document.description,
                    details=[
                        ("Bestämmelse", form.cleaned_data["provision"]),
                        ("Myndighet", form.cleaned_data["authority"]),
                        ("Datum", form.cleaned_data["marked_on"].isoformat()),
                    ],
                    cannot_undo=[
                        "Markeringen (bestämmelse, datum och myndighet, OSL 5 kap. 5 §) sparas i handlingens "
                        "historik och kan inte tas bort därifrån; den kan bara hävas med en ny åtgärd.",
                        "Filen och beskrivningen döljs genast för alla utom sekretariatet och dem som får åtkomst; "
                        "i det offentliga diariet visas handlingen maskerad.",
                    ],
                    submit="Ja, sekretessmarkera handlingen",
                    cancel_url=reverse("cases:document_secrecy", args=[document.pk]),
                )
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
        {
            "document": document,
            "case": document.case,
            "form": form,
            "grant_form": grant_form,
            "grants": list(selectors.document_grants(document=document)),
        },
    )


class ReadersDateForm(forms.Form):
    datum = forms.DateField(
        label="Datum",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."},
    )


@access(SECRETARIAT)
def document_readers(request, pk: int):
    """Who could read the document on a given day (the secretariat of the case's committee asks)."""
    document = selectors.document_get(user=request.user, pk=pk)
    require(selectors.is_secretariat_for(request.user, document.case))
    form = ReadersDateForm(request.GET if "datum" in request.GET else None, initial={"datum": timezone.localdate()})
    day = form.cleaned_data["datum"] if form.is_bound and form.is_valid() else timezone.localdate()
    readers = selectors.document_readers_on(document=document, day=day)
    return render(
        request,
        "cases/document_readers.html",
        {"document": document, "case": document.case, "form": form, "result": readers},
        status=400 if form.is_bound and form.errors else 200,
    )


@access(SECRETARIAT)
def document_ediary(request, pk: int):
    """The document in the e-diary (the secretariat): who the counterpart is, whether the description is
    free of personal data, and publishing its file (after checking it for personal data) or undoing that."""
    document = selectors.document_get(user=request.user, pk=pk)
    require(selectors.is_secretariat_for(request.user, document.case))
    initial = {"counterpart_kind": document.counterpart_kind, "description_public": document.description_public}
    action = request.POST.get("action") if request.method == "POST" else None
    form = DocumentEdiaryForm(request.POST if action == "save" else None, initial=initial)
    if action in ("publish", "unpublish"):
        try:
            if action == "publish":
                services.document_publish(document=document, by=request.user)
                messages.success(request, f"Filen till {document.reference} är publicerad i e-diariet.")
            else:
                services.document_unpublish(document=document, by=request.user)
                messages.success(request, f"Filen till {document.reference} är inte längre publicerad.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("cases:document_ediary", pk=document.pk)
    if action == "save" and document.counterpart and form.is_valid():
        try:
            services.document_update(
                document=document,
                by=request.user,
                counterpart_kind=form.cleaned_data["counterpart_kind"],
                description_public=form.cleaned_data["description_public"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Uppgifterna för e-diariet är sparade.")
            return redirect("cases:document_ediary", pk=document.pk)
    public = selectors.public_document(selectors.document_get(user=request.user, pk=pk))
    return render(
        request,
        "cases/document_ediary.html",
        {
            "document": document,
            "case": document.case,
            "form": form,
            "public": public,
            "kind_default": selectors.kind_published_by_default(document.kind),
        },
        status=400 if form.errors else 200,
    )
