"""The public diary: every registered case with its documents, secret ones masked, no files; and its
CSV export (open data). Only the case's own text is searched, never documents or memos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ..models import Case, Document
from .access import _mask
from .search import number_q, text_match_q


@dataclass
class PublicFilters:
    query: str = ""
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def public_case_list(*, filters: PublicFilters | None = None) -> QuerySet[Case]:
    """The public diary: every registered case (number, title, date, status). Searches the number and
    the case's own text (title, description) – never the text of documents or memos."""
    filters = filters or PublicFilters()
    # A correlated subquery (evaluated for the rows of one page only), not a GROUP BY over the whole diary.
    document_count = Subquery(
        Document.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
    )
    cases = Case.objects.select_related("diary").annotate(document_count=Coalesce(document_count, 0))
    if filters.year:
        cases = cases.filter(year=filters.year)
    if filters.date_from:
        cases = cases.filter(registered_on__gte=filters.date_from)
    if filters.date_to:
        cases = cases.filter(registered_on__lte=filters.date_to)
    query = filters.query.strip()
    if query:
        by_number = number_q(query)
        cases = cases.filter(by_number) if by_number is not None else cases.filter(text_match_q(query))
    return cases.order_by("-year", "-sequence")


def public_case_get(*, pk: int) -> tuple[Case, list[Document]]:
    """A case of the public diary and its documents, secret ones masked, no files offered."""
    case = Case.objects.select_related("diary").filter(pk=pk).first()
    if case is None:
        raise Http404("Ärendet finns inte.")
    documents = Document.objects.filter(case=case).select_related("case__diary").order_by("number")
    documents = list(documents)
    for document in documents:
        if document.is_secret:
            _mask(document)
        else:
            document.masked = False
        document.visible_files = []  # files are requested from the registry (utlämnande), not downloaded
    return case, documents


def public_export_rows(*, filters: PublicFilters | None = None):
    """Rows of the public diary export (open data): one row per document (or per case without documents),
    secret documents masked exactly as on the public pages. A generator: two queries per 2 000 cases."""
    yield [
        "diarienummer",
        "registrerat",
        "ärendemening",
        "status",
        "handling",
        "datum",
        "riktning",
        "avsändare/mottagare",
        "beskrivning",
        "sekretess",
    ]
    cases = public_case_list(filters=filters).prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("number"))
    )
    for case in cases.iterator(chunk_size=2000):
        head = [case.number, case.registered_on.isoformat(), case.title, _public_status(case)]
        documents = list(case.documents.all())
        if not documents:
            yield [*head, "", "", "", "", "", ""]
        for document in documents:
            if document.is_secret:
                _mask(document)
            yield [
                *head,
                f"{case.number}:{document.number}",
                document.date.isoformat(),
                document.get_direction_display(),
                document.counterpart,
                document.description,
                document.secrecy_provision if document.is_secret else "",
            ]


def _public_status(case: Case) -> str:
    return "Felregistrerat" if case.closure == Case.Closure.MISTAKE else str(case.get_status_display())
