"""Shared fixtures: a committee like GNS with the nine parties (organisation numbers and invoice addresses as in
the demo) and their real 2020-12-31 population; the same figures are also recorded per 2021-10-31 (SCB's
end-of-October figure, which counts as 1 November 2021), so costs of 2022 can be split by population."""

import datetime as dt
from dataclasses import dataclass

import pytest

from committee.models import CommitteeParty
from committee.tests.factories import CommitteeFactory
from parties.demo import INVOICE_DETAILS, PARTIES, POPULATION_DATE  # the demo's reference data (DOMAIN.md)
from parties.models import Party, PopulationFigure
from parties.services import party_representative_appoint

NOVEMBER_2021 = dt.date(2021, 10, 31)  # counts as 1 November 2021: the figure for costs of 2022


@dataclass
class Gns:
    committee: object
    parties: dict  # code → Party

    def __getitem__(self, code):
        return self.parties[code]


@pytest.fixture
def gns(db):
    parties = {}
    for name, kind, code, population in PARTIES:
        org_number, address = INVOICE_DETAILS[code]
        party = Party.objects.create(
            name=name,
            kind=kind,
            code=code,
            active_from=dt.date(2018, 1, 1),
            org_number=org_number,
            invoice_address=address,
            invoice_reference="Gemensam nämnd",
        )
        PopulationFigure.objects.create(
            party=party, reference_date=POPULATION_DATE, population=population, source="SCB"
        )
        PopulationFigure.objects.create(
            party=party, reference_date=NOVEMBER_2021, population=population, source="SCB (oktober 2021)"
        )
        parties[code] = party
    committee = CommitteeFactory(short_name="GNS", host_party=parties["23"])
    for party in parties.values():
        CommitteeParty.objects.create(committee=committee, party=party, joined_on=dt.date(2018, 1, 1))
    return Gns(committee=committee, parties=parties)


@pytest.fixture
def rep_of(make_user):
    """``rep_of(party)`` → a user who represents ``party``."""

    def make(party):
        user = make_user()
        party_representative_appoint(user=user, party=party)
        return user

    return make
