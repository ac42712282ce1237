"""The case's memo (tjänsteskrivelse) and its decision documents."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from common.models import User

from ..models import Case, Memo
from ._common import _with_history_user


def _search_text_memo(memo: Memo) -> str:
    return "\n".join([memo.heading, memo.background, memo.significance, memo.result, memo.proposal]).lower()


@transaction.atomic
def memo_save(
    *,
    case: Case,
    by: User | None,
    heading: str,
    body_name: str,
    memo_date: dt.date,
    author: User,
    proposal: str,
    unit: str = "Sekretariatet",
    background: str = "",
    significance: str = "",
    result: str = "",
    proposal_heading: str = "Förslag till beslut",
    decision_documents=(),
    extract_recipients: str = "",
    signatories: str = "",
) -> Memo:
    """Create or update the case's memo (tjänsteskrivelse)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    memo = Memo.objects.filter(case=case).first() or Memo(case=case)
    memo.heading = heading.strip()
    memo.body_name = body_name.strip()
    memo.memo_date = memo_date
    memo.unit = unit.strip()
    memo.author = author
    memo.background = background.strip()
    memo.significance = significance.strip()
    memo.result = result.strip()
    memo.proposal_heading = proposal_heading.strip() or "Förslag till beslut"
    memo.proposal = proposal.strip()
    memo.extract_recipients = extract_recipients.strip()
    memo.signatories = signatories.strip()
    memo.search_text = _search_text_memo(memo)
    documents = list(decision_documents)
    foreign = [d for d in documents if d.case_id != case.pk]
    if foreign:
        raise ValidationError({"decision_documents": "Beslutsunderlaget får bara innehålla ärendets egna handlingar."})
    memo.full_clean()
    _with_history_user(memo, by).save()
    memo.decision_documents.set(documents)
    return memo
