import datetime as dt

import factory

from parties.models import Party, PartyRepresentative, PopulationFigure


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kind = Party.Kind.MUNICIPALITY
    code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    active_from = dt.date(2018, 1, 1)
    invoice_address = factory.LazyAttribute(lambda p: f"{p.name}\nEkonomiavdelningen")
    invoice_reference = "Ansvar 1234"


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    party = factory.SubFactory(PartyFactory)
    reference_date = dt.date(2020, 11, 1)
    population = 10_000
    source = "SCB"


class PartyRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyRepresentative

    user = factory.SubFactory("common.tests.factories.UserFactory")
    party = factory.SubFactory(PartyFactory)
