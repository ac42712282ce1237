"""The books balance: an opening balance (by decision) carries the equity in; results and reservations are
shown against it (seed 002: 745 tkr surplus of 2018 reserved, "knappt 417 tkr" remaining); the outcome can be
prefilled from invoices and costs without touching what was entered by hand; the overview is one flat
selector."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committee.tests.factories import CommitteeFactory
from finance.demo import ACCOUNTS_2019
from finance.models import Category, Outcome
from finance.selectors import committee_balance, finance_overview
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_issue_batch,
    opening_balance_set,
    outcome_prefill,
    outcome_set,
    reservation_decide,
    reservation_use,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _seed_books(committee):
    outcome_set(committee=committee, year=2018, amounts={c.value: D(v[2]) * 1000 for c, v in ACCOUNTS_2019.items()})
    outcome_set(committee=committee, year=2019, amounts={c.value: D(v[0]) * 1000 for c, v in ACCOUNTS_2019.items()})
    opening_balance_set(committee=committee, year=2018, amount=D("834000"), decision_reference="Årsredovisning 2018")
    reservation = reservation_decide(
        committee=committee,
        from_year=2018,
        amount=D("745000"),
        purpose="Återstående medel från 2018",
        decision_reference="Årsredovisning 2018",
        decided_on=dt.date(2019, 2, 15),
    )
    reservation_use(reservation=reservation, amount=D("328500"), used_on=dt.date(2019, 12, 31), description="Förstudie")
    return reservation


def test_2018_surplus_and_what_remains_agree_on_one_page(gns, secretariat_client):
    _seed_books(gns.committee)
    years = {y.year: y for y in committee_balance(committee=gns.committee).years}
    assert years[2018].opening == D("834000") and years[2018].result == D("-89000")
    assert years[2018].closing == D("745000") == years[2018].reserved  # the whole 2018 surplus is reserved
    assert years[2019].result == D("-50000") and years[2019].closing == D("695000")
    assert years[2019].reserved == D("416500")  # "knappt 417 tkr"
    assert years[2019].unreserved == D("278500")
    html = secretariat_client.get(reverse("finance:reservations", args=["GNS"])).content.decode()
    assert "834\u00a0000,00 kr" in html and "745\u00a0000,00" in html
    assert "416\u00a0500,00" in html and "−89\u00a0000,00" in html


def test_without_an_opening_balance_the_results_start_from_zero(gns):
    outcome_set(committee=gns.committee, year=2018, amounts={Category.SALES: D("100")})
    assert committee_balance(committee=gns.committee).years[0].closing == D("100")


def test_opening_balance_must_precede_the_first_outcome_and_have_a_decision(gns):
    outcome_set(committee=gns.committee, year=2018, amounts={Category.SALES: D("100")})
    with pytest.raises(ValidationError, match="första året med utfall"):
        opening_balance_set(committee=gns.committee, year=2019, amount=D("1"), decision_reference="x")
    with pytest.raises(ValidationError, match="beslutet"):
        opening_balance_set(committee=gns.committee, year=2018, amount=D("1"), decision_reference=" ")


def test_prefill_computes_what_is_not_entered_by_hand_and_marks_it(gns, secretariat_client):
    budget = budget_set(committee=gns.committee, year=2020, base_amount=D("914400"))
    base_contribution_propose(budget=budget)
    invoice_issue_batch(committee=gns.committee, year=2020)
    outcome_set(committee=gns.committee, year=2020, amounts={Category.CONSULTANTS: D("-2633000")})  # by hand
    written = outcome_prefill(committee=gns.committee, year=2020, cost_category=Category.CONSULTANTS)
    assert [o.category for o in written] == [Category.SALES]
    outcomes = {o.category: o for o in Outcome.objects.filter(committee=gns.committee, year=2020)}
    assert outcomes[Category.SALES].amount == D("914400") and outcomes[Category.SALES].source == "computed"
    assert outcomes[Category.CONSULTANTS].amount == D("-2633000") and outcomes[Category.CONSULTANTS].is_manual
    html = secretariat_client.get(reverse("finance:year", args=["GNS", 2020])).content.decode()
    assert "beräknat" in html and "för hand" in html
    # saving the hand-entry form unchanged keeps the computed figure computed
    response = secretariat_client.post(
        reverse("finance:outcome_edit", args=["GNS", 2020]),
        {"cat_sales": "914400.00", "cat_consultants": "-2633000.00"},
    )
    assert response.status_code == 302
    assert Outcome.objects.get(committee=gns.committee, year=2020, category=Category.SALES).source == "computed"


def test_finance_overview_is_flat_in_queries(gns, django_assert_num_queries, secretariat_client):
    _seed_books(gns.committee)
    with django_assert_num_queries(7):  # committees, budgets, invoices, outcomes, opening balances, reservations, uses
        one = finance_overview()
    other = CommitteeFactory(short_name="GNU")
    _seed_books(other)
    budget_set(committee=other, year=2020, base_amount=D("1000"))
    with django_assert_num_queries(7):
        two = finance_overview()
    assert len(one) == 1 and len(two) == 2
    gns_rows = {r["year"]: r for r in next(s for s in two if s["committee"] == gns.committee)["years"]}
    assert gns_rows[2018]["carried_forward"] == D("745000")
    with django_assert_num_queries(10):  # + session, user, roles
        assert secretariat_client.get(reverse("finance:overview")).status_code == 200
