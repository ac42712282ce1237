"""Property tests of the pure rules: § numbering, votes, the appeal deadline, who serves."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from protocol.attendance import Seat, serving_at
from protocol.rules import (
    ABSTAIN,
    NO,
    TIE,
    YES,
    appeal_deadline,
    number_drafts,
    numbering_is_gapless,
    quorum,
    take_down_on,
    vote_result,
)


@given(st.integers(min_value=0, max_value=500), st.lists(st.integers(min_value=0, max_value=40), max_size=20))
def test_drafts_continue_the_fixed_numbers_without_gaps(fixed, sizes):
    numbers = number_drafts(fixed_count=fixed, draft_sizes=sizes)
    assert [len(n) for n in numbers] == sizes
    flat = [n for protocol in numbers for n in protocol]
    assert numbering_is_gapless(list(range(1, fixed + 1)) + flat)
    for protocol in numbers:  # each protocol's paragraphs are consecutive
        assert protocol == list(range(protocol[0], protocol[0] + len(protocol))) if protocol else True


@given(st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=10), st.data())
def test_fixing_any_draft_first_keeps_the_year_gapless(sizes, data):
    """Adjusting the protocols in any order: each is renumbered first among the drafts, then fixed."""
    drafts = list(range(len(sizes)))
    fixed = 0
    seen = []
    while drafts:
        chosen = data.draw(st.sampled_from(drafts))
        order = [chosen] + [d for d in drafts if d != chosen]
        numbers = number_drafts(fixed_count=fixed, draft_sizes=[sizes[d] for d in order])
        seen.extend(numbers[0])
        fixed += sizes[chosen]
        drafts.remove(chosen)
        assert numbering_is_gapless(seen)
    assert sorted(seen) == list(range(1, sum(sizes) + 1))


def test_numbering_refuses_negative_sizes():
    import pytest

    with pytest.raises(ValueError):
        number_drafts(fixed_count=0, draft_sizes=[-1])


@given(st.lists(st.sampled_from([YES, NO, ABSTAIN]), max_size=25), st.sampled_from([YES, NO, ABSTAIN, None]))
def test_vote_result_majority_or_casting_vote(choices, chair):
    result = vote_result(choices, chair_choice=chair)
    assert result.yes + result.no + result.abstain == len(choices)
    if result.yes > result.no:
        assert result.outcome == YES and not result.casting_vote
    elif result.no > result.yes:
        assert result.outcome == NO and not result.casting_vote
    elif chair in (YES, NO):
        assert result.outcome == chair and result.casting_vote
    else:
        assert result.outcome == TIE


def test_vote_examples():
    assert vote_result([YES, YES, NO], chair_choice=NO).outcome == YES
    tie = vote_result([YES, NO, YES, NO], chair_choice=NO)
    assert tie.outcome == NO and tie.casting_vote and "utslagsröst" in tie.label
    assert vote_result([YES, NO, ABSTAIN], chair_choice=ABSTAIN).outcome == TIE


dates = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2030, 12, 31))


@given(st.lists(dates, min_size=1, max_size=12))
def test_deadline_is_three_weeks_after_the_latest_party_posting(postings):
    deadline = appeal_deadline(postings)
    assert deadline == max(postings) + dt.timedelta(days=21)
    assert all(deadline >= p + dt.timedelta(days=21) for p in postings)


@given(st.lists(dates, min_size=1, max_size=12), st.integers(min_value=0, max_value=11))
def test_no_deadline_while_a_party_is_missing(postings, missing):
    postings = list(postings)
    postings[missing % len(postings)] = None
    assert appeal_deadline(postings) is None


@given(dates, st.integers(min_value=0, max_value=60))
def test_the_notice_stays_up_three_weeks_and_until_the_deadline(posted, late):
    deadline = appeal_deadline([posted, posted + dt.timedelta(days=late)])
    down = take_down_on(posted_on=posted, deadline=deadline)
    assert down > deadline and down >= posted + dt.timedelta(days=22)


def test_appeal_example_from_a_late_party():
    # Adjusted and posted 2020-02-20; the last party posts 2020-02-24: appeal until 2020-03-16.
    assert appeal_deadline([dt.date(2020, 2, 20), dt.date(2020, 2, 24)]) == dt.date(2020, 3, 16)


def test_quorum_needs_more_than_half():
    assert quorum(5, 9) and not quorum(4, 8) and quorum(5, 8) and not quorum(0, 0)


def test_serving_follows_replacements_and_conflicts():
    seats = [
        Seat(1, "member", True),
        Seat(2, "member", False),
        Seat(3, "member", True),
        Seat(10, "substitute", True, replaces_id=2, serves_from=1),
        Seat(11, "substitute", True, replaces_id=3, serves_from=3),
        Seat(12, "substitute", True),
        Seat(20, "other", True),
    ]
    assert serving_at(seats, 1) == {1, 3, 10}
    assert serving_at(seats, 3) == {1, 10, 11}
    assert serving_at(seats, 2, conflicts=[(1, 12)]) == {3, 10, 12}
    assert serving_at(seats, 2, conflicts=[(1, None)]) == {3, 10}
