"""Logging helpers. ``OneLineClientErrors`` drops the traceback Django attaches to its 400, 403 and 404 log
records (``django.request``: "Forbidden (Permission denied): /path", "Not Found: /path") and adds who
asked, so a denied or missing page is one line in the log; a 500 keeps its traceback."""

from __future__ import annotations

import logging


class OneLineClientErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status in (400, 403, 404) or record.name.startswith("django.security"):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False) and not getattr(record, "_who", False):
                record.msg = f"{record.msg} (användare {user.pk})"
                record._who = True
        return True
