"""Every read of the diary, and ALL secrecy filtering (one place).

Who sees what:
- the secretariat sees every case and every document, secrets included;
- a case officer sees the cases assigned to them; secret documents in them only if granted;
- anyone else (members, party representatives, the public) sees cases only through the public
  diary, where secret documents are masked;
- a secret document's file, description, sender/recipient and text reach only the secretariat and
  users explicitly granted access (``DocumentAccessGrant``). Everyone else gets a masked copy from
  ``documents_masked_for`` / ``document_visible_for`` and can never download the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from common.access import SECRETARIAT, has_role, user_roles

from . import numbers
from .models import Case, Document, DocumentAccessGrant, DocumentFile, Memo

MASKED_DESCRIPTION = "Handling med sekretess"
MASKED_COUNTERPART = "Sekretess"
_SHORT_NUMBER_RE = re.compile(r"^\s*0*(\d{1,7})\s*/\s*(\d{4})\s*$")


# --- entitlement --------------------------------------------------------------------------------


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


# --- cases --------------------------------------------------------------------------------------


def _cases_visible_to(user) -> QuerySet[Case]:
    cases = Case.objects.all()
    if is_secretariat(user):
        return cases
    if "case_officer" in user_roles(user):
        return cases.filter(officer=user)
    return cases.none()


def may_write_case(*, user, case: Case) -> bool:
    return is_secretariat(user) or (case.officer_id is not None and case.officer_id == user.pk)


@dataclass
class CaseFilters:
    query: str = ""
    year: int | None = None
    status: str = ""
    officer_id: int | None = None
    party_id: int | None = None


class _StoredVector(Func):
    """The stored ``search_vector`` column (PostgreSQL only, migration 0003) of the table whose
    ``search_text`` is given: to_tsvector('swedish', search_text), computed by the database."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return sql.replace('"search_text"', '"search_vector"'), params


def _terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t][:10]


def text_match_q(query: str, field: str = "search_text") -> Q:
    """Words in ``field`` (a lower-cased search text). Every word must match, either as a substring
    (finds prefixes and the forms officials type) or, on PostgreSQL, through the Swedish full-text
    configuration (stemming: "upphandlingen" finds "upphandlingar"), served by the GIN indexes.
    Only ``search_text`` fields have a stored vector on PostgreSQL."""
    terms = _terms(query)
    if not terms:
        return Q()
    postgres = connection.vendor == "postgresql"
    match = Q()
    for term in terms:
        word = Q(**{f"{field}__contains": term.lower()})
        if postgres:
            fts = SearchVectorExact(_StoredVector(F(field)), SearchQuery(term, config="swedish", search_type="plain"))
            word = Q(fts) | word
        match &= word
    return match


def number_q(query: str) -> Q | None:
    """A Q for a diary number in any common spelling (GNS/03/2019, gns/3/2019, 3/2019), or None."""
    number = numbers.try_parse(query)
    if number is not None:
        return Q(diary__prefix=number.prefix, sequence=number.sequence, year=number.year)
    match = _SHORT_NUMBER_RE.match(query)
    if match:
        return Q(sequence=int(match[1]), year=int(match[2]))
    return None


def case_list(*, user, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases ``user`` may see, filtered and searched. Number, title, description, memo text and the
    text of documents the user may see are searched."""
    filters = filters or CaseFilters()
    cases = _cases_visible_to(user).select_related("diary", "officer", "initiating_party")
    if filters.year:
        cases = cases.filter(year=filters.year)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.officer_id:
        cases = cases.filter(officer_id=filters.officer_id)
    if filters.party_id:
        cases = cases.filter(initiating_party_id=filters.party_id)
    query = filters.query.strip()
    if query:
        by_number = number_q(query)
        if by_number is not None:
            cases = cases.filter(by_number)
        else:
            # EXISTS (not IN): PostgreSQL can then probe the few documents of each candidate case through
            # the (case, number) index instead of scanning every matching document of the whole diary.
            documents = Document.objects.filter(case=OuterRef("pk")).filter(_visible_documents_q(user))
            memos = Memo.objects.filter(case=OuterRef("pk"))
            cases = cases.filter(
                text_match_q(query)
                | Exists(documents.filter(text_match_q(query)))
                | Exists(memos.filter(text_match_q(query)))
            )
    return cases.order_by("-year", "-sequence")


def case_get(*, user, pk: int, for_write: bool = False) -> Case:
    """A case ``user`` may see (404 otherwise); ``for_write`` also requires the right to change it."""
    case = (
        _cases_visible_to(user)
        .select_related("diary", "officer", "initiating_party", "registered_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("Ärendet finns inte eller du saknar behörighet.")
    if for_write and not may_write_case(user=user, case=case):
        raise PermissionDenied
    return case


def case_documents(*, user, case: Case) -> list[Document]:
    """The case's documents as ``user`` may see them (secret ones masked), files prefetched."""
    documents = (
        Document.objects.filter(case=case)
        .select_related("case__diary")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("-version")))
        .order_by("number")
    )
    return documents_masked_for(user=user, documents=documents)


def case_memo(*, user, case: Case) -> Memo | None:
    """The case's memo with its decision documents (masked as needed), or None."""
    memo = Memo.objects.select_related("author", "case__diary").filter(case=case).first()
    if memo is None:
        return None
    memo.documents = documents_masked_for(
        user=user,
        documents=memo.decision_documents.select_related("case__diary").prefetch_related("files").order_by("number"),
    )
    return memo


@dataclass
class AgendaSource:
    """What an agenda item takes from a case's memo (for committee/): heading, the case description
    (Ärendebeskrivning: background, significance, result), the numbered proposal and the decision
    documents as ``user`` may see them (secret ones masked)."""

    heading: str
    description: str
    proposal_points: list[str]
    decision_documents: list[Document]


def memo_agenda_source(*, user, case: Case) -> AgendaSource | None:
    memo = case_memo(user=user, case=case)
    if memo is None:
        return None
    description = "\n\n".join(part for part in (memo.background, memo.significance, memo.result) if part)
    return AgendaSource(
        heading=memo.heading,
        description=description,
        proposal_points=memo.proposal_points,
        decision_documents=memo.documents,
    )


@dataclass
class TimelineEntry:
    date: dt.date
    kind: str  # "registered", "document", "memo", "closed"
    title: str
    document: Document | None = None
    memo: Memo | None = None


def case_timeline(*, case: Case, documents: list[Document], memo: Memo | None) -> list[TimelineEntry]:
    """Registration, documents, memo and closing in date order (decisions join when committee adds them)."""
    entries = [TimelineEntry(case.registered_on, "registered", "Ärendet registrerat")]
    for document in documents:
        entries.append(TimelineEntry(document.date, "document", document.description, document=document))
    if memo is not None:
        entries.append(TimelineEntry(memo.memo_date, "memo", f"Tjänsteskrivelse: {memo.heading}", memo=memo))
    if case.closed_on:
        label = "Felregistrerat" if case.closure == Case.Closure.MISTAKE else "Ärendet avslutat"
        entries.append(TimelineEntry(case.closed_on, "closed", f"{label}: {case.closing_reason}"))
    order = {"registered": 0, "document": 1, "memo": 2, "closed": 3}
    return sorted(entries, key=lambda e: (e.date, order[e.kind]))


@dataclass
class HistoryChange:
    when: dt.datetime
    who: object
    what: str
    changes: list[tuple[str, str, str]]


def _history_changes(records, labels: dict[str, str], what: str, masked_fields: set[str]) -> list[HistoryChange]:
    result = []
    records = list(records)
    for newer, older in pairwise([*records, None]):
        if older is None:
            result.append(HistoryChange(newer.history_date, newer.history_user, f"{what} skapad", []))
            continue
        delta = newer.diff_against(older)
        changes = []
        for change in delta.changes:
            label = labels.get(change.field, change.field)
            if change.field in masked_fields:
                changes.append((label, "(dold)", "(dold)"))
            else:
                changes.append((label, _display(change.old), _display(change.new)))
        if changes:
            result.append(HistoryChange(newer.history_date, newer.history_user, f"{what} ändrad", changes))
        elif newer.history_type == "~":
            result.append(HistoryChange(newer.history_date, newer.history_user, f"{what}: ny filversion", []))
    return result


def _display(value) -> str:
    if value in (None, ""):
        return "–"
    return str(value)


def case_history(*, user, case: Case) -> list[HistoryChange]:
    """Every change of the case, its documents and its memo (who, when, what), newest first.
    Only the secretariat sees the old values of secret documents' sensitive fields."""
    labels_case = {f.name: str(f.verbose_name) for f in Case._meta.fields}
    labels_doc = {f.name: str(f.verbose_name) for f in Document._meta.fields}
    labels_memo = {f.name: str(f.verbose_name) for f in Memo._meta.fields}
    changes = _history_changes(
        case.history.select_related("history_user").order_by("-history_date", "-history_id"),
        labels_case,
        "Ärendet",
        set(),
    )
    secretariat = is_secretariat(user)
    documents = list(Document.objects.filter(case=case))
    visible = {d.pk for d in documents_masked_for(user=user, documents=documents) if not d.masked}
    records = (
        Document.history.filter(case_id=case.pk).select_related("history_user").order_by("-history_date", "-history_id")
    )
    by_doc: dict[int, list] = {}
    for record in records:
        by_doc.setdefault(record.id, []).append(record)
    for doc_id, doc_records in by_doc.items():
        hidden = set() if secretariat or doc_id in visible else {"description", "counterpart"}
        number = doc_records[0].number
        changes += _history_changes(doc_records, labels_doc, f"Handling {number}", hidden)
    memo_records = (
        Memo.history.filter(case_id=case.pk).select_related("history_user").order_by("-history_date", "-history_id")
    )
    changes += _history_changes(memo_records, labels_memo, "Tjänsteskrivelsen", set())
    return sorted(changes, key=lambda c: c.when, reverse=True)


# --- documents ----------------------------------------------------------------------------------


def document_get(*, user, pk: int) -> Document:
    """A document of a case ``user`` may see, masked if it is secret and the user is not entitled."""
    document = (
        Document.objects.select_related("case__diary", "case__officer", "registered_by")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.select_related("uploaded_by")))
        .filter(pk=pk)
        .first()
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


def document_search(*, user, query: str, limit: int = 50) -> list[Document]:
    """Documents matching ``query`` in cases ``user`` may see. Secret documents are matched only for
    entitled users (their text never leads anyone else to them)."""
    if not _terms(query):
        return []
    documents = (
        Document.objects.filter(case__in=_cases_visible_to(user))
        .filter(_visible_documents_q(user))
        .filter(text_match_q(query))
        .select_related("case__diary")
        .prefetch_related("files")
        .order_by("-date", "-pk")[:limit]
    )
    return documents_masked_for(user=user, documents=documents)


# --- public diary -------------------------------------------------------------------------------


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


def diary_years() -> list[int]:
    return list(Case.objects.order_by("-year").values_list("year", flat=True).distinct())
