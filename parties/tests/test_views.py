import datetime as dt

import pytest
from django.urls import reverse

from parties.models import Party, PopulationFigure
from parties.tests.factories import PartyFactory, PopulationFigureFactory

pytestmark = pytest.mark.django_db


def test_party_list_pins_its_queries_and_sorts_swedish(secretariat_client, django_assert_num_queries):
    for name in ["Östersunds kommun", "Åre kommun", "Bräcke kommun", "Strömsunds kommun"]:
        PartyFactory(name=name)
    secretariat_client.get("/")  # warm the session
    with django_assert_num_queries(4):  # session, user, roles, parties
        response = secretariat_client.get(reverse("parties:list"))
    names = [p.name for p in response.context["parties"]]
    assert names == ["Bräcke kommun", "Strömsunds kommun", "Åre kommun", "Östersunds kommun"]


def test_party_detail_pins_its_queries(secretariat_client, django_assert_num_queries):
    party = PartyFactory()
    for year in range(2015, 2025):
        PopulationFigureFactory(party=party, reference_date=dt.date(year, 11, 1))
    with django_assert_num_queries(5):  # session, user, roles, party, figures
        response = secretariat_client.get(reverse("parties:detail", args=[party.pk]))
    assert response.status_code == 200
    assert len(response.context["figures"]) == 10
    assert "2024-11-01" in response.content.decode()


def test_create_party(secretariat_client):
    response = secretariat_client.post(
        reverse("parties:create"),
        {
            "name": "Ånge kommun",
            "kind": "municipality",
            "code": "2260",
            "org_number": "212000-2411",
            "invoice_address": "Ånge kommun\nBox 1",
            "invoice_reference": "E-förvaltning",
            "invoice_email": "faktura@ange.se",
            "active_from": "2021-01-01",
            "active_to": "",
        },
    )
    party = Party.objects.get(code="2260")
    assert response.status_code == 302 and response["Location"] == reverse("parties:detail", args=[party.pk])
    assert party.name == "Ånge kommun" and party.history.count() == 1


def test_create_party_shows_errors_at_the_field_and_keeps_input(secretariat_client):
    response = secretariat_client.post(
        reverse("parties:create"),
        {"name": "Ånge kommun", "kind": "municipality", "code": "22", "org_number": "123", "active_from": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "org_number" in form.errors and "active_from" in form.errors
    html = response.content.decode()
    assert 'value="Ånge kommun"' in html
    assert "Ange från vilket datum parten är aktiv." in html
    assert not Party.objects.exists()


def test_service_rule_error_is_shown_at_the_field(secretariat_client):
    response = secretariat_client.post(
        reverse("parties:create"),
        {"name": "Ånge kommun", "kind": "municipality", "code": "22", "active_from": "2021-01-01"},
    )
    assert response.context["form"].errors["code"] == ["En kommunkod har fyra siffror, t.ex. 2305."]
    assert not Party.objects.exists()


def test_update_party(secretariat_client):
    party = PartyFactory(name="Bräcke kommun", code="2305")
    data = {"name": "Bräcke kommun", "kind": "municipality", "code": "2305", "active_from": "2018-01-01"}
    data["invoice_reference"] = "Ny referens"
    response = secretariat_client.post(reverse("parties:update", args=[party.pk]), data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.invoice_reference == "Ny referens"
    assert party.history.count() == 2


def test_update_party_rejects_end_before_start(secretariat_client):
    party = PartyFactory(name="Bräcke kommun", code="2305")
    data = {"name": "Bräcke kommun", "kind": "municipality", "code": "2305", "active_from": "2018-01-01"}
    data["active_to"] = "2017-01-01"
    response = secretariat_client.post(reverse("parties:update", args=[party.pk]), data)
    assert "active_to" in response.context["form"].errors
    party.refresh_from_db()
    assert party.active_to is None


def test_add_population_figure_and_duplicate_is_refused(secretariat_client):
    party = PartyFactory()
    url = reverse("parties:population_create", args=[party.pk])
    data = {"reference_date": "2023-11-01", "population": "6150", "source": "SCB"}
    assert secretariat_client.post(url, data).status_code == 302
    response = secretariat_client.post(url, {**data, "population": "6200"})
    assert response.status_code == 200
    assert "har redan en folkmängd" in response.context["form"].errors["reference_date"][0]
    assert list(PopulationFigure.objects.values_list("population", flat=True)) == [6150]


def test_import_page_reports_bad_rows_and_imports_nothing(secretariat_client):
    PartyFactory(code="2305", name="Bräcke kommun")
    upload = _upload("region;namn;period;folkmängd\n2305;Bräcke;2020;6181\n2399;Okänd;2020;5\n")
    response = secretariat_client.post(reverse("parties:population_import"), {"file": upload, "source": "SCB"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen lästes inte in" in html and "Rad 3:" in html
    assert not PopulationFigure.objects.exists()
    assert 'value="SCB"' in html  # input kept


def test_import_page_shows_summary(secretariat_client):
    PartyFactory(code="2305", name="Bräcke kommun")
    PartyFactory(code="2303", name="Ragunda kommun")
    upload = _upload("2305 Bräcke;2020;6181\n2303 Ragunda;2020;5208\n", encoding="cp1252")
    response = secretariat_client.post(reverse("parties:population_import"), {"file": upload, "source": "SCB"})
    html = response.content.decode()
    assert "Inläsningen är klar" in html and "2 nya siffror" in html
    assert PopulationFigure.objects.count() == 2


def test_import_requires_a_file(secretariat_client):
    response = secretariat_client.post(reverse("parties:population_import"), {"source": "SCB"})
    assert response.context["form"].errors["file"] == ["Välj en fil att läsa in."]


def _upload(text, encoding="utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("folkmangd.csv", text.encode(encoding), content_type="text/csv")


def test_navigation_marks_the_current_section_and_follows_roles(client, secretariat_user, member_user):
    client.force_login(secretariat_user)
    html = client.get(reverse("parties:list")).content.decode()
    assert f'<a href="{reverse("parties:list")}" aria-current="page">Parter</a>' in html
    client.force_login(member_user)
    html = client.get(reverse("home")).content.decode()
    assert reverse("parties:list") not in html  # members do not see the parties section
    assert reverse("committee:list") in html
