"""Every write of the protocol app. Import from here: ``from protocol.services import protocol_approve``.

- ``drafting``: the draft from the agenda, attendance, paragraphs, votes, reservations, conflicts, adjusters;
- ``numbering``: the year's § numbers (under the lock of the committee's series row);
- ``adjustment``: approvals with password, the final protocol, immediate adjustment of a paragraph;
- ``documents``: the stored PDF/A protocol and extracts (outbox job);
- ``notice_board``: each party's posting date, reminders;
- ``delegation``: delegated decisions.
"""

from .adjustment import DOCUMENTS_TASK, paragraph_adjust_immediately, protocol_approve
from .delegation import delegated_decision_record
from .documents import extract_issue, protocol_documents_make, protocol_pdfs_store
from .drafting import (
    adjusters_set,
    attendee_add_other,
    attendee_remove_other,
    attendee_replace,
    attendee_set_present,
    conflict_record,
    conflict_remove,
    paragraph_update,
    protocol_draft,
    protocol_sync_items,
    reservation_add,
    reservation_remove,
    vote_record,
    vote_remove,
)
from .notice_board import notice_board_remind, party_posting_record
from .numbering import outside_paragraphs_record, paragraph_series_start

__all__ = [
    "DOCUMENTS_TASK",
    "adjusters_set",
    "attendee_add_other",
    "attendee_remove_other",
    "attendee_replace",
    "attendee_set_present",
    "conflict_record",
    "conflict_remove",
    "delegated_decision_record",
    "extract_issue",
    "notice_board_remind",
    "paragraph_adjust_immediately",
    "outside_paragraphs_record",
    "paragraph_series_start",
    "paragraph_update",
    "party_posting_record",
    "protocol_approve",
    "protocol_documents_make",
    "protocol_draft",
    "protocol_pdfs_store",
    "protocol_sync_items",
    "reservation_add",
    "reservation_remove",
    "vote_record",
    "vote_remove",
]
