"""Delegated decisions (delegationsbeslut, KL 6 kap. 40 §): recorded by officials, reported to the
committee by the agenda item of kind "delegation", whose paragraph lists them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from common.models import User

from ..models import DelegatedDecision


@transaction.atomic
def delegated_decision_record(
    *,
    committee,
    subject: str,
    decided_by: str,
    delegation_point: str,
    decided_on: dt.date,
    case: Case | None = None,
    by: User | None = None,
) -> DelegatedDecision:
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Beslutsdatumet kan inte ligga i framtiden."})
    if case is not None and committee.diary_id and case.diary_id != committee.diary_id:
        raise ValidationError({"case": "Ärendet hör inte till nämndens diarium."})
    decision = DelegatedDecision(
        committee=committee,
        case=case,
        subject=subject.strip(),
        decided_by=decided_by.strip(),
        delegation_point=delegation_point.strip(),
        decided_on=decided_on,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    return decision
