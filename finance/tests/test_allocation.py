"""The split: examples from the domain and property tests (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.allocation import KRONA, AllocationError, split

D = Decimal


def test_base_contribution_2020_is_101_600_each():
    parties = dict.fromkeys(["23", "2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"], 1)
    result = split(D("914400"), parties)
    assert set(result.values()) == {D("101600.00")}
    assert sum(result.values()) == D("914400")


def test_seed_travel_costs_50_50_in_whole_kronor_loses_nothing():
    result = split(D("10425"), {"Region": 1, "Kommunerna": 1}, unit=KRONA)
    assert result == {"Region": D("5213.00"), "Kommunerna": D("5212.00")}


def test_seed_travel_costs_50_50_in_ore_is_exact():
    assert split(D("10425"), {"Region": 1, "Kommunerna": 1}) == {"Region": D("5212.50"), "Kommunerna": D("5212.50")}


def test_tie_goes_to_first_key_in_order():
    assert split(D("0.01"), {"b": 1, "a": 1}) == {"b": D("0.01"), "a": D("0.00")}
    assert split(D("0.01"), {"a": 1, "b": 1}) == {"a": D("0.01"), "b": D("0.00")}


def test_largest_remainder_wins_over_order():
    # exact shares 0.3333.. and 0.6666..: the second has the larger remainder and gets the extra öre
    assert split(D("0.01"), {"a": 1, "b": 2}) == {"a": D("0.00"), "b": D("0.01")}


def test_zero_total_gives_zeros_even_with_zero_weights():
    assert split(D("0"), {"a": 0, "b": 0}) == {"a": D("0.00"), "b": D("0.00")}


def test_single_party_gets_everything():
    assert split(D("123.45"), {"x": 7}) == {"x": D("123.45")}


def test_negative_total_mirrors_positive():
    assert split(D("-10"), {"a": 1, "b": 1, "c": 1}) == {"a": D("-3.34"), "b": D("-3.33"), "c": D("-3.33")}


def test_zero_weight_gets_nothing():
    assert split(D("100"), {"a": 0, "b": 3}) == {"a": D("0.00"), "b": D("100.00")}


def test_population_split_three_municipalities():
    result = split(D("100000"), {"Bräcke": 6181, "Krokom": 15054, "Strömsund": 11488})
    assert sum(result.values()) == D("100000")
    assert result == {"Bräcke": D("18888.85"), "Krokom": D("46004.34"), "Strömsund": D("35106.81")}


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (D("1"), {}, "ingen att fördela"),
        (D("1"), {"a": -1}, "negativ"),
        (D("1"), {"a": 0, "b": 0}, "noll"),
        (D("1.005"), {"a": 1}, "enheten"),
        (1, {"a": 1}, "Decimal"),
    ],
)
def test_bad_input_is_rejected(total, weights, message):
    with pytest.raises(AllocationError, match=message):
        split(total, weights)


money = st.integers(min_value=-(10**13), max_value=10**13).map(lambda ore: Decimal(ore) / 100)
weight = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False),
)
weight_maps = st.dictionaries(st.text(min_size=1, max_size=4), weight, min_size=1, max_size=30).filter(
    lambda w: sum(Fraction(v) for v in w.values()) > 0
)


@settings(max_examples=300, deadline=None)
@given(total=money, weights=weight_maps)
def test_property_sums_exactly_and_each_within_one_ore(total, weights):
    result = split(total, weights)
    assert list(result) == list(weights)
    assert sum(result.values()) == total
    weight_sum = sum(Fraction(v) for v in weights.values())
    for key, amount in result.items():
        assert amount == amount.quantize(D("0.01"))
        exact = Fraction(total) * Fraction(weights[key]) / weight_sum
        assert abs(Fraction(amount) - exact) < Fraction(1, 100)
        if weights[key] == 0:
            assert amount == 0


@settings(max_examples=200, deadline=None)
@given(total=money, weights=weight_maps)
def test_property_credit_is_exact_mirror(total, weights):
    debit = split(total, weights)
    credit = split(-total, weights)
    assert all(credit[key] == -debit[key] for key in weights)


@settings(max_examples=200, deadline=None)
@given(total=money.filter(lambda t: t >= 0), n=st.integers(min_value=1, max_value=50))
def test_property_equal_weights_differ_by_at_most_one_ore(total, n):
    result = split(total, dict.fromkeys(range(n), 1))
    assert max(result.values()) - min(result.values()) <= D("0.01")
    # the extra öre go to the first keys (documented tie-break)
    values = list(result.values())
    assert values == sorted(values, reverse=True)


@settings(max_examples=100, deadline=None)
@given(
    total=money,
    huge=st.integers(min_value=10**15, max_value=10**18),
    tiny=st.decimals(min_value=D("0.000001"), max_value=D("0.001"), places=6),
)
def test_property_huge_and_tiny_weights(total, huge, tiny):
    result = split(total, {"huge": huge, "tiny": tiny})
    assert sum(result.values()) == total
    assert abs(result["tiny"]) <= D("0.01")


@settings(max_examples=100, deadline=None)
@given(total=money, weights=weight_maps)
def test_property_deterministic(total, weights):
    assert split(total, weights) == split(total, dict(weights))
