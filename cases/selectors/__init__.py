"""Every read of the diary, and ALL secrecy filtering (one place: ``access``), split by sub-domain.
Import from here: ``from cases.selectors import case_list``.

- ``access``: who may see and change which case, and the masking of secret documents;
- ``cases``: the case list, one case, its documents, memo, timeline and history;
- ``documents``: one document, file downloads, the document search;
- ``search``: matching of search words (full-text on PostgreSQL) and diary numbers;
- ``public``: the public diary and its CSV export.

Who sees what:
- the secretariat sees every case and every document, secrets included;
- a case officer sees the cases assigned to them; secret documents in them only if granted;
- anyone else (members, party representatives, the public) sees cases only through the public
  diary, where secret documents are masked;
- a secret document's file, description, sender/recipient and text reach only the secretariat and
  users explicitly granted access (``DocumentAccessGrant``). Everyone else gets a masked copy from
  ``documents_masked_for`` / ``document_visible_for`` and can never download the file.
"""

from .access import (
    MASKED_COUNTERPART,
    MASKED_DESCRIPTION,
    diary_scope,
    document_may_see_secret,
    document_visible_for,
    documents_masked_for,
    is_secretariat,
    is_secretariat_for,
    may_write_case,
    officer_may_handle,
)
from .cases import (
    AgendaSource,
    CaseFilters,
    HistoryChange,
    TimelineEntry,
    case_documents,
    case_get,
    case_history,
    case_list,
    case_memo,
    case_rows,
    case_timeline,
    diary_years,
    memo_agenda_source,
)
from .documents import document_file_for_download, document_get, document_grants, document_search, party_by_name
from .public import (
    PRIVATE_PERSON,
    WITHHELD_CASE_TITLE,
    WITHHELD_DESCRIPTION,
    PublicFilters,
    kind_published_by_default,
    public_case,
    public_case_get,
    public_case_list,
    public_document,
    public_export_rows,
    public_page_cases,
    public_published_file,
)
from .readers import DocumentReaders, Reader, document_readers_on
from .search import number_q, text_match_q

__all__ = [
    "MASKED_COUNTERPART",
    "MASKED_DESCRIPTION",
    "PRIVATE_PERSON",
    "WITHHELD_CASE_TITLE",
    "WITHHELD_DESCRIPTION",
    "kind_published_by_default",
    "public_case",
    "public_document",
    "public_page_cases",
    "public_published_file",
    "AgendaSource",
    "CaseFilters",
    "case_rows",
    "HistoryChange",
    "PublicFilters",
    "TimelineEntry",
    "case_documents",
    "case_get",
    "case_history",
    "case_list",
    "case_memo",
    "case_timeline",
    "diary_years",
    "document_file_for_download",
    "document_get",
    "document_grants",
    "document_may_see_secret",
    "document_readers_on",
    "DocumentReaders",
    "Reader",
    "document_search",
    "document_visible_for",
    "documents_masked_for",
    "diary_scope",
    "is_secretariat",
    "is_secretariat_for",
    "officer_may_handle",
    "party_by_name",
    "may_write_case",
    "memo_agenda_source",
    "number_q",
    "public_case_get",
    "public_case_list",
    "public_export_rows",
    "text_match_q",
]
