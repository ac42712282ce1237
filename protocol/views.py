"""Protocol pages: thin views over ``protocol.services`` and ``protocol.selectors``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.numbers import DiaryNumberError, parse
from committee.access import committees_readable_by
from committee.models import Committee
from common.access import (
    LOGGED_IN_ROLES,
    PARTY_REPRESENTATIVE,
    PUBLIC,
    SECRETARIAT,
    STAFF,
    access,
    committees_where,
    is_secretariat_of,
    require,
)
from common.archive import archived_response
from common.confirm import confirm_page, is_confirmed
from common.forms import apply_service_errors, posted_id
from meetings.models import Meeting

from . import selectors, services
from .forms import (
    AdjustersForm,
    ApproveForm,
    ConflictForm,
    DelegatedDecisionForm,
    OtherAttendeeForm,
    OutsideParagraphsForm,
    ParagraphForm,
    PostingForm,
    ReplacementForm,
    ReservationForm,
    VoteForm,
)
from .models import Attendee, Paragraph, PartyPosting, Protocol


def _protocol_for(request, pk: int) -> Protocol:
    protocol = selectors.protocol_get_or_none(pk)
    if protocol is None or not selectors.may_read(request.user, protocol):
        raise Http404("Protokollet finns inte eller är inte justerat ännu.")
    return protocol


def _secretariat_protocol(request, pk: int) -> Protocol:
    protocol = selectors.protocol_get_or_none(pk)
    if protocol is None:
        raise Http404
    require(is_secretariat_of(request.user, protocol.committee_id))
    return protocol


# --- Lists -------------------------------------------------------------------------------------------


@access(*LOGGED_IN_ROLES)
def protocol_list_view(request):
    committees = committees_readable_by(request.user)
    secretariat = committees_where(request.user, SECRETARIAT)
    return render(
        request,
        "protocol/protocol_list.html",
        {
            "protocols": selectors.protocols_visible_to(user=request.user, committees=committees),
            "due": selectors.adjustments_due(committees=committees.filter(secretariat.q("pk"))) if secretariat else [],
            "to_adjust": selectors.protocols_to_adjust(user=request.user),
            "unwritten": selectors.meetings_without_protocol(committees=committees.filter(secretariat.q("pk")))
            if secretariat
            else [],
            "outside": selectors.outside_paragraphs(committees=committees.filter(secretariat.q("pk")))
            if secretariat
            else [],
        },
    )


@access(SECRETARIAT)
def outside_paragraphs_view(request):
    """§ numbers of the year given in protocols kept outside the portal: listed, and recorded after a
    confirmation (they can never be changed or removed)."""
    scope = Committee.objects.filter(committees_where(request.user, SECRETARIAT).q("pk"))
    committees = list(scope.order_by("pk"))
    form = OutsideParagraphsForm(
        request.POST or None,
        committees=committees,
        initial={"year": timezone.localdate().year, "committee": str(committees[0].pk) if committees else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        committee = form.committees[data["committee"]]
        if not is_confirmed(request):
            return confirm_page(
                request,
                heading="Registrera paragrafer utanför portalen",
                lead=(
                    f"{data['count']} paragrafer i {committee.short_name}:s serie för {data['year']} registreras som "
                    "givna i protokoll som förs utanför portalen. De får numren direkt efter årets senast justerade "
                    "paragraf, och protokoll som ännu inte är justerade numreras efter dem."
                ),
                cannot_undo=["Registreringen ingår i årets paragrafserie och kan inte ändras eller tas bort."],
                submit="Registrera paragraferna",
                cancel_url=reverse("protocol:outside"),
                details=[("Förvaras", data["kept_at"])],
            )
        try:
            outside = services.outside_paragraphs_record(
                committee=committee,
                year=data["year"],
                count=data["count"],
                kept_at=data["kept_at"],
                by=request.user,
                token=data["token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            span = (
                f"§{outside.first_number}"
                if outside.first_number == outside.last_number
                else (f"§{outside.first_number}–{outside.last_number}")
            )
            messages.success(request, f"{span} {outside.year} är registrerade som paragrafer utanför portalen.")
            return redirect("protocol:outside")
    return render(
        request,
        "protocol/outside_paragraphs.html",
        {"form": form, "outside": selectors.outside_paragraphs(committees=scope, limit=200)},
    )


@access(SECRETARIAT)
@require_POST
def protocol_draft_view(request, meeting_id: int):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    require(is_secretariat_of(request.user, meeting.committee_id))
    try:
        protocol = services.protocol_draft(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("protocol:list")
    if not protocol.already_drafted:
        messages.success(request, "Protokollet är skapat från föredragningslistan.")
    return redirect("protocol:detail", pk=protocol.pk)


# --- The protocol page ---------------------------------------------------------------------------------


_BODY_TEMPLATE = "protocol/_body.html"
_BODY_VERSION = hashlib.sha256(
    (Path(settings.BASE_DIR) / "templates" / _BODY_TEMPLATE).read_bytes() + (Path(selectors.__file__)).read_bytes()
).hexdigest()[:12]


def _adjusted_body(protocol: Protocol, *, show_closed: bool) -> str:
    """The content of an adjusted protocol (attendance and paragraphs), rendered once per version and kept:
    the database refuses every change to it, and the key holds its SHA-256 and the template's digest. The
    public and the full version are kept apart."""
    key = f"protocol-body:{protocol.pk}:{protocol.content_sha256}:{int(show_closed)}:{_BODY_VERSION}"
    html = cache.get(key)
    if html is None:
        full = selectors.protocol_get(protocol.pk)
        view = selectors.protocol_view(full, show_closed=show_closed)
        html = render_to_string(_BODY_TEMPLATE, {"view": view, "protocol": full, "editable": False})
        cache.set(key, html, timeout=None)
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping


@access(PUBLIC)
def protocol_detail_view(request, pk: int):
    header = selectors.protocol_header_or_none(pk)
    if header is not None and header.is_adjusted:
        header = selectors.protocol_with_adjustment(header)
        show_closed = selectors.may_read_closed(request.user, header)
        context = {
            "protocol": header,
            "body_html": _adjusted_body(header, show_closed=show_closed),
            "editable": False,
            "notice": selectors.notice_view(header),
            "show_closed": show_closed,
        }
        return render(request, "protocol/protocol_detail.html", context)
    if header is None:
        raise Http404("Protokollet finns inte eller är inte justerat ännu.")
    protocol = selectors.protocol_complete(header)
    if not selectors.may_read(request.user, protocol):
        raise Http404("Protokollet finns inte eller är inte justerat ännu.")
    show_closed = selectors.may_read_closed(request.user, protocol)
    editable = not protocol.is_adjusted and is_secretariat_of(request.user, protocol.committee_id)
    view = selectors.protocol_view(protocol, show_closed=show_closed)
    context = {
        "protocol": protocol,
        "view": view,
        "editable": editable,
        "is_adjuster": selectors.is_adjuster(request.user, protocol),
        "notice": selectors.notice_view(protocol) if protocol.is_adjusted else None,
        "show_closed": show_closed,
    }
    if editable:
        paragraphs = [p.paragraph for p in view.paragraphs]
        attendees = protocol.attendees.all()
        members = [a for a in attendees if a.kind == Attendee.Kind.MEMBER]
        substitutes = [a for a in attendees if a.kind == Attendee.Kind.SUBSTITUTE]
        context.update(
            replacement_form=ReplacementForm(
                substitutes=protocol.attendees.filter(kind=Attendee.Kind.SUBSTITUTE),
                members=protocol.attendees.filter(kind=Attendee.Kind.MEMBER),
                paragraphs=paragraphs,
            ),
            other_form=OtherAttendeeForm(paragraphs=paragraphs),
            adjusters_form=AdjustersForm(
                candidates=[a for a in attendees if a.present and a.person_id and a.kind != Attendee.Kind.OTHER],
                initial={
                    "people": [str(a.person_id) for a in protocol.adjusters.all() if not a.is_chair],
                    "adjustment_on": protocol.adjustment_on,
                    "adjustment_place": protocol.adjustment_place,
                },
            ),
            members=members,
            substitutes=substitutes,
        )
    return render(request, "protocol/protocol_detail.html", context)


@access(SECRETARIAT)
@require_POST
def attendance_view(request, pk: int):
    protocol = _secretariat_protocol(request, pk)
    action = request.POST.get("action")
    try:
        if action == "present":
            attendee = get_object_or_404(Attendee, pk=posted_id(request.POST.get("attendee")), protocol=protocol)
            services.attendee_set_present(
                attendee=attendee, present=request.POST.get("present") == "1", by=request.user
            )
        elif action == "replace":
            form = ReplacementForm(
                request.POST,
                substitutes=protocol.attendees.filter(kind=Attendee.Kind.SUBSTITUTE),
                members=protocol.attendees.filter(kind=Attendee.Kind.MEMBER),
                paragraphs=list(protocol.paragraphs.all()),
            )
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.attendee_replace(by=request.user, **form.cleaned_data)
        elif action == "unreplace":
            attendee = get_object_or_404(Attendee, pk=posted_id(request.POST.get("attendee")), protocol=protocol)
            services.attendee_replace(substitute=attendee, replaces=None, by=request.user)
        elif action == "other":
            form = OtherAttendeeForm(request.POST, paragraphs=list(protocol.paragraphs.all()))
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.attendee_add_other(protocol=protocol, by=request.user, **form.cleaned_data)
        elif action == "remove_other":
            attendee = get_object_or_404(Attendee, pk=posted_id(request.POST.get("attendee")), protocol=protocol)
            services.attendee_remove_other(attendee=attendee, by=request.user)
        elif action == "sync":
            services.protocol_sync_items(protocol=protocol, by=request.user)
        else:
            raise ValidationError("Okänd åtgärd.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Närvaron är sparad." if action != "sync" else "Paragraferna följer föredragningslistan."
        )
    return redirect(reverse("protocol:detail", args=[protocol.pk]) + "#narvaro")


@access(SECRETARIAT)
@require_POST
def adjusters_view(request, pk: int):
    protocol = _secretariat_protocol(request, pk)
    attendees = protocol.attendees.all()
    form = AdjustersForm(
        request.POST, candidates=[a for a in attendees if a.present and a.person_id and a.kind != Attendee.Kind.OTHER]
    )
    if form.is_valid():
        from common.models import User

        people = list(User.objects.filter(pk__in=[int(i) for i in form.cleaned_data["people"]]))
        try:
            services.adjusters_set(
                protocol=protocol,
                people=people,
                adjustment_on=form.cleaned_data["adjustment_on"],
                adjustment_place=form.cleaned_data["adjustment_place"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Justerarna är valda.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("protocol:detail", args=[protocol.pk]) + "#justering")


@access(SECRETARIAT)
def paragraph_edit_view(request, pk: int, paragraph_id: int):
    protocol = _secretariat_protocol(request, pk)
    view = selectors.protocol_view(protocol)
    paragraph_view = next((v for v in view.paragraphs if v.paragraph.pk == paragraph_id), None)
    if paragraph_view is None:
        raise Http404
    paragraph = paragraph_view.paragraph
    locked = protocol.is_adjusted or paragraph.immediately_adjusted_at is not None
    serving_ids = [a.pk for a in paragraph_view.serving]
    serving_qs = protocol.attendees.filter(pk__in=serving_ids)
    conflicted = [c.attendee_id for c in paragraph.conflicts.all()]
    action = request.POST.get("action") if request.method == "POST" else None
    if action and locked:
        messages.error(request, "Paragrafen är justerad och kan inte ändras.")
        return redirect("protocol:detail", pk=protocol.pk)
    forms = {
        "form": ParagraphForm(request.POST if action == "text" else None, instance=paragraph, prefix="text"),
        "vote_form": VoteForm(
            request.POST if action == "vote" else None,
            serving=paragraph_view.serving,
            prefix="vote",
            initial={"yes_means": "Bifall till förslaget", "no_means": "Bifall till yrkandet"},
        ),
        "reservation_form": ReservationForm(
            request.POST if action == "reservation" else None, attendees=serving_qs, prefix="res"
        ),
        "conflict_form": ConflictForm(
            request.POST if action == "conflict" else None,
            attendees=serving_qs,
            substitutes=protocol.attendees.filter(kind=Attendee.Kind.SUBSTITUTE, present=True).exclude(
                pk__in=serving_ids + conflicted
            ),
            prefix="jav",
        ),
    }
    if action:
        done = _paragraph_action(request, action, paragraph, forms)
        if done:
            return redirect(reverse("protocol:paragraph", args=[protocol.pk, paragraph.pk]))
    return render(
        request,
        "protocol/paragraph_edit.html",
        {"protocol": protocol, "view": view, "p": paragraph_view, "locked": locked, **forms},
    )


def _paragraph_action(request, action: str, paragraph: Paragraph, forms: dict) -> bool:
    """Run one POSTed action on a paragraph; True when it succeeded (the view redirects)."""
    by = request.user
    try:
        if action == "text":
            form = forms["form"]
            if not form.is_valid():
                return False
            changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
            paragraph.refresh_from_db()
            services.paragraph_update(paragraph=paragraph, by=by, **changes)
            messages.success(request, f"§{paragraph.number} är sparad.")
        elif action == "vote":
            form = forms["vote_form"]
            if not form.is_valid():
                return False
            services.vote_record(
                paragraph=paragraph,
                yes_means=form.cleaned_data["yes_means"],
                no_means=form.cleaned_data["no_means"],
                choices=form.choices(),
                by=by,
            )
            messages.success(request, "Omröstningen är registrerad.")
        elif action == "vote_remove":
            services.vote_remove(paragraph=paragraph, by=by)
            messages.success(request, "Omröstningen är borttagen.")
        elif action == "reservation":
            form = forms["reservation_form"]
            if not form.is_valid():
                return False
            services.reservation_add(paragraph=paragraph, by=by, **form.cleaned_data)
            messages.success(request, "Reservationen är registrerad.")
        elif action == "reservation_remove":
            reservation = get_object_or_404(paragraph.reservations, pk=posted_id(request.POST.get("reservation")))
            services.reservation_remove(reservation=reservation, by=by)
            messages.success(request, "Reservationen är borttagen.")
        elif action == "conflict":
            form = forms["conflict_form"]
            if not form.is_valid():
                return False
            services.conflict_record(paragraph=paragraph, by=by, **form.cleaned_data)
            messages.success(request, "Jävet är registrerat.")
        elif action == "conflict_remove":
            conflict = get_object_or_404(paragraph.conflicts, pk=posted_id(request.POST.get("conflict")))
            services.conflict_remove(conflict=conflict, by=by)
            messages.success(request, "Jävet är borttaget.")
        elif action == "immediate":
            services.paragraph_adjust_immediately(paragraph=paragraph, by=by)
            messages.success(request, f"§{paragraph.number} är omedelbart justerad.")
        else:
            raise ValidationError("Okänd åtgärd.")
    except ValidationError as exc:
        form = {
            "text": forms["form"],
            "vote": forms["vote_form"],
            "reservation": forms["reservation_form"],
            "conflict": forms["conflict_form"],
        }.get(action)
        if form is not None and form.is_bound:
            apply_service_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
            return True
        return False
    return True


# --- Adjustment -----------------------------------------------------------------------------------------


@access(*LOGGED_IN_ROLES)
def protocol_adjust_view(request, pk: int):
    protocol = selectors.protocol_get_or_none(pk)
    if protocol is not None and protocol.is_adjusted:
        messages.info(request, "Protokollet är redan justerat.")
        return redirect("protocol:detail", pk=protocol.pk)
    if protocol is None or not selectors.may_read_draft(request.user, protocol):
        raise Http404
    if not selectors.is_adjuster(request.user, protocol):
        raise PermissionDenied
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approval = services.protocol_approve(
                protocol=protocol, user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            protocol.refresh_from_db(fields=["status"])
            if protocol.is_adjusted:
                messages.success(request, "Protokollet är justerat och anslaget på anslagstavlan.")
            elif approval.already_approved:
                messages.info(request, "Du har redan justerat den här versionen.")
            else:
                messages.success(request, "Din justering är registrerad. Protokollet väntar på övriga justerare.")
            return redirect("protocol:detail", pk=protocol.pk)
    view = selectors.protocol_view(protocol)
    return render(request, "protocol/protocol_adjust.html", {"protocol": protocol, "view": view, "form": form})


# --- Documents ------------------------------------------------------------------------------------------


@access(PUBLIC)
def protocol_pdf_view(request, pk: int):
    protocol = _protocol_for(request, pk)
    if not protocol.is_adjusted:
        raise Http404
    document = protocol.pdf if selectors.may_read_closed(request.user, protocol) else protocol.public_pdf
    if document is None:
        return render(request, "protocol/pdf_pending.html", {"protocol": protocol}, status=202)
    return archived_response(document)


@access(PUBLIC)
def extract_pdf_view(request, paragraph_id: int):
    paragraph = get_object_or_404(Paragraph.objects.select_related("protocol", "extract__pdf"), pk=paragraph_id)
    protocol = paragraph.protocol
    extract = getattr(paragraph, "extract", None)
    if extract is None:
        raise Http404
    if not paragraph.is_public and not selectors.may_read_closed(request.user, protocol):
        raise Http404
    if not (protocol.is_adjusted or paragraph.immediately_adjusted_at) and not selectors.may_read_draft(
        request.user, protocol
    ):
        raise Http404
    return archived_response(extract.pdf)


# --- Notice board -----------------------------------------------------------------------------------------


@access(PUBLIC)
def notice_board_view(request):
    return render(
        request,
        "protocol/notice_board.html",
        {"notices": selectors.notice_board(), "today": timezone.localdate()},
    )


class NoticeBoardFeed(Feed):
    feed_type = Atom1Feed
    title = "Anslagstavla – justerade protokoll"
    subtitle = "Tillkännagivanden om justerade protokoll (kommunallagen 8 kap. 9–12 §§)."

    def link(self):
        return reverse("protocol:notice_board")

    def items(self):
        return selectors.notice_board_archive(limit=30)

    def item_title(self, item):
        meeting = item.notice.protocol.meeting
        return f"Justerat protokoll: {item.notice.committee.name}, sammanträde {meeting.date:%Y-%m-%d}"

    def item_description(self, item):
        deadline = (
            f"Sista dag att överklaga: {item.deadline:%Y-%m-%d}."
            if item.deadline
            else (
                "Överklagandetiden börjar när alla parter har anslagit; saknas: "
                + ", ".join(p.party.name for p in item.missing)
                + "."
            )
        )
        return f"Anslaget {item.notice.posted_on:%Y-%m-%d}. {deadline}"

    def item_link(self, item):
        return reverse("protocol:detail", args=[item.notice.protocol_id])

    def item_pubdate(self, item):
        return item.notice.created_at

    def item_updateddate(self, item):
        return item.notice.created_at


notice_board_feed = access(PUBLIC)(NoticeBoardFeed())


@access(SECRETARIAT, PARTY_REPRESENTATIVE)
def party_postings_view(request):
    party_id = selectors.represented_party_id(request.user)
    secretariat = committees_where(request.user, SECRETARIAT)
    postings = selectors.postings_for(party_id=party_id, committees=secretariat)
    if request.method == "POST":
        posting = get_object_or_404(
            PartyPosting.objects.select_related("notice", "party"), pk=posted_id(request.POST.get("posting"))
        )
        if posting.party_id != party_id and posting.notice.committee_id not in secretariat:
            raise PermissionDenied
        form = PostingForm(request.POST, prefix=f"p{posting.pk}")
        if form.is_valid():
            try:
                services.party_posting_record(
                    posting=posting, posted_on=form.cleaned_data["posted_on"], by=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Anslaget hos {posting.party} är registrerat.")
                return redirect("protocol:party_postings")
        forms = {posting.pk: form}
    else:
        forms = {}
    rows = [
        (p, forms.get(p.pk) or PostingForm(prefix=f"p{p.pk}", initial={"posted_on": timezone.localdate()}))
        for p in postings
    ]
    return render(request, "protocol/party_postings.html", {"rows": rows})


# --- Delegated decisions --------------------------------------------------------------------------------


@access(*STAFF)
def delegated_decisions_view(request):
    scope = committees_where(request.user, *STAFF)
    committees = Committee.objects.filter(scope.q("pk"))
    committee = committees.order_by("pk").first()
    form = DelegatedDecisionForm(request.POST or None)
    if request.method == "POST" and committee is not None and form.is_valid():
        data = dict(form.cleaned_data)
        case = None
        number = data.pop("case_number").strip()
        try:
            if number:
                parsed = parse(number)
                case = Case.objects.filter(
                    diary__prefix=parsed.prefix, sequence=parsed.sequence, year=parsed.year
                ).first()
                if case is None:
                    raise ValidationError({"case_number": f"Ärendet {number} finns inte."})
            services.delegated_decision_record(committee=committee, case=case, by=request.user, **data)
        except DiaryNumberError as exc:
            form.add_error("case_number", exc.messages[0])
        except ValidationError as exc:
            apply_service_errors(form, exc, {"case": "case_number"})
        else:
            messages.success(request, "Delegationsbeslutet är registrerat och anmäls vid nästa sammanträde.")
            return redirect("protocol:delegated")
    return render(
        request,
        "protocol/delegated_decisions.html",
        {
            "decisions": selectors.delegated_decisions_list(committees=committees)[:200],
            "form": form,
            "committee": committee,
        },
    )
