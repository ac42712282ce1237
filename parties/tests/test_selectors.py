import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parties.models import Party
from parties.selectors import population_on, populations_on
from parties.services import party_create, population_figure_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def bracke():
    return party_create(
        name="Bräcke kommun", kind=Party.Kind.MUNICIPALITY, code="2305", active_from=dt.date(2018, 1, 1)
    )


def test_population_on_uses_figure_in_force_on_1_november_of_the_year_before(bracke):
    for day, population in [
        (dt.date(2019, 10, 31), 6_300),
        (dt.date(2019, 11, 30), 6_290),
        (dt.date(2020, 12, 31), 6_181),
    ]:
        population_figure_record(party=bracke, reference_date=day, population=population, source="SCB")

    assert population_on(party=bracke, date=dt.date(2020, 6, 15)).population == 6_300
    assert population_on(party=bracke, date=dt.date(2021, 1, 1)).population == 6_290
    assert population_on(party=bracke, date=dt.date(2022, 3, 1)).population == 6_181
    assert population_on(party=bracke, date=dt.date(2019, 12, 31)) is None


def test_populations_on_returns_one_figure_per_party_in_one_query(bracke, django_assert_num_queries):
    ragunda = party_create(
        name="Ragunda kommun", kind=Party.Kind.MUNICIPALITY, code="2303", active_from=dt.date(2018, 1, 1)
    )
    population_figure_record(party=bracke, reference_date=dt.date(2019, 11, 1), population=6_200, source="SCB")
    population_figure_record(party=bracke, reference_date=dt.date(2018, 11, 1), population=6_400, source="SCB")
    population_figure_record(party=ragunda, reference_date=dt.date(2019, 11, 1), population=5_300, source="SCB")

    with django_assert_num_queries(1):
        figures = populations_on(parties=[bracke, ragunda], date=dt.date(2020, 5, 1))

    assert {pid: f.population for pid, f in figures.items()} == {bracke.pk: 6_200, ragunda.pk: 5_300}


def test_population_on_takes_exactly_1_november_of_the_year_before(bracke):
    population_figure_record(party=bracke, reference_date=dt.date(2020, 11, 1), population=6_190, source="SCB")
    population_figure_record(party=bracke, reference_date=dt.date(2020, 11, 2), population=6_191, source="SCB")
    assert population_on(party=bracke, date=dt.date(2021, 1, 1)).population == 6_190
    assert population_on(party=bracke, date=dt.date(2021, 12, 31)).population == 6_190
    assert population_on(party=bracke, date=dt.date(2022, 1, 1)).population == 6_191


def test_party_list_sorts_swedish_with_are_and_ostersund_last():
    from parties.selectors import party_list
    from parties.tests.factories import PartyFactory

    for name in ["Östersunds kommun", "Åre kommun", "Zinkgruvans kommun", "Ale kommun", "Ödeshögs kommun", "Ärla"]:
        PartyFactory(name=name)
    assert [p.name for p in party_list()] == [
        "Ale kommun",
        "Zinkgruvans kommun",
        "Åre kommun",
        "Ärla",
        "Ödeshögs kommun",
        "Östersunds kommun",
    ]


def test_party_list_filters_by_active_date_and_kind():
    from parties.selectors import party_list
    from parties.tests.factories import PartyFactory

    old = PartyFactory(active_from=dt.date(2010, 1, 1), active_to=dt.date(2019, 12, 31))
    new = PartyFactory(active_from=dt.date(2020, 1, 1))
    region = PartyFactory(kind=Party.Kind.REGION, code="")
    assert set(party_list(active_on=dt.date(2019, 6, 1))) == {old, region}
    assert set(party_list(active_on=dt.date(2021, 6, 1))) == {new, region}
    assert list(party_list(kind=Party.Kind.REGION)) == [region]


def test_party_of_representative(make_user, bracke):
    from parties.selectors import party_of_representative
    from parties.services import party_representative_appoint

    user = make_user()
    assert party_of_representative(user=user) is None
    party_representative_appoint(user=user, party=bracke)
    assert party_of_representative(user=user) == bracke
    found = party_of_representative(user=user)  # read by a precompiled statement: every field as the ORM's
    fields = [field.attname for field in Party._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(Party.objects.get(pk=bracke.pk), n) for n in fields]
    assert party_of_representative(user=make_user()) is None
    assert "party_representative" in set(user.role_assignments.values_list("role", flat=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.lists(
        st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31)), min_size=0, max_size=12, unique=True
    ),
    on=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2032, 12, 31)),
)
def test_property_population_on_is_the_latest_figure_up_to_1_november_the_year_before(bracke, days, on):
    from parties.models import PopulationFigure

    PopulationFigure.objects.filter(party=bracke).delete()
    for i, day in enumerate(days):
        population_figure_record(party=bracke, reference_date=day, population=1000 + i, source="SCB")
    cutoff = dt.date(on.year - 1, 11, 1)
    eligible = [d for d in days if d <= cutoff]

    figure = population_on(party=bracke, date=on)

    if eligible:
        assert figure.reference_date == max(eligible)
    else:
        assert figure is None
    assert populations_on(parties=[bracke], date=on).get(bracke.pk) == figure
