"""Who may read a committee's meetings: the rule for the meetings and protocol pages.

Built on ``common.access`` (role grants, for one committee or all) and on ``Membership`` (members and
substitutes sit on a committee for a period). Views, selectors and templates ask these functions;
nothing else decides who reads a committee's meetings.

- the committee's secretariat (or the secretariat of every committee) and its case officers;
- administrators;
- members and substitutes whose membership of the committee is in force on the day asked about
  (default today).
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

from common.access import ADMINISTRATOR, CASE_OFFICER, SECRETARIAT, committees_where, has_role

from .models import Committee, Membership

__all__ = ["can_read_meetings", "committees_readable_by", "membership_committee_ids", "sits_on"]


def membership_committee_ids(user, *, on: dt.date | None = None) -> frozenset[int]:
    """The committees where ``user`` is a member or substitute on ``on`` (one query, cached per day)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    on = on or timezone.localdate()
    cache = user.__dict__.setdefault("_portal_memberships", {})
    if on not in cache:
        cache[on] = frozenset(_membership_ids(user.pk, on))
    return cache[on]


def _membership_ids(user_id: int, on: dt.date) -> list[int]:
    """Asked on every page of a member: one precompiled statement (the ORM query costs about 1 ms of CPU
    to build each time)."""
    using = router.db_for_read(Membership)
    connection = connections[using]
    if using not in _MEMBERSHIP_SQL:
        quote = connection.ops.quote_name
        meta = Membership._meta
        committee, person, starts, ends = (
            quote(meta.get_field(name).column) for name in ("committee", "person", "starts_on", "ends_on")
        )
        _MEMBERSHIP_SQL[using] = (
            f"SELECT {committee} FROM {quote(meta.db_table)} "
            f"WHERE {person} = %s AND {starts} <= %s AND ({ends} IS NULL OR {ends} >= %s)"
        )
    day = connection.ops.adapt_datefield_value(on)
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERSHIP_SQL[using], [user_id, day, day])
        return [row[0] for row in cursor.fetchall()]


_MEMBERSHIP_SQL: dict[str, str] = {}


def sits_on(user, committee: Committee | int, *, on: dt.date | None = None) -> bool:
    """Whether ``user`` is a member or substitute of ``committee`` on ``on``."""
    return getattr(committee, "pk", committee) in membership_committee_ids(user, on=on)


def can_read_meetings(user, committee: Committee | int, *, on: dt.date | None = None) -> bool:
    """Whether ``user`` may read ``committee``'s meetings (notices, agendas, documents, protocols)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, ADMINISTRATOR) or committee in committees_where(user, SECRETARIAT, CASE_OFFICER):
        return True
    return sits_on(user, committee, on=on)


def committees_readable_by(user, *, on: dt.date | None = None) -> QuerySet[Committee]:
    """The committees whose meetings ``user`` may read."""
    if not getattr(user, "is_authenticated", False):
        return Committee.objects.none()
    if has_role(user, ADMINISTRATOR):
        return Committee.objects.all()
    staff = committees_where(user, SECRETARIAT, CASE_OFFICER)
    if staff.all:
        return Committee.objects.all()
    ids = set(staff.ids) | set(membership_committee_ids(user, on=on))
    return Committee.objects.filter(pk__in=sorted(ids))
