"""The public diary's CSV export: a title that a spreadsheet would run as a formula arrives as text."""

import csv
import io

import pytest
from django.urls import reverse

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_public_csv_neutralises_formula_titles(client):
    CaseFactory(title='=HYPERLINK("http://example.org","Klicka")')
    CaseFactory(title="-2+3 ärende om minus")
    response = client.get(reverse("public_diary:export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    titles = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://example.org","Klicka")' in titles and "'-2+3 ärende om minus" in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
