from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


@dataclass(frozen=True)
class MemberRow:
    """One line of a committee's table of members and substitutes."""

    pk: int
    name: str
    role: str
    role_display: str
    political_party: str
    on_behalf_of: str


def memberships_on(*, committee: Committee, date: dt.date) -> list[MemberRow]:
    """Members and substitutes sitting on ``date``: chair, vice chair, members, then substitutes, each
    group by appointing party and name in Swedish order. Read as values (about 200 lines at bench scale
    10: a membership, a user and a party instance per line cost more than the table's rendering)."""
    roles = {value: str(label) for value, label in Membership.Role.choices}
    rows = (
        Membership.objects.filter(committee=committee, starts_on__lte=date)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date))
        .values_list("pk", "role", "political_party", "person__first_name", "person__last_name", "on_behalf_of__name")
    )
    keyed = [
        (
            (_ROLE_ORDER[role], swedish_sort_key(party), swedish_sort_key(last), swedish_sort_key(first)),
            MemberRow(
                pk=pk,
                name=f"{first} {last}".strip(),
                role=role,
                role_display=roles.get(role, role),
                political_party=political_party,
                on_behalf_of=party,
            ),
        )
        for pk, role, political_party, first, last, party in rows
    ]
    return [row for _key, row in sorted(keyed, key=lambda pair: pair[0])]
