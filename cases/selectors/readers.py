"""Who could read a document on a given day: the access rules of ``cases.selectors.access`` replayed
from the periods the database keeps (role grants with validity periods, access grants with theirs,
the case's officer and the document's secrecy from their history).

Reading a document means opening it in the portal: its file and all its details. The rules, as in
``access``:

- the secretariat of the case's committee (or of every committee) reads every document;
- the case's officer, while holding the case-officer role for that committee, reads the case's
  documents, a secret one only with an access grant in force;
- nobody else reads a secret document; a document that is not secret is listed in the public diary
  (its details, never its file) for everyone.

``document_readers_on`` intersects these periods with the day, so a grant that ended at 09:00 and an
assignment that began at 10:00 the same day do not make a reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from common.access import CASE_OFFICER, SECRETARIAT, grants_between
from common.models import User

from ..models import Case, Diary, Document, DocumentAccessGrant

Interval = tuple[dt.datetime, dt.datetime]


@dataclass
class Reader:
    user: User
    reason: str
    start: dt.datetime  # within the day
    end: dt.datetime
    period: str = ""  # "hela dagen" or "11:00–15:00" (local time; the end of the day is 24:00)


@dataclass
class DocumentReaders:
    document: Document
    day: dt.date
    existed: bool
    secret_periods: list[Interval] = field(default_factory=list)  # within the day
    open_periods: list[Interval] = field(default_factory=list)  # within the day, not secret
    readers: list[Reader] = field(default_factory=list)

    @property
    def secret_all_day(self) -> bool:
        return self.existed and not self.open_periods

    @property
    def public_part_of_day(self) -> bool:
        return bool(self.open_periods)

    @property
    def secret_label(self) -> str:
        bound = day_bounds(self.day)
        return ", ".join(_period(start, end, bound) for start, end in self.secret_periods)


def day_bounds(day: dt.date) -> Interval:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), zone)
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min), zone)
    return start, end


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    result = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                result.append((start, end))
    return sorted(result)


def _state_periods(records, value, *, until: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, object]]:
    """(start, end, value) for each state of a historical record series (oldest first)."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    periods = []
    for index, record in enumerate(records):
        end = records[index + 1].history_date if index + 1 < len(records) else until
        if record.history_date < end:
            periods.append((record.history_date, end, value(record)))
    return periods


def _periods_where(periods, predicate) -> list[Interval]:
    return [(start, end) for start, end, value in periods if predicate(value)]


def _grant_interval(start: dt.datetime, until: dt.datetime | None, bound: Interval) -> list[Interval]:
    return _intersect([(start, until or bound[1])], [bound])


def _scope_covers(grant, committee_id: int | None) -> bool:
    return grant.committee_id is None or (committee_id is not None and grant.committee_id == committee_id)


def document_readers_on(*, document: Document, day: dt.date) -> DocumentReaders:
    """Every user who could read ``document`` at some time on ``day``, why, and when during the day."""
    bound = day_bounds(day)
    far = bound[1]
    document_periods = _state_periods(Document.history.filter(id=document.pk), lambda r: r.is_secret, until=far)
    existed = _intersect([(s, e) for s, e, _ in document_periods], [bound])
    result = DocumentReaders(document=document, day=day, existed=bool(existed))
    if not existed:
        return result
    result.secret_periods = _intersect(_periods_where(document_periods, bool), [bound])
    result.open_periods = _intersect(_periods_where(document_periods, lambda v: not v), [bound])

    case = document.case
    committee_id = Diary.objects.filter(pk=case.diary_id).values_list("committee__id", flat=True).first()
    readers: list[Reader] = []

    for grant in grants_between(start=bound[0], end=bound[1], roles=[SECRETARIAT]):
        if not _scope_covers(grant, committee_id):
            continue
        scope = "alla nämnder" if grant.committee_id is None else str(grant.committee)
        for start, end in _grant_interval(grant.valid_from, grant.valid_until, bound):
            readers.append(Reader(grant.user, f"Nämndsekretariat ({scope})", start, end))

    officer_periods = _state_periods(Case.history.filter(id=case.pk), lambda r: r.officer_id, until=far)
    officer_roles: dict[int, list[Interval]] = {}
    for grant in grants_between(start=bound[0], end=bound[1], roles=[CASE_OFFICER]):
        if _scope_covers(grant, committee_id):
            officer_roles.setdefault(grant.user_id, []).extend(
                _grant_interval(grant.valid_from, grant.valid_until, bound)
            )
    access_grants = list(
        DocumentAccessGrant.objects.filter(document=document, granted_at__lt=bound[1])
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=bound[0]))
        .select_related("user")
    )
    officers = {value for _, _, value in officer_periods if value}
    users = {u.pk: u for u in User.objects.filter(pk__in=officers)}
    for officer_id in sorted(officers):
        assigned = _intersect(_periods_where(officer_periods, lambda v, o=officer_id: v == o), [bound])
        as_officer = _intersect(assigned, officer_roles.get(officer_id, []))
        for start, end in _intersect(as_officer, result.open_periods):
            readers.append(Reader(users[officer_id], "Handläggare för ärendet", start, end))
        for grant in (g for g in access_grants if g.user_id == officer_id):
            granted = _grant_interval(grant.granted_at, grant.valid_until, bound)
            reason = "Handläggare för ärendet med beviljad åtkomst" + (f" ({grant.reason})" if grant.reason else "")
            for start, end in _intersect(_intersect(as_officer, result.secret_periods), granted):
                readers.append(Reader(users[officer_id], reason, start, end))

    for reader in readers:
        reader.period = _period(reader.start, reader.end, bound)
    result.readers = sorted(readers, key=lambda r: (r.user.last_name, r.user.first_name, r.user.pk, r.start))
    return result


def _period(start: dt.datetime, end: dt.datetime, bound: Interval) -> str:
    if (start, end) == bound:
        return "hela dagen"
    until = "24:00" if end == bound[1] else timezone.localtime(end).strftime("%H:%M")
    return f"{timezone.localtime(start):%H:%M}–{until}"
