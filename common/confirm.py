"""A confirmation step before an action that cannot be undone (issuing invoices, closing a case, marking a
document secret or lifting the marking). No JavaScript: the first submission (or a GET of the action's
URL) shows a page that says what will happen and what cannot be undone, carrying what was posted in
hidden fields; only a submission of that page, with ``bekraftat=ja``, performs the action."""

from __future__ import annotations

from django.shortcuts import render

CONFIRM_FIELD = "bekraftat"
CONFIRM_VALUE = "ja"


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(
    request,
    *,
    heading: str,
    lead: str,
    cannot_undo: list[str],
    submit: str,
    cancel_url: str,
    details: list[tuple[str, str]] = (),
    breadcrumbs: str = "",
):
    """The page that asks first. ``details`` are (term, description) pairs shown as facts."""
    carried = []
    if request.method == "POST":
        carried = [
            (name, value)
            for name in request.POST
            if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
            for value in request.POST.getlist(name)
        ]
    return render(
        request,
        "common/confirm.html",
        {
            "heading": heading,
            "lead": lead,
            "cannot_undo": cannot_undo,
            "submit": submit,
            "cancel_url": cancel_url,
            "details": details,
            "carried": carried,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            "action": request.path,
        },
    )
