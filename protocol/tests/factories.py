"""A meeting ready for its protocol: a committee with three parties, a chair, four members and two
substitutes (all with the password ``TEST_PASSWORD``), a held meeting and an agenda of four items.
``published=False`` gives a planned meeting instead, whose notice is still to be sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cases.models import Case
from cases.tests.factories import CaseFactory
from committee.models import Committee, Membership
from committee.tests.factories import CommitteeFactory, CommitteePartyFactory, MembershipFactory, TermFactory
from common.models import Role, User
from common.tests.factories import TEST_PASSWORD, UserFactory
from meetings.models import AgendaItem, Meeting
from parties.tests.factories import PartyFactory

__all__ = ["TEST_PASSWORD", "Setup", "add_meeting", "setup_meeting"]

MEETING_DAY = dt.date(2020, 2, 14)


@dataclass
class Setup:
    committee: Committee
    meeting: Meeting
    secretary: User
    chair: User
    members: list[User]
    substitutes: list[User]
    parties: list
    cases: list[Case] = field(default_factory=list)


def add_meeting(
    committee: Committee, *, date: dt.date, cases: list[Case] = (), items: int = 0, published: bool = True
) -> Meeting:
    """A meeting with its agenda: held, its notice sent at 08:00 on the day; or, with ``published=False``,
    planned, without a notice (the secretariat publishes it)."""
    meeting = Meeting.objects.create(
        committee=committee,
        date=date,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place="Styrelserummet",
        status=Meeting.Status.HELD if published else Meeting.Status.PLANNED,
        published_at=dt.datetime(date.year, date.month, date.day, 8, tzinfo=dt.UTC) if published else None,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind="opening",
        title="Val av justerare och tid för justering",
        proposal="Ordföranden och en ledamot justerar protokollet digitalt.",
    )
    position = 1
    for case in cases:
        position += 1
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind="case",
            case=case,
            title=case.title,
            description=f"Ärendebeskrivning för {case.title}.",
            proposal=f"{case.title} godkänns.",
        )
    for _ in range(items):
        position += 1
        AgendaItem.objects.create(
            meeting=meeting, position=position, kind="information", title=f"Information {position}"
        )
    return meeting


def setup_meeting(*, date: dt.date = MEETING_DAY, case_count: int = 2, published: bool = True) -> Setup:
    committee = CommitteeFactory()
    parties = [PartyFactory() for _ in range(3)]
    for party in parties:
        CommitteePartyFactory(committee=committee, party=party)
    # 2019–2022, stretched to the meeting's year when it lies outside, so the members serve on the day.
    term = TermFactory(
        committee=committee,
        starts_on=min(dt.date(2019, 1, 1), dt.date(date.year, 1, 1)),
        ends_on=max(dt.date(2022, 12, 31), dt.date(date.year, 12, 31)),
    )
    chair = UserFactory(first_name="Cecilia", last_name="Ordförande", roles=[Role.MEMBER])
    MembershipFactory(term=term, person=chair, role=Membership.Role.CHAIR, on_behalf_of=parties[0])
    members = [UserFactory(first_name="Ledamot", last_name=f"Nummer{i}", roles=[Role.MEMBER]) for i in range(4)]
    for i, person in enumerate(members):
        MembershipFactory(term=term, person=person, on_behalf_of=parties[i % 3])
    substitutes = [UserFactory(first_name="Ersättare", last_name=f"Nummer{i}", roles=[Role.MEMBER]) for i in range(2)]
    for i, person in enumerate(substitutes):
        MembershipFactory(term=term, person=person, role=Membership.Role.SUBSTITUTE, on_behalf_of=parties[i])
    secretary = UserFactory(first_name="Sara", last_name="Sekreterare")
    from common.services import role_grant

    role_grant(user=secretary, role=Role.SECRETARIAT, committee=committee)
    cases = [CaseFactory(title=f"Testärende {i}", registered_on=dt.date(2019, 11, 1)) for i in range(case_count)]
    meeting = add_meeting(committee, date=date, cases=cases, items=1, published=published)
    return Setup(committee, meeting, secretary, chair, members, substitutes, parties, cases)
