import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cases import numbers

prefixes = st.from_regex(r"\A[A-ZÅÄÖ][A-ZÅÄÖ0-9-]{0,8}\Z")
sequences = st.integers(min_value=1, max_value=9_999_999)
years = st.integers(min_value=numbers.MIN_YEAR, max_value=numbers.MAX_YEAR)


@given(prefixes, sequences, years)
def test_format_then_parse_is_identity(prefix, sequence, year):
    number = numbers.DiaryNumber(prefix, sequence, year)
    assert numbers.parse(str(number)) == number


@given(prefixes, sequences, years, st.integers(min_value=0, max_value=3), st.booleans(), st.booleans())
def test_common_spellings_parse_to_the_same_number(prefix, sequence, year, zeros, lower, spaces):
    seq = "0" * zeros + str(sequence)
    if len(seq) > 7:
        seq = str(sequence)
    text = f"{prefix.lower() if lower else prefix}/{seq}/{year}"
    if spaces:
        text = f"  {text.replace('/', ' / ')} "
    parsed = numbers.parse(text)
    assert (parsed.prefix, parsed.sequence, parsed.year) == (prefix, sequence, year)
    assert str(parsed) == f"{prefix}/{sequence}/{year}"  # displayed without leading zeros


@pytest.mark.parametrize("text", ["GNS/03/2019", "gns/3/2019", "GNS 3/2019", " GNS/3/2019 "])
def test_seed_spellings(text):
    assert str(numbers.parse(text)) == "GNS/3/2019"


@pytest.mark.parametrize(
    "text", ["", "GNS", "GNS/3", "GNS/0/2019", "GNS/3/19", "3/2019", "GNS/x/2019", "/3/2019", "GNS/3/1800", "GNS//2019"]
)
def test_invalid_numbers_give_a_clear_swedish_error(text):
    with pytest.raises(ValidationError) as info:
        numbers.parse(text)
    assert "inte ett giltigt diarienummer" in info.value.messages[0]


@given(st.text(max_size=30))
def test_parse_never_crashes_otherwise(text):
    try:
        number = numbers.parse(text)
    except ValidationError:
        return
    assert numbers.parse(str(number)) == number
