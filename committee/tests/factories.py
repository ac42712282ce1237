import datetime as dt

import factory

from committee.models import Committee, CommitteeParty, Membership, Term


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Gemensam testnämnd {n}")
    short_name = factory.Sequence(lambda n: f"TN{n}")
    host_party = factory.SubFactory("parties.tests.factories.PartyFactory", kind="region", code="")
    notice_days = 7


class CommitteePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeParty

    committee = factory.SubFactory(CommitteeFactory)
    party = factory.SubFactory("parties.tests.factories.PartyFactory")
    joined_on = dt.date(2018, 1, 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    committee = factory.SubFactory(CommitteeFactory)
    starts_on = dt.date(2023, 1, 1)
    ends_on = dt.date(2026, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory("common.tests.factories.UserFactory")
    term = factory.SubFactory(TermFactory)
    committee = factory.SelfAttribute("term.committee")
    role = Membership.Role.MEMBER
    on_behalf_of = factory.SubFactory("parties.tests.factories.PartyFactory")
    political_party = "S"
    starts_on = factory.SelfAttribute("term.starts_on")
    ends_on = factory.SelfAttribute("term.ends_on")
