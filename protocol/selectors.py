"""Reads of the protocol app, with the loading that keeps every page at a fixed number of queries.

Who may read what: a draft only the committee's secretariat, the chair and the adjusters
(``may_read_draft``); an adjusted protocol everyone (TF 2 kap. 10 §), with the paragraphs that are not
public masked for anyone but those who may read the committee's meetings (``may_read_closed``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from committee.access import can_read_meetings
from common.access import ADMINISTRATOR, SECRETARIAT, committees_where, has_role, is_secretariat_of
from common.db import one_or_none
from meetings.models import Meeting
from parties.models import PartyRepresentative

from .attendance import Seat, serving_at
from .models import (
    Adjuster,
    Approval,
    Attendee,
    Ballot,
    Conflict,
    DelegatedDecision,
    NoticeBoardPost,
    Paragraph,
    PartyPosting,
    Protocol,
    Reservation,
)
from .rules import appeal_deadline, quorum, take_down_on

ADJUST_WITHIN = dt.timedelta(days=14)
WARN_DAYS = 3


# --- Access -------------------------------------------------------------------------------------------


def is_adjuster(user, protocol: Protocol) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.person_id == user.pk for a in protocol.adjusters.all())


def may_read_draft(user, protocol: Protocol) -> bool:
    """The secretariat of the committee, an administrator, the chair and the adjusters."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_secretariat_of(user, protocol.committee_id) or has_role(user, ADMINISTRATOR) or is_adjuster(user, protocol)
    )


def may_read_closed(user, protocol: Protocol) -> bool:
    """Who sees the paragraphs that are not public: those who may read the committee's meetings."""
    return (
        can_read_meetings(user, protocol.committee_id)
        or can_read_meetings(user, protocol.committee_id, on=protocol.meeting.date)
        or may_read_draft(user, protocol)
    )


def may_read(user, protocol: Protocol) -> bool:
    return protocol.is_adjusted or may_read_draft(user, protocol)


def represented_party_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PartyRepresentative.objects.filter(user=user).values_list("party_id", flat=True).first()


# --- The protocol ---------------------------------------------------------------------------------------


def _paragraphs_prefetch() -> Prefetch:
    return Prefetch(
        "paragraphs",
        queryset=Paragraph.objects.select_related("case__diary", "vote", "item").prefetch_related(
            Prefetch("vote__ballots", queryset=Ballot.objects.order_by("attendee__position", "attendee_id")),
            Prefetch("reservations", queryset=Reservation.objects.select_related("attendee").order_by("pk")),
            Prefetch("conflicts", queryset=Conflict.objects.select_related("attendee", "substitute").order_by("pk")),
            Prefetch("delegated_decisions", queryset=DelegatedDecision.objects.select_related("case__diary")),
        ),
    )


def _content_prefetches() -> list[Prefetch]:
    return [
        Prefetch("attendees", queryset=Attendee.objects.select_related("replaces").order_by("position", "pk")),
        _paragraphs_prefetch(),
        *_adjustment_prefetches(),
    ]


def _adjustment_prefetches() -> list[Prefetch]:
    return [
        Prefetch("adjusters", queryset=Adjuster.objects.select_related("person").order_by("-is_chair", "pk")),
        Prefetch("approvals", queryset=Approval.objects.select_related("adjuster__person").order_by("pk")),
    ]


def protocol_get(pk: int) -> Protocol:
    """One protocol with everything its page, its PDF and its canonical text need (fixed query count)."""
    return (
        Protocol.objects.select_related("meeting", "committee__host_party", "pdf", "public_pdf", "notice")
        .prefetch_related(*_content_prefetches())
        .get(pk=pk)
    )


def protocol_header_or_none(pk: int) -> Protocol | None:
    """A protocol without its content (one query); ``protocol_complete`` or ``protocol_with_adjustment``
    add what the page needs."""
    return one_or_none(
        Protocol.objects.select_related("meeting", "committee__host_party", "pdf", "public_pdf", "notice").filter(pk=pk)
    )


def protocol_complete(protocol: Protocol) -> Protocol:
    """``protocol`` (from ``protocol_header_or_none``) with everything ``protocol_get`` loads."""
    prefetch_related_objects([protocol], *_content_prefetches())
    return protocol


def protocol_with_adjustment(protocol: Protocol) -> Protocol:
    """``protocol`` with its adjusters and approvals: the page of an adjusted protocol around its content,
    which is rendered once and kept (``protocol.views``)."""
    prefetch_related_objects([protocol], *_adjustment_prefetches())
    return protocol


def protocol_get_or_none(pk: int) -> Protocol | None:
    try:
        return protocol_get(pk)
    except Protocol.DoesNotExist:
        return None


def seats_of(protocol: Protocol) -> list[Seat]:
    return [Seat(a.id, a.kind, a.present, a.replaces_id, a.serves_from) for a in protocol.attendees.all()]


def serving_ids(protocol: Protocol, paragraph: Paragraph) -> set[int]:
    conflicts = [(c.attendee_id, c.substitute_id) for c in paragraph.conflicts.all()]
    return serving_at(seats_of(protocol), paragraph.position, conflicts)


@dataclass
class ParagraphView:
    paragraph: Paragraph
    serving: list[Attendee]
    quorate: bool
    masked: bool = False


@dataclass
class ProtocolView:
    protocol: Protocol
    members: list[Attendee]
    serving_substitutes: list[Attendee]
    other_substitutes: list[Attendee]
    others: list[Attendee]
    absent: list[Attendee]
    paragraphs: list[ParagraphView]
    seats: int
    current_sha256: str = ""
    approvals_current: set[int] = field(default_factory=set)


def protocol_view(protocol: Protocol, *, show_closed: bool = True) -> ProtocolView:
    """The protocol as it is shown and rendered: attendance groups and, per paragraph, who served."""
    attendees = list(protocol.attendees.all())
    by_id = {a.id: a for a in attendees}
    seat_count = sum(1 for a in attendees if a.kind == Attendee.Kind.MEMBER)
    seats = seats_of(protocol)
    paragraphs = []
    for paragraph in protocol.paragraphs.all():
        conflicts = [(c.attendee_id, c.substitute_id) for c in paragraph.conflicts.all()]
        ids = serving_at(seats, paragraph.position, conflicts)
        paragraphs.append(
            ParagraphView(
                paragraph=paragraph,
                serving=[by_id[i] for i in sorted(ids, key=lambda i: (by_id[i].position, i))],
                quorate=quorum(len(ids), seat_count),
                masked=not paragraph.is_public and not show_closed,
            )
        )
    # A serving substitute enters before a paragraph: shown by its § number (its position while a draft
    # has no numbers yet).
    numbers = {p.paragraph.position: p.paragraph.number for p in paragraphs}
    first_position = min(numbers, default=1)
    for a in attendees:
        number = numbers.get(a.serves_from) if a.serves_from else None
        a.serves_from_label = f"§{number}" if number else (f"punkt {a.serves_from}" if a.serves_from else "")
        a.serves_from_start = not a.serves_from or a.serves_from <= first_position
    view = ProtocolView(
        protocol=protocol,
        members=[a for a in attendees if a.kind == Attendee.Kind.MEMBER and a.present],
        serving_substitutes=[
            a for a in attendees if a.kind == Attendee.Kind.SUBSTITUTE and a.present and a.replaces_id
        ],
        other_substitutes=[
            a for a in attendees if a.kind == Attendee.Kind.SUBSTITUTE and a.present and not a.replaces_id
        ],
        others=[a for a in attendees if a.kind == Attendee.Kind.OTHER],
        absent=[a for a in attendees if a.kind == Attendee.Kind.MEMBER and not a.present],
        paragraphs=paragraphs,
        seats=seat_count,
    )
    if not protocol.is_adjusted:
        view.current_sha256 = protocol_sha256(protocol)
        view.approvals_current = {
            a.adjuster_id for a in protocol.approvals.all() if a.content_sha256 == view.current_sha256
        }
    return view


# --- The canonical text and its hash ------------------------------------------------------------------


def protocol_canonical(protocol: Protocol) -> dict:
    """The protocol's content (attendance and paragraphs, without the adjustment record) as plain data in
    a fixed order: what every adjuster approves."""
    meeting = protocol.meeting
    attendees = [
        {
            "id": a.id,
            "kind": a.kind,
            "name": a.name,
            "description": a.description,
            "chair": a.is_chair,
            "present": a.present,
            "replaces": a.replaces_id,
            "serves_from": a.serves_from,
            "left_after": a.left_after,
        }
        for a in protocol.attendees.all()
    ]
    paragraphs = []
    for p in protocol.paragraphs.all():
        vote = getattr(p, "vote", None)
        paragraphs.append(
            {
                "number": p.number,
                "position": p.position,
                "title": p.title,
                "case": p.case.number if p.case_id else "",
                "summary": p.summary,
                "proposal": p.proposal,
                "motions": p.motions,
                "decision": p.decision,
                "recipients": p.extract_recipients,
                "documents": p.decision_documents,
                "public": p.is_public,
                "secrecy": p.secrecy_note,
                "immediately_adjusted": p.immediately_adjusted_at is not None,
                "vote": None
                if vote is None
                else {
                    "yes_means": vote.yes_means,
                    "no_means": vote.no_means,
                    "ballots": sorted((b.attendee_id, b.choice) for b in vote.ballots.all()),
                    "outcome": vote.outcome,
                    "casting_vote": vote.casting_vote,
                },
                "reservations": sorted((r.attendee_id, r.grounds) for r in p.reservations.all()),
                "conflicts": sorted((c.attendee_id, c.substitute_id or 0) for c in p.conflicts.all()),
                "delegated": sorted(d.pk for d in p.delegated_decisions.all()),
            }
        )
    return {
        "committee": protocol.committee.name,
        "date": meeting.date.isoformat(),
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else "",
        "place": meeting.place,
        "attendees": attendees,
        "paragraphs": paragraphs,
    }


def protocol_sha256(protocol: Protocol) -> str:
    text = json.dumps(protocol_canonical(protocol), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Lists ----------------------------------------------------------------------------------------------


@dataclass
class LateProtocol:
    protocol: Protocol | None
    meeting: object
    due_on: dt.date
    late: bool


def protocols_visible_to(*, user, committees: QuerySet) -> list[Protocol]:
    """Adjusted protocols of ``committees``, and the drafts the user may read (secretariat, adjusters)."""
    secretariat = committees_where(user, SECRETARIAT)
    drafts = Q(status=Protocol.Status.DRAFT) & (secretariat.q("committee") | Q(adjusters__person=user))
    if has_role(user, ADMINISTRATOR):
        drafts = Q(status=Protocol.Status.DRAFT)
    return list(
        Protocol.objects.filter(committee__in=committees)
        .filter(Q(status=Protocol.Status.ADJUSTED) | drafts)
        .select_related("meeting", "committee", "notice")
        .distinct()
        .order_by("-meeting__date", "-pk")[:100]
    )


def protocols_to_adjust(*, user) -> list[Protocol]:
    """Drafts where ``user`` is the chair or an adjuster and has not approved the current text."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Protocol.objects.filter(status=Protocol.Status.DRAFT, adjusters__person=user)
        .select_related("meeting", "committee")
        .order_by("meeting__date")
    )


def adjustments_due(*, committees: QuerySet, today: dt.date | None = None) -> list[LateProtocol]:
    """Held meetings whose protocol is not adjusted, due (14 days after the meeting) within
    ``WARN_DAYS`` days or already late."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(committee__in=committees, date__lte=today, date__gte=today - dt.timedelta(days=365))
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(protocol__status=Protocol.Status.ADJUSTED)
        .select_related("committee", "protocol")
        .order_by("date")
    )
    result = []
    for meeting in meetings:
        due_on = meeting.date + ADJUST_WITHIN
        if due_on - today <= dt.timedelta(days=WARN_DAYS):
            result.append(LateProtocol(getattr(meeting, "protocol", None), meeting, due_on, today > due_on))
    return result


def meetings_without_protocol(*, committees: QuerySet, today: dt.date | None = None, limit: int = 20) -> list:
    """Held meetings (today or earlier, not cancelled) of ``committees`` that have no protocol yet."""
    today = today or timezone.localdate()
    return list(
        Meeting.objects.filter(committee__in=committees, date__lte=today, protocol__isnull=True)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("-date", "-starts_at")[:limit]
    )


def outside_paragraphs(*, committees: QuerySet, limit: int = 20) -> list:
    """The § numbers given in protocols kept outside the portal, newest first."""
    from .models import OutsideParagraphs

    return list(
        OutsideParagraphs.objects.filter(committee__in=committees)
        .select_related("committee")
        .order_by("-year", "-first_number")[:limit]
    )


@dataclass
class NoticeView:
    notice: NoticeBoardPost
    postings: list[PartyPosting]
    missing: list[PartyPosting]
    deadline: dt.date | None
    take_down_on: dt.date | None


def _notice_view(notice: NoticeBoardPost) -> NoticeView:
    postings = list(notice.postings.all())
    deadline = appeal_deadline(p.posted_on for p in postings)
    return NoticeView(
        notice=notice,
        postings=postings,
        missing=[p for p in postings if p.posted_on is None],
        deadline=deadline,
        take_down_on=take_down_on(posted_on=notice.posted_on, deadline=deadline),
    )


def _notices() -> QuerySet[NoticeBoardPost]:
    return NoticeBoardPost.objects.select_related("protocol__meeting", "committee").prefetch_related(
        Prefetch("postings", queryset=PartyPosting.objects.select_related("party").order_by("party__name"))
    )


def notice_board(*, today: dt.date | None = None) -> list[NoticeView]:
    """The notices on the board today: posted, and not yet past three weeks and the appeal deadline."""
    today = today or timezone.localdate()
    notices = _notices().filter(posted_on__lte=today, posted_on__gte=today - dt.timedelta(days=366))
    views = [_notice_view(n) for n in notices.order_by("-posted_on", "-pk")]
    return [v for v in views if v.take_down_on is None or v.take_down_on > today]


def notice_board_archive(*, limit: int = 50) -> list[NoticeView]:
    return [_notice_view(n) for n in _notices().order_by("-posted_on", "-pk")[:limit]]


def notice_view(protocol: Protocol) -> NoticeView | None:
    notice = _notices().filter(protocol=protocol).first()
    return _notice_view(notice) if notice else None


def postings_for(*, party_id: int | None, committees) -> list[PartyPosting]:
    """The postings a party representative (their party) or the secretariat (their committees) records,
    missing ones first."""
    scope = Q(notice__committee__in=[]) if not committees else committees.q("notice__committee")
    if party_id is not None:
        scope |= Q(party_id=party_id)
    return list(
        PartyPosting.objects.filter(scope)
        .select_related("notice__protocol__meeting", "notice__committee", "party")
        .order_by(F("posted_on").desc(nulls_first=True), "-notice__posted_on", "party__name")[:200]
    )


# --- For other apps -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    number: int
    meeting_date: dt.date
    case: object
    case_number: str
    title: str
    decision: str
    is_public: bool
    paragraph_id: int


def decisions_of_year(committee, year: int) -> list[Decision]:
    """The year's adjusted paragraphs of ``committee`` in § order (for the annual report)."""
    paragraphs = (
        Paragraph.objects.filter(committee=committee, year=year, protocol__status=Protocol.Status.ADJUSTED)
        .select_related("protocol__meeting", "case__diary")
        .order_by("number")
    )
    return [
        Decision(
            number=p.number,
            meeting_date=p.protocol.meeting.date,
            case=p.case,
            case_number=p.case.number if p.case_id else "",
            title=p.title,
            decision=p.decision,
            is_public=p.is_public,
            paragraph_id=p.pk,
        )
        for p in paragraphs
    ]


def delegated_decisions_unreported(*, committee, until: dt.date) -> QuerySet[DelegatedDecision]:
    return DelegatedDecision.objects.filter(committee=committee, reported_in__isnull=True, decided_on__lte=until)


def delegated_decisions_list(*, committees: QuerySet) -> QuerySet[DelegatedDecision]:
    return (
        DelegatedDecision.objects.filter(committee__in=committees)
        .select_related("committee", "case__diary", "reported_in__protocol__meeting")
        .order_by("-decided_on", "-pk")
    )
