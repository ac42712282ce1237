"""Who sees what, in one place: which cases a user may see and change, and the masking of secret
documents for everyone not entitled (the rules are listed in ``cases.selectors``).

Roles come from ``common.access`` (grants in force now, for one committee or all). A case belongs to
a diary, and a diary to at most one committee (``committee.Committee.diary``); ``diary_scope`` turns
a user's committee scope into the diaries it covers, in one query per user and request (none for an
all-committee grant). A diary that belongs to no committee is covered only by an all-committee grant.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from common.access import CASE_OFFICER, OFFICER_ROLES, SECRETARIAT, committees_where, is_secretariat

from ..models import Case, Diary, Document, DocumentAccessGrant

MASKED_DESCRIPTION = "Handling med sekretess"
MASKED_COUNTERPART = "Sekretess"

__all__ = [
    "MASKED_COUNTERPART",
    "MASKED_DESCRIPTION",
    "DiaryScope",
    "diary_scope",
    "document_may_see_secret",
    "document_visible_for",
    "documents_masked_for",
    "is_secretariat",
    "is_secretariat_for",
    "may_write_case",
]


@dataclass(frozen=True)
class DiaryScope:
    """The diaries a user's grants cover: all, or the listed ids."""

    all: bool = False
    ids: frozenset[int] = frozenset()

    def __contains__(self, diary) -> bool:
        return self.all or getattr(diary, "pk", diary) in self.ids

    def __bool__(self) -> bool:
        return self.all or bool(self.ids)

    def q(self, field: str = "diary") -> Q:
        if self.all:
            return Q()
        return Q(**{f"{field}__in": sorted(self.ids)}) if self.ids else Q(pk__in=[])


_ALL_DIARIES = DiaryScope(all=True)
_NO_DIARIES = DiaryScope()


def diary_scope(user, *roles: str) -> DiaryScope:
    """The diaries of the committees where ``user`` holds one of ``roles`` now."""
    committees = committees_where(user, *roles)
    if committees.all:
        return _ALL_DIARIES
    if not committees:
        return _NO_DIARIES
    cache = user.__dict__.setdefault("_portal_diary_scopes", {})
    key = (committees.ids, tuple(sorted(roles)))
    if key not in cache:
        ids = Diary.objects.filter(committee__in=sorted(committees.ids)).values_list("pk", flat=True)
        cache[key] = DiaryScope(ids=frozenset(ids))
    return cache[key]


def is_secretariat_for(user, case: Case) -> bool:
    """Secretariat of the committee whose diary holds ``case`` (or of every committee)."""
    return case.diary_id in diary_scope(user, SECRETARIAT)


def _active_grants():
    now = timezone.now()
    return DocumentAccessGrant.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))


def _granted_ids(user, document_ids) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not document_ids:
        return set()
    return set(
        _active_grants().filter(user=user, document_id__in=list(document_ids)).values_list("document_id", flat=True)
    )


def _mask(document: Document) -> Document:
    document.masked = True
    document.description = MASKED_DESCRIPTION
    document.counterpart = MASKED_COUNTERPART if document.counterpart else ""
    document.extracted_text = ""
    document.search_text = ""
    document.visible_files = []
    return document


def documents_masked_for(*, user, documents, files: bool | dict = True) -> list[Document]:
    """The documents as ``user`` may see them: secret ones masked unless the user is entitled.

    Every document gets ``masked`` (bool) and ``visible_files`` (the file versions the user may
    download, newest first; needs ``files`` prefetched to stay O(1) in queries, or ``files`` given as
    {document id: [its files]}; with ``files=False``, for a list that shows no files, only masked
    documents get it, empty). Entitled: the secretariat of the case's committee, and users with an
    access grant in force.
    """
    documents = list(documents)
    secretariat = diary_scope(user, SECRETARIAT)
    # Grants are looked up for all listed documents (not only the secret ones) so that the number of
    # queries of a page does not depend on whether it happens to show a secret document.
    granted = set() if secretariat.all else _granted_ids(user, [d.pk for d in documents])
    for document in documents:
        entitled = secretariat.all or document.pk in granted or document.case.diary_id in secretariat
        if document.is_secret and not entitled:
            _mask(document)
        else:
            document.masked = False
            if isinstance(files, dict):
                document.visible_files = sorted(files.get(document.pk, ()), key=lambda f: -f.version)
            elif files:
                document.visible_files = sorted(document.files.all(), key=lambda f: -f.version)
    return documents


def document_visible_for(*, user, document: Document) -> Document:
    return documents_masked_for(user=user, documents=[document])[0]


def document_may_see_secret(*, user, document: Document) -> bool:
    if not document.is_secret or document.case.diary_id in diary_scope(user, SECRETARIAT):
        return True
    return bool(_granted_ids(user, [document.pk]))


def _visible_documents_q(user) -> Q:
    """Documents whose text may be searched by ``user``."""
    secretariat = diary_scope(user, SECRETARIAT)
    if secretariat.all:
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(is_secret=False)
    visible = Q(is_secret=False) | Q(pk__in=_active_grants().filter(user=user).values("document_id"))
    if secretariat:
        visible |= secretariat.q("case__diary")
    return visible


def _cases_visible_to(user) -> QuerySet[Case]:
    """The secretariat sees its committees' cases; a case officer the cases assigned to them in the
    committees where they are case officer."""
    cases = Case.objects.all()
    secretariat = diary_scope(user, SECRETARIAT)
    if secretariat.all:
        return cases
    officer = diary_scope(user, CASE_OFFICER)
    condition = Q(pk__in=[])
    if secretariat:
        condition |= secretariat.q()
    if officer:
        condition |= Q(officer=user) & officer.q()
    return cases.filter(condition) if (secretariat or officer) else cases.none()


def may_write_case(*, user, case: Case) -> bool:
    if is_secretariat_for(user, case):
        return True
    return (
        case.officer_id is not None and case.officer_id == user.pk and case.diary_id in diary_scope(user, CASE_OFFICER)
    )


def officer_may_handle(*, officer, diary: Diary) -> bool:
    """Whether ``officer`` may be assigned cases of ``diary`` (case officer or secretariat of its committee)."""
    return officer.is_active and diary.pk in diary_scope(officer, *OFFICER_ROLES)
