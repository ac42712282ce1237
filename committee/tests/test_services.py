import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from committee.models import Membership
from committee.selectors import (
    committee_list,
    committee_parties_in_year,
    committee_parties_on,
    memberships_on,
    term_current,
)
from committee.services import (
    committee_create,
    committee_party_join,
    committee_party_leave,
    membership_create,
    term_create,
)
from committee.tests.factories import CommitteeFactory, CommitteePartyFactory, MembershipFactory, TermFactory
from parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_committee_create_validates_short_name():
    host = PartyFactory(kind="region", code="")
    committee = committee_create(name="Gemensam nämnd för upphandling", short_name="GNU", host_party=host)
    assert committee.notice_days == 7
    assert committee.diary.prefix == "GNU"  # every committee gets its diary, numbered GNU/n/year
    with pytest.raises(ValidationError) as exc:
        committee_create(name="Annan nämnd", short_name="gn u", host_party=host)
    assert "short_name" in exc.value.message_dict


def test_party_join_refuses_overlapping_periods_but_allows_rejoining():
    cp = CommitteePartyFactory(joined_on=dt.date(2018, 1, 1))
    with pytest.raises(ValidationError):
        committee_party_join(committee=cp.committee, party=cp.party, joined_on=dt.date(2019, 1, 1))
    committee_party_leave(membership=cp, left_on=dt.date(2019, 12, 31))
    with pytest.raises(ValidationError):
        committee_party_leave(membership=cp, left_on=dt.date(2020, 1, 1))
    again = committee_party_join(committee=cp.committee, party=cp.party, joined_on=dt.date(2021, 1, 1))
    assert again.left_on is None


def test_parties_on_a_date_and_in_a_year():
    committee = CommitteeFactory()
    stays = CommitteePartyFactory(committee=committee, joined_on=dt.date(2018, 1, 1)).party
    leaves = CommitteePartyFactory(committee=committee, joined_on=dt.date(2018, 1, 1), left_on=dt.date(2020, 6, 30))
    joins = CommitteePartyFactory(committee=committee, joined_on=dt.date(2020, 7, 1)).party
    assert set(committee_parties_on(committee=committee, date=dt.date(2020, 6, 30))) == {stays, leaves.party}
    assert set(committee_parties_on(committee=committee, date=dt.date(2020, 7, 1))) == {stays, joins}
    assert set(committee_parties_in_year(committee=committee, year=2020)) == {stays, leaves.party, joins}
    assert set(committee_parties_in_year(committee=committee, year=2021)) == {stays, joins}


def test_committee_parties_sort_swedish():
    committee = CommitteeFactory()
    for name in ["Östersunds kommun", "Bergs kommun", "Åre kommun", "Strömsunds kommun"]:
        CommitteePartyFactory(committee=committee, party=PartyFactory(name=name))
    names = [p.name for p in committee_parties_on(committee=committee, date=dt.date(2024, 1, 1))]
    assert names == ["Bergs kommun", "Strömsunds kommun", "Åre kommun", "Östersunds kommun"]


def test_committee_list_sorts_swedish():
    for name in ["Östra nämnden", "Norra nämnden", "Ängens nämnd"]:
        CommitteeFactory(name=name)
    assert [c.name for c in committee_list()] == ["Norra nämnden", "Ängens nämnd", "Östra nämnden"]


def test_term_must_end_after_start_and_current_term():
    committee = CommitteeFactory()
    with pytest.raises(ValidationError):
        term_create(committee=committee, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2022, 1, 1))
    term = term_create(committee=committee, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2026, 12, 31))
    assert term_current(committee=committee, date=dt.date(2024, 5, 1)) == term
    assert term_current(committee=committee, date=dt.date(2027, 1, 1)) is None


def test_membership_create_grants_member_role_and_normalises_party_letter(make_user):
    term = TermFactory()
    person = make_user()
    membership = membership_create(
        person=person,
        committee=term.committee,
        term=term,
        role=Membership.Role.MEMBER,
        on_behalf_of=PartyFactory(),
        political_party=" kd ",
    )
    assert membership.political_party == "KD"
    assert (membership.starts_on, membership.ends_on) == (term.starts_on, term.ends_on)
    assert person.role_assignments.filter(role="member").exists()


def test_membership_rules(make_user):
    term = TermFactory()
    other_term = TermFactory()
    party = PartyFactory()
    args = {"committee": term.committee, "term": term, "on_behalf_of": party, "political_party": "S"}
    with pytest.raises(ValidationError, match="annan nämnd"):
        membership_create(person=make_user(), role="member", **{**args, "term": other_term})
    with pytest.raises(ValidationError, match="inom mandatperioden"):
        membership_create(person=make_user(), role="member", starts_on=dt.date(2022, 1, 1), **args)
    membership_create(person=make_user(), role=Membership.Role.CHAIR, **args)
    with pytest.raises(ValidationError, match="redan en ordförande"):
        membership_create(person=make_user(), role=Membership.Role.CHAIR, **args)
    person = make_user()
    membership_create(person=person, role=Membership.Role.SUBSTITUTE, **args)
    with pytest.raises(ValidationError):
        membership_create(person=person, role=Membership.Role.MEMBER, **args)


def test_memberships_on_orders_chair_vice_members_substitutes():
    term = TermFactory()
    kwargs = {"term": term}
    sub = MembershipFactory(role="substitute", **kwargs)
    member = MembershipFactory(role="member", **kwargs)
    chair = MembershipFactory(role="chair", **kwargs)
    vice = MembershipFactory(role="vice_chair", **kwargs)
    ended = MembershipFactory(role="member", ends_on=dt.date(2023, 6, 30), **kwargs)
    result = memberships_on(committee=term.committee, date=dt.date(2024, 1, 1))
    assert [row.pk for row in result] == [chair.pk, vice.pk, member.pk, sub.pk]
    assert ended.pk not in {row.pk for row in result}
    assert result[0].name == chair.person.get_full_name()
    assert result[0].role_display == chair.get_role_display() and result[-1].role_display == sub.get_role_display()
    assert result[0].on_behalf_of == chair.on_behalf_of.name and result[0].political_party == chair.political_party
