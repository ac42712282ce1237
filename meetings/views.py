"""Meeting pages: the members' reading room, the secretariat's agenda builder and notices, the public agendas
and calendars. Views parse input, call a selector or a service, and render; who sees what is decided in
``meetings.selectors`` (and ``committee.access`` / ``common.access``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Case
from committee.models import Committee
from common.access import MANAGERS, MEETING_READERS, PUBLIC, access
from common.access import managed_committees as managed_scope
from common.forms import apply_service_errors, posted_id

from . import selectors, services
from .calendar import committee_calendar, meeting_calendar
from .forms import (
    AgendaItemForm,
    ItemDocumentsForm,
    MeetingCancelForm,
    MeetingCreateForm,
    MeetingForm,
    MeetingMoveForm,
    MeetingPlanForm,
)
from .models import AgendaItem, Meeting, MeetingPacket, MeetingPlan
from .packet import packet_parts
from .rules import breaks_weekday_rule, weekday_rule_text

PUBLIC_PAGE_SIZE = 50  # published meetings per page of the public list


def _managed(request, meeting: Meeting) -> None:
    reader = selectors.reader_for(request.user, meeting.committee)
    if not reader.manages:
        raise PermissionDenied("Bara nämndens sekretariat bygger föredragningslistan.")


def _meeting_for_manager(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    _managed(request, meeting)
    return meeting


def _managed_committees(user):
    scope = managed_scope(user)
    committees = Committee.objects.order_by("short_name")
    return committees if scope.all else committees.filter(pk__in=sorted(scope.ids))


# --- The reading room --------------------------------------------------------------------------------


@access(*MEETING_READERS)
def meeting_list(request):
    listing = selectors.meeting_list(user=request.user)
    return render(
        request,
        "meetings/meeting_list.html",
        {"listing": listing, "may_create": bool(listing.managed_ids) or request.user.is_superuser},
    )


@access(*MEETING_READERS)
def meeting_detail(request, pk: int):
    meeting, reader = selectors.meeting_get(user=request.user, pk=pk)
    readable = meeting.is_published or reader.manages
    items = selectors.agenda_for(user=request.user, meeting=meeting, reader=reader) if readable else []
    context = {
        "meeting": meeting,
        "reader": reader,
        "items": items,
        "readable": readable,
        "changes": selectors.meeting_changes(meeting=meeting) if readable else [],
        "weekday_warning": _weekday_warning(meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _weekday_warning(meeting: Meeting) -> str:
    rule = meeting.committee.allowed_meeting_weekdays
    if breaks_weekday_rule(rule, meeting.date):
        return f"Datumet bryter mot reglementet: nämnden sammanträder på {weekday_rule_text(rule)}."
    return ""


def _document_response(file, *, private: bool) -> FileResponse:
    inline = file.content_type == "application/pdf"
    response = FileResponse(
        file.file.open("rb"), as_attachment=not inline, filename=file.original_name, content_type=file.content_type
    )
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(*MEETING_READERS)
def meeting_document(request, pk: int, document_id: int):
    meeting, reader = selectors.meeting_get(user=request.user, pk=pk)
    _document, file = selectors.meeting_document(user=request.user, meeting=meeting, document_id=document_id)
    return _document_response(file, private=True)


def _packet(request, meeting: Meeting, *, user, reader, template: str, status_url: str):
    items = selectors.agenda_for(user=user, meeting=meeting, reader=reader)
    parts = packet_parts(meeting=meeting, items=items, members=selectors.packet_members(meeting), public=reader.public)
    packet = services.packet_request(meeting=meeting, parts=parts)
    if packet.status != MeetingPacket.Status.DONE:
        packet.refresh_from_db()  # a build run right away (no broker) has finished by now
    if packet.status == MeetingPacket.Status.DONE and "status" not in request.GET:
        response = FileResponse(
            packet.file.open("rb"),
            filename=f"Handlingar {meeting.committee.short_name} {meeting.date:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "public, max-age=300" if reader.public else "private, no-store"
        return response
    context = {"meeting": meeting, "packet": packet, "status_url": status_url, "public": reader.public}
    if request.htmx:
        return render(request, "meetings/_packet_status.html", context)
    return render(request, template, context)


@access(*MEETING_READERS)
def meeting_packet(request, pk: int):
    meeting, reader = selectors.meeting_get(user=request.user, pk=pk)
    if not (meeting.is_published or reader.manages):
        raise Http404("Föredragningslistan är inte publicerad ännu.")
    return _packet(
        request,
        meeting,
        user=request.user,
        reader=reader,
        template="meetings/packet_wait.html",
        status_url=reverse("meetings:packet", args=[meeting.pk]),
    )


# --- The secretariat: plans, meetings, agendas, notices ---------------------------------------------


@access(*MANAGERS)
def plan_list(request):
    committees = _managed_committees(request.user)
    plans = selectors.plans_for(committee_ids=committees.values_list("pk", flat=True))
    for plan in plans:
        for meeting in plan.meeting_list:
            meeting.weekday_warning = breaks_weekday_rule(plan.committee.allowed_meeting_weekdays, meeting.date)
        plan.rule_text = weekday_rule_text(plan.committee.allowed_meeting_weekdays)
    return render(
        request,
        "meetings/plan_list.html",
        {"plans": plans, "committees": committees, "next_year": timezone.localdate().year + 1},
    )


@access(*MANAGERS)
def plan_edit(request, short_name: str, year: int):
    committee = get_object_or_404(_managed_committees(request.user), short_name=short_name)
    plan = MeetingPlan.objects.filter(committee=committee, year=year).first()
    initial = {"year": year}
    if plan is not None:
        initial.update(
            decision_case=plan.decision_case,
            decision_reference=plan.decision_reference,
            decided_on=plan.decided_on,
            note=plan.note,
        )
    form = MeetingPlanForm(request.POST or None, initial=initial, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.meeting_plan_save(committee=committee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Sammanträdesplanen {plan.year} för {committee.short_name} är sparad.")
            return redirect("meetings:plans")
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "title": f"Sammanträdesplan {year}, {committee.short_name}", "back": reverse("meetings:plans")},
    )


@access(*MANAGERS)
def meeting_create(request):
    committees = _managed_committees(request.user)
    form = MeetingCreateForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Sammanträdet {meeting.date:%Y-%m-%d} är skapat med de inledande punkterna.")
            warning = _weekday_warning(meeting)
            if warning:
                messages.warning(request, warning)
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "title": "Nytt sammanträde", "back": reverse("meetings:list")},
    )


@access(*MANAGERS)
def meeting_edit(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    if meeting.is_published:
        return redirect("meetings:move", pk=meeting.pk)
    initial = {"date": meeting.date, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Sammanträdet är ändrat.")
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "title": f"Ändra sammanträdet {meeting.date:%Y-%m-%d}", "back": _agenda_url(meeting)},
    )


def _agenda_url(meeting: Meeting) -> str:
    return reverse("meetings:agenda", args=[meeting.pk])


@access(*MANAGERS)
def meeting_move(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    initial = {"date": meeting.date, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place}
    form = MeetingMoveForm(request.POST or None, initial=initial, committee=meeting.committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Sammanträdet är flyttat och ledamöterna får besked.")
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {
            "form": form,
            "title": f"Flytta sammanträdet {meeting.date:%Y-%m-%d}",
            "intro": "Ett sammanträde flyttas genom ett beslut. Ändringen sparas med beslutet och ledamöter och "
            "ersättare får ett meddelande.",
            "back": _agenda_url(meeting),
        },
    )


@access(*MANAGERS)
def meeting_cancel(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = MeetingCancelForm(request.POST or None, committee=meeting.committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Sammanträdet är inställt och ledamöterna får besked.")
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {
            "form": form,
            "title": f"Ställ in sammanträdet {meeting.date:%Y-%m-%d}",
            "intro": "Ange beslutet som ställer in sammanträdet. Ledamöter och ersättare får ett meddelande.",
            "back": _agenda_url(meeting),
            "submit": "Ställ in sammanträdet",
        },
    )


def _builder_context(meeting: Meeting) -> dict:
    items = selectors.agenda_items_numbered(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "ready": None if meeting.is_cancelled else selectors.ready_cases(meeting=meeting),
        "weekday_warning": _weekday_warning(meeting),
        "item_form": AgendaItemForm(),
        "notice": getattr(meeting, "notice", None) if meeting.is_published else None,
        "late": _late_warning(meeting),
    }


def _late_warning(meeting: Meeting) -> str:
    if meeting.is_published or meeting.is_cancelled:
        return ""
    days = (meeting.date - timezone.localdate()).days
    if days < 0:
        return "Sammanträdesdagen har passerat."
    if days < meeting.committee.notice_days:
        return (
            f"Kallelsen ska skickas senast {meeting.committee.notice_days} dagar före sammanträdet; "
            f"skickas den i dag är det {days} dagar före."
        )
    return ""


@access(*MANAGERS)
def meeting_agenda(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    context = _builder_context(meeting)
    if request.htmx:
        return render(request, "meetings/_builder_items.html", context)
    return render(request, "meetings/agenda_builder.html", context)


def _after_change(request, meeting: Meeting):
    """htmx: the builder's item list again; without JavaScript: back to the builder page."""
    if request.htmx:
        meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
        return render(request, "meetings/_builder_items.html", _builder_context(meeting))
    return redirect("meetings:agenda", pk=meeting.pk)


@access(*MANAGERS)
@require_POST
def agenda_case_add(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    number = request.POST.get("number", "").strip()
    if number:
        case = selectors.committee_case_by_number(meeting=meeting, number=number)
        if case is None:
            messages.error(request, f"{meeting.committee.short_name} har inget ärende med diarienumret {number}.")
            return _after_change(request, meeting)
    else:
        case_id = posted_id(request.POST.get("case"))
        case = Case.objects.filter(pk=case_id).select_related("diary").first() if case_id else None
    if case is None:
        messages.error(request, "Välj ett ärende.")
        return _after_change(request, meeting)
    try:
        item = services.agenda_case_add(meeting=meeting, case=case, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{case.number} är tillagt som punkt {item.position}.")
    return _after_change(request, meeting)


@access(*MANAGERS)
def agenda_item_add(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Punkten {form.cleaned_data['title']} är tillagd.")
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/form_page.html",
        {"form": form, "title": "Ny punkt utan ärende", "back": _agenda_url(meeting)},
    )


def _item(request, pk: int, item_id: int) -> AgendaItem:
    meeting = _meeting_for_manager(request, pk)
    item = get_object_or_404(AgendaItem.objects.select_related("case__diary", "presenter"), pk=item_id, meeting=meeting)
    item.meeting = meeting
    return item


@access(*MANAGERS)
def agenda_item_edit(request, pk: int, item_id: int):
    item = _item(request, pk, item_id)
    fields = ["title", "description", "proposal", "presenter", "presenter_name", "planned_start", "planned_minutes"]
    initial = {name: getattr(item, name) for name in fields}
    initial["is_public"] = item.is_public
    form = AgendaItemForm(request.POST or None, initial=initial, editing=item)
    case_documents = selectors.case_documents_for_item(item=item)
    documents_form = ItemDocumentsForm(
        request.POST or None,
        documents=case_documents,
        initial={"documents": list(item.attachments.values_list("document_id", flat=True))},
        prefix="docs",
    )
    if request.method == "POST" and form.is_valid() and documents_form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
            if case_documents:
                chosen = {d.pk for d in documents_form.cleaned_data["documents"]}
                ordered = [d for d in case_documents if d.pk in chosen]
                services.agenda_item_documents_set(item=item, documents=ordered, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Punkten {form.cleaned_data['title']} är sparad.")
            return redirect("meetings:agenda", pk=item.meeting_id)
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "documents_form": documents_form if case_documents else None, "item": item},
    )


@access(*MANAGERS)
@require_POST
def agenda_item_move(request, pk: int, item_id: int):
    item = _item(request, pk, item_id)
    try:
        to = int(request.POST.get("to", ""))
    except ValueError:
        messages.error(request, "Ange en plats i listan.")
    else:
        try:
            services.agenda_item_move(item=item, to=to, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _after_change(request, item.meeting)


@access(*MANAGERS)
@require_POST
def agenda_item_remove(request, pk: int, item_id: int):
    meeting = _meeting_for_manager(request, pk)
    item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
    if item is not None:
        try:
            services.agenda_item_remove(item=item, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Punkten {item.title} {'utgår' if meeting.is_published else 'är borttagen'}.")
    return _after_change(request, meeting)


@access(*MANAGERS)
def meeting_publish(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    if request.method == "POST":
        try:
            notice = services.meeting_publish(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Föredragningslistan är publicerad och kallelsen skickas.")
            if notice.is_late:
                messages.warning(
                    request,
                    f"Kallelsen skickades {notice.days_before} dagar före sammanträdet; reglementet säger "
                    f"{notice.required_days} dagar.",
                )
            if notice.members_without_email:
                messages.warning(
                    request, "Saknar e-postadress och fick ingen kallelse: " + ", ".join(notice.members_without_email)
                )
            return redirect("meetings:notices", pk=meeting.pk)
        return redirect("meetings:agenda", pk=meeting.pk)
    members = list(selectors.meeting_members(meeting))
    return render(
        request,
        "meetings/publish_confirm.html",
        {
            "meeting": meeting,
            "members": members,
            "without_email": [m for m in members if not m.person.email],
            "late": _late_warning(meeting),
            "agenda": services.agenda_text(meeting),
        },
    )


@access(*MANAGERS)
def meeting_notices(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    log = selectors.notice_log(meeting=meeting)
    notice = getattr(meeting, "notice", None) if meeting.is_published else None
    return render(request, "meetings/notices.html", {"meeting": meeting, "log": log, "notice": notice})


# --- Public ----------------------------------------------------------------------------------------


@access(PUBLIC)
def public_list(request):
    committees = list(Committee.objects.order_by("short_name"))
    page = Paginator(selectors.public_meeting_list(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request, "meetings/public_list.html", {"page": page, "meetings": page.object_list, "committees": committees}
    )


@access(PUBLIC)
def public_detail(request, pk: int):
    meeting = selectors.public_meeting_get(pk=pk)
    public = selectors.Reader(manages=False, member=False, public=True)
    items = selectors.agenda_for(user=None, meeting=meeting, reader=public)
    return render(request, "meetings/public_detail.html", {"meeting": meeting, "items": items})


@access(PUBLIC)
def public_document(request, pk: int, document_id: int):
    from django.contrib.auth.models import AnonymousUser

    meeting = selectors.public_meeting_get(pk=pk)
    _document, file = selectors.meeting_document(user=AnonymousUser(), meeting=meeting, document_id=document_id)
    return _document_response(file, private=False)


@access(PUBLIC)
def public_packet(request, pk: int):
    from django.contrib.auth.models import AnonymousUser

    meeting = selectors.public_meeting_get(pk=pk)
    return _packet(
        request,
        meeting,
        user=AnonymousUser(),
        reader=selectors.Reader(manages=False, member=False, public=True),
        template="meetings/public_packet_wait.html",
        status_url=reverse("public_meetings:packet", args=[meeting.pk]),
    )


@access(PUBLIC)
def calendar_feed(request, short_name: str):
    committee = get_object_or_404(Committee, short_name=short_name)
    body = committee_calendar(committee=committee)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{committee.short_name}-sammantraden.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@access(PUBLIC)
def meeting_ics(request, pk: int):
    meeting = selectors.public_meeting_get(pk=pk)
    response = HttpResponse(meeting_calendar(meeting=meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{meeting.committee.short_name}-{meeting.date:%Y-%m-%d}.ics"'
    )
    return response
