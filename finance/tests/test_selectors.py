from decimal import Decimal

import pytest

from finance.models import Category, Invoice
from finance.selectors import (
    accounts_comparison,
    party_invoice_get,
    party_invoices,
    party_lines,
    party_year_totals,
    results_per_year,
)
from finance.services import base_contribution_propose, budget_set, invoice_issue, outcome_set

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(gns):
    """2020 base invoices: all issued except Bräcke's, which stays a draft."""
    budget = budget_set(committee=gns.committee, year=2020, base_amount=D("914400"))
    invoices = {i.party.code: i for i in base_contribution_propose(budget=budget)}
    for code, invoice in invoices.items():
        if code != "2305":
            invoices[code] = invoice_issue(invoice=invoice)
    return invoices


def test_representative_sees_only_own_issued_invoices(gns, issued, rep_of):
    ostersund = rep_of(gns["2380"])
    assert list(party_invoices(user=ostersund)) == [issued["2380"]]
    assert party_invoice_get(user=ostersund, pk=issued["2380"].pk) == issued["2380"]
    assert party_invoice_get(user=ostersund, pk=issued["23"].pk) is None  # another party's
    assert party_invoice_get(user=ostersund, pk=999_999) is None  # missing


def test_representative_never_sees_drafts(gns, issued, rep_of):
    bracke = rep_of(gns["2305"])
    assert list(party_invoices(user=bracke)) == []
    assert party_invoice_get(user=bracke, pk=issued["2305"].pk) is None
    assert list(party_lines(user=bracke)) == []


def test_user_without_party_sees_nothing(gns, issued, make_user):
    user = make_user("party_representative")
    assert list(party_invoices(user=user)) == []
    assert party_year_totals(user=user) == []


def test_year_totals_and_lines(gns, issued, rep_of):
    ostersund = rep_of(gns["2380"])
    assert party_year_totals(user=ostersund) == [
        {
            "year": 2020,
            "base": D("101600.00"),
            "project": 0,
            "other": 0,
            "credits": 0,
            "total": D("101600.00"),
            "count": 1,
        }
    ]
    lines = list(party_lines(user=ostersund, year=2020))
    assert [line.amount for line in lines] == [D("101600.00")]
    assert list(party_lines(user=ostersund, year=2019)) == []


def test_party_invoices_is_constant_in_queries(gns, issued, rep_of, django_assert_num_queries):
    ostersund = rep_of(gns["2380"])
    with django_assert_num_queries(5):  # representative, invoices, lines, credits of the lines, credit notes
        invoices = list(party_invoices(user=ostersund))
        [list(i.lines.all()) for i in invoices]
    assert invoices[0].status == Invoice.Status.ISSUED


def test_accounts_comparison_and_results(gns):
    budget_set(
        committee=gns.committee,
        year=2019,
        base_amount=D("914400"),
        lines={Category.SALES: D("2565000"), Category.PERSONNEL: D("-1175000")},
    )
    outcome_set(
        committee=gns.committee, year=2019, amounts={Category.SALES: D("4454000"), Category.PERSONNEL: D("-1564000")}
    )
    outcome_set(
        committee=gns.committee, year=2018, amounts={Category.SALES: D("2929000"), Category.PERSONNEL: D("-107000")}
    )
    accounts = accounts_comparison(committee=gns.committee, year=2019)
    sales = next(r for r in accounts.income if r.category == Category.SALES)
    assert (sales.outcome, sales.budget, sales.difference, sales.previous) == (
        D("4454000"),
        D("2565000"),
        D("1889000"),
        D("2929000"),
    )
    personnel = next(r for r in accounts.costs if r.category == Category.PERSONNEL)
    assert personnel.difference == D("-389000") and personnel.change == D("-1457000")
    assert accounts.net.outcome == D("2890000") and accounts.net.previous == D("2822000")
    assert [r.label for r in accounts.income] == ["Avgifter", "Försäljning", "Erhållna bidrag", "Övriga intäkter"]
    assert results_per_year(committee=gns.committee) == [
        {"year": 2018, "result": D("2822000"), "carried_forward": D("2822000")},
        {"year": 2019, "result": D("2890000"), "carried_forward": D("5712000")},
    ]
