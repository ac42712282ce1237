"""Writes for committees, their parties, terms and memberships."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cases.services import diary_get_or_create
from common.models import Role, User
from common.services import role_grant
from parties.models import Party

from .models import Committee, CommitteeParty, Membership, Term


@transaction.atomic
def committee_create(
    *, name: str, short_name: str, host_party: Party, notice_days: int = 7, allowed_meeting_weekdays: str = ""
) -> Committee:
    """Create a committee with its diary (prefix = short name; an existing diary with that prefix is used)."""
    committee = Committee(
        name=name,
        short_name=short_name,
        host_party=host_party,
        notice_days=notice_days,
        allowed_meeting_weekdays=allowed_meeting_weekdays,
    )
    committee.full_clean()
    committee.save()
    return committee_diary_link(committee=committee)


@transaction.atomic
def committee_update(*, committee: Committee, **fields) -> Committee:
    """Change a committee. The short name cannot change: it is the prefix of every diary number given."""
    allowed = {"name", "host_party", "notice_days", "allowed_meeting_weekdays"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Okända fält: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(committee, key, value)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_diary_link(*, committee: Committee) -> Committee:
    """Tie the committee to its diary (prefix = short name), creating the diary if there is none."""
    if committee.diary_id is None:
        committee.diary = diary_get_or_create(prefix=committee.short_name, name=committee.name)
        committee.full_clean()
        committee.save(update_fields=["diary", "updated_at"])
    return committee


@transaction.atomic
def committee_party_join(
    *, committee: Committee, party: Party, joined_on: dt.date, left_on: dt.date | None = None
) -> CommitteeParty:
    overlapping = CommitteeParty.objects.filter(committee=committee, party=party).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=joined_on)
    )
    if left_on is not None:
        overlapping = overlapping.filter(joined_on__lte=left_on)
    if overlapping.exists():
        raise ValidationError({"party": f"{party} är redan part i {committee.short_name} under den perioden."})
    membership = CommitteeParty(committee=committee, party=party, joined_on=joined_on, left_on=left_on)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def committee_party_leave(*, membership: CommitteeParty, left_on: dt.date) -> CommitteeParty:
    if membership.left_on is not None:
        raise ValidationError({"left_on": f"{membership.party} lämnade redan {membership.left_on:%Y-%m-%d}."})
    membership.left_on = left_on
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def term_create(*, committee: Committee, starts_on: dt.date, ends_on: dt.date) -> Term:
    term = Term(committee=committee, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def membership_create(
    *,
    person: User,
    committee: Committee,
    term: Term,
    role: str,
    on_behalf_of: Party,
    political_party: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Membership:
    if term.committee_id != committee.pk:
        raise ValidationError({"term": "Mandatperioden hör till en annan nämnd."})
    starts_on = starts_on or term.starts_on
    ends_on = ends_on or term.ends_on
    if starts_on < term.starts_on or ends_on > term.ends_on:
        raise ValidationError({"starts_on": "Uppdraget måste ligga inom mandatperioden."})
    if role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR):
        taken = Membership.objects.filter(committee=committee, role=role, starts_on__lte=ends_on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        )
        if taken.exists():
            label = Membership.Role(role).label
            raise ValidationError({"role": f"Nämnden har redan en {label.lower()} under den perioden."})
    membership = Membership(
        person=person,
        committee=committee,
        term=term,
        role=role,
        on_behalf_of=on_behalf_of,
        political_party=political_party.strip().upper(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    membership.full_clean()
    membership.save()
    role_grant(user=person, role=Role.MEMBER)
    return membership
