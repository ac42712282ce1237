"""The Django admin writes through the services and never deletes registered records."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import Diary
from committee.models import Committee, CommitteeParty, Membership
from committee.services import committee_update
from committee.tests.factories import CommitteeFactory, CommitteePartyFactory, MembershipFactory, TermFactory
from common.admin import PARTY_REPRESENTATIVE_ELSEWHERE, PARTY_REPRESENTATIVE_REMOVED_ELSEWHERE
from common.models import Role, UserRole
from parties.models import Party, PartyRepresentative, PopulationFigure
from parties.services import party_representative_appoint
from parties.tests.factories import PartyFactory, PopulationFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def _inline_data(response) -> dict:
    """The inlines' management forms and rows as the admin page rendered them."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in [formset.management_form, *formset.forms]:
            for field in form:
                value = field.value()
                if value is not None:
                    data[field.html_name] = value
    return data


def _post_add(client, model: str, fields: dict):
    url = reverse(f"admin:{model.replace('.', '_')}_add")
    return client.post(url, {**_inline_data(client.get(url)), **fields})


def _post_change(client, model: str, pk: int, fields: dict):
    url = reverse(f"admin:{model.replace('.', '_')}_change", args=[pk])
    return client.post(url, {**_inline_data(client.get(url)), **fields})


def test_adding_a_party_representative_grants_the_role_and_removing_it_revokes_it(staff_client, make_user):
    user, party = make_user(), PartyFactory()
    response = _post_add(staff_client, "parties.partyrepresentative", {"user": user.pk, "party": party.pk})
    assert response.status_code == 302
    representative = PartyRepresentative.objects.get(user=user, party=party)
    assert UserRole.objects.filter(user=user, role=Role.PARTY_REPRESENTATIVE).exists()

    url = reverse("admin:parties_partyrepresentative_delete", args=[representative.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not PartyRepresentative.objects.filter(pk=representative.pk).exists()
    assert not UserRole.objects.active().filter(user=user, role=Role.PARTY_REPRESENTATIVE).exists()


def test_delete_selected_party_representatives_revokes_their_roles(staff_client, make_user):
    reps = [party_representative_appoint(user=make_user(), party=PartyFactory()) for _ in range(2)]
    response = staff_client.post(
        reverse("admin:parties_partyrepresentative_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in reps], "post": "yes"},
    )
    assert response.status_code == 302
    assert not PartyRepresentative.objects.exists()
    assert not UserRole.objects.active().filter(role=Role.PARTY_REPRESENTATIVE).exists()
    assert UserRole.objects.filter(role=Role.PARTY_REPRESENTATIVE).count() == 2  # ended, kept


def test_a_party_representative_cannot_be_appointed_for_a_second_party(staff_client, make_user):
    user = make_user()
    party_representative_appoint(user=user, party=PartyFactory())
    response = _post_add(staff_client, "parties.partyrepresentative", {"user": user.pk, "party": PartyFactory().pk})
    assert response.status_code == 200
    assert PartyRepresentative.objects.count() == 1
    assert response.context["adminform"].form.errors


def test_adding_a_membership_grants_the_member_role(staff_client, make_user):
    person, term, party = make_user(), TermFactory(), PartyFactory()
    response = _post_add(
        staff_client,
        "committee.membership",
        {
            "person": person.pk,
            "committee": term.committee.pk,
            "term": term.pk,
            "role": Membership.Role.MEMBER,
            "on_behalf_of": party.pk,
            "political_party": "c",
            "starts_on": term.starts_on.isoformat(),
            "ends_on": term.ends_on.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person).political_party == "C"  # normalised by the service
    assert UserRole.objects.filter(user=person, role=Role.MEMBER).exists()


def test_a_membership_outside_its_term_shows_the_service_error(staff_client, make_user):
    term = TermFactory()
    response = _post_add(
        staff_client,
        "committee.membership",
        {
            "person": make_user().pk,
            "committee": term.committee.pk,
            "term": term.pk,
            "role": Membership.Role.MEMBER,
            "on_behalf_of": PartyFactory().pk,
            "political_party": "S",
            "starts_on": (term.starts_on - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Uppdraget måste ligga inom mandatperioden." in response.content.decode()
    assert not Membership.objects.exists()


def test_a_municipality_with_a_county_code_shows_the_service_error(staff_client):
    response = _post_add(
        staff_client,
        "parties.party",
        {"name": "Felkods kommun", "kind": Party.Kind.MUNICIPALITY, "code": "23", "active_from": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "En kommunkod har fyra siffror, t.ex. 2305." in response.content.decode()
    assert not Party.objects.filter(name="Felkods kommun").exists()


def test_party_add_and_change_go_through_the_services(staff_client):
    fields = {"name": "Ånge kommun", "kind": Party.Kind.MUNICIPALITY, "code": "2260", "active_from": "2020-01-01"}
    assert _post_add(staff_client, "parties.party", fields).status_code == 302
    party = Party.objects.get(code="2260")
    PopulationFigureFactory(party=party)  # the read-only inline has a row now

    response = _post_change(staff_client, "parties.party", party.pk, {**fields, "code": "226"})
    assert response.status_code == 200
    assert "En kommunkod har fyra siffror" in response.content.decode()
    party.refresh_from_db()
    assert party.code == "2260"

    response = _post_change(staff_client, "parties.party", party.pk, {**fields, "name": "Ånge"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.name == "Ånge"
    assert party.history.count() == 2
    assert PopulationFigure.objects.filter(party=party).count() == 1


def test_registered_records_cannot_be_deleted_in_the_admin(staff_client):
    membership = MembershipFactory()
    figure = PopulationFigureFactory()
    for model, obj in [
        ("parties_party", membership.on_behalf_of),
        ("parties_populationfigure", figure),
        ("committee_membership", membership),
        ("committee_committee", membership.committee),
        ("committee_term", membership.term),
        ("committee_committeeparty", CommitteePartyFactory()),
    ]:
        url = reverse(f"admin:{model}_delete", args=[obj.pk])
        assert staff_client.get(url).status_code == 403, model
        assert staff_client.post(url, {"post": "yes"}).status_code == 403, model
        changelist = staff_client.get(reverse(f"admin:{model}_changelist"))
        assert "delete_selected" not in changelist.content.decode(), model
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert PopulationFigure.objects.filter(pk=figure.pk).exists()


def test_population_figures_are_view_only(staff_client):
    figure = PopulationFigureFactory()
    url = reverse("admin:parties_populationfigure_change", args=[figure.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, {"party": figure.party_id, "reference_date": "2020-11-01", "population": "1", "source": "x"}
    )
    assert response.status_code == 403
    figure.refresh_from_db()
    assert figure.population == 10_000
    assert staff_client.get(reverse("admin:parties_populationfigure_add")).status_code == 403


def test_adding_a_committee_links_its_diary_and_the_short_name_is_fixed(staff_client):
    host = PartyFactory(kind=Party.Kind.REGION, code="")
    fields = {"name": "Gemensam nämnd för upphandling", "short_name": "GNU", "host_party": host.pk, "notice_days": 7}
    assert _post_add(staff_client, "committee.committee", fields).status_code == 302
    committee = Committee.objects.get(short_name="GNU")
    assert committee.diary == Diary.objects.get(prefix="GNU")

    response = _post_change(
        staff_client, "committee.committee", committee.pk, {**fields, "short_name": "XYZ", "notice_days": 10}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    committee.refresh_from_db()
    assert (committee.short_name, committee.notice_days) == ("GNU", 10)


def test_a_committee_party_only_gets_its_leave_date_through_the_admin(staff_client):
    joined = CommitteePartyFactory()
    response = _post_change(
        staff_client, "committee.committeeparty", joined.pk, {"joined_on": "2000-01-01", "left_on": "2024-12-31"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    joined.refresh_from_db()
    assert (joined.joined_on, joined.left_on) == (dt.date(2018, 1, 1), dt.date(2024, 12, 31))
    url = reverse("admin:committee_committeeparty_change", args=[joined.pk])
    assert staff_client.post(url, {"left_on": "2025-01-31"}).status_code == 403  # left already

    response = _post_add(
        staff_client,
        "committee.committeeparty",
        {"committee": joined.committee_id, "party": joined.party_id, "joined_on": "2024-06-01"},
    )
    assert response.status_code == 200  # overlaps the first period (the service's check)
    assert CommitteeParty.objects.count() == 1


def test_terms_are_added_through_the_service_and_then_view_only(staff_client):
    committee = CommitteeFactory()
    fields = {"committee": committee.pk, "starts_on": "2027-01-01", "ends_on": "2030-12-31"}
    assert _post_add(staff_client, "committee.term", fields).status_code == 302
    term = committee.terms.get()
    url = reverse("admin:committee_term_change", args=[term.pk])
    assert staff_client.post(url, {**fields, "ends_on": "2031-12-31"}).status_code == 403


def _user_change_data(user, rows: list[dict], initial: int) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": str(initial),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"role_assignments-{i}-{key}": value for key, value in row.items()})
        data[f"role_assignments-{i}-user"] = user.pk
    return data


def test_user_roles_in_the_admin_go_through_the_services(staff_client, make_user):
    user = make_user(Role.SECRETARIAT)
    secretariat = UserRole.objects.get(user=user)
    url = reverse("admin:common_user_change", args=[user.pk])
    rows = [{"id": secretariat.pk, "role": Role.SECRETARIAT, "DELETE": "on"}, {"role": Role.CASE_OFFICER}]
    response = staff_client.post(url, _user_change_data(user, rows, initial=1))
    assert response.status_code == 302
    assert set(UserRole.objects.active().filter(user=user).values_list("role", flat=True)) == {Role.CASE_OFFICER}
    secretariat.refresh_from_db()
    assert secretariat.valid_until is not None and secretariat.revoked_by is not None  # revoked, kept


def test_the_party_representative_role_is_not_granted_or_revoked_in_the_user_admin(staff_client, make_user):
    user = make_user()
    url = reverse("admin:common_user_change", args=[user.pk])
    response = staff_client.post(url, _user_change_data(user, [{"role": Role.PARTY_REPRESENTATIVE}], initial=0))
    assert response.status_code == 200
    assert PARTY_REPRESENTATIVE_ELSEWHERE in response.content.decode()
    assert not UserRole.objects.filter(user=user).exists()

    party_representative_appoint(user=user, party=PartyFactory())
    assignment = UserRole.objects.get(user=user)
    rows = [{"id": assignment.pk, "role": Role.PARTY_REPRESENTATIVE, "DELETE": "on"}]
    response = staff_client.post(url, _user_change_data(user, rows, initial=1))
    assert response.status_code == 200
    assert PARTY_REPRESENTATIVE_REMOVED_ELSEWHERE in response.content.decode()
    assert UserRole.objects.filter(user=user, role=Role.PARTY_REPRESENTATIVE).exists()


def test_users_are_deactivated_not_deleted(staff_client, make_user):
    user = make_user()
    assert staff_client.get(reverse("admin:common_user_delete", args=[user.pk])).status_code == 403


def test_every_registered_admin_page_opens(staff_client):
    MembershipFactory()
    for model in admin.site._registry:
        opts = model._meta
        response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        obj = model._default_manager.first()
        if obj is not None:
            response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            assert response.status_code == 200, opts.label


def test_committee_update_refuses_to_change_the_short_name():
    committee = CommitteeFactory(short_name="GNX")
    with pytest.raises(ValueError, match="short_name"):
        committee_update(committee=committee, short_name="GNY")
    assert committee_update(committee=committee, notice_days=14).notice_days == 14
