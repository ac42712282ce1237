"""Reads for meetings: every non-trivial query, with the access rules applied once here."""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When

from committee.models import Membership

from .models import Meeting

ROLE_ORDER = When_(
    When(role=Membership.Role.CHAIR, then=Value(0)),
    When(role=Membership.Role.VICE_CHAIR, then=Value(1)),
    When(role=Membership.Role.MEMBER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


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
