"""Every write of the diary, split by sub-domain. Import from here: ``from cases.services import case_register``.

- ``diaries``: diaries, number counters, registering, changing and closing cases;
- ``documents``: documents, their file versions and text extraction, secrecy marking and access grants;
- ``memos``: the case's memo (tjänsteskrivelse);
- ``imports``: import of an existing diary from CSV;
- ``_common``: private helpers shared by the modules above.

Numbers are allocated only by ``case_register`` (and kept as given by ``diary_import_csv``), from a
``DiaryCounter`` row locked with SELECT ... FOR UPDATE; the unique constraint on (diary, year,
sequence) is the last line of defence. A failed registration rolls back the counter too: no gaps.
"""

from ._common import OFFICER_ROLES
from .diaries import (
    STATUS_ORDER,
    case_close,
    case_import,
    case_register,
    case_set_publication,
    case_status_change,
    case_update,
    diary_get_or_create,
)
from .documents import (
    counterpart_kind_for_party_name,
    document_grant_access,
    document_mark_secret,
    document_publish,
    document_register,
    document_replace_file,
    document_revoke_access,
    document_text_extract,
    document_unmark_secret,
    document_unpublish,
    document_update,
)
from .imports import DiaryImportError, DiaryImportResult, diary_import_csv
from .memos import memo_save

__all__ = [
    "OFFICER_ROLES",
    "STATUS_ORDER",
    "DiaryImportError",
    "DiaryImportResult",
    "case_close",
    "case_import",
    "case_register",
    "case_set_publication",
    "case_status_change",
    "counterpart_kind_for_party_name",
    "case_update",
    "diary_get_or_create",
    "diary_import_csv",
    "document_grant_access",
    "document_mark_secret",
    "document_publish",
    "document_register",
    "document_replace_file",
    "document_revoke_access",
    "document_text_extract",
    "document_unmark_secret",
    "document_unpublish",
    "document_update",
    "memo_save",
]
