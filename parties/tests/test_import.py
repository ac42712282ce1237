"""Import of population figures from SCB-style CSV: all or nothing, every bad row reported."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parties.models import Party, PopulationFigure
from parties.services import parse_scb_period, party_create, population_figure_record, population_import_csv

pytestmark = pytest.mark.django_db

CODES = {
    "2303": "Ragunda",
    "2305": "Bräcke",
    "2309": "Krokom",
    "2321": "Åre",
    "2380": "Östersund",
    "23": "Jämtlands län",
}


@pytest.fixture
def parties(db):
    result = {}
    for code, name in CODES.items():
        kind = Party.Kind.REGION if len(code) == 2 else Party.Kind.MUNICIPALITY
        result[code] = party_create(name=f"{name} test", kind=kind, code=code, active_from=dt.date(2018, 1, 1))
    return result


def stored():
    return {(f.party.code, f.reference_date, f.population) for f in PopulationFigure.objects.select_related("party")}


def test_good_file_with_header_and_commas_imports_every_row(parties):
    data = (
        "region,namn,period,folkmängd\n2305,Bräcke,2020,6181\n2321,Åre,2020,12049\n23,Jämtlands län,2020,131155\n"
    ).encode()

    result = population_import_csv(data=data, source="SCB 2020")

    assert result.ok, result.errors
    assert len(result.created) == 3
    assert stored() == {
        ("2305", dt.date(2020, 12, 31), 6181),
        ("2321", dt.date(2020, 12, 31), 12049),
        ("23", dt.date(2020, 12, 31), 131155),
    }
    assert {f.source for f in PopulationFigure.objects.all()} == {"SCB 2020"}


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_semicolon_comma_and_tab_are_all_understood(parties, delimiter):
    rows = [
        ["region", "namn", "period", "folkmängd"],
        ["2305", "Bräcke", "2019M11", "6 200"],
        ["2303", "Ragunda", "2019M11", "5300"],
    ]
    data = "\n".join(delimiter.join(r) for r in rows).encode()

    result = population_import_csv(data=data, source="SCB")

    assert result.ok, result.errors
    assert stored() == {("2305", dt.date(2019, 11, 30), 6200), ("2303", dt.date(2019, 11, 30), 5300)}


def test_windows_1252_file_with_swedish_letters(parties):
    data = "Region;Område;Period;Folkmängd\r\n2321;Åre;2020;12049\r\n2380;Östersund;2020;63985\r\n".encode("cp1252")

    result = population_import_csv(data=data, source="SCB")

    assert result.ok, result.errors
    assert stored() == {("2321", dt.date(2020, 12, 31), 12049), ("2380", dt.date(2020, 12, 31), 63985)}


def test_utf8_with_bom_and_quoted_values(parties):
    data = '\ufeff"region";"namn";"period";"folkmängd"\n"2305";"Bräcke";"2020-11-01";"6190"\n'.encode()

    result = population_import_csv(data=data, source="SCB")

    assert result.ok, result.errors
    assert stored() == {("2305", dt.date(2020, 11, 1), 6190)}


def test_scb_combined_code_and_name_column(parties):
    data = '"region","år","folkmängd"\n"2305 Bräcke","2020","6181"\n"2380 Östersund","2020","63985"\n'.encode()

    result = population_import_csv(data=data, source="SCB")

    assert result.ok, result.errors
    assert stored() == {("2305", dt.date(2020, 12, 31), 6181), ("2380", dt.date(2020, 12, 31), 63985)}


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(parties):
    data = (
        "region;namn;period;folkmängd\n"  # 1
        "2305;Bräcke;2020;6181\n"  # 2 good
        "9999;Okänd;2020;100\n"  # 3 unknown code
        "2321;Åre;2020X;12049\n"  # 4 bad period
        "\n"  # 5 blank, ignored
        "2380;Östersund;2020;-5\n"  # 6 negative
        "2309;Krokom;2020\n"  # 7 too few columns (3 columns, no combined code)
        "2303;Ragunda;2019M13;5000\n"  # 8 month 13
    ).encode()

    result = population_import_csv(data=data, source="SCB")

    assert not result.ok
    assert [e.line for e in result.errors] == [3, 4, 6, 7, 8]
    messages = {e.line: str(e) for e in result.errors}
    assert messages[3].startswith("Rad 3:") and "9999" in messages[3]
    assert "2020X" in messages[4]
    assert "-5" in messages[6]
    assert "månad" in messages[8]
    assert result.created == []
    assert PopulationFigure.objects.count() == 0


def test_duplicate_rows_in_the_file_are_errors_naming_the_first_line(parties):
    data = "2305;Bräcke;2020;6181\n2303;Ragunda;2020;5208\n2305;Bräcke;2020;6181\n".encode()

    result = population_import_csv(data=data, source="SCB")

    assert [(e.line, "rad 1" in e.message) for e in result.errors] == [(3, True)]
    assert PopulationFigure.objects.count() == 0


def test_existing_identical_figures_count_as_unchanged_and_conflicting_ones_are_errors(parties):
    population_figure_record(
        party=parties["2305"], reference_date=dt.date(2020, 12, 31), population=6181, source="tidigare"
    )
    same = "2305;Bräcke;2020;6181\n2303;Ragunda;2020;5208\n".encode()

    result = population_import_csv(data=same, source="SCB")

    assert result.ok and result.unchanged == 1 and len(result.created) == 1
    assert PopulationFigure.objects.get(party=parties["2305"]).source == "tidigare"

    conflicting = "2380;Östersund;2020;63985\n2305;Bräcke;2020;6000\n".encode()
    result = population_import_csv(data=conflicting, source="SCB")
    assert [e.line for e in result.errors] == [2]
    assert "6181" in result.errors[0].message and "6000" in result.errors[0].message
    assert not PopulationFigure.objects.filter(party=parties["2380"]).exists()


def test_file_without_figures_is_an_error(parties):
    result = population_import_csv(data=b"region;namn;period;folkmangd\n", source="SCB")
    assert not result.ok and result.errors[0].line == 1


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2020", dt.date(2020, 12, 31)),
        ("2019M11", dt.date(2019, 11, 30)),
        ("2020m02", dt.date(2020, 2, 29)),
        ("2019-11-01", dt.date(2019, 11, 1)),
    ],
)
def test_parse_scb_period(period, expected):
    assert parse_scb_period(period) == expected


@pytest.mark.parametrize("period", ["", "20", "2020M00", "2020-13-01", "nov 2020"])
def test_parse_scb_period_rejects_nonsense(period):
    with pytest.raises(ValueError):
        parse_scb_period(period)


# --- Properties ----------------------------------------------------------------------------------

row_strategy = st.tuples(
    st.sampled_from(sorted(CODES)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.integers(min_value=1, max_value=3_000_000),
)


def _render(rows, delimiter, encoding, combined, header):
    lines = []
    if header:
        lines.append(
            delimiter.join(["region", "period", "folkmängd"] if combined else ["region", "namn", "period", "folkmängd"])
        )
    for code, day, population in rows:
        period = day.isoformat()
        if combined:
            lines.append(delimiter.join([f"{code} {CODES[code]}", period, str(population)]))
        else:
            lines.append(delimiter.join([code, CODES[code], period, str(population)]))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(row_strategy, min_size=1, max_size=12, unique_by=lambda r: (r[0], r[1])),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    combined=st.booleans(),
    header=st.booleans(),
)
def test_property_any_well_formed_file_imports_exactly_its_rows(parties, rows, delimiter, encoding, combined, header):
    PopulationFigure.objects.all().delete()

    result = population_import_csv(data=_render(rows, delimiter, encoding, combined, header), source="SCB")

    assert result.ok, result.errors
    assert stored() == set(rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(row_strategy, min_size=1, max_size=8, unique_by=lambda r: (r[0], r[1])),
    bad_at=st.integers(min_value=0, max_value=8),
    bad_cell=st.sampled_from(["0", "-1", "tusen", "12.5"]),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_property_one_bad_row_means_nothing_is_imported_and_its_line_is_named(
    parties, rows, bad_at, bad_cell, delimiter
):
    PopulationFigure.objects.all().delete()
    bad_at = min(bad_at, len(rows))
    lines = [delimiter.join([c, CODES[c], d.isoformat(), str(p)]) for c, d, p in rows]
    lines.insert(bad_at, delimiter.join(["2305", "Bräcke", "1989-01-01", bad_cell]))

    result = population_import_csv(data="\n".join(lines).encode(), source="SCB")

    assert [e.line for e in result.errors] == [bad_at + 1]
    assert PopulationFigure.objects.count() == 0


# --- Bad input (issue 8: arbitrary bytes and 2147483648 gave 500) -----------------------------------


def test_bytes_in_neither_utf8_nor_windows_1252_name_the_line_and_the_accepted_encodings(parties):
    data = "2305;Bräcke;2020;6 609\n".encode("cp1252") + b"2309;Krokom;2020;15\x81000\n"
    result = population_import_csv(data=data, source="SCB")
    assert [str(e) for e in result.errors] == [
        "Rad 2: tecknet 0x81 kan inte läsas. Filen ska vara kodad som UTF-8 eller Windows-1252 "
        "(i Excel: Spara som → CSV UTF-8)."
    ]
    assert not PopulationFigure.objects.exists()


def test_an_absurd_population_is_a_row_error_not_a_crash(parties):
    result = population_import_csv(data=b"2305;Br\xc3\xa4cke;2020;2147483648\n", source="SCB")
    assert [str(e) for e in result.errors] == [
        "Rad 1: folkmängden 2147483648 är orimligt stor (högst 100 000 000 tillåts)"
    ]


def test_control_characters_are_row_errors(parties):
    result = population_import_csv(data=b"2305;Br\x00cke;2020;6609\n2309;Krokom;2020;15000\n", source="SCB")
    assert [str(e) for e in result.errors] == ["Rad 1: otillåtet osynligt tecken (U+0000)"]


def test_imported_figures_have_history(parties):
    result = population_import_csv(data=b"2305;Br\xc3\xa4cke;2020;6609\n", source="SCB")
    assert result.ok and result.created[0].history.count() == 1


def test_the_form_refuses_a_population_over_the_database_range(secretariat_client, parties):
    from django.urls import reverse

    party = parties["2305"]
    response = secretariat_client.post(
        reverse("parties:population_create", args=[party.pk]),
        {"reference_date": "2020-11-01", "population": "2147483648", "source": "SCB"},
    )
    assert response.status_code == 200 and 'id="id_population_error"' in response.content.decode()
