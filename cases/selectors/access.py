"""Who sees what, in one place: which cases a user may see and change, and the masking of secret
documents for everyone not entitled (the rules are listed in ``cases.selectors``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from common.access import SECRETARIAT, has_role, user_roles

from ..models import Case, Document, DocumentAccessGrant

MASKED_DESCRIPTION = "Handling med sekretess"
MASKED_COUNTERPART = "Sekretess"


def is_secretariat(user) -> bool:
    return has_role(user, SECRETARIAT)


def _granted_ids(user, document_ids) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not document_ids:
        return set()
    return set(
        DocumentAccessGrant.objects.filter(user=user, document_id__in=list(document_ids)).values_list(
            "document_id", flat=True
        )
    )


def _mask(document: Document) -> Document:
    document.masked = True
    document.description = MASKED_DESCRIPTION
    document.counterpart = MASKED_COUNTERPART if document.counterpart else ""
    document.extracted_text = ""
    document.search_text = ""
    document.visible_files = []
    return document


def documents_masked_for(*, user, documents) -> list[Document]:
    """The documents as ``user`` may see them: secret ones masked unless the user is entitled.

    Every document gets ``masked`` (bool) and ``visible_files`` (the file versions the user may
    download, newest first; needs ``files`` prefetched to stay O(1) in queries).
    """
    documents = list(documents)
    secretariat = is_secretariat(user)
    # Grants are looked up for all listed documents (not only the secret ones) so that the number of
    # queries of a page does not depend on whether it happens to show a secret document.
    granted = set() if secretariat else _granted_ids(user, [d.pk for d in documents])
    for document in documents:
        if document.is_secret and not secretariat and document.pk not in granted:
            _mask(document)
        else:
            document.masked = False
            document.visible_files = sorted(document.files.all(), key=lambda f: -f.version)
    return documents


def document_visible_for(*, user, document: Document) -> Document:
    return documents_masked_for(user=user, documents=[document])[0]


def document_may_see_secret(*, user, document: Document) -> bool:
    if not document.is_secret or is_secretariat(user):
        return True
    return bool(_granted_ids(user, [document.pk]))


def _visible_documents_q(user) -> Q:
    """Documents whose text may be searched by ``user``."""
    if is_secretariat(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(is_secret=False)
    return Q(is_secret=False) | Q(pk__in=DocumentAccessGrant.objects.filter(user=user).values("document_id"))


def _cases_visible_to(user) -> QuerySet[Case]:
    cases = Case.objects.all()
    if is_secretariat(user):
        return cases
    if "case_officer" in user_roles(user):
        return cases.filter(officer=user)
    return cases.none()


def may_write_case(*, user, case: Case) -> bool:
    return is_secretariat(user) or (case.officer_id is not None and case.officer_id == user.pk)
