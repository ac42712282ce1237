"""Writing the protocol: the draft from the agenda, attendance, paragraphs, votes, reservations, conflicts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.models import User
from meetings.models import AgendaItem, Meeting
from meetings.selectors import meeting_members
from meetings.services import meeting_status_advance

from ..attendance import serving_at
from ..models import Adjuster, Attendee, Ballot, Conflict, DelegatedDecision, Paragraph, Protocol, Reservation, Vote
from ..rules import TIE, vote_result
from ..selectors import seats_of
from ._common import lock_protocol, refuse_if_adjusted, refuse_if_paragraph_fixed
from .numbering import renumber


@transaction.atomic
def protocol_draft(*, meeting, by: User | None = None) -> Protocol:
    """Create the meeting's protocol from its agenda and the memberships on the meeting day; idempotent
    (the meeting row is locked, and a second call returns the first protocol)."""
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    existing = Protocol.objects.filter(meeting=meeting).first()
    if existing is not None:
        existing.already_drafted = True
        return existing
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("Sammanträdet är inställt och får inget protokoll.")
    if meeting.date > timezone.localdate():
        raise ValidationError("Protokollet kan skrivas först på sammanträdesdagen.")
    if meeting.status == Meeting.Status.PLANNED:
        raise ValidationError("Sammanträdet har ingen kallelse; skicka kallelsen innan protokollet skrivs.")
    meeting = meeting_status_advance(meeting=meeting, status=Meeting.Status.HELD, by=by)
    committee = meeting.committee
    protocol = Protocol(meeting=meeting, committee=committee, year=meeting.date.year, created_by=by)
    protocol.full_clean()
    protocol.save()

    attendees, chair_person = [], None
    for index, membership in enumerate(meeting_members(meeting), start=1):
        is_member = not membership.is_substitute
        is_chair = membership.role == membership.Role.CHAIR
        if is_chair:
            chair_person = membership.person
        attendees.append(
            Attendee(
                protocol=protocol,
                kind=Attendee.Kind.MEMBER if is_member else Attendee.Kind.SUBSTITUTE,
                membership=membership,
                person=membership.person,
                name=f"{membership.person.get_full_name() or membership.person} ({membership.political_party})",
                description=f"{membership.get_role_display()}, {membership.on_behalf_of.name}",
                is_chair=is_chair,
                present=is_member,
                position=index,
            )
        )
    Attendee.objects.bulk_create(attendees)
    if chair_person is not None:
        Adjuster.objects.create(protocol=protocol, person=chair_person, is_chair=True)

    items = (
        AgendaItem.objects.filter(meeting=meeting, withdrawn=False)
        .select_related("case__diary", "case__memo")
        .prefetch_related("documents__case__diary")
        .order_by("position")
    )
    for position, item in enumerate(items, start=1):
        _paragraph_from_item(protocol=protocol, item=item, position=position)
    renumber(committee_id=committee.pk, year=protocol.year)
    protocol.already_drafted = False
    return protocol


def _paragraph_from_item(*, protocol: Protocol, item, position: int) -> Paragraph:
    case = item.case
    memo = getattr(case, "memo", None) if case is not None else None
    recipients = "\n".join(memo.recipient_list) if memo is not None else ""
    paragraph = Paragraph(
        protocol=protocol,
        item=item,
        committee=protocol.committee,
        year=protocol.year,
        position=position,
        case=case,
        title=item.title,
        summary=item.description or (memo.background if memo is not None else ""),
        proposal=item.proposal,
        decision=item.proposal,
        extract_recipients=recipients,
        decision_documents="\n".join(
            f"{d.reference} (sekretess, {d.secrecy_provision})" if d.is_secret else d.description
            for d in item.documents.all()
        ),
        is_public=item.is_public,
        case_outcome=Paragraph.Outcome.DECIDED if case is not None and item.kind == "case" else "",
    )
    paragraph.full_clean(exclude=["number"])
    paragraph.save()
    if item.kind == "delegation":
        DelegatedDecision.objects.filter(
            committee=protocol.committee, reported_in__isnull=True, decided_on__lte=protocol.meeting.date
        ).update(reported_in=paragraph)
    return paragraph


@transaction.atomic
def protocol_sync_items(*, protocol: Protocol, by: User | None = None) -> Protocol:
    """Bring the draft in line with the agenda after items were added or withdrawn; renumbers the year's
    drafts. Refused once the numbers are fixed."""
    protocol = lock_protocol(protocol)
    refuse_if_adjusted(protocol)
    if protocol.numbers_fixed:
        raise ValidationError("Paragrafnumren är fastställda; punkter kan inte längre läggas till eller tas bort.")
    items = list(
        AgendaItem.objects.filter(meeting=protocol.meeting)
        .select_related("case__diary", "case__memo")
        .prefetch_related("documents__case__diary")
        .order_by("position")
    )
    current = {p.item_id: p for p in protocol.paragraphs.all()}
    keep = [i for i in items if not i.withdrawn]
    for item in items:
        paragraph = current.get(item.pk)
        if item.withdrawn and paragraph is not None:
            DelegatedDecision.objects.filter(reported_in=paragraph).update(reported_in=None)
            if hasattr(paragraph, "vote"):
                Ballot.objects.filter(vote=paragraph.vote).delete()
                paragraph.vote.delete()
            paragraph.reservations.all().delete()
            paragraph.conflicts.all().delete()
            paragraph.delete()
    # Positions again 1..n in agenda order (two steps: unique (protocol, position)).
    remaining = {p.item_id: p for p in protocol.paragraphs.all()}
    for offset, paragraph in enumerate(remaining.values(), start=1):
        Paragraph.objects.filter(pk=paragraph.pk).update(position=10000 + offset)
    for position, item in enumerate(keep, start=1):
        if item.pk in remaining:
            Paragraph.objects.filter(pk=remaining[item.pk].pk).update(position=position)
        else:
            _paragraph_from_item(protocol=protocol, item=item, position=position)
    renumber(committee_id=protocol.committee_id, year=protocol.year)
    return protocol


# --- Attendance ---------------------------------------------------------------------------------------


def _attendee_locked(attendee: Attendee) -> tuple[Attendee, Protocol]:
    protocol = lock_protocol(attendee.protocol)
    refuse_if_adjusted(protocol)
    return Attendee.objects.get(pk=attendee.pk), protocol


def _positions(protocol: Protocol) -> list[int]:
    return list(protocol.paragraphs.order_by("position").values_list("position", flat=True))


def _fixed_positions(protocol: Protocol) -> set[int]:
    return set(protocol.paragraphs.filter(immediately_adjusted_at__isnull=False).values_list("position", flat=True))


@transaction.atomic
def attendee_set_present(*, attendee: Attendee, present: bool, by: User | None = None) -> Attendee:
    attendee, protocol = _attendee_locked(attendee)
    if attendee.kind == Attendee.Kind.OTHER:
        raise ValidationError("Övriga närvarande tas bort i stället.")
    if not present and attendee.replaces_id is not None:
        raise ValidationError("Ersättaren tjänstgör; ta först bort vem hen ersätter.")
    if _fixed_positions(protocol) and attendee.present != present:
        raise ValidationError("Närvaron kan inte ändras efter en omedelbart justerad paragraf.")
    attendee.present = present
    attendee.full_clean()
    attendee.save(update_fields=["present"])
    return attendee


@transaction.atomic
def attendee_replace(
    *, substitute: Attendee, replaces: Attendee | None, from_position: int = 1, by: User | None = None
) -> Attendee:
    """A present substitute serves for ``replaces`` (a member) from the paragraph at ``from_position`` on;
    ``replaces=None`` ends the replacement. Substitutes enter only between items: a replacement that would
    start in a paragraph where the member has already voted, or that would change an immediately adjusted
    paragraph, is refused."""
    substitute, protocol = _attendee_locked(substitute)
    if substitute.kind != Attendee.Kind.SUBSTITUTE:
        raise ValidationError({"replaces": "Bara en ersättare kan tjänstgöra för en ledamot."})
    if replaces is None:
        substitute.replaces, substitute.serves_from = None, None
        substitute.save(update_fields=["replaces", "serves_from"])
        return substitute
    replaces = Attendee.objects.get(pk=replaces.pk)
    if replaces.protocol_id != protocol.pk or replaces.kind != Attendee.Kind.MEMBER:
        raise ValidationError({"replaces": "Välj en ledamot i detta protokoll."})
    positions = _positions(protocol)
    if from_position not in positions:
        raise ValidationError(
            {"from_position": "Ersättaren går in mellan två paragrafer: välj en paragraf i protokollet."}
        )
    fixed = _fixed_positions(protocol)
    if any(p >= from_position for p in fixed):
        raise ValidationError({"from_position": "En omedelbart justerad paragraf kan inte få ändrad tjänstgöring."})
    voted = Ballot.objects.filter(
        vote__paragraph__protocol=protocol, vote__paragraph__position=from_position, attendee=replaces
    )
    if voted.exists():
        raise ValidationError(
            {
                "from_position": "Ledamoten har redan röstat i den paragrafen; "
                "ersättaren kan inte gå in mitt under en paragraf."
            }
        )
    other = Attendee.objects.filter(replaces=replaces).exclude(pk=substitute.pk).first()
    if other is not None:
        raise ValidationError({"replaces": f"{other.name} tjänstgör redan för {replaces.name}."})
    substitute.present = True
    substitute.replaces = replaces
    substitute.serves_from = from_position
    substitute.full_clean()
    substitute.save(update_fields=["present", "replaces", "serves_from"])
    return substitute


@transaction.atomic
def attendee_add_other(
    *, protocol: Protocol, name: str, description: str = "", left_after: int | None = None, by: User | None = None
) -> Attendee:
    protocol = lock_protocol(protocol)
    refuse_if_adjusted(protocol)
    if not name.strip():
        raise ValidationError({"name": "Ange namnet."})
    if left_after is not None and left_after not in _positions(protocol):
        raise ValidationError({"left_after": "Välj en paragraf i protokollet."})
    last = protocol.attendees.order_by("-position").values_list("position", flat=True).first() or 0
    attendee = Attendee(
        protocol=protocol,
        kind=Attendee.Kind.OTHER,
        name=name.strip(),
        description=description.strip(),
        present=True,
        left_after=left_after,
        position=last + 1,
    )
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendee_remove_other(*, attendee: Attendee, by: User | None = None) -> None:
    attendee, _ = _attendee_locked(attendee)
    if attendee.kind != Attendee.Kind.OTHER:
        raise ValidationError("Ledamöter och ersättare tas inte bort; markera dem som frånvarande.")
    attendee.delete()


# --- Paragraphs ----------------------------------------------------------------------------------------

PARAGRAPH_FIELDS = (
    "title",
    "summary",
    "proposal",
    "motions",
    "decision",
    "extract_recipients",
    "decision_documents",
    "is_public",
    "secrecy_note",
    "case_outcome",
)


def _paragraph_locked(paragraph: Paragraph) -> tuple[Paragraph, Protocol]:
    protocol = lock_protocol(paragraph.protocol)
    refuse_if_adjusted(protocol)
    paragraph = Paragraph.objects.select_related("case").get(pk=paragraph.pk)
    refuse_if_paragraph_fixed(paragraph)
    return paragraph, protocol


@transaction.atomic
def paragraph_update(*, paragraph: Paragraph, by: User | None = None, **changes) -> Paragraph:
    """Change a draft paragraph's text. An empty decision is refused (it defaults to the proposal)."""
    unknown = set(changes) - set(PARAGRAPH_FIELDS)
    if unknown:
        raise TypeError(f"Okända fält: {sorted(unknown)}")
    paragraph, _ = _paragraph_locked(paragraph)
    for name, value in changes.items():
        setattr(paragraph, name, value.strip() if isinstance(value, str) and name != "case_outcome" else value)
    if not paragraph.decision.strip():
        raise ValidationError({"decision": "Skriv beslutet (som standard förslaget till beslut)."})
    if not paragraph.title.strip():
        raise ValidationError({"title": "Ange rubriken."})
    if not paragraph.is_public and not paragraph.secrecy_note.strip():
        raise ValidationError({"secrecy_note": "Ange sekretessgrunden för en paragraf som inte är offentlig."})
    if paragraph.case_outcome and paragraph.case_id is None:
        raise ValidationError({"case_outcome": "Paragrafen hör inte till något ärende."})
    paragraph.full_clean(exclude=["number"])
    paragraph.save()
    return paragraph


def _serving(protocol: Protocol, paragraph: Paragraph) -> set[int]:
    conflicts = [(c.attendee_id, c.substitute_id) for c in Conflict.objects.filter(paragraph=paragraph)]
    return serving_at(seats_of(protocol), paragraph.position, conflicts)


@transaction.atomic
def vote_record(
    *, paragraph: Paragraph, yes_means: str, no_means: str, choices: dict[int, str], by: User | None = None
) -> Vote:
    """Record a vote: every serving member's choice (attendee id → ja/nej/avstar). Replaces an earlier
    record of the same paragraph's vote while the protocol is a draft."""
    paragraph, protocol = _paragraph_locked(paragraph)
    protocol = Protocol.objects.prefetch_related("attendees").get(pk=protocol.pk)
    serving = _serving(protocol, paragraph)
    attendees = {a.id: a for a in protocol.attendees.all()}
    not_serving = [attendees[i].name if i in attendees else str(i) for i in choices if i not in serving]
    if not_serving:
        raise ValidationError(
            {"choices": f"{', '.join(not_serving)} tjänstgör inte i §{paragraph.number} och kan inte rösta."}
        )
    missing = [attendees[i].name for i in sorted(serving) if i not in choices]
    if missing:
        raise ValidationError({"choices": f"Ange hur varje tjänstgörande ledamot röstade: {', '.join(missing)}."})
    if any(c not in Ballot.Choice.values for c in choices.values()):
        raise ValidationError({"choices": "Välj ja, nej eller avstår."})
    if not yes_means.strip() or not no_means.strip():
        raise ValidationError({"yes_means": "Skriv vad ja och nej betyder i propositionsordningen."})
    chair = next((i for i in serving if attendees[i].is_chair), None)
    result = vote_result(choices.values(), chair_choice=choices.get(chair) if chair else None)
    if result.outcome == TIE:
        raise ValidationError(
            {"choices": "Lika röstetal och ordföranden röstade inte ja eller nej: ingen utslagsröst."}
        )
    existing = getattr(paragraph, "vote", None) if Vote.objects.filter(paragraph=paragraph).exists() else None
    if existing is not None:
        Ballot.objects.filter(vote=existing).delete()
        existing.delete()
    vote = Vote.objects.create(
        paragraph=paragraph,
        yes_means=yes_means.strip(),
        no_means=no_means.strip(),
        yes_count=result.yes,
        no_count=result.no,
        abstain_count=result.abstain,
        outcome=result.outcome,
        casting_vote=result.casting_vote,
    )
    Ballot.objects.bulk_create([Ballot(vote=vote, attendee_id=i, choice=c) for i, c in sorted(choices.items())])
    return vote


@transaction.atomic
def vote_remove(*, paragraph: Paragraph, by: User | None = None) -> None:
    paragraph, _ = _paragraph_locked(paragraph)
    vote = Vote.objects.filter(paragraph=paragraph).first()
    if vote is not None:
        Ballot.objects.filter(vote=vote).delete()
        vote.delete()


@transaction.atomic
def reservation_add(
    *, paragraph: Paragraph, attendee: Attendee, grounds: str = "", by: User | None = None
) -> Reservation:
    """A reservation by a member who took part in the decision (KL 4 kap. 27 §); again = grounds updated."""
    paragraph, protocol = _paragraph_locked(paragraph)
    if attendee.protocol_id != protocol.pk or attendee.pk not in _serving(protocol, paragraph):
        raise ValidationError(
            {"attendee": f"{attendee.name} deltog inte i beslutet i §{paragraph.number} och kan inte reservera sig."}
        )
    reservation, _ = Reservation.objects.update_or_create(
        paragraph=paragraph, attendee=attendee, defaults={"grounds": grounds.strip()}
    )
    return reservation


@transaction.atomic
def reservation_remove(*, reservation: Reservation, by: User | None = None) -> None:
    _paragraph_locked(reservation.paragraph)
    reservation.delete()


@transaction.atomic
def conflict_record(
    *, paragraph: Paragraph, attendee: Attendee, substitute: Attendee | None = None, by: User | None = None
) -> Conflict:
    """Jäv: ``attendee`` takes no part in the paragraph; ``substitute`` (present, not serving there) serves
    for that paragraph only."""
    paragraph, protocol = _paragraph_locked(paragraph)
    attendee = Attendee.objects.get(pk=attendee.pk)
    substitute = Attendee.objects.get(pk=substitute.pk) if substitute is not None else None
    serving = _serving(protocol, paragraph)
    if attendee.protocol_id != protocol.pk or attendee.pk not in serving:
        raise ValidationError({"attendee": f"{attendee.name} tjänstgör inte i §{paragraph.number}."})
    if Ballot.objects.filter(vote__paragraph=paragraph).exists():
        raise ValidationError({"attendee": "Ta först bort omröstningen; jäv anmäls innan ärendet behandlas."})
    if substitute is not None:
        if (
            substitute.protocol_id != protocol.pk
            or substitute.kind != Attendee.Kind.SUBSTITUTE
            or not substitute.present
        ):
            raise ValidationError({"substitute": "Välj en närvarande ersättare."})
        if substitute.pk in serving:
            raise ValidationError({"substitute": f"{substitute.name} tjänstgör redan i §{paragraph.number}."})
    Reservation.objects.filter(paragraph=paragraph, attendee=attendee).delete()
    conflict = Conflict(paragraph=paragraph, attendee=attendee, substitute=substitute)
    conflict.full_clean()
    conflict.save()
    return conflict


@transaction.atomic
def conflict_remove(*, conflict: Conflict, by: User | None = None) -> None:
    paragraph, _ = _paragraph_locked(conflict.paragraph)
    if Ballot.objects.filter(vote__paragraph=paragraph).exists():
        raise ValidationError("Ta först bort omröstningen.")
    conflict.delete()


@transaction.atomic
def adjusters_set(
    *,
    protocol: Protocol,
    people: list[User],
    adjustment_on: dt.date | None,
    adjustment_place: str = "",
    by: User | None = None,
) -> Protocol:
    """The adjusters elected at item 1 (the chair adjusts too) and the time for the adjustment."""
    protocol = lock_protocol(protocol)
    refuse_if_adjusted(protocol)
    if protocol.approvals.exists():
        raise ValidationError("Justeringen har börjat; justerarna kan inte längre bytas.")
    if not people:
        raise ValidationError({"people": "Välj minst en justerare."})
    present = set(
        protocol.attendees.filter(present=True, person__isnull=False)
        .exclude(kind=Attendee.Kind.OTHER)
        .values_list("person_id", flat=True)
    )
    strangers = [str(p) for p in people if p.pk not in present]
    if strangers:
        raise ValidationError({"people": f"Justerare väljs bland de närvarande ledamöterna: {', '.join(strangers)}."})
    if adjustment_on is not None and adjustment_on < protocol.meeting.date:
        raise ValidationError({"adjustment_on": "Justeringen kan inte ligga före sammanträdet."})
    chair = protocol.adjusters.filter(is_chair=True).first()
    protocol.adjusters.filter(is_chair=False).delete()
    for person in people:
        if chair is None or person.pk != chair.person_id:
            Adjuster.objects.create(protocol=protocol, person=person)
    protocol.adjustment_on = adjustment_on
    protocol.adjustment_place = adjustment_place.strip()
    protocol.full_clean()
    protocol.save(update_fields=["adjustment_on", "adjustment_place", "updated_at"])
    return protocol
