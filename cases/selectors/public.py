"""The public diary (e-diary): every registered case with its documents, and its CSV export (open data).

What the public sees, in one place (``public_document``, ``public_case``), for the pages, the search,
the export and every other public feed alike:

- a secret document is masked (it exists; its description, sender/recipient and file do not show);
- a private person as sender or recipient is shown as "Privatperson", never by name, and the
  description of their document only when the registrar has marked it as free of personal data
  (GDPR: the e-diary has no legal basis to publish private persons' personal data on the internet);
- a case kept out of the e-diary shows only its number and date, as "Ärende som inte publiceras";
  its title is neither shown nor searched, and its documents are not listed;
- a file is offered only when the registrar has published it (``Document.published_file``), never for
  a secret document (also a database constraint) nor in a withheld case.

Only the case's own text is searched, never documents or memos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ..models import Case, Document, DocumentFile, DocumentKindSetting
from .access import _mask
from .search import number_q, text_match_q

PRIVATE_PERSON = "Privatperson"
WITHHELD_DESCRIPTION = "Beskrivningen visas inte (personuppgifter)"
WITHHELD_CASE_TITLE = "Ärende som inte publiceras"


def public_document(document: Document) -> Document:
    """The document as the public may see it (a copy for display only: ``save()`` refuses it)."""
    document.public_copy = True
    if document.is_secret:
        _mask(document)
        return document
    document.masked = False
    document.visible_files = []
    if document.counterpart_kind == Document.CounterpartKind.PRIVATE:
        document.counterpart = PRIVATE_PERSON
        document.private_counterpart = True
        if not document.description_public:
            document.description = WITHHELD_DESCRIPTION
            document.description_withheld = True
    document.extracted_text = ""
    document.search_text = ""
    return document


def public_case(case: Case) -> Case:
    """The case as the public may see it: a withheld case keeps only its number and dates."""
    case.public_copy = True
    if case.withheld_from_public:
        case.title = WITHHELD_CASE_TITLE
        case.description = ""
        case.withheld_reason = ""
        case.search_text = ""
    return case


def kind_published_by_default(kind: str) -> bool:
    """Whether documents of ``kind`` are published in the e-diary when registered with a file."""
    return DocumentKindSetting.objects.filter(kind=kind, publish_by_default=True).exists()


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
    cases = cases.defer("search_text", "description", "closing_reason")
    if filters.year:
        cases = cases.filter(year=filters.year)
    if filters.date_from:
        cases = cases.filter(registered_on__gte=filters.date_from)
    if filters.date_to:
        cases = cases.filter(registered_on__lte=filters.date_to)
    query = filters.query.strip()
    if query:
        by_number = number_q(query)
        if by_number is not None:
            cases = cases.filter(by_number)
        else:  # a withheld case's title is never searched: a match would tell what it is about
            cases = cases.filter(text_match_q(query), withheld_from_public=False)
    return cases.order_by("-year", "-sequence")


def public_page_cases(page) -> None:
    """Make the cases of a page of ``public_case_list`` public copies (withheld ones without title)."""
    for case in page.object_list:
        public_case(case)


def public_case_get(*, pk: int) -> tuple[Case, list[Document]]:
    """A case of the public diary and its documents as the public may see them (``public_document``);
    a withheld case lists none. Two queries."""
    case = Case.objects.select_related("diary").filter(pk=pk).first()
    if case is None:
        raise Http404("Ärendet finns inte.")
    if case.withheld_from_public:
        return public_case(case), []
    documents = (
        Document.objects.filter(case=case)
        .select_related("published_file")
        .defer("extracted_text", "search_text", "published_file__text_error")
        .order_by("number")
    )
    documents = [public_document(d) for d in documents]
    for document in documents:
        document.case = case
    return public_case(case), documents


def public_document_get(*, pk: int) -> Document:
    """One document of the public diary (for the request form)."""
    document = Document.objects.select_related("case__diary").defer("extracted_text", "search_text").filter(pk=pk)
    document = document.first()
    if document is None or document.case.withheld_from_public:
        raise Http404("Handlingen finns inte i e-diariet.")
    return public_document(document)


def public_published_file(*, pk: int) -> DocumentFile:
    """The published file of a document, if the public may download it: the document is published, not
    secret, and its case is not withheld. Anything else is 404, the same answer as for no document."""
    file = (
        DocumentFile.objects.filter(
            document__pk=pk,
            document__published_file=F("pk"),
            document__is_secret=False,
            document__case__withheld_from_public=False,
        )
        .select_related("document")
        .first()
    )
    if file is None:
        raise Http404("Handlingen är inte publicerad.")
    return file


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
        Prefetch("documents", queryset=Document.objects.defer("extracted_text", "search_text").order_by("number"))
    )
    for case in cases.iterator(chunk_size=2000):
        if case.withheld_from_public:
            yield [case.number, case.registered_on.isoformat(), WITHHELD_CASE_TITLE, "", "", "", "", "", "", ""]
            continue
        head = [case.number, case.registered_on.isoformat(), case.title, _public_status(case)]
        documents = list(case.documents.all())
        if not documents:
            yield [*head, "", "", "", "", "", ""]
        for document in documents:
            public_document(document)
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
