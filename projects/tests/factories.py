import datetime as dt
from decimal import Decimal

import factory

from projects.models import AllocationKey, Cost, CostItem, Project, ProjectParticipant


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    committee = factory.SubFactory("committee.tests.factories.CommitteeFactory")
    name = factory.Sequence(lambda n: f"Testprojekt {n}")
    decision_reference = factory.Sequence(lambda n: f"TN/{n}/2022 §1")
    decided_on = dt.date(2022, 1, 10)
    starts_on = dt.date(2022, 1, 10)


class ProjectParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(ProjectFactory)
    party = factory.SubFactory("parties.tests.factories.PartyFactory")
    joined_on = factory.SelfAttribute("project.starts_on")


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kostnadspost {n}")
    key = AllocationKey.EQUAL
    budget = Decimal("100000")


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cost

    cost_item = factory.SubFactory(CostItemFactory)
    incurred_on = dt.date(2022, 3, 1)
    amount = Decimal("1000")
    description = "Konsult"
    document = "Faktura 1"
