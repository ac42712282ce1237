import datetime as dt

import pytest
from django.urls import reverse

from committee.models import CommitteeParty, Membership
from committee.tests.factories import CommitteeFactory, CommitteePartyFactory, MembershipFactory, TermFactory
from parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_with_members():
    today = dt.date.today()
    term = TermFactory(starts_on=dt.date(today.year - 1, 1, 1), ends_on=dt.date(today.year + 2, 12, 31))
    for _ in range(4):
        CommitteePartyFactory(committee=term.committee)
    for role in ["chair", "vice_chair", "member", "member", "substitute", "substitute"]:
        MembershipFactory(term=term, role=role)
    return term.committee


def test_committee_page_for_a_member_pins_its_queries(
    client, member_user, committee_with_members, django_assert_num_queries
):
    client.force_login(member_user)
    url = reverse("committee:detail", args=[committee_with_members.short_name])
    with django_assert_num_queries(7):  # session, user, roles, committee, parties, term, memberships
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["memberships"]) == 6
    assert "Ordförande" in html and "Ersättare" in html
    assert "Nytt uppdrag" not in html  # secretariat actions are hidden from members


def test_committee_list_pins_its_queries(client, member_user, committee_with_members, django_assert_num_queries):
    CommitteeFactory()
    client.force_login(member_user)
    with django_assert_num_queries(4):  # session, user, roles, committees with host
        response = client.get(reverse("committee:list"))
    assert len(response.context["committees"]) == 2


def test_secretariat_adds_membership(secretariat_client, committee_with_members, make_user):
    committee = committee_with_members
    person = make_user()
    term = committee.terms.get()
    party = committee.party_memberships.first().party
    url = reverse("committee:membership_create", args=[committee.short_name])
    assert (
        "Nytt uppdrag"
        in secretariat_client.get(reverse("committee:detail", args=[committee.short_name])).content.decode()
    )
    response = secretariat_client.post(
        url,
        {"person": person.pk, "term": term.pk, "role": "member", "on_behalf_of": party.pk, "political_party": "mp"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.political_party == "MP" and membership.on_behalf_of == party


def test_membership_form_errors_at_the_field(secretariat_client, committee_with_members, make_user):
    committee = committee_with_members
    term = committee.terms.get()
    party = committee.party_memberships.first().party
    url = reverse("committee:membership_create", args=[committee.short_name])
    response = secretariat_client.post(
        url,
        {"person": make_user().pk, "term": term.pk, "role": "chair", "on_behalf_of": party.pk, "political_party": "S"},
    )
    assert "redan en ordförande" in response.context["form"].errors["role"][0]
    response = secretariat_client.post(url, {"term": term.pk, "political_party": "S"})
    form = response.context["form"]
    assert form.errors["person"] == ["Välj vem uppdraget gäller."]
    assert 'value="S"' in response.content.decode()


def test_party_outside_the_committee_cannot_be_chosen(secretariat_client, committee_with_members, make_user):
    committee = committee_with_members
    outsider = PartyFactory()
    response = secretariat_client.post(
        reverse("committee:membership_create", args=[committee.short_name]),
        {
            "person": make_user().pk,
            "term": committee.terms.get().pk,
            "role": "member",
            "on_behalf_of": outsider.pk,
            "political_party": "S",
        },
    )
    assert "on_behalf_of" in response.context["form"].errors


def test_secretariat_adds_party_to_committee(secretariat_client, committee_with_members):
    committee = committee_with_members
    party = PartyFactory(name="Ånge kommun")
    url = reverse("committee:party_join", args=[committee.short_name])
    response = secretariat_client.post(url, {"party": party.pk, "joined_on": "2025-01-01"})
    assert response.status_code == 302
    assert CommitteeParty.objects.filter(committee=committee, party=party, left_on=None).exists()
    response = secretariat_client.post(url, {"party": party.pk, "joined_on": "2025-06-01"})
    assert "redan part" in response.context["form"].errors["party"][0]
    response = secretariat_client.post(url, {"party": party.pk, "joined_on": "2026-01-01", "left_on": "2025-01-01"})
    assert "left_on" in response.context["form"].errors


def test_membership_form_defaults_to_the_current_term_and_no_role(secretariat_client, committee_with_members):
    committee = committee_with_members
    response = secretariat_client.get(reverse("committee:membership_create", args=[committee.short_name]))
    form = response.context["form"]
    assert form.fields["term"].initial == committee.terms.get().pk
    assert form.fields["role"].choices[0] == ("", "---------")
    response = secretariat_client.post(reverse("committee:membership_create", args=[committee.short_name]), {})
    assert response.context["form"].errors["role"] == ["Välj uppdrag."]
