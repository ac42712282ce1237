"""Writes of the meeting plan and the meetings: create, change, move, cancel, publish (the notice).

A meeting row is locked (SELECT ... FOR UPDATE) by every service that changes it or its agenda, so two
secretaries (or one double click) never publish twice or interleave agenda changes; the unique
constraints (one meeting per committee and start, one notice per meeting) are the last line of defence.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from common.formatting import date_long
from common.outbox import outbox_mail_enqueue

from ..models import AgendaItem, Meeting, MeetingChange, MeetingNotice, MeetingPlan
from ..rules import notice_days_before
from ..selectors import agenda_items_numbered, meeting_members

STANDARD_ITEMS = ["Val av justerare och tid för justering", "Fastställande av föredragningslista"]


def _history(instance, by):
    if by is not None:
        instance._history_user = by
    return instance


def meeting_locked(meeting: Meeting | int) -> Meeting:
    """The meeting row, locked until the transaction ends, with its committee."""
    pk = getattr(meeting, "pk", meeting)
    return Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=pk)


def _check_case(*, committee, case: Case | None, field: str = "decision_case") -> None:
    if case is not None and case.diary_id != committee.diary_id:
        raise ValidationError({field: f"Ärendet {case.number} hör inte till {committee.short_name}."})


# --- Meeting plan ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan_save(
    *,
    committee,
    year: int,
    decision_case: Case | None = None,
    decision_reference: str = "",
    decided_on: dt.date | None = None,
    note: str = "",
    by=None,
) -> MeetingPlan:
    """Record (or correct) the committee's meeting plan for ``year`` and the decision that fixed it."""
    _check_case(committee=committee, case=decision_case)
    plan = MeetingPlan.objects.select_for_update().filter(committee=committee, year=year).first()
    if plan is None:
        plan = MeetingPlan(committee=committee, year=year)
    plan.decision_case = decision_case
    plan.decision_reference = decision_reference.strip()
    plan.decided_on = decided_on
    plan.note = note
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _history(plan, by).save()
    except IntegrityError as exc:  # two first saves at once: the other one won
        raise ValidationError({"year": f"Sammanträdesplanen för {year} har just sparats av någon annan."}) from exc
    Meeting.objects.filter(committee=committee, date__year=year, plan__isnull=True).update(plan=plan)
    return plan


# --- Meetings --------------------------------------------------------------------------------------


def _duplicate_start(*, committee, date, starts_at, exclude=None) -> None:
    others = Meeting.objects.filter(committee=committee, date=date, starts_at=starts_at)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"starts_at": f"{committee.short_name} har redan ett sammanträde {date:%Y-%m-%d} kl. {starts_at:%H:%M}."}
        )


def _validate_times(*, starts_at, ends_at) -> None:
    if ends_at is not None and starts_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "Sluttiden måste vara efter starttiden."})


@transaction.atomic
def meeting_create(
    *,
    committee,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time | None = None,
    place: str = "",
    by=None,
) -> Meeting:
    """A planned meeting with the standard opening items of its agenda."""
    _validate_times(starts_at=starts_at, ends_at=ends_at)
    _duplicate_start(committee=committee, date=date, starts_at=starts_at)
    plan = MeetingPlan.objects.filter(committee=committee, year=date.year).first()
    meeting = Meeting(committee=committee, plan=plan, date=date, starts_at=starts_at, ends_at=ends_at, place=place)
    meeting.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _history(meeting, by).save()
    except IntegrityError as exc:
        raise ValidationError(
            {"starts_at": f"{committee.short_name} har redan ett sammanträde {date:%Y-%m-%d} kl. {starts_at:%H:%M}."}
        ) from exc
    for position, title in enumerate(STANDARD_ITEMS, start=1):
        _history(AgendaItem(meeting=meeting, position=position, kind=AgendaItem.Kind.OPENING, title=title), by).save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by=None, **fields) -> Meeting:
    """Change a planned meeting's date, times or place (before its notice; afterwards see ``meeting_move``)."""
    meeting = meeting_locked(meeting)
    if meeting.is_published or meeting.is_cancelled:
        raise ValidationError("Kallelsen är skickad: flytta sammanträdet genom ett beslut i stället.")
    allowed = {"date", "starts_at", "ends_at", "place"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"meeting_update: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(meeting, name, value)
    _validate_times(starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    _duplicate_start(committee=meeting.committee, date=meeting.date, starts_at=meeting.starts_at, exclude=meeting)
    meeting.plan = MeetingPlan.objects.filter(committee=meeting.committee, year=meeting.date.year).first()
    meeting.full_clean(validate_constraints=False)
    _history(meeting, by).save()
    return meeting


def _members_addresses(meeting: Meeting) -> tuple[list[str], list[str]]:
    """E-mail addresses of the members and substitutes on the meeting day, and the names of those without one."""
    addresses, missing = [], []
    for membership in meeting_members(meeting):
        if membership.person.email:
            addresses.append(membership.person.email)
        else:
            missing.append(str(membership.person))
    return addresses, missing


def _link(meeting: Meeting) -> str:
    return settings.PORTAL_URL + reverse("meetings:detail", args=[meeting.pk])


def _when(meeting: Meeting) -> str:
    time = f"kl. {meeting.starts_at:%H:%M}"
    if meeting.ends_at:
        time += f"–{meeting.ends_at:%H:%M}"
    return f"{date_long(meeting.date)} {time}"


def _decision_text(reference: str, case: Case | None) -> str:
    text = f"Beslut: {reference.strip()}" if reference.strip() else "Beslut"
    return text + (f" ({case.number})." if case is not None else ".")


def _tell_members(*, meeting: Meeting, change: MeetingChange, subject: str, body: str) -> None:
    addresses, _missing = _members_addresses(meeting)
    if not addresses:
        return
    change.mail = outbox_mail_enqueue(
        to=addresses, subject=subject, body=body, context=f"sammantrade:{meeting.pk}:andring:{change.pk}"
    )
    change.save(update_fields=["mail"])


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time | None = None,
    place: str | None = None,
    decision_case: Case | None = None,
    decision_reference: str = "",
    by=None,
) -> MeetingChange:
    """Move a meeting by a decision (seed 002: 5 June moved to 29 May by GNS/12/2019): the change and its
    decision are recorded and the members are told."""
    meeting = meeting_locked(meeting)
    if meeting.is_cancelled:
        raise ValidationError("Sammanträdet är inställt.")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.ADJUSTED):
        raise ValidationError("Sammanträdet är redan genomfört.")
    if not decision_reference.strip() and decision_case is None:
        raise ValidationError({"decision_reference": "Ange beslutet som flyttar sammanträdet."})
    _check_case(committee=meeting.committee, case=decision_case)
    _validate_times(starts_at=starts_at, ends_at=ends_at)
    _duplicate_start(committee=meeting.committee, date=date, starts_at=starts_at, exclude=meeting)
    before = _when(meeting)
    meeting.date, meeting.starts_at, meeting.ends_at = date, starts_at, ends_at
    if place is not None:
        meeting.place = place
    meeting.plan = MeetingPlan.objects.filter(committee=meeting.committee, year=date.year).first()
    meeting.full_clean(validate_constraints=False)
    _history(meeting, by).save()
    description = f"Sammanträdet {before} flyttas till {_when(meeting)}"
    if meeting.place:
        description += f", {meeting.place}"
    description += f". {_decision_text(decision_reference, decision_case)}"
    change = MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChange.Kind.MOVED,
        description=description,
        decision_case=decision_case,
        decision_reference=decision_reference.strip(),
        created_by=by,
    )
    _tell_members(
        meeting=meeting,
        change=change,
        subject=f"Ändrad tid: sammanträde med {meeting.committee.short_name} {meeting.date:%Y-%m-%d}",
        body=f"{meeting.committee.name}\n\n{description}\n\nMer information: {_link(meeting)}\n",
    )
    return change


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, decision_case: Case | None = None, decision_reference: str = "", reason: str = "", by=None
) -> MeetingChange:
    """Cancel a meeting by a decision; the change is recorded and the members are told."""
    meeting = meeting_locked(meeting)
    if meeting.is_cancelled:
        raise ValidationError("Sammanträdet är redan inställt.")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.ADJUSTED):
        raise ValidationError("Sammanträdet är redan genomfört.")
    if not decision_reference.strip() and decision_case is None:
        raise ValidationError({"decision_reference": "Ange beslutet som ställer in sammanträdet."})
    _check_case(committee=meeting.committee, case=decision_case)
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    _history(meeting, by).save()
    description = f"Sammanträdet {_when(meeting)} är inställt. {_decision_text(decision_reference, decision_case)}"
    if reason.strip():
        description += f" {reason.strip()}"
    change = MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChange.Kind.CANCELLED,
        description=description,
        decision_case=decision_case,
        decision_reference=decision_reference.strip(),
        created_by=by,
    )
    _tell_members(
        meeting=meeting,
        change=change,
        subject=f"Inställt: sammanträde med {meeting.committee.short_name} {meeting.date:%Y-%m-%d}",
        body=f"{meeting.committee.name}\n\n{description}\n",
    )
    return change


def agenda_text(meeting: Meeting) -> str:
    """The agenda as plain text for mail: number, title, diary number, time, presenter; closed items marked."""
    lines = []
    for item in agenda_items_numbered(meeting):
        if item.withdrawn:
            continue
        line = f"{item.number}. {item.title}"
        if item.case_id:
            line += f" ({item.case.number})"
        extras = [f"kl. {item.planned_start:%H:%M}" if item.planned_start else "", item.presenter_label]
        extras = [e for e in extras if e]
        if extras:
            line += " – " + ", ".join(extras)
        if not item.is_public:
            line += " [stängd punkt]"
        lines.append(line)
    return "\n".join(lines)


def notice_body(meeting: Meeting) -> str:
    committee = meeting.committee
    parts = [
        f"Kallelse till sammanträde med {committee.name} ({committee.short_name})",
        "",
        f"Tid: {_when(meeting)}",
        f"Plats: {meeting.place or 'meddelas senare'}",
        "",
        "Föredragningslista",
        agenda_text(meeting),
        "",
        f"Handlingarna läser du i portalen: {_link(meeting)}",
        "Där kan du också ladda ner alla handlingar som en PDF.",
        "",
        "Kan du inte delta? Meddela sekretariatet så att din ersättare kan kallas.",
    ]
    return "\n".join(parts) + "\n"


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by=None, now: dt.datetime | None = None) -> MeetingNotice:
    """Publish the agenda and send the notice (kallelse) to every member and substitute, through the outbox.

    Refused when already sent (the row lock makes a double submit a no-op with a clear message), when the
    meeting is cancelled, when a case item's case is closed, or when no member has an e-mail address.
    The returned notice says whether it went out later than the committee's ``notice_days``."""
    meeting = meeting_locked(meeting)
    if meeting.is_cancelled:
        raise ValidationError("Sammanträdet är inställt.")
    if meeting.is_published:
        raise ValidationError("Kallelsen är redan skickad.")
    closed = [
        item
        for item in meeting.items.select_related("case__diary").filter(withdrawn=False, case__isnull=False)
        if item.case.is_closed
    ]
    if closed:
        numbers = ", ".join(item.case.number for item in closed)
        raise ValidationError(f"Ärendet {numbers} är avslutat: ta bort punkten eller öppna ärendet innan kallelsen.")
    addresses, missing = _members_addresses(meeting)
    if not addresses:
        raise ValidationError("Ingen ledamot eller ersättare med e-postadress är registrerad för sammanträdesdagen.")
    now = now or timezone.now()
    mail = outbox_mail_enqueue(
        to=addresses,
        subject=f"Kallelse: {meeting.committee.short_name} {date_long(meeting.date)}",
        body=notice_body(meeting),
        context=f"sammantrade:{meeting.pk}:kallelse",
    )
    meeting.status = Meeting.Status.NOTICE_SENT
    meeting.published_at = now
    meeting.published_by = by
    _history(meeting, by).save()
    notice = MeetingNotice.objects.create(
        meeting=meeting,
        mail=mail,
        sent_at=now,
        sent_by=by,
        days_before=notice_days_before(meeting_date=meeting.date, sent_on=timezone.localtime(now).date()),
        required_days=meeting.committee.notice_days,
    )
    notice.members_without_email = missing
    return notice


@transaction.atomic
def meeting_status_advance(*, meeting: Meeting, status: str, by=None) -> Meeting:
    """Move a meeting forward: notice sent → held (the protocol is being written) → protocol adjusted.
    For the protocol app; going back or skipping the notice is refused."""
    order = [Meeting.Status.NOTICE_SENT, Meeting.Status.HELD, Meeting.Status.ADJUSTED]
    meeting = meeting_locked(meeting)
    if status not in order[1:]:
        raise ValueError(f"meeting_status_advance: {status!r} is not held or adjusted")
    if meeting.status == status:
        return meeting
    if meeting.status not in order or order.index(meeting.status) > order.index(status):
        raise ValidationError(f"Sammanträdet har status {meeting.get_status_display().lower()}.")
    meeting.status = status
    _history(meeting, by).save()
    return meeting
