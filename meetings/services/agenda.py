"""Writes of the agenda (föredragningslista): add, edit, reorder, remove items and their documents.

Every service locks the meeting row first, so concurrent changes to one agenda take turns; positions are
rewritten in that lock. After the notice has gone out each change is recorded (``MeetingChange``) and the
members are told what changed; an item is then withdrawn (utgår) instead of removed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from cases.models import Case, Document, Memo

from ..models import AgendaItem, AgendaItemDocument, Meeting, MeetingChange
from .meetings import _history, _link, _tell_members, meeting_locked

EDITABLE = {
    "title",
    "description",
    "proposal",
    "presenter",
    "presenter_name",
    "planned_start",
    "planned_minutes",
    "is_public",
}


def _writable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("Sammanträdet är inställt.")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.ADJUSTED):
        raise ValidationError("Sammanträdet är genomfört: föredragningslistan kan inte längre ändras.")


def _record_change(*, meeting: Meeting, description: str, by) -> MeetingChange | None:
    """After the notice: record the change and tell the members (one mail per change)."""
    if not meeting.is_published:
        return None
    change = MeetingChange.objects.create(
        meeting=meeting, kind=MeetingChange.Kind.AGENDA, description=description, created_by=by
    )
    _tell_members(
        meeting=meeting,
        change=change,
        subject=f"Ändrad föredragningslista: {meeting.committee.short_name} {meeting.date:%Y-%m-%d}",
        body=f"{meeting.committee.name}\n\n{description}\n\nDen aktuella föredragningslistan: {_link(meeting)}\n",
    )
    return change


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1


def _validate_item(item: AgendaItem) -> None:
    if not item.title.strip():
        raise ValidationError({"title": "Ange en rubrik."})
    if item.planned_minutes is not None and item.planned_minutes > 600:
        raise ValidationError({"planned_minutes": "Högst 600 minuter."})
    item.full_clean(exclude=["meeting", "case", "presenter"], validate_constraints=False)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.INFORMATION,
    description: str = "",
    proposal: str = "",
    presenter=None,
    presenter_name: str = "",
    planned_start: dt.time | None = None,
    planned_minutes: int | None = None,
    is_public: bool = True,
    by=None,
) -> AgendaItem:
    """An item without a case: information, the delegated decisions, or another item."""
    meeting = meeting_locked(meeting)
    _writable(meeting)
    if kind == AgendaItem.Kind.CASE:
        raise ValidationError({"kind": "Ett ärende läggs till från listan över ärenden klara för beslut."})
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        kind=kind,
        title=title.strip(),
        description=description,
        proposal=proposal,
        presenter=presenter,
        presenter_name=presenter_name.strip(),
        planned_start=planned_start,
        planned_minutes=planned_minutes,
        is_public=is_public,
    )
    _validate_item(item)
    _history(item, by).save()
    _record_change(meeting=meeting, description=f"Ny punkt: {item.title}.", by=by)
    return item


@transaction.atomic
def agenda_case_add(*, meeting: Meeting, case: Case, by=None, is_public: bool = True) -> AgendaItem:
    """A case item from the case's memo: its heading, description (background, significance, result),
    proposal and decision documents come along and stay editable. The case must belong to the meeting's
    committee, be open and not already on the agenda."""
    meeting = meeting_locked(meeting)
    _writable(meeting)
    case = Case.objects.select_related("diary").get(pk=case.pk)
    if case.diary_id != meeting.committee.diary_id:
        raise ValidationError({"case": f"Ärendet {case.number} hör inte till {meeting.committee.short_name}."})
    if case.is_closed:
        raise ValidationError({"case": f"Ärendet {case.number} är avslutat."})
    if meeting.items.filter(case=case).exists():
        raise ValidationError({"case": f"Ärendet {case.number} finns redan på föredragningslistan."})
    memo = Memo.objects.filter(case=case).first()
    title, description, proposal, documents = case.title, case.description, "", []
    if memo is not None:
        title = memo.heading or case.title
        description = "\n\n".join(p for p in (memo.background, memo.significance, memo.result) if p.strip())
        points = memo.proposal_points
        proposal = "\n\n".join(f"{n}. {p}" for n, p in enumerate(points, 1)) if len(points) > 1 else "".join(points)
        documents = list(memo.decision_documents.order_by("date", "number"))
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        kind=AgendaItem.Kind.CASE,
        case=case,
        title=title[:500],
        description=description,
        proposal=proposal,
        presenter=case.officer,
        is_public=is_public,
    )
    _validate_item(item)
    try:
        with transaction.atomic():
            _history(item, by).save()
    except IntegrityError as exc:  # the unique (meeting, case) constraint: added at the same moment
        raise ValidationError({"case": f"Ärendet {case.number} finns redan på föredragningslistan."}) from exc
    AgendaItemDocument.objects.bulk_create(
        [AgendaItemDocument(item=item, document=d, position=i) for i, d in enumerate(documents, 1)]
    )
    _record_change(meeting=meeting, description=f"Nytt ärende: {item.title} ({case.number}).", by=by)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by=None, **fields) -> AgendaItem:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"agenda_item_update: unknown fields {sorted(unknown)}")
    meeting = meeting_locked(item.meeting_id)
    _writable(meeting)
    item = AgendaItem.objects.select_related("case__diary", "presenter").get(pk=item.pk)
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    for name, value in fields.items():
        setattr(item, name, value.strip() if name in ("title", "presenter_name") else value)
    _validate_item(item)
    if changed:
        _history(item, by).save()
        labels = ", ".join(str(AgendaItem._meta.get_field(n).verbose_name) for n in changed)
        _record_change(meeting=meeting, description=f"Punkten {item.title} ändrad: {labels}.", by=by)
    return item


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Write positions 1..n in the given order (in the meeting's lock): first out of the way, then in place,
    so the unique (meeting, position) holds after every statement."""
    offset = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    for index, pk in enumerate(ordered_ids, 1):
        AgendaItem.objects.filter(pk=pk).update(position=offset + index)
    for index, pk in enumerate(ordered_ids, 1):
        AgendaItem.objects.filter(pk=pk).update(position=index)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, to: int, by=None) -> AgendaItem:
    """Move ``item`` to place ``to`` (1 = first) among the meeting's items."""
    meeting = meeting_locked(item.meeting_id)
    _writable(meeting)
    ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
    if item.pk not in ids:
        raise ValidationError("Punkten finns inte på föredragningslistan.")
    to = max(1, min(int(to), len(ids)))
    if ids.index(item.pk) + 1 == to:
        return AgendaItem.objects.get(pk=item.pk)
    ids.remove(item.pk)
    ids.insert(to - 1, item.pk)
    _renumber(meeting, ids)
    item = AgendaItem.objects.get(pk=item.pk)
    _record_change(meeting=meeting, description=f"Punkten {item.title} flyttad till plats {to}.", by=by)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by=None) -> AgendaItem | None:
    """Before the notice the item is removed; afterwards it is withdrawn (utgår) and the members are told."""
    meeting = meeting_locked(item.meeting_id)
    _writable(meeting)
    item = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        return None  # already removed (a double click)
    if not meeting.is_published:
        item.attachments.all().delete()
        item.delete()
        _renumber(meeting, list(meeting.items.order_by("position").values_list("pk", flat=True)))
        return None
    if item.withdrawn:
        return item
    item.withdrawn = True
    _history(item, by).save()
    _record_change(meeting=meeting, description=f"Punkten {item.title} utgår.", by=by)
    return item


@transaction.atomic
def agenda_item_documents_set(*, item: AgendaItem, documents: list[Document], by=None) -> AgendaItem:
    """The item's decision documents, in the given order; each must belong to the meeting's committee."""
    meeting = meeting_locked(item.meeting_id)
    _writable(meeting)
    for document in documents:
        if document.case.diary_id != meeting.committee.diary_id:
            raise ValidationError({"documents": f"Handlingen {document.reference} hör inte till nämnden."})
    current = list(item.attachments.order_by("position").values_list("document_id", flat=True))
    wanted = [d.pk for d in documents]
    if current == wanted:
        return item
    item.attachments.all().delete()
    AgendaItemDocument.objects.bulk_create(
        [AgendaItemDocument(item=item, document_id=pk, position=i) for i, pk in enumerate(wanted, 1)]
    )
    AgendaItem.objects.filter(pk=item.pk).update(updated_at=timezone.now())  # the packet's hash changes
    _record_change(meeting=meeting, description=f"Beslutsunderlaget för {item.title} ändrat.", by=by)
    return item
