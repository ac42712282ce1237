"""The money in the demo data follows the seeds' calendar (issue 7, point 8) and is built by the services
(so it passes every rule the portal enforces)."""

import datetime as dt
import re
import types
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common.models import User

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))


def test_demo_money_follows_the_seeds_calendar(demo, client):
    from cases.models import Case
    from committee.models import CommitteeParty
    from finance.models import Invoice, InvoiceLine, ReservationUse
    from finance.selectors import committee_balance
    from finance.services import party_order
    from parties.models import Party
    from projects.models import Cost, Project

    assert set(CommitteeParty.objects.values_list("joined_on", flat=True)) == {dt.date(2018, 7, 1)}
    assert all(p.org_number and p.invoice_address for p in Party.objects.all())
    assert Case.objects.get(diary__prefix="GNS", sequence=3, year=2019).initiating_party.code == "2309"  # Krokom

    link2 = Project.objects.get(name__contains="LINK2")
    assert (link2.decided_on, link2.ends_on, link2.case.number) == (
        dt.date(2018, 8, 24),
        dt.date(2019, 10, 31),
        "GNS/8/2018",
    )
    assert {c.incurred_on.year for c in Cost.objects.filter(cost_item__project=link2)} == {2018, 2019}
    lines = list(InvoiceLine.objects.filter(invoice__project=link2))
    assert sum(line.amount for line in lines) == D("2756425")
    assert sum(line.amount for line in lines if line.invoice.party.code == "23") == D("2246213")
    population_lines = [line for line in lines if line.population]
    assert population_lines and all(
        line.population_date == dt.date(2020, 12, 31) and "Särskilt datum" in line.population_note
        for line in population_lines
    )
    assert link2.status == Project.Status.CLOSED

    digital = Project.objects.get(name="Digital transformation")
    assert not digital.invoices.exists() and not Cost.objects.filter(cost_item__project=digital).exists()
    funding = ReservationUse.objects.get(project=digital)
    assert (funding.amount, funding.decision_reference) == (D("416500"), "GNS/2/2020")

    today = timezone.localdate()
    for year in range(2018, today.year + 1):
        base = sorted(Invoice.objects.filter(kind=Invoice.Kind.BASE, year=year), key=lambda i: i.number)
        assert len(base) == 9, year
        assert [i.party for i in base] == sorted((i.party for i in base), key=party_order)  # numbered in order
        paid = {i.status for i in base}
        assert paid == ({Invoice.Status.PAID} if year < today.year else {Invoice.Status.ISSUED}), year
    assert all(i.pdf_id for i in Invoice.objects.exclude(status=Invoice.Status.DRAFT))

    years = {y.year: y for y in committee_balance(committee=link2.committee).years}
    assert years[2018].closing == D("745000") == years[2018].reserved
    assert years[2019].reserved == D("416500") and years[2020].reserved == 0

    # nothing in the data says "demo" or "seed" (names and texts users see)
    texts = [
        *Project.objects.values_list("description", flat=True),
        *Invoice.objects.values_list("title", flat=True),
        *InvoiceLine.objects.values_list("description", flat=True),
        *InvoiceLine.objects.values_list("population_note", flat=True),
    ]
    assert not [t for t in texts if re.search(r"\bdemo|\bseed", t, re.IGNORECASE)]
    client.force_login(User.objects.get(username="sekreterare"))
    for url in (
        reverse("finance:overview"),
        reverse("finance:reservations", args=["GNS"]),
        reverse("projects:detail", args=[link2.pk]),
        reverse("projects:detail", args=[digital.pk]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"\bdemo|\bseed", html, re.IGNORECASE), url
