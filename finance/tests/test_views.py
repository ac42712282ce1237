import csv
import datetime as dt
import io
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from finance.models import Invoice
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_issue,
    project_invoice_period,
    reservation_decide,
)
from projects.models import AllocationKey
from projects.services import cost_item_create, cost_record, project_create

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def money(gns):
    """Issued 2020 base invoices for all nine, and issued 2022 project invoices (Bräcke, Krokom, Strömsund)."""
    budget = budget_set(committee=gns.committee, year=2020, base_amount=D("914400"))
    base = {i.party.code: invoice_issue(invoice=i) for i in base_contribution_propose(budget=budget)}
    project = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"], gns["2313"]],
    )
    item = cost_item_create(project=project, name="E-strateg", key=AllocationKey.POPULATION)
    for month in (3, 6, 9):
        cost_record(
            cost_item=item, incurred_on=dt.date(2022, month, 30), amount=D("75000"), description="kv", document="L"
        )
    drafts = project_invoice_period(
        project=project,
        period_end=dt.date(2022, 12, 31),
        invoice_date=dt.date(2023, 1, 10),
        due_date=dt.date(2023, 2, 10),
    )
    projects = {i.party.code: invoice_issue(invoice=i) for i in drafts}
    return {"base": base, "project": projects, "project_obj": project}


@pytest.fixture
def bracke_client(client, gns, rep_of):
    client.force_login(rep_of(gns["2305"]))
    return client


def test_party_portal_shows_own_invoices_with_basis(bracke_client, money, django_assert_num_queries):
    with django_assert_num_queries(9):
        response = bracke_client.get(reverse("party:portal") + "?ar=2022")
    html = response.content.decode()
    assert response.status_code == 200
    assert money["project"]["2305"].number in html
    assert "6\u00a0181" in html and "2021-10-31" in html  # the population and its reference date
    assert "folkmängd 1 november 2021" in html
    assert money["project"]["2309"].number not in html  # Krokom's invoice
    assert "101\u00a0600,00" in html  # year table (2020 base contribution)
    assert "<svg" in html and "fakturerat per år" in html


def test_party_portal_query_count_does_not_grow_with_invoices(bracke_client, money, django_assert_num_queries):
    with django_assert_num_queries(9):
        bracke_client.get(reverse("party:portal") + "?ar=2020")


def test_party_invoice_detail_and_pdf(bracke_client, money, django_assert_num_queries):
    invoice = money["project"]["2305"]
    with django_assert_num_queries(8):
        response = bracke_client.get(reverse("party:invoice", args=[invoice.pk]))
    assert response.status_code == 200 and invoice.ocr in response.content.decode()
    pdf = bracke_client.get(reverse("party:invoice_pdf", args=[invoice.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_other_partys_invoice_is_403_and_identical_to_missing(bracke_client, money):
    other = money["project"]["2309"]
    for name in ("party:invoice", "party:invoice_pdf"):
        foreign = bracke_client.get(reverse(name, args=[other.pk]))
        missing = bracke_client.get(reverse(name, args=[999_999]))
        assert foreign.status_code == missing.status_code == 403
        assert _without_csrf(foreign.content) == _without_csrf(missing.content)
        assert other.number.encode() not in foreign.content


def test_representative_cannot_reach_secretariat_finance(bracke_client, money):
    assert bracke_client.get(reverse("finance:invoice_detail", args=[money["project"]["2305"].pk])).status_code == 403
    assert bracke_client.get(reverse("finance:overview")).status_code == 403


def test_csv_export_only_own_lines(bracke_client, money):
    response = bracke_client.get(reverse("party:export_csv"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "År" and len(rows) == 1 + 1 + 3  # header, base 2020, three project lines
    assert {row[1] for row in rows[1:]} == {money["base"]["2305"].number, money["project"]["2305"].number}
    project_row = next(row for row in rows[1:] if row[1] == money["project"]["2305"].number)
    assert project_row[11] == "6181" and project_row[12] == "2021-10-31" and "," in project_row[14]


def test_xlsx_export(bracke_client, money):
    response = bracke_client.get(reverse("party:export_xlsx") + "?ar=2020")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][1] == "Fakturanummer" and len(rows) == 2
    assert rows[1][1] == money["base"]["2305"].number and Decimal(str(rows[1][14])) == D("101600")


# --- secretariat ---------------------------------------------------------------------------------


def test_overview_year_and_lists_pinned(secretariat_client, gns, money, django_assert_num_queries):
    reservation_decide(
        committee=gns.committee,
        from_year=2018,
        amount=D("745000"),
        purpose="Återstående medel",
        decision_reference="GNS/2/2020",
        decided_on=dt.date(2019, 2, 1),
    )
    pages = [
        (reverse("finance:overview"), 10),
        (reverse("finance:year", args=["GNS", 2020]), 9),
        (reverse("finance:invoice_list"), 5),
        (reverse("finance:invoice_detail", args=[money["base"]["23"].pk]), 7),
        (reverse("finance:reservations", args=["GNS"]), 10),
        (reverse("finance:project_invoice", args=[money["project_obj"].pk]), 5),
    ]
    for url, queries in pages:
        with django_assert_num_queries(queries):
            response = secretariat_client.get(url)
        assert response.status_code == 200, url
    html = secretariat_client.get(reverse("finance:year", args=["GNS", 2020])).content.decode()
    assert "914\u00a0400,00 kr" in html and html.count("101\u00a0600,00") == 9


def test_propose_and_issue_base_contributions(secretariat_client, gns):
    budget_set(committee=gns.committee, year=2021, base_amount=D("914400"))
    url = reverse("finance:base_propose", args=["GNS", 2021])
    secretariat_client.post(url, {"invoice_date": "2021-01-04", "due_date": "2021-01-31"})
    drafts = Invoice.objects.filter(year=2021, status=Invoice.Status.DRAFT)
    assert drafts.count() == 9 and {i.total for i in drafts} == {D("101600.00")}
    send = reverse("finance:base_issue_all", args=["GNS", 2021])
    year_page = reverse("finance:year", args=["GNS", 2021])
    assert "Föreslå fakturor" not in secretariat_client.get(year_page).content.decode()  # drafts exist
    asked = secretariat_client.post(send).content.decode()  # first: what cannot be undone
    assert "Skicka 9 fakturor på grundbeloppet 2021?" in asked and "kan aldrig ändras" in asked
    assert "914\u00a0400,00 kr" in asked
    assert not Invoice.objects.filter(year=2021, status=Invoice.Status.ISSUED).exists()
    secretariat_client.post(send, {"bekraftat": "ja"})
    assert Invoice.objects.filter(year=2021, status=Invoice.Status.ISSUED).count() == 9
    after = secretariat_client.get(year_page).content.decode()
    assert "Föreslå fakturor" not in after and "Skicka alla" not in after  # nothing left to propose or send


def test_editing_an_issued_invoice_is_refused(secretariat_client, money):
    invoice = money["base"]["23"]
    response = secretariat_client.post(
        reverse("finance:invoice_detail", args=[invoice.pk]),
        {"title": "Ändrad", "invoice_date": "2020-01-02", "due_date": "2020-01-31"},
    )
    assert response.status_code == 400
    assert "kan inte ändras" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.title != "Ändrad"


def test_credit_via_view(secretariat_client, money):
    invoice = money["base"]["23"]
    url = reverse("finance:invoice_credit", args=[invoice.pk])
    token = str(uuid.uuid4())
    response = secretariat_client.post(url, {"reason": "Fel", "token": token})
    note = Invoice.objects.get(credited_invoice=invoice)
    assert response.status_code == 302 and response["Location"] == reverse("finance:invoice_detail", args=[note.pk])
    assert note.total == D("-101600.00")
    again = secretariat_client.post(url, {"reason": "Fel", "token": token})  # the same form posted twice
    assert again.status_code == 302 and Invoice.objects.filter(credited_invoice=invoice).count() == 1


def test_budget_form_errors_next_to_field(secretariat_client, gns):
    response = secretariat_client.post(reverse("finance:budget_edit", args=["GNS", 2024]), {"base_amount": "-5"})
    assert response.status_code == 200
    assert 'id="id_base_amount_error"' in response.content.decode()


def test_chart_coordinates_are_never_localized(bracke_client, money):
    html = bracke_client.get(reverse("party:portal")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(x|y|width|height)="[^"]*,', svg)


def test_project_invoicing_preview_then_create(secretariat_client, gns, money, django_assert_num_queries):
    project = money["project_obj"]
    cost_record(
        cost_item=project.cost_items.get(),
        incurred_on=dt.date(2022, 12, 15),
        amount=D("75000"),
        description="kv 4",
        document="L",
    )
    url = reverse("finance:project_invoice", args=[project.pk])
    data = {"period_end": "2023-06-30", "invoice_date": "2023-07-10", "due_date": "2023-08-10"}
    drafts_before = Invoice.objects.filter(status=Invoice.Status.DRAFT).count()
    with django_assert_num_queries(11):  # + the project's open drafts (the page warns about them)
        response = secretariat_client.post(url, {**data, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200 and "Förhandsgranskning" in html and "Krokoms kommun" in html
    assert Invoice.objects.filter(status=Invoice.Status.DRAFT).count() == drafts_before  # preview writes nothing
    response = secretariat_client.post(url, {**data, "action": "create"})
    assert response.status_code == 302
    drafts = Invoice.objects.filter(status=Invoice.Status.DRAFT, project=project)
    assert drafts.count() == 3 and sum(i.total for i in drafts) == D("75000")
    again = secretariat_client.post(url, {**data, "action": "create"})
    assert "fakturautkast som inte är skickade" in again.content.decode()
    asked = secretariat_client.post(reverse("finance:project_issue", args=[project.pk]))
    assert asked.status_code == 200 and drafts.count() == 3
    issue = secretariat_client.post(reverse("finance:project_issue", args=[project.pk]), {"bekraftat": "ja"})
    assert issue.status_code == 302 and not Invoice.objects.filter(status=Invoice.Status.DRAFT).exists()
    again = secretariat_client.post(url, {**data, "action": "create"})
    assert "inga ofakturerade kostnader" in again.content.decode()
