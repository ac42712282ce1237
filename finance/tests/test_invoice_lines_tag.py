"""``{% invoice_line_rows %}`` gives the markup the template loop it replaced gave, for every kind of line."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from common.tests.markup import normalised, reference, render

# templates/finance/_lines.html before the rows were built in Python (kept here as the reference).
TEMPLATE_LOOP = reference(__file__, "template_loop.html")


class _Lines(list):
    def all(self):
        return self


def _line(**fields):
    base = {
        "order": 1,
        "description": "Grundbelopp <2026> & drift",
        "credited_line": None,
        "key": "",
        "basis_total": None,
        "group_label": "",
        "group_percent": None,
        "population": None,
        "population_date": None,
        "weight_total": None,
        "population_source": "",
        "equal_parts": None,
        "population_note": "",
        "share_percent": None,
        "amount": Decimal("101600.00"),
    }
    base.update(fields)
    return SimpleNamespace(**base)


LINES = [
    _line(),
    _line(
        order=2, key="Lika delar", basis_total=Decimal("1234567.89"), equal_parts=7, share_percent=Decimal("14.285714")
    ),
    _line(
        order=3,
        key="Folkmängd",
        basis_total=Decimal("500000"),
        group_label="Kommunerna",
        group_percent=Decimal("80"),
        population=63985,
        population_date=dt.date(2025, 12, 31),
        weight_total=350123,
        population_source="SCB <BE0101>",
        population_note='Folkmängden "saknades" & uppskattades',
        share_percent=Decimal("18.2749"),
        amount=Decimal("-73099.63"),
        credited=Decimal("-100.50"),
    ),
    _line(order=4, key="Fast procentandel", share_percent=Decimal("50"), credited=Decimal("0")),
    _line(
        order=5,
        key="Vidarefakturering",
        credited_line=SimpleNamespace(order=2, invoice=SimpleNamespace(number="2026-0007")),
        amount=Decimal("0.01"),
    ),
]


@pytest.mark.parametrize("credited", [None, Decimal("-100.50")])
def test_rows_are_the_template_loop(credited):
    invoice = SimpleNamespace(lines=_Lines(LINES), credited=credited)
    fast = render("{% load invoice_lines %}{% invoice_line_rows invoice %}", {"invoice": invoice})
    assert normalised(fast) == normalised(render(TEMPLATE_LOOP, {"invoice": invoice}))
    assert "&lt;2026&gt; &amp; drift" in fast  # escaped, not markup
    assert ("Krediterat" in fast or "−100,50" in fast) == bool(credited)
