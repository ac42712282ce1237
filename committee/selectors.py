from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from common.db import swedish, swedish_sort_key
from parties.models import Party

from .models import Committee, CommitteeParty, Membership, Term


def committee_list() -> QuerySet[Committee]:
    return Committee.objects.select_related("host_party").order_by(swedish("name"))


def committee_parties_on(*, committee: Committee, date: dt.date) -> QuerySet[Party]:
    """The parties that are in ``committee`` on ``date``."""
    memberships = CommitteeParty.objects.filter(committee=committee, joined_on__lte=date).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=date)
    )
    return Party.objects.filter(committee_memberships__in=memberships).distinct().order_by("kind", swedish("name"))


def committee_parties_in_year(*, committee: Committee, year: int) -> QuerySet[Party]:
    """The parties that are members of ``committee`` at any time during ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    memberships = CommitteeParty.objects.filter(committee=committee, joined_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    return Party.objects.filter(committee_memberships__in=memberships).distinct().order_by("kind", swedish("name"))


def term_current(*, committee: Committee, date: dt.date) -> Term | None:
    return Term.objects.filter(committee=committee, starts_on__lte=date, ends_on__gte=date).first()


_ROLE_ORDER = {
    Membership.Role.CHAIR: 0,
    Membership.Role.VICE_CHAIR: 1,
    Membership.Role.MEMBER: 2,
    Membership.Role.SUBSTITUTE: 3,
}


def memberships_on(*, committee: Committee, date: dt.date) -> list[Membership]:
    """Members and substitutes sitting on ``date``: chair, vice chair, members, then substitutes."""
    memberships = (
        Membership.objects.filter(committee=committee, starts_on__lte=date)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date))
        .select_related("person", "on_behalf_of")
        # What the members' table shows (no password hashes and addresses for a list of ~200).
        .only(
            "role",
            "political_party",
            "starts_on",
            "ends_on",
            "committee_id",
            "person__username",
            "person__first_name",
            "person__last_name",
            "on_behalf_of__name",
        )
    )
    return sorted(
        memberships,
        key=lambda m: (
            _ROLE_ORDER[m.role],
            swedish_sort_key(m.on_behalf_of.name),
            swedish_sort_key(m.person.last_name),
            swedish_sort_key(m.person.first_name),
        ),
    )
