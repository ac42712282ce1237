"""Reads for meetings: every non-trivial query, with who-sees-what applied once, here.

- Members and substitutes (``committee.access.can_read_meetings``) read the published meetings of their
  committees with every item, closed ones included; a secret document only when ``cases.selectors`` says
  they are entitled (secretariat of the committee, or an access grant), otherwise masked (no file).
- The secretariat (``common.access.may_manage_committee``) also sees planned meetings and builds agendas.
- The public sees published meetings: public items only, and no secret document at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cases.models import Case, Document, DocumentFile
from cases.selectors import documents_masked_for
from committee.access import can_read_meetings, committees_readable_by
from committee.models import Committee, Membership
from common.access import may_manage_committee
from common.db import one_or_none
from common.models import MailRecipient, OutgoingMail

from .models import AgendaItem, AgendaItemDocument, Meeting, MeetingChange, MeetingPlan

ROLE_ORDER = When_(
    When(role=Membership.Role.CHAIR, then=Value(0)),
    When(role=Membership.Role.VICE_CHAIR, then=Value(1)),
    When(role=Membership.Role.MEMBER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
PUBLISHED = (Meeting.Status.NOTICE_SENT, Meeting.Status.HELD, Meeting.Status.ADJUSTED)
# What the public sees: published agendas, and meetings cancelled after their agenda was published.
PUBLIC_Q = Q(status__in=PUBLISHED) | Q(status=Meeting.Status.CANCELLED, published_at__isnull=False)


def meeting_members(meeting: Meeting) -> QuerySet[Membership]:
    """The memberships (members and substitutes) of the meeting's committee in force on the meeting's date:
    chair, vice chair, members, then substitutes, each by name. One query; ``person`` and ``on_behalf_of``
    come along."""
    on = meeting.date
    return (
        Membership.objects.filter(committee_id=meeting.committee_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("person", "on_behalf_of")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "person__last_name", "person__first_name", "pk")
    )


def packet_members(meeting: Meeting) -> list[dict]:
    """The members as the packet lists them (``packet.packet_parts``: name, party, role, substitute) in
    ``meeting_members``'s order, read as values: the packet view computes its parts on every request to
    find the stored PDF, and instantiating ~200 memberships with person and party was half of that."""
    roles = {value: str(label) for value, label in Membership._meta.get_field("role").flatchoices}
    rows = meeting_members(meeting).values_list(
        "person__first_name", "person__last_name", "person__username", "political_party", "role"
    )
    return [
        {
            "name": f"{first_name} {last_name}".strip() or username,  # str(user)
            "party": party,
            "role": roles.get(role, role),
            "substitute": role == Membership.Role.SUBSTITUTE,
        }
        for first_name, last_name, username, party, role in rows
    ]


def _number(items) -> list[AgendaItem]:
    """Give each item its displayed number: its place among the items that are not withdrawn."""
    number = 0
    for item in items:
        if item.withdrawn:
            item.number = None
        else:
            number += 1
            item.number = number
    return items


def agenda_items_numbered(meeting: Meeting) -> list[AgendaItem]:
    """All the meeting's items in order (withdrawn ones included, without a number), for the secretariat."""
    items = meeting.items.select_related("case__diary", "presenter").order_by("position")
    return _number(list(items))


# --- Who may read ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """What one user may read of one committee's meetings."""

    manages: bool  # the secretariat: planned meetings, the builder, the notice log
    member: bool  # members, substitutes, case officers: closed items, documents as entitled
    public: bool  # nobody but the public: public items and documents without secrecy only


def reader_for(user, committee: Committee | int) -> Reader:
    if getattr(user, "is_authenticated", False):
        manages = may_manage_committee(user, committee)
        if manages or can_read_meetings(user, committee):
            return Reader(manages=manages, member=True, public=False)
    return Reader(manages=False, member=False, public=True)


def meeting_get(*, user, pk: int) -> tuple[Meeting, Reader]:
    """A meeting ``user`` may read through the portal (members' reading room), or 404/403."""
    meeting = one_or_none(Meeting.objects.select_related("committee", "plan__decision_case__diary").filter(pk=pk))
    if meeting is None:
        raise Http404("Sammanträdet finns inte.")
    reader = reader_for(user, meeting.committee)
    if reader.public:
        raise PermissionDenied("Du är inte ledamot eller ersättare i nämnden.")
    return meeting, reader


def public_meeting_get(*, pk: int) -> Meeting:
    meeting = one_or_none(Meeting.objects.select_related("committee").filter(PUBLIC_Q, pk=pk))
    if meeting is None:
        raise Http404("Sammanträdet finns inte eller är inte publicerat.")
    return meeting


# --- Lists --------------------------------------------------------------------------------------------


@dataclass
class MeetingList:
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)
    managed_ids: frozenset[int] = frozenset()

    @property
    def next(self) -> Meeting | None:
        return next((m for m in self.upcoming if not m.is_cancelled), None)

    @property
    def latest(self) -> Meeting | None:
        """The latest published meeting, shown first when none is coming up."""
        return next((m for m in self.past if m.is_published and not m.is_cancelled), None)


def _item_count(**conditions) -> Coalesce:
    """The meeting's number of items meeting ``conditions``, as a correlated subquery: PostgreSQL computes
    it for the rows a LIMIT keeps only (a COUNT over a join groups every meeting before the LIMIT: 9 ms
    for a member's list at bench scale 10)."""
    items = (
        AgendaItem.objects.filter(meeting_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("committee").annotate(item_count=_item_count(withdrawn=False))


def meeting_list(*, user, today: dt.date | None = None, past_limit: int = 50) -> MeetingList:
    """The meetings of the committees ``user`` reads: upcoming ones (soonest first) and the latest past ones.
    Planned meetings without a notice are listed for everyone who reads, but only the secretariat opens
    their agenda. Three queries whatever the number of meetings."""
    today = today or timezone.localdate()
    committees = list(committees_readable_by(user))
    ids = [c.pk for c in committees]
    managed = frozenset(c.pk for c in committees if may_manage_committee(user, c))
    meetings = _with_counts(Meeting.objects.filter(committee_id__in=ids))
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "starts_at"))
    past = list(meetings.filter(date__lt=today).order_by("-date", "-starts_at")[:past_limit])
    return MeetingList(upcoming=upcoming, past=past, managed_ids=managed)


def public_meeting_list(*, committee: Committee | None = None) -> QuerySet[Meeting]:
    """Published meetings, newest first, with the number of public items (counted for the rows a page
    shows only)."""
    meetings = Meeting.objects.filter(PUBLIC_Q)
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    meetings = meetings.select_related("committee").annotate(item_count=_item_count(withdrawn=False, is_public=True))
    return meetings.order_by("-date", "-starts_at", "-pk")


def plans_for(*, committee_ids) -> list[MeetingPlan]:
    """The committees' meeting plans, newest first, each with ``meeting_list``: the meetings of its year
    (two queries in all)."""
    plans = list(
        MeetingPlan.objects.filter(committee_id__in=list(committee_ids))
        .select_related("committee", "decision_case__diary")
        .order_by("committee__short_name", "-year")
    )
    by_plan: dict[tuple[int, int], list[Meeting]] = {(p.committee_id, p.year): [] for p in plans}
    if plans:
        years = sorted({p.year for p in plans})
        meetings = Meeting.objects.filter(
            committee_id__in={p.committee_id for p in plans}, date__year__gte=years[0], date__year__lte=years[-1]
        ).order_by("date", "starts_at")
        for meeting in meetings:
            by_plan.get((meeting.committee_id, meeting.date.year), []).append(meeting)
    for plan in plans:
        plan.meeting_list = by_plan[(plan.committee_id, plan.year)]
    return plans


# --- One meeting --------------------------------------------------------------------------------------


def _items_queryset(meeting: Meeting, reader: Reader) -> QuerySet[AgendaItem]:
    items = meeting.items.select_related("case__diary", "presenter")
    if reader.public:
        items = items.filter(is_public=True, withdrawn=False)
    elif not reader.manages:
        items = items.filter(withdrawn=False)
    return items.order_by("position")


def _attached_documents(items: list[AgendaItem]) -> tuple[dict[int, list[Document]], dict[int, list[DocumentFile]]]:
    """The documents attached to ``items`` (per item, in the attachments' order) and their files (per
    document, newest first): two queries, grouped here. Django's prefetch did the same in as many queries
    but built a queryset for every item and every document, which was most of a meeting page's queries'
    cost. The documents' text (for search, thousands of characters each) is not read."""
    attachments = (
        AgendaItemDocument.objects.filter(item__in=[item.pk for item in items])
        .select_related("document__case__diary")
        .defer("document__extracted_text", "document__search_text")
        .order_by("item", "position", "pk")
    )
    by_item: dict[int, list[Document]] = defaultdict(list)
    for attachment in attachments:
        by_item[attachment.item_id].append(attachment.document)
    ids = {document.pk for documents in by_item.values() for document in documents}
    files: dict[int, list[DocumentFile]] = defaultdict(list)
    for file in DocumentFile.objects.filter(document__in=sorted(ids)).order_by("-version") if ids else ():
        files[file.document_id].append(file)
    return by_item, files


def agenda_for(*, user, meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    """The meeting's items as ``reader`` may see them, numbered, each with ``docs``: its documents, masked
    for members not entitled to a secret one, and without any secret document for the public."""
    items = list(_items_queryset(meeting, reader))
    by_item, files = _attached_documents(items)
    documents = [document for item in items for document in by_item[item.pk]]
    if reader.public:
        visible = {d.pk for d in documents if not d.is_secret}
        for document in documents:
            document.masked = False
            document.visible_files = list(files[document.pk])
        for item in items:
            item.docs = [document for document in by_item[item.pk] if document.pk in visible]
    else:
        documents_masked_for(user=user, documents=documents, files=files)
        for item in items:
            item.docs = by_item[item.pk]
    if reader.public:
        # public numbering is the full agenda's: closed items keep their place, their number is skipped
        all_ids = list(meeting.items.filter(withdrawn=False).order_by("position").values_list("pk", flat=True))
        numbers = {pk: n for n, pk in enumerate(all_ids, 1)}
        for item in items:
            item.number = numbers.get(item.pk)
        return items
    return _number(items)


def meeting_document(*, user, meeting: Meeting, document_id: int) -> tuple[Document, DocumentFile]:
    """A document attached to an item of ``meeting`` that ``user`` may open, and its newest file."""
    reader = reader_for(user, meeting.committee)
    if not reader.manages and not meeting.is_published:
        raise Http404("Handlingen finns inte.")
    for item in agenda_for(user=user, meeting=meeting, reader=reader):
        for document in item.docs:
            if document.pk == document_id:
                if document.masked:
                    raise PermissionDenied("Handlingen omfattas av sekretess.")
                if not document.visible_files:
                    raise Http404("Handlingen har ingen fil.")
                return document, document.visible_files[0]
    raise Http404("Handlingen finns inte på föredragningslistan.")


READY_SHOWN = 50


@dataclass
class ReadyCases:
    cases: list[Case]
    more: int  # how many more are ready than shown


def ready_cases(*, meeting: Meeting, limit: int = READY_SHOWN) -> ReadyCases:
    """The committee's cases marked ready for decision that are not yet on the meeting's agenda, newest first,
    at most ``limit`` (older ones are added by their diary number). Two queries."""
    on_agenda = meeting.items.filter(case__isnull=False).values("case_id")
    ready = Case.objects.filter(diary_id=meeting.committee.diary_id, status=Case.Status.READY_FOR_DECISION).exclude(
        pk__in=on_agenda
    )
    cases = list(ready.select_related("diary", "officer").order_by("-year", "-sequence")[: limit + 1])
    if len(cases) <= limit:
        return ReadyCases(cases=cases, more=0)
    return ReadyCases(cases=cases[:limit], more=ready.count() - limit)


def committee_case_by_number(*, meeting: Meeting, number: str) -> Case | None:
    """A case of the meeting's committee by its diary number in any common spelling (GNS/3/2020, 3/2020)."""
    from cases.selectors import number_q

    condition = number_q(number.strip())
    if condition is None:
        return None
    return Case.objects.filter(condition, diary_id=meeting.committee.diary_id).select_related("diary").first()


def case_documents_for_item(*, item: AgendaItem) -> list[Document]:
    if not item.case_id:
        return []
    return list(Document.objects.filter(case_id=item.case_id).select_related("case__diary").order_by("number"))


def meeting_changes(*, meeting: Meeting) -> list[MeetingChange]:
    return list(meeting.changes.select_related("decision_case__diary", "created_by").order_by("created_at", "pk"))


@dataclass
class NoticeLog:
    mails: list[OutgoingMail]
    recipients: dict[int, list[MailRecipient]]


def notice_log(*, meeting: Meeting) -> NoticeLog:
    """Every mail about the meeting (the notice, changes) with each recipient's status: two queries."""
    mails = list(
        OutgoingMail.objects.filter(context__startswith=f"sammantrade:{meeting.pk}:").order_by("created_at", "pk")
    )
    recipients: dict[int, list[MailRecipient]] = {m.pk: [] for m in mails}
    for recipient in MailRecipient.objects.filter(mail__in=mails).order_by("address"):
        recipients[recipient.mail_id].append(recipient)
    for mail in mails:
        mail.recipient_list = recipients[mail.pk]
        mail.failed = sum(1 for r in mail.recipient_list if r.status == MailRecipient.Status.FAILED)
        mail.sent = sum(1 for r in mail.recipient_list if r.status == MailRecipient.Status.SENT)
    return NoticeLog(mails=mails, recipients=recipients)


def calendar_meetings(*, committee: Committee) -> list[Meeting]:
    """Every meeting of the committee that the public calendar shows (published or cancelled after its
    notice; planned ones too, as the plan is public), the whole history. One query."""
    return list(
        Meeting.objects.filter(committee=committee)
        .select_related("committee")
        .only(
            "pk",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "updated_at",
            "created_at",
            "committee__name",
            "committee__short_name",
        )
        .order_by("date", "starts_at")
    )


def calendar_version(*, committee: Committee) -> str:
    """Changes whenever a meeting of the committee changes (or one is added): the feed's cache key."""
    row = Meeting.objects.filter(committee=committee).aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{row['n']}:{row['last'].timestamp() if row['last'] else 0}"
