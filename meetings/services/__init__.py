"""Every write of meetings. Import from here: ``from meetings.services import meeting_publish``.

- ``meetings``: the meeting plan; meetings created, changed, moved, cancelled; publishing with the notice;
- ``agenda``: agenda items added, edited, reordered, removed or withdrawn, and their documents;
- ``packets``: the meeting packet PDF, asked for and built in the background.
"""

from .agenda import (
    agenda_case_add,
    agenda_item_add,
    agenda_item_documents_set,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
)
from .meetings import (
    STANDARD_ITEMS,
    agenda_text,
    meeting_cancel,
    meeting_create,
    meeting_locked,
    meeting_move,
    meeting_plan_save,
    meeting_publish,
    meeting_status_advance,
    meeting_update,
    notice_body,
)
from .packets import BUILD_TASK, packet_build_run, packet_request

__all__ = [
    "BUILD_TASK",
    "STANDARD_ITEMS",
    "agenda_case_add",
    "agenda_item_add",
    "agenda_item_documents_set",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_text",
    "meeting_cancel",
    "meeting_create",
    "meeting_locked",
    "meeting_move",
    "meeting_plan_save",
    "meeting_publish",
    "meeting_status_advance",
    "meeting_update",
    "notice_body",
    "packet_build_run",
    "packet_request",
]
