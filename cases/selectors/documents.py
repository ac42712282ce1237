"""Reads of single documents (masked as needed), file downloads, and the document search."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from common.db import one_or_none

from ..models import Document, DocumentAccessGrant, DocumentFile
from .access import _cases_visible_to, _visible_documents_q, document_visible_for, documents_masked_for
from .cases import CaseFilters, case_list
from .search import _terms, text_match_q


def document_get(*, user, pk: int) -> Document:
    """A document of a case ``user`` may see, masked if it is secret and the user is not entitled."""
    document = one_or_none(
        Document.objects.select_related("case__diary", "case__officer", "registered_by")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.select_related("uploaded_by")))
        .filter(pk=pk)
    )
    if document is None or not _cases_visible_to(user).filter(pk=document.case_id).exists():
        raise Http404("Handlingen finns inte eller du saknar behörighet.")
    return document_visible_for(user=user, document=document)


def document_file_for_download(*, user, document_id: int, version: int | None = None) -> DocumentFile:
    """The file version ``user`` may download; PermissionDenied for a secret document without access."""
    document = document_get(user=user, pk=document_id)
    if document.masked:
        raise PermissionDenied("Handlingen omfattas av sekretess.")
    files = document.visible_files
    if version is not None:
        files = [f for f in files if f.version == version]
    if not files:
        raise Http404("Handlingen har ingen fil.")
    return files[0]


def document_search(*, user, query: str, cases=None, limit: int = 50) -> list[Document]:
    """Documents matching ``query`` in ``cases`` (the cases the search found, as listed; by default
    the ``limit`` newest cases ``case_list`` finds for ``query``), newest first. Secret documents are
    matched only for entitled users (their text never leads anyone else to them).

    Only the documents of those cases are tested against the words (an index lookup per case):
    testing every document of the diary, newest first, reads the text of each one that does not
    match, and for a word that is in no document that is all of them.

    The list shows no files: the documents come without ``visible_files`` (``documents_masked_for``
    with ``files=False``), and with ``cases`` given each document's case is that case object."""
    if not _terms(query):
        return []
    known = {}
    if cases is None:
        case_ids = case_list(user=user, filters=CaseFilters(query=query)).values("pk")[:limit]
    else:
        known = {case.pk: case for case in cases}
        case_ids = list(known)
    documents = (
        Document.objects.filter(case__in=case_ids)
        .filter(_visible_documents_q(user))
        .filter(text_match_q(query, substrings=False))
        .defer("extracted_text", "search_text")  # matched in the database, not shown
        .order_by("-date", "-pk")
    )
    if not known:
        documents = documents.select_related("case__diary")
    documents = list(documents[:limit])
    if known:
        for document in documents:
            document.case = known[document.case_id]
    return documents_masked_for(user=user, documents=documents, files=False)


def document_grants(*, document: Document) -> QuerySet[DocumentAccessGrant]:
    """The document's access grants, those in force first, each with who granted and revoked it."""
    return (
        DocumentAccessGrant.objects.filter(document=document)
        .select_related("user", "granted_by", "revoked_by")
        .order_by(F("valid_until").desc(nulls_first=True), "-granted_at")
    )


def party_by_name(name: str):
    """The party of the register with this name (case and spacing ignored), or None: a counterpart that
    is a party is an authority (registration pre-fills the kind)."""
    from parties.models import Party

    name = " ".join(name.split())
    return Party.objects.filter(name__iexact=name).first() if name else None
