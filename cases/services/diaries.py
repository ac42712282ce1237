"""Diaries and case registration: the diary, the numbering counters, and a case's whole life
(register, update, status, close).

Numbers are allocated only by ``case_register`` (and kept as given by ``diary_import_csv``), from a
``DiaryCounter`` row locked with SELECT ... FOR UPDATE; the unique constraint on (diary, year,
sequence) is the last line of defence. A failed registration rolls back the counter too: no gaps.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.models import User
from parties.models import Party

from ..models import Case, Diary
from ..selectors.access import officer_may_handle
from ._common import _counter_locked, _search_text_case, _with_history_user

# The forward path of a case; a step back (e.g. ready → in preparation) is also allowed while open.
STATUS_ORDER = [
    Case.Status.REGISTERED,
    Case.Status.IN_PREPARATION,
    Case.Status.READY_FOR_DECISION,
    Case.Status.DECIDED,
]


def _officer_check(officer: User | None, *, diary: Diary, field: str = "officer") -> None:
    if officer is None:
        return
    if not officer_may_handle(officer=officer, diary=diary):
        raise ValidationError(
            {field: f"{officer} är inte handläggare i {diary.prefix} och kan inte tilldelas ärenden."}
        )


@transaction.atomic
def diary_get_or_create(*, prefix: str, name: str) -> Diary:
    prefix = prefix.strip().upper()
    diary = Diary.objects.filter(prefix=prefix).first()
    if diary is None:
        diary = Diary(prefix=prefix, name=name)
        diary.full_clean()
        diary.save()
    return diary


@transaction.atomic
def case_register(
    *,
    diary: Diary,
    title: str,
    officer: User | None = None,
    description: str = "",
    initiating_party: Party | None = None,
    by: User | None = None,
    token: uuid.UUID | str | None = None,
) -> Case:
    """Register a case today and give it the next number of its diary and this year (OSL 5 kap. 2 §:
    the registration date is the day of registration; the dates a document arrived or was drawn up
    are the documents' own). Historical cases enter through ``case_import`` or the diary import.

    ``token`` (from the registration form) makes a double submission harmless: a second call with
    the same token returns the case of the first (with ``case.already_registered = True``).
    """
    return _register(
        diary=diary,
        title=title,
        registered_on=timezone.localdate(),
        officer=officer,
        description=description,
        initiating_party=initiating_party,
        by=by,
        token=token,
        imported=False,
    )


@transaction.atomic
def case_import(
    *,
    diary: Diary,
    title: str,
    registered_on: dt.date,
    officer: User | None = None,
    description: str = "",
    initiating_party: Party | None = None,
    by: User | None = None,
) -> Case:
    """Enter a historical case, registered on ``registered_on`` in an earlier diary, numbered after the
    highest number of that year. Recorded as imported (``Case.imported``), so the diary shows that its
    registration date was not set by this portal. The diary import (``diary_import_csv``) keeps given
    numbers instead."""
    return _register(
        diary=diary,
        title=title,
        registered_on=registered_on,
        officer=officer,
        description=description,
        initiating_party=initiating_party,
        by=by,
        token=None,
        imported=True,
    )


def _register(
    *,
    diary: Diary,
    title: str,
    registered_on: dt.date,
    officer: User | None,
    description: str,
    initiating_party: Party | None,
    by: User | None,
    token,
    imported: bool,
) -> Case:
    if registered_on > timezone.localdate():
        raise ValidationError({"registered_on": "Registreringsdatumet kan inte ligga i framtiden."})
    if token is not None and not isinstance(token, uuid.UUID):
        try:
            token = uuid.UUID(str(token))
        except ValueError as exc:
            raise ValidationError("Formuläret är ogiltigt. Ladda om sidan och försök igen.") from exc
    _officer_check(officer, diary=diary)
    case = Case(
        diary=diary,
        year=registered_on.year,
        sequence=1,  # placeholder: the real number is taken under the lock below
        title=title.strip(),
        description=description.strip(),
        registered_on=registered_on,
        officer=officer,
        initiating_party=initiating_party,
        registered_by=by,
        registration_token=token,
        imported=imported,
    )
    # Validate everything before taking the lock, so the lock is held only for the number and the insert.
    case.full_clean(exclude=["sequence", "registration_token"])
    counter = _counter_locked(diary=diary, year=registered_on.year)
    if token is not None:
        # Checked after taking the lock: a concurrent twin has committed by now and is found here.
        existing = Case.objects.select_related("diary").filter(registration_token=token).first()
        if existing is not None:
            existing.already_registered = True
            return existing
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    case.sequence = counter.last_sequence
    case.search_text = _search_text_case(case)
    _with_history_user(case, by).save()
    case.already_registered = False
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User | None = None,
    title: str | None = None,
    description: str | None = None,
    officer: User | None = None,
    initiating_party: Party | None = None,
    clear_officer: bool = False,
    clear_party: bool = False,
) -> Case:
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if title is not None:
        case.title = title.strip()
    if description is not None:
        case.description = description.strip()
    if officer is not None or clear_officer:
        _officer_check(officer, diary=case.diary)
        case.officer = officer
    if initiating_party is not None or clear_party:
        case.initiating_party = initiating_party
    case.search_text = _search_text_case(case)
    case.full_clean()
    _with_history_user(case, by).save()
    return case


@transaction.atomic
def case_status_change(*, case: Case, status: str, by: User | None = None) -> Case:
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.is_closed:
        raise ValidationError({"status": "Ärendet är avslutat och kan inte byta status."})
    if status == Case.Status.CLOSED:
        raise ValidationError({"status": "Använd ”Avsluta ärende” för att avsluta med ett skäl."})
    if status not in STATUS_ORDER:
        raise ValidationError({"status": "Okänd status."})
    if status == case.status:
        return case
    case.status = status
    case.full_clean()
    _with_history_user(case, by).save()
    return case


@transaction.atomic
def case_close(
    *, case: Case, reason: str, mistake: bool = False, by: User | None = None, closed_on: dt.date | None = None
) -> Case:
    """Close a case with a reason. ``mistake=True`` closes it as registered by mistake (felregistrerat):
    the number stays used and is never given again."""
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("Ärendet är redan avslutat.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till att ärendet avslutas."})
    case.status = Case.Status.CLOSED
    case.closure = Case.Closure.MISTAKE if mistake else Case.Closure.COMPLETED
    case.closed_on = closed_on or timezone.localdate()
    case.closing_reason = reason.strip()
    case.full_clean()
    _with_history_user(case, by).save()
    return case


@transaction.atomic
def case_set_publication(*, case: Case, withheld: bool, reason: str = "", by: User | None = None) -> Case:
    """Keep a case out of the e-diary (e.g. a personnel matter) with its reason, or publish it again.
    A withheld case keeps its number: the public diary shows it as "Ärende som inte publiceras" with its
    number and date only, so the numbering stays visibly gapless. Its documents' published files are
    not served while it is withheld."""
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    reason = " ".join(reason.split())
    if withheld and not reason:
        raise ValidationError({"reason": "Ange varför ärendet inte publiceras, t.ex. ”Personalärende”."})
    case.withheld_from_public = withheld
    case.withheld_reason = reason if withheld else ""
    case.full_clean()
    _with_history_user(case, by).save(update_fields=["withheld_from_public", "withheld_reason", "updated_at"])
    return case
