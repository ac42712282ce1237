import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import AllocationKey, CostItem, Project
from projects.services import cost_item_create, cost_record, project_create

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def project(gns):
    project = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"], gns["2313"]],
    )
    for n in range(3):
        item = cost_item_create(project=project, name=f"Post {n}", key=AllocationKey.POPULATION, budget=D("1000"))
        cost_record(cost_item=item, incurred_on=dt.date(2022, 3, 1), amount=D("10"), description="x", document="y")
    return project


def test_list_and_detail_pinned(secretariat_client, project, django_assert_num_queries):
    with django_assert_num_queries(5):  # session, user, roles, page count, the page's projects
        response = secretariat_client.get(reverse("projects:list"))
    assert "Digital transformation" in response.content.decode()
    with django_assert_num_queries(12):  # + the reserved funds that finance the project
        response = secretariat_client.get(reverse("projects:detail", args=[project.pk]))
    html = response.content.decode()
    assert "Strömsunds kommun" in html and "Efter folkmängd" in html and "3\u00a0000,00" in html


def test_forms_pinned(secretariat_client, project, django_assert_num_queries):
    with django_assert_num_queries(10):
        assert secretariat_client.get(reverse("projects:cost_item_create", args=[project.pk])).status_code == 200
    with django_assert_num_queries(12):
        assert secretariat_client.get(reverse("projects:cost_record", args=[project.pk])).status_code == 200


def test_create_without_participants_shows_error_next_to_field(secretariat_client, gns):
    response = secretariat_client.post(
        reverse("projects:create"),
        {
            "committee": gns.committee.pk,
            "name": "Nytt",
            "decision_reference": "GNS/1/2024",
            "decided_on": "2024-01-10",
            "starts_on": "2024-01-10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_participants_error"' in html
    assert "Välj minst en deltagande part" in html
    assert not Project.objects.filter(name="Nytt").exists()


def test_create_project(secretariat_client, gns):
    response = secretariat_client.post(
        reverse("projects:create"),
        {
            "committee": gns.committee.pk,
            "name": "Nytt",
            "decision_reference": "GNS/1/2024",
            "decided_on": "2024-01-10",
            "starts_on": "2024-01-10",
            "participants": [gns["2305"].pk, gns["2309"].pk],
        },
    )
    project = Project.objects.get(name="Nytt")
    assert response.status_code == 302 and project.participants.count() == 2


def test_fixed_percentages_error_next_to_field(secretariat_client, project, gns):
    data = {"name": "Fast", "key": "fixed", "budget": "100", f"share_{gns['2305'].pk}": "50"}
    response = secretariat_client.post(reverse("projects:cost_item_create", args=[project.pk]), data)
    html = response.content.decode()
    assert f'id="id_share_{gns["2305"].pk}_error"' in html and "tillsammans bli 100 % (nu 50 %)" in html
    assert not CostItem.objects.filter(name="Fast").exists()


def test_cost_item_form_saves_the_rounding_and_detail_shows_it(secretariat_client, project):
    url = reverse("projects:cost_item_create", args=[project.pk])
    html = secretariat_client.get(url).content.decode()
    assert 'name="rounding"' in html and "Hela kronor" in html and "5 213 + 5 212" in html
    data = {"name": "Resor", "key": "population", "budget": "1000", "rounding": "krona"}
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    item = CostItem.objects.get(project=project, name="Resor")
    assert item.rounding == "krona"
    secretariat_client.post(url, {"name": "Utan val", "key": "population", "budget": "10"})
    assert CostItem.objects.get(project=project, name="Utan val").rounding == "ore"
    html = secretariat_client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Avrundning: hela kronor" in html and "Avrundning: öre (2 decimaler)" in html


def test_cost_record_ore_on_whole_kronor_item_error_next_to_amount(secretariat_client, project):
    item = project.cost_items.first()
    item.rounding = "krona"
    item.save()
    response = secretariat_client.post(
        reverse("projects:cost_record", args=[project.pk]),
        {"cost_item": item.pk, "incurred_on": "2022-03-01", "amount": "100.50", "description": "z", "document": "y"},
    )
    html = response.content.decode()
    assert 'id="id_amount_error"' in html and "fördelas i hela kronor" in html
    assert not item.costs.filter(description="z").exists()


def test_cost_record_missing_population_error_next_to_date(secretariat_client, project):
    item = project.cost_items.first()
    response = secretariat_client.post(
        reverse("projects:cost_record", args=[project.pk]),
        {"cost_item": item.pk, "incurred_on": "2021-03-01", "amount": "100", "description": "x", "document": "y"},
    )
    html = response.content.decode()
    assert 'id="id_incurred_on_error"' in html and "saknas för Bräcke kommun" in html and "2020-11-01" in html


def test_party_representative_gets_403(client, project, rep_of, gns):
    client.force_login(rep_of(gns["2305"]))
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 403


def test_list_is_paginated_with_the_same_query_count_on_every_page(
    secretariat_client, project, django_assert_num_queries
):
    from projects.tests.factories import ProjectFactory

    ProjectFactory.create_batch(54, committee=project.committee)  # 55 projects in all
    url = reverse("projects:list")
    with django_assert_num_queries(5):
        first = secretariat_client.get(url).content.decode()
    with django_assert_num_queries(5):
        second = secretariat_client.get(url + "?sida=2").content.decode()
    rows = re.compile(r'href="/projekt/\d+/"')
    assert len(rows.findall(first)) == 50 and "Sida 1 av 2" in first and 'rel="next"' in first
    assert len(rows.findall(second)) == 5 and "Sida 2 av 2" in second and 'rel="prev"' in second
