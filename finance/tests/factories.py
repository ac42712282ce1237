import datetime as dt
from decimal import Decimal

import factory

from finance.models import Budget, Invoice, InvoiceLine


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    committee = factory.SubFactory("committee.tests.factories.CommitteeFactory")
    year = 2020
    base_amount = Decimal("914400")


class InvoiceFactory(factory.django.DjangoModelFactory):
    """A draft invoice with one line of ``total`` kronor (issue it with ``invoice_issue``)."""

    class Meta:
        model = Invoice

    committee = factory.SubFactory("committee.tests.factories.CommitteeFactory")
    party = factory.SubFactory("parties.tests.factories.PartyFactory")
    kind = Invoice.Kind.RECHARGE
    year = 2022
    title = factory.Sequence(lambda n: f"Faktura {n}")
    invoice_date = dt.date(2022, 2, 1)
    due_date = dt.date(2022, 3, 1)
    total = Decimal("1000.00")

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create and extracted is not False:
            InvoiceLine.objects.create(
                invoice=self,
                order=1,
                description="Serverdrift",
                key="Faktisk kostnad",
                basis_total=self.total,
                share_percent=Decimal("100"),
                amount=self.total,
            )
