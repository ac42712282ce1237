"""Pure rules of the protocol, neither reads nor writes: § numbering, the result of a vote, the appeal
deadline. Property-tested in ``protocol/tests/test_rules.py``.

**§ numbering** (KL 5 kap. 69 §, DOMAIN.md "Protocol"): the paragraphs of a committee are numbered
continuously through the calendar year, without gaps. Numbers of adjusted protocols are fixed for ever
and always form 1..F; the drafts of the year follow, in order, from F + 1.

**Votes** (KL 5 kap. 55 §): every serving member votes ja, nej or avstår; the side with more votes wins; on
a tie the chair's vote decides (*utslagsröst*); a chair who abstained cannot cast it, and the tie stands
as a tie in the result (``TIE``), which the service refuses.

**Appeal deadline** (KL 13 kap. 5 §, 8 kap. 12 §): three weeks from the day the notice of adjustment was
posted; for a joint committee from the day it was posted on the notice board of the last party. The
notice stays up at least three weeks and until the deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

APPEAL_PERIOD = dt.timedelta(weeks=3)


# --- § numbering ---------------------------------------------------------------------------------


def number_drafts(*, fixed_count: int, draft_sizes: Sequence[int]) -> list[list[int]]:
    """The § numbers of the year's draft protocols, in order, after ``fixed_count`` fixed paragraphs.

    ``draft_sizes`` is the number of paragraphs of each draft protocol in the order they are numbered.
    Returns one list of numbers per draft: continuous, no gaps, no duplicates."""
    if fixed_count < 0 or any(size < 0 for size in draft_sizes):
        raise ValueError("Antalet paragrafer kan inte vara negativt.")
    result, next_number = [], fixed_count + 1
    for size in draft_sizes:
        result.append(list(range(next_number, next_number + size)))
        next_number += size
    return result


def numbering_is_gapless(numbers: Iterable[int]) -> bool:
    """Whether ``numbers`` are exactly 1..n, each once."""
    ordered = sorted(numbers)
    return ordered == list(range(1, len(ordered) + 1))


# --- Votes -----------------------------------------------------------------------------------------

YES, NO, ABSTAIN = "ja", "nej", "avstar"
TIE = "lika"


@dataclass(frozen=True)
class VoteResult:
    yes: int
    no: int
    abstain: int
    outcome: str  # YES, NO or TIE
    casting_vote: bool  # the chair's vote decided a tie

    @property
    def label(self) -> str:
        if self.outcome == TIE:
            return "Lika röstetal utan utslagsröst"
        side = "ja" if self.outcome == YES else "nej"
        how = " genom ordförandens utslagsröst" if self.casting_vote else ""
        return f"{self.yes} ja, {self.no} nej, {self.abstain} avstår: {side}-sidan vinner{how}"


def vote_result(choices: Iterable[str], *, chair_choice: str | None) -> VoteResult:
    """The result of a vote from each serving member's choice (``chair_choice``: the chair's own, if the
    chair served and voted; it is also among ``choices``)."""
    counts = {YES: 0, NO: 0, ABSTAIN: 0}
    for choice in choices:
        if choice not in counts:
            raise ValueError(f"Okänt röstalternativ: {choice!r}")
        counts[choice] += 1
    yes, no = counts[YES], counts[NO]
    if yes != no:
        return VoteResult(yes, no, counts[ABSTAIN], YES if yes > no else NO, False)
    if chair_choice in (YES, NO):
        return VoteResult(yes, no, counts[ABSTAIN], chair_choice, True)
    return VoteResult(yes, no, counts[ABSTAIN], TIE, False)


# --- Appeal deadline ---------------------------------------------------------------------------------


def appeal_deadline(party_postings: Iterable[dt.date | None]) -> dt.date | None:
    """The last day to appeal: three weeks after the latest party posting; None while any party has not
    posted (the period has not started)."""
    postings = list(party_postings)
    if not postings or any(day is None for day in postings):
        return None
    return max(postings) + APPEAL_PERIOD


def take_down_on(*, posted_on: dt.date, deadline: dt.date | None) -> dt.date | None:
    """The first day the notice may come down: three weeks after posting, and not before the appeal
    deadline has passed; None while the deadline is not known."""
    if deadline is None:
        return None
    return max(posted_on + APPEAL_PERIOD, deadline) + dt.timedelta(days=1)


def quorum(serving: int, seats: int) -> bool:
    """The committee may decide when more than half of its members serve (KL 6 kap. 27 §)."""
    return seats > 0 and serving * 2 > seats
