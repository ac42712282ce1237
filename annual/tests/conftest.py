"""A GNS-like committee with the 2019 budget and the 2018–2019 outcome of seed 002 (tkr × 1000), a diary
with an annual-accounts case, and users: the secretariat, a member, someone without a role."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.tests.conftest import Gns, gns, rep_of  # noqa: F401

# Seed 002, "4 Ekonomiskt resultat" (category → outcome 2019, budget 2019, outcome 2018), in tkr
SEED_TABLE = {
    "fees": (0, 0, 0),
    "sales": (4454, 2565, 2929),
    "grants_received": (0, 0, 0),
    "other_income": (25, 0, 0),
    "personnel": (-1564, -1175, -107),
    "purchased_services": (0, 0, 0),
    "operational_services": (0, 0, -1099),
    "materials": (-4, 0, 0),
    "grants_given": (0, 0, 0),
    "premises": (-43, -43, 0),
    "equipment": (0, -15, -18),
    "transport": (-1, 0, 0),
    "travel": (-6, -30, 0),
    "consultants": (-2633, -1124, -1488),
    "other_costs": (-4, -5, -1),
    "depreciation": (-274, -274, -305),
}


@dataclass
class Year:
    committee: object
    case: object
    secretariat: object
    member: object
    outsider: object


@pytest.fixture
def year2019(gns, make_user):  # noqa: F811
    from cases.services import case_register, diary_get_or_create
    from committee.tests.factories import MembershipFactory, TermFactory
    from finance.services import budget_set, outcome_set

    committee = gns.committee
    committee.diary = diary_get_or_create(prefix="GNS", name="GNS diarium")
    committee.save()
    budget_set(
        committee=committee,
        year=2019,
        base_amount=Decimal("914400"),
        lines={c: Decimal(v[1]) * 1000 for c, v in SEED_TABLE.items()},
    )
    outcome_set(committee=committee, year=2018, amounts={c: Decimal(v[2]) * 1000 for c, v in SEED_TABLE.items()})
    outcome_set(committee=committee, year=2019, amounts={c: Decimal(v[0]) * 1000 for c, v in SEED_TABLE.items()})
    secretariat = make_user("secretariat", first_name="Sara", last_name="Sekreterare")
    case = case_register(diary=committee.diary, title="Årsbokslut 2019", by=secretariat)
    member = make_user("member", first_name="Mats", last_name="Ledamot")
    today = timezone.localdate()
    term = TermFactory(
        committee=committee, starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=400)
    )
    MembershipFactory(person=member, term=term, on_behalf_of=gns.parties["2380"])
    return Year(committee, case, secretariat, member, make_user())


@pytest.fixture
def report(year2019):
    from annual.services import report_create

    return report_create(
        committee=year2019.committee, year=2019, case_number=year2019.case.number, by=year2019.secretariat
    )
