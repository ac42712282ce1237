"""The adjustment (justering): each adjuster approves the exact text after entering their password again;
the last approval makes the protocol final, posts it on the notice board, moves the cases on and starts
the stored PDF, the extracts and their mail (an outbox job)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.services import case_close, case_status_change
from committee.selectors import committee_parties_on
from common.models import User
from common.outbox import outbox_job_enqueue
from meetings.models import Meeting
from meetings.services import meeting_status_advance

from ..models import Adjuster, Approval, NoticeBoardPost, Paragraph, PartyPosting, Protocol
from ..selectors import protocol_get, protocol_sha256
from ._common import lock_protocol, refuse_if_adjusted, refuse_if_paragraph_fixed
from .numbering import renumber

DOCUMENTS_TASK = "protocol.documents"


def _check_password(user: User, password: str) -> None:
    if not password or not user.check_password(password):
        raise ValidationError({"password": "Fel lösenord. Ange ditt lösenord igen för att justera."})


def _fix_numbers(protocol: Protocol) -> None:
    """Give the protocol the next numbers of the year and fix them (before the first approval or an
    immediate adjustment): from now on its paragraphs keep their § numbers."""
    if protocol.numbers_fixed:
        return
    renumber(committee_id=protocol.committee_id, year=protocol.year, first=protocol)
    Protocol.objects.filter(pk=protocol.pk).update(numbers_fixed=True)
    protocol.numbers_fixed = True


@transaction.atomic
def protocol_approve(*, protocol: Protocol, user: User, password: str) -> Approval:
    """``user`` (the chair or an adjuster) approves the protocol as it reads now. Idempotent per text: the
    same adjuster approving the same text again gets the first approval. The last missing approval makes
    the protocol final (``protocol.is_adjusted``)."""
    _check_password(user, password)
    # The year's series first, then the protocol: the same order as drafting, so no deadlock.
    from ._common import lock_series

    lock_series(protocol.committee_id, protocol.year)
    protocol = lock_protocol(protocol)
    if protocol.is_adjusted:
        raise ValidationError("Protokollet är redan justerat.")
    adjuster = Adjuster.objects.filter(protocol=protocol, person=user).first()
    if adjuster is None:
        raise ValidationError("Du är inte justerare för det här protokollet.")
    if not Adjuster.objects.filter(protocol=protocol, is_chair=False).exists():
        raise ValidationError("Sekretariatet har inte valt justerare ännu.")
    if not Adjuster.objects.filter(protocol=protocol, is_chair=True).exists():
        raise ValidationError("Ordföranden saknas bland justerarna.")
    _fix_numbers(protocol)
    sha = protocol_sha256(protocol_get(protocol.pk))
    approval = Approval.objects.filter(adjuster=adjuster, content_sha256=sha).first()
    if approval is None:
        approval = Approval(protocol=protocol, adjuster=adjuster, content_sha256=sha)
        approval.full_clean()
        approval.save()
        approval.already_approved = False
    else:
        approval.already_approved = True
    approved = set(Approval.objects.filter(protocol=protocol, content_sha256=sha).values_list("adjuster_id", flat=True))
    if set(protocol.adjusters.values_list("pk", flat=True)) <= approved:
        _finalize(protocol=protocol, sha=sha, by=user)
    return approval


def _finalize(*, protocol: Protocol, sha: str, by: User | None) -> None:
    now = timezone.now()
    protocol.status = Protocol.Status.ADJUSTED
    protocol.adjusted_at = now
    protocol.content_sha256 = sha
    protocol.full_clean()
    protocol.save(update_fields=["status", "adjusted_at", "content_sha256", "updated_at"])
    meeting_status_advance(meeting=protocol.meeting, status=Meeting.Status.ADJUSTED, by=by)
    # The notice board: posted at once (KL 8 kap. 12 §: no later than the second day after adjustment).
    today = timezone.localdate()
    notice = NoticeBoardPost.objects.create(protocol=protocol, committee_id=protocol.committee_id, posted_on=today)
    PartyPosting.objects.bulk_create(
        [
            PartyPosting(notice=notice, party=party)
            for party in committee_parties_on(committee=protocol.committee, date=protocol.meeting.date)
        ]
    )
    for paragraph in protocol.paragraphs.filter(immediately_adjusted_at__isnull=True).select_related("case"):
        _case_follows(paragraph, by=by)
    outbox_job_enqueue(task=DOCUMENTS_TASK, kwargs={"protocol_id": protocol.pk}, context=f"protokoll:{protocol.pk}")


def _case_follows(paragraph: Paragraph, *, by: User | None) -> None:
    """The case of a decided paragraph becomes beslutat, or is closed when nothing remains."""
    case = paragraph.case
    if case is None or not paragraph.case_outcome or case.status == Case.Status.CLOSED:
        return
    protocol = paragraph.protocol
    reference = f"Beslut {protocol.committee.short_name} §{paragraph.number} {protocol.meeting.date:%Y-%m-%d}"
    if paragraph.case_outcome == Paragraph.Outcome.CLOSED:
        case_close(case=case, reason=reference, by=by, closed_on=timezone.localdate())
    elif case.status != Case.Status.DECIDED:
        case_status_change(case=case, status=Case.Status.DECIDED, by=by)


@transaction.atomic
def paragraph_adjust_immediately(*, paragraph: Paragraph, by: User | None = None) -> Paragraph:
    """Omedelbar justering: the committee decided to adjust this paragraph at the meeting. Its § number and
    text are fixed at once, its case follows and its extract is made; the rest of the protocol is adjusted
    later as usual."""
    from ._common import lock_series

    lock_series(paragraph.committee_id, paragraph.year)
    protocol = lock_protocol(paragraph.protocol)
    refuse_if_adjusted(protocol)
    paragraph = Paragraph.objects.select_related("case", "protocol__committee", "protocol__meeting").get(
        pk=paragraph.pk
    )
    refuse_if_paragraph_fixed(paragraph)
    _fix_numbers(protocol)
    paragraph.refresh_from_db(fields=["number"])
    paragraph.immediately_adjusted_at = timezone.now()
    paragraph.save(update_fields=["immediately_adjusted_at"])
    _case_follows(paragraph, by=by)
    outbox_job_enqueue(
        task=DOCUMENTS_TASK,
        kwargs={"protocol_id": protocol.pk, "paragraph_id": paragraph.pk},
        context=f"protokoll:{protocol.pk}",
    )
    return paragraph
