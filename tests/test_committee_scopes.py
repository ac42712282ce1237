"""Roles per committee: a secretariat or case-officer grant for one committee or for all; members and
substitutes read a committee's meetings through their membership; grants have periods and are never
deleted. The rules are asked through common.access / committee.access / cases.selectors only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases import selectors as case_selectors
from cases.services import case_register, document_grant_access, document_register
from cases.tests.helpers import upload
from committee.access import can_read_meetings, committees_readable_by, sits_on
from committee.services import committee_create, membership_create, term_create
from common.access import (
    SECRETARIAT,
    UserAccess,
    committees_where,
    is_secretariat_of,
    may_manage_committee,
    user_roles,
)
from common.context_processors import portal
from common.models import UserRole
from common.services import role_grant, role_revoke
from parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_committees():
    region = PartyFactory(kind="region", code="")
    gns = committee_create(name="Gemensam nämnd för samverkan", short_name="GNS", host_party=region)
    upph = committee_create(name="Gemensam upphandlingsnämnd", short_name="UPPH", host_party=region)
    return gns, upph


def _case(committee, title: str):
    return case_register(diary=committee.diary, title=title)


def _secret(case, description: str):
    return document_register(
        case=case,
        direction="incoming",
        date=timezone.localdate(),
        counterpart="Konsultbolaget AB",
        description=description,
        upload=upload("analys.txt", b"hemlig analys"),
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_authority="Region Jämtland Härjedalen",
    )


def test_a_committee_secretariat_sees_only_its_committees_cases_and_secrets(make_user, two_committees):
    gns, upph = two_committees
    gns_case, upph_case = _case(gns, "Serverdrift"), _case(upph, "Upphandling av tolktjänster")
    gns_secret, upph_secret = _secret(gns_case, "Säkerhetsanalys GNS"), _secret(upph_case, "Anbud UPPH")
    sara = make_user()
    role_grant(user=sara, role=SECRETARIAT, committee=gns)
    everyone = make_user("secretariat")  # a grant without committee: every committee

    assert list(case_selectors.case_list(user=sara)) == [gns_case]
    assert set(case_selectors.case_list(user=everyone)) == {gns_case, upph_case}
    assert not case_selectors.document_get(user=sara, pk=gns_secret.pk).masked
    with pytest.raises(Exception) as denied:
        case_selectors.document_get(user=sara, pk=upph_secret.pk)
    assert denied.typename == "Http404"
    assert [d.pk for d in case_selectors.document_search(user=sara, query="anbud")] == []
    assert is_secretariat_of(sara, gns) and not is_secretariat_of(sara, upph)
    assert committees_where(sara, SECRETARIAT).ids == {gns.pk}


def test_committee_scope_is_enforced_on_views(client, make_user, two_committees):
    gns, upph = two_committees
    upph_case = _case(upph, "Upphandling")
    sara = make_user()
    role_grant(user=sara, role=SECRETARIAT, committee=gns)
    client.force_login(sara)
    assert client.get(reverse("cases:detail", args=[upph_case.pk])).status_code == 404
    assert client.get(reverse("committee:membership_create", args=["UPPH"])).status_code == 403
    assert client.get(reverse("committee:membership_create", args=["GNS"])).status_code == 200
    # The registration form offers only the committee's own diary.
    form = client.get(reverse("cases:register")).content.decode()
    assert "GNS –" in form and "UPPH –" not in form
    response = client.post(
        reverse("cases:register"),
        {"token": "7d1f8f0e-5b0a-4a77-9c59-2b8f1e3c9a10", "diary": upph.diary.pk, "title": "x"},
    )
    assert response.status_code == 200 and "Diariet finns inte" in response.content.decode()


def test_a_case_officer_of_one_committee_cannot_be_given_another_committees_case(make_user, two_committees):
    gns, upph = two_committees
    hanna = make_user()
    role_grant(user=hanna, role="case_officer", committee=gns)
    assert case_register(diary=gns.diary, title="Eget ärende", officer=hanna).officer == hanna
    with pytest.raises(Exception) as refused:
        case_register(diary=upph.diary, title="Främmande ärende", officer=hanna)
    assert "officer" in refused.value.error_dict


def test_members_and_substitutes_read_meetings_through_their_membership(make_user, two_committees):
    gns, upph = two_committees
    region = gns.host_party
    term = term_create(committee=gns, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2026, 12, 31))
    member, substitute, outsider = make_user(), make_user(), make_user("member")
    membership_create(
        person=member,
        committee=gns,
        term=term,
        role="member",
        on_behalf_of=region,
        political_party="S",
        ends_on=dt.date(2026, 12, 31),
    )
    membership_create(
        person=substitute,
        committee=gns,
        term=term,
        role="substitute",
        on_behalf_of=region,
        political_party="M",
        starts_on=dt.date(2024, 6, 1),
    )
    on = dt.date(2025, 3, 1)
    assert can_read_meetings(member, gns, on=on) and can_read_meetings(substitute, gns, on=on)
    assert not can_read_meetings(member, upph, on=on)
    assert not can_read_meetings(outsider, gns, on=on)  # the member role alone is not a seat
    assert not can_read_meetings(substitute, gns, on=dt.date(2024, 1, 1))  # before the seat began
    assert not sits_on(member, gns, on=dt.date(2027, 1, 1))  # after the term
    assert sits_on(member, gns, on=dt.date(2026, 12, 31))  # the last day counts
    assert sits_on(substitute, gns, on=dt.date(2024, 6, 1))  # and so does the first
    assert not sits_on(substitute, gns, on=dt.date(2024, 5, 31))
    assert list(committees_readable_by(member, on=on)) == [gns]
    secretariat = make_user()
    role_grant(user=secretariat, role=SECRETARIAT, committee=upph)
    assert can_read_meetings(secretariat, upph) and not can_read_meetings(secretariat, gns)


def test_revoking_ends_a_grant_and_keeps_it(make_user, two_committees):
    gns, _ = two_committees
    by = make_user("administrator")
    sara = make_user()
    grant = role_grant(user=sara, role=SECRETARIAT, committee=gns, by=by)
    assert role_grant(user=sara, role=SECRETARIAT, committee=gns) == grant  # idempotent
    assert role_revoke(user=sara, role=SECRETARIAT, committee=gns, by=by) == 1
    grant.refresh_from_db()
    assert grant.valid_until is not None and grant.revoked_by == by and grant.granted_by == by
    assert user_roles(sara) == frozenset() and not may_manage_committee(sara, gns)
    assert [h.history_type for h in grant.history.order_by("history_date")] == ["+", "~"]
    again = role_grant(user=sara, role=SECRETARIAT, committee=gns)
    assert again.pk != grant.pk and UserRole.objects.filter(user=sara).count() == 2


def test_the_database_allows_one_open_grant_per_scope(make_user, two_committees):
    gns, _ = two_committees
    sara = make_user()
    UserRole.objects.create(user=sara, role=SECRETARIAT, committee=gns)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=sara, role=SECRETARIAT, committee=gns)
    UserRole.objects.create(user=sara, role=SECRETARIAT)  # all committees: another scope
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=sara, role=SECRETARIAT)  # NULL counts as one scope
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=sara, role="member", committee=gns)  # only staff roles are scoped


def test_templates_ask_the_access_object_not_role_names(make_user, two_committees):
    gns, upph = two_committees
    sara = make_user()
    role_grant(user=sara, role=SECRETARIAT, committee=gns)
    request = RequestFactory().get("/")
    request.user = sara
    context = portal(request)
    assert isinstance(context["access"], UserAccess) and "user_roles" not in context
    template = Template(
        "{% if access.secretariat %}S{% endif %}{% if access.staff %}T{% endif %}"
        "{% if gns in access.managed_committees %}G{% endif %}{% if upph in access.managed_committees %}U{% endif %}"
    )
    assert template.render(Context({**context, "gns": gns, "upph": upph})) == "STG"


def test_a_revoked_access_grant_no_longer_unmasks_a_secret(make_user, two_committees):
    gns, _ = two_committees
    hanna = make_user()
    role_grant(user=hanna, role="case_officer", committee=gns)
    case = case_register(diary=gns.diary, title="Serverdrift", officer=hanna)
    secret = _secret(case, "Säkerhetsanalys")
    grant = document_grant_access(document=secret, user=hanna, reason="Handläggare")
    assert not case_selectors.document_get(user=hanna, pk=secret.pk).masked
    from cases.services import document_revoke_access

    document_revoke_access(grant=grant)
    hanna = type(hanna).objects.get(pk=hanna.pk)  # a new request
    assert case_selectors.document_get(user=hanna, pk=secret.pk).masked


def test_template_filters_for_committee_questions(make_user, two_committees):
    gns, upph = two_committees
    sara = make_user()
    role_grant(user=sara, role=SECRETARIAT, committee=gns)
    template = Template(
        "{% load committee_access %}{% if user|can_read_meetings:gns %}L{% endif %}"
        "{% if user|can_read_meetings:upph %}X{% endif %}{% if user|manages_committee:gns %}M{% endif %}"
    )
    assert template.render(Context({"user": sara, "gns": gns, "upph": upph})) == "LM"
