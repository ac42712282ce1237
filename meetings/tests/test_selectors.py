import datetime as dt

import pytest

from committee.models import Membership
from committee.tests.factories import CommitteeFactory, MembershipFactory, TermFactory
from meetings.models import Meeting
from meetings.selectors import meeting_members

pytestmark = pytest.mark.django_db


def test_meeting_members_are_those_in_force_on_the_meeting_date_chair_first(django_assert_num_queries):
    committee = CommitteeFactory()
    term = TermFactory(committee=committee, starts_on=dt.date(2019, 1, 1), ends_on=dt.date(2022, 12, 31))
    substitute = MembershipFactory(term=term, role=Membership.Role.SUBSTITUTE)
    chair = MembershipFactory(term=term, role=Membership.Role.CHAIR)
    member = MembershipFactory(term=term)
    MembershipFactory(term=term, ends_on=dt.date(2019, 12, 31))  # left before the meeting
    MembershipFactory(term=term, starts_on=dt.date(2020, 3, 1))  # joined after it
    MembershipFactory(term=TermFactory(starts_on=dt.date(2019, 1, 1)))  # another committee
    meeting = Meeting.objects.create(committee=committee, date=dt.date(2020, 2, 14), starts_at=dt.time(9))

    with django_assert_num_queries(1):
        members = list(meeting_members(meeting))
        names = [m.person.get_full_name() for m in members]

    assert members == [chair, member, substitute]
    assert len(names) == 3
