"""Reads of requests for public documents: the secretariat's queue (oldest first, flagged when older
than one working day), one request, and the draft of an answer. The secretariat of a committee sees the
requests of its diary's cases (``cases.selectors.diary_scope``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cases.selectors import diary_scope
from common.access import SECRETARIAT

from .models import DisclosureRequest
from .workdays import answer_due, is_overdue, working_days_waited


def _scoped(user) -> QuerySet[DisclosureRequest]:
    return DisclosureRequest.objects.filter(diary_scope(user, SECRETARIAT).q("case__diary"))


def disclosure_queue(*, user, answered: bool = False) -> QuerySet[DisclosureRequest]:
    """Open requests oldest first (or answered ones, newest answer first), with what the page shows."""
    requests = _scoped(user).select_related("case__diary", "document", "answered_by")
    if answered:
        return requests.exclude(outcome="").order_by("-answered_at", "-pk")
    return requests.filter(outcome="").order_by("received_at", "pk")


def disclosure_open_count(*, user) -> int:
    return _scoped(user).filter(outcome="").count()


def with_waiting(requests, *, today: dt.date | None = None) -> list[DisclosureRequest]:
    """Each request with ``due`` (the last day of a prompt answer), ``waited_days`` (working days) and
    ``overdue`` (open and older than one working day)."""
    today = today or timezone.localdate()
    result = list(requests)
    for request in result:
        received = timezone.localdate(request.received_at)
        request.due = answer_due(received)
        end = timezone.localdate(request.answered_at) if request.answered_at else today
        request.waited_days = working_days_waited(received, end)
        request.overdue = request.is_open and is_overdue(received, today)
    return result


def disclosure_get(*, user, pk: int) -> DisclosureRequest:
    request = (
        _scoped(user)
        .select_related("case__diary", "document__case__diary", "answered_by", "released_file")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("Begäran finns inte eller hör inte till ditt diarium.")
    return with_waiting([request])[0]


@dataclass(frozen=True)
class AnswerDraft:
    outcome: str
    legal_ground: str
    message: str


def disclosure_answer_draft(*, request: DisclosureRequest) -> AnswerDraft:
    """What the answer form starts from: a refusal naming the secrecy ground when the document is
    marked secret; otherwise a release."""
    document = request.document
    if document is not None and document.is_secret:
        return AnswerDraft(
            outcome=DisclosureRequest.Outcome.REFUSED,
            legal_ground=document.secrecy_provision,
            message=(
                f"Handlingen {document.reference} omfattas av sekretess enligt {document.secrecy_provision} "
                "och lämnas därför inte ut."
            ),
        )
    return AnswerDraft(outcome=DisclosureRequest.Outcome.RELEASED, legal_ground="", message="")
