"""Amounts typed as Swedes type them (common.money.parse_amount, common.forms.AmountField) and the second
look that large changes get before they are saved (AmountConfirmationMixin, on the budget form)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from common.formatting import count_noun, format_amount, format_input_amount
from common.money import AmountError, parse_amount
from finance.forms import BudgetForm
from finance.models import Budget
from finance.services import budget_set
from projects.tests.conftest import gns  # noqa: F401 - fixture

D = Decimal


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("950 000", "950000.00"),
        ("950 000,00", "950000.00"),
        ("950000.00", "950000.00"),
        ("950 000 kr", "950000.00"),
        ("950\u00a0000,00\u00a0kr", "950000.00"),
        ("1 234,5", "1234.50"),
        ("12 345 678,90 kronor", "12345678.90"),
        ("−89 000", "-89000.00"),
        ("-0,01", "-0.01"),
        ("0,5", "0.50"),
        ("950000", "950000.00"),
        ("  42  ", "42.00"),
    ],
)
def test_amounts_as_swedes_type_them(typed, amount):
    assert parse_amount(typed) == D(amount)


@pytest.mark.parametrize(
    "typed, says",
    [
        ("1,234", ["1\u00a0234,00 kr", "1,234 kr"]),  # thousands comma or three decimals: both readings shown
        ("1.234", ["1\u00a0234,00 kr", "1,234 kr"]),
        ("95 00 000", ["9\u00a0500\u00a0000,00 kr", "grupper om tre"]),
        ("1.234,50", ["både punkt och komma"]),
        ("1.234.567", ["1\u00a0234\u00a0567,00 kr"]),
        ("1234,567", ["3 decimaler"]),
        ("nittio", ["inget belopp"]),
        ("12e3", ["inget belopp"]),
    ],
)
def test_ambiguous_or_wrong_amounts_are_refused_saying_how_they_were_read(typed, says):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    for text in says:
        assert text in str(refused.value)


@given(st.decimals(min_value=D("-999999999999.99"), max_value=D("999999999999.99"), places=2))
def test_every_amount_shown_for_editing_is_read_back_exactly(value):
    assert parse_amount(format_input_amount(value)) == value
    assert parse_amount(format_amount(value)) == value  # also what a page shows, copied into a field


def test_display_uses_djangos_swedish_number_format():
    assert format_amount(D("950000")) == "950\u00a0000,00"
    assert format_amount(D("-1250.5")) == "−1\u00a0250,50"
    assert format_amount(63985, 0) == "63\u00a0985"


@pytest.mark.parametrize(
    "count, text", [(0, "0 ärenden"), (1, "1 ärende"), (2, "2 ärenden"), (1234, "1\u00a0234 ärenden")]
)
def test_swedish_plural(count, text):
    assert count_noun(count, "ärende", "ärenden") == text


def test_amount_field_is_a_text_field_showing_the_saved_amount_in_swedish():
    html = str(BudgetForm(initial={"base_amount": D("950000")})["base_amount"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="950 000,00"' in html


def test_typed_text_is_kept_when_refused():
    form = BudgetForm(data={"base_amount": "95 00 000"})
    assert not form.is_valid()
    assert 'value="95 00 000"' in str(form["base_amount"])


@pytest.mark.django_db
def test_a_tenfold_budget_asks_did_you_mean_before_it_is_saved(secretariat_client, gns):  # noqa: F811
    budget_set(committee=gns.committee, year=2021, base_amount=D("95000"))
    url = reverse("finance:budget_edit", args=["GNS", 2021])

    first = secretariat_client.post(url, {"base_amount": "950 000,00"})
    html = first.content.decode()
    assert first.status_code == 200
    assert "Menade du 950\u00a0000,00 kr?" in html and "10 gånger så mycket som förut" in html
    assert 'value="950 000,00"' in html  # nothing typed is lost
    assert Budget.objects.get(year=2021).base_amount == D("95000")

    # A tick given for another amount does not confirm this one.
    stale = secretariat_client.post(url, {"base_amount": "9 500 000", "confirm_amounts": "base_amount=950000.00"})
    assert stale.status_code == 200 and Budget.objects.get(year=2021).base_amount == D("95000")

    confirmed = secretariat_client.post(url, {"base_amount": "950 000,00", "confirm_amounts": "base_amount=950000.00"})
    assert confirmed.status_code == 302
    assert Budget.objects.get(year=2021).base_amount == D("950000")


@pytest.mark.django_db
def test_a_new_budget_is_compared_with_last_years_and_confirmed(secretariat_client, gns):  # noqa: F811
    budget_set(committee=gns.committee, year=2020, base_amount=D("914400"))
    url = reverse("finance:budget_edit", args=["GNS", 2021])
    asked = secretariat_client.post(url, {"base_amount": "920 000"})
    assert (
        "Menade du 920\u00a0000,00 kr?" in asked.content.decode()
        and "Förut: 914\u00a0400,00 kr." in asked.content.decode()
    )
    assert not Budget.objects.filter(year=2021).exists()
    saved = secretariat_client.post(url, {"base_amount": "920 000", "confirm_amounts": "base_amount=920000.00"})
    assert saved.status_code == 302 and Budget.objects.get(year=2021).base_amount == D("920000")


@pytest.mark.django_db
def test_an_unchanged_budget_saves_without_asking(secretariat_client, gns):  # noqa: F811
    budget_set(committee=gns.committee, year=2021, base_amount=D("914400"))
    response = secretariat_client.post(reverse("finance:budget_edit", args=["GNS", 2021]), {"base_amount": "914 400"})
    assert response.status_code == 302


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**13), max_value=10**13, places=4),
        st.integers(min_value=-(10**15), max_value=10**15),
    ),
    st.sampled_from([0, 2, 4]),
)
def test_the_fast_amount_format_is_djangos_with_the_swedish_separators(value, decimals):
    """format_amount puts the separators into Python's own format; every amount comes out as Django's
    number formatting (the reference) gives it: grouping, rounding half up, sign, zero."""
    from common.formatting import format_amount_django

    assert format_amount(value, decimals) == format_amount_django(value, decimals)
    assert format_amount(str(value), decimals) == format_amount_django(value, decimals)


def test_amounts_that_are_not_numbers_are_shown_as_given():
    assert format_amount(None) == "" and format_amount("") == ""
    assert format_amount("saknas") == "saknas"
