"""Diary views: thin. Parse input, call a selector or service, render. Every view declares its access rule;
object-level rules (assigned officer, secrecy) are applied by ``cases.selectors``.

Split by sub-domain; ``cases/urls.py`` and ``cases/urls_public.py`` use the names re-exported here:

- ``cases``: the case list, registration, the case page, editing, status, closing, history;
- ``documents``: documents, their files, secrecy and access grants;
- ``memos``: the case's memo (tjänsteskrivelse) and its PDF;
- ``search``: the search page;
- ``imports``: import of an existing diary from CSV;
- ``public``: the public diary and its CSV export;
- ``_common``: staff roles and pagination shared by the modules above.
"""

from ._common import PAGE_SIZE, STAFF
from .cases import (
    GotoForm,
    case_close,
    case_detail,
    case_edit,
    case_goto,
    case_history,
    case_list,
    case_publication,
    case_register,
    case_status,
)
from .documents import (
    document_add,
    document_detail,
    document_download,
    document_ediary,
    document_readers,
    document_replace,
    document_secrecy,
)
from .imports import diary_import
from .memos import memo_detail, memo_edit, memo_pdf
from .public import public_detail, public_export, public_file, public_list
from .search import search

__all__ = [
    "PAGE_SIZE",
    "STAFF",
    "GotoForm",
    "case_close",
    "case_detail",
    "case_edit",
    "case_goto",
    "case_history",
    "case_list",
    "case_publication",
    "case_register",
    "case_status",
    "diary_import",
    "document_add",
    "document_detail",
    "document_download",
    "document_ediary",
    "document_readers",
    "document_replace",
    "document_secrecy",
    "memo_detail",
    "memo_edit",
    "memo_pdf",
    "public_detail",
    "public_export",
    "public_file",
    "public_list",
    "search",
]
