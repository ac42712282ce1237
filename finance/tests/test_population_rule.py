"""One reference date per split: the figures of 1 November of the year before the cost (SCB's 31 October
counts), never an older or newer one; without them the service refuses with names and date, unless the cost
item has an explicit date (with its reason) that every participant has, which every line then prints."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.models import Invoice
from finance.services import project_invoice_period
from parties.models import PopulationFigure
from parties.selectors import populations_at
from projects.models import AllocationKey, GroupMethod
from projects.services import cost_item_create, cost_item_population_date_set, cost_record, project_create

D = Decimal
pytestmark = pytest.mark.django_db


def _project(gns, codes=("2305", "2309", "2313")):
    return project_create(
        committee=gns.committee,
        name="Projekt",
        decision_reference="GNS/1/2019",
        decided_on=dt.date(2019, 1, 1),
        starts_on=dt.date(2019, 1, 1),
        participants=[gns[c] for c in codes],
    )


def test_scb_end_of_october_counts_as_1_november_and_nothing_else_does(gns):
    bracke = gns["2305"]
    PopulationFigure.objects.create(party=bracke, reference_date=dt.date(2022, 11, 1), population=6100, source="x")
    assert populations_at(parties=[bracke], reference_date=dt.date(2021, 11, 1))[bracke.pk].population == 6181
    assert populations_at(parties=[bracke], reference_date=dt.date(2022, 11, 1))[bracke.pk].population == 6100
    # 2020-12-31 is neither 1 November 2020 nor 2021: a 2021 cost finds nothing, a 2030 cost finds nothing
    assert populations_at(parties=[bracke], reference_date=dt.date(2020, 11, 1)) == {}
    assert populations_at(parties=[bracke], reference_date=dt.date(2029, 11, 1)) == {}


def test_a_cost_years_later_does_not_silently_use_old_figures(gns):
    project = _project(gns)
    item = cost_item_create(project=project, name="Post", key=AllocationKey.POPULATION)
    with pytest.raises(ValidationError) as info:
        cost_record(cost_item=item, incurred_on=dt.date(2030, 3, 1), amount=D("100"), description="x", document="y")
    message = " ".join(info.value.messages)
    assert "2029-11-01" in message and "Bräcke kommun, Krokoms kommun, Strömsunds kommun" in message


def test_one_split_never_mixes_reference_dates(gns):
    """Ragunda has the figure of 1 November 2021, Berg only an older one: the split is refused, naming Berg."""
    project = _project(gns, codes=("2303", "2326"))
    PopulationFigure.objects.filter(party=gns["2326"], reference_date=dt.date(2021, 10, 31)).delete()
    item = cost_item_create(project=project, name="Post", key=AllocationKey.POPULATION)
    with pytest.raises(ValidationError, match=r"2021-11-01.*saknas för Bergs kommun\."):
        cost_record(cost_item=item, incurred_on=dt.date(2022, 3, 1), amount=D("100"), description="x", document="y")


def test_explicit_reference_date_is_stored_with_its_reason_and_printed_on_every_line(gns, secretariat_client):
    project = _project(gns, codes=("23", "2303", "2326"))
    groups = [
        {"label": "Region", "party_kind": "region", "percent": D(50), "method": GroupMethod.EQUAL},
        {"label": "Kommunerna", "party_kind": "municipality", "percent": D(50), "method": GroupMethod.POPULATION},
    ]
    item = cost_item_create(
        project=project,
        name="Resor",
        key=AllocationKey.GROUPS,
        groups=groups,
        population_reference_date=dt.date(2020, 12, 31),
        population_reference_reason="Siffrorna för 1 november 2018 saknas; beslut GNS/8/2018.",
    )
    cost_record(cost_item=item, incurred_on=dt.date(2019, 5, 31), amount=D("10425"), description="Resor", document="R")
    invoices = project_invoice_period(
        project=project,
        period_end=dt.date(2019, 10, 31),
        invoice_date=dt.date(2019, 11, 15),
        due_date=dt.date(2019, 12, 15),
    )
    municipal = [line for i in invoices for line in i.lines.all() if line.group_label == "Kommunerna"]
    assert {line.population_date for line in municipal} == {dt.date(2020, 12, 31)}  # one date for the split
    assert all("beslut GNS/8/2018" in line.population_note for line in municipal)
    assert all("särskilt datum" in line.key for line in municipal)
    assert sum(line.amount for i in invoices for line in i.lines.all()) == D("10425")
    page = secretariat_client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "i stället för 1 november året före" in page and "beslut GNS/8/2018" in page
    invoice = invoices[1]
    html = secretariat_client.get(reverse("finance:invoice_detail", args=[invoice.pk])).content.decode()
    assert "Särskilt datum för folkmängden, 2020-12-31" in html


def test_explicit_date_must_exist_for_every_participant_and_needs_a_reason(gns):
    project = _project(gns)
    with pytest.raises(ValidationError, match="Ange skälet"):
        cost_item_create(
            project=project, name="A", key=AllocationKey.POPULATION, population_reference_date=dt.date(2020, 12, 31)
        )
    with pytest.raises(ValidationError, match="Folkmängd per 2019-12-31 saknas för Bräcke kommun"):
        cost_item_create(
            project=project,
            name="B",
            key=AllocationKey.POPULATION,
            population_reference_date=dt.date(2019, 12, 31),
            population_reference_reason="prov",
        )


def test_the_date_of_an_invoiced_item_cannot_change_afterwards(gns):
    project = _project(gns)
    item = cost_item_create(project=project, name="Post", key=AllocationKey.POPULATION)
    cost_record(cost_item=item, incurred_on=dt.date(2022, 3, 1), amount=D("100"), description="x", document="y")
    project_invoice_period(
        project=project, period_end=dt.date(2022, 3, 31), invoice_date=dt.date(2022, 4, 1), due_date=dt.date(2022, 5, 1)
    )
    with pytest.raises(ValidationError, match="i efterhand"):
        cost_item_population_date_set(
            cost_item=item, population_reference_date=dt.date(2020, 12, 31), population_reference_reason="x"
        )
    assert Invoice.objects.count() == 3


def test_choosing_a_date_through_the_page(gns, secretariat_client):
    project = _project(gns)
    item = cost_item_create(project=project, name="Post", key=AllocationKey.POPULATION)
    url = reverse("projects:cost_item_population", args=[item.pk])
    missing = secretariat_client.post(url, {"population_reference_date": "2020-12-31"})
    assert missing.status_code == 200 and 'id="id_population_reference_reason_error"' in missing.content.decode()
    ok = secretariat_client.post(
        url, {"population_reference_date": "2020-12-31", "population_reference_reason": "Beslut"}
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.population_reference_date == dt.date(2020, 12, 31) and item.population_reference_reason == "Beslut"
