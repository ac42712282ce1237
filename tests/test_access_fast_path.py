"""The per-request lookups of session, user and grants are precompiled statements (common/sessions.py,
common/backends.py, common.access.grants); they must answer exactly as the ORM queries they replace."""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from committee.tests.factories import CommitteeFactory
from common.access import Grant, _grants_in_force, grants
from common.backends import PortalModelBackend
from common.models import Role, UserRole
from common.sessions import SessionStore
from common.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _orm_grants(user) -> set[Grant]:
    rows = UserRole.objects.active().filter(user=user).values_list("role", "committee_id")
    return {Grant(role, committee_id) for role, committee_id in rows}


def test_grants_in_force_match_the_orm_at_every_edge_of_a_period():
    user, other = UserFactory(), UserFactory()
    committee = CommitteeFactory()
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    UserRole.objects.bulk_create(
        [
            UserRole(user=user, role=Role.SECRETARIAT, committee=committee, valid_from=now - hour),  # open
            UserRole(user=user, role=Role.CASE_OFFICER, valid_from=now - 2 * hour, valid_until=now + hour),  # ends
            UserRole(user=user, role=Role.MEMBER, valid_from=now - 2 * hour, valid_until=now - hour),  # ended
            UserRole(user=user, role=Role.PARTY_REPRESENTATIVE, valid_from=now + hour),  # not yet
            UserRole(user=other, role=Role.ADMINISTRATOR, valid_from=now - hour),  # someone else's
        ]
    )

    fast = set(_grants_in_force(user.pk))

    assert fast == _orm_grants(user)
    assert fast == {Grant(Role.SECRETARIAT, committee.pk), Grant(Role.CASE_OFFICER, None)}
    assert _grants_in_force(UserFactory().pk) == ()


def test_grants_are_read_once_per_request(django_assert_num_queries):
    user = UserFactory(roles=[Role.SECRETARIAT])
    with django_assert_num_queries(1):
        assert grants(user) == (Grant(Role.SECRETARIAT, None),)
        assert grants(user) == (Grant(Role.SECRETARIAT, None),)


def test_session_store_reads_a_live_session_and_not_an_expired_one():
    store = SessionStore()
    store[SESSION_KEY] = "42"
    store.create()
    assert SessionStore(store.session_key).load() == {SESSION_KEY: "42"}

    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # as Django's: a new key is made on the next save
    assert SessionStore("no-such-key-0123456789abcdefghij").load() == {}


def test_backend_returns_the_active_user_and_refuses_inactive_and_malformed_ids():
    backend = PortalModelBackend()
    user = UserFactory()
    found = backend.get_user(user.pk)
    assert found == user
    assert found.get_session_auth_hash() == user.get_session_auth_hash()
    assert backend.get_user(str(user.pk)) == user  # sessions hold the id as text
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(user.pk + 1000) is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert backend.get_user(user.pk) is None


def test_login_over_http_then_pages_know_the_user(client):
    UserFactory(username="anna", roles=[Role.SECRETARIAT])
    response = client.post("/konto/logga-in/", {"username": "anna", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert client.get("/parter/").status_code == 200  # secretariat only
    client.post("/konto/logga-ut/")
    assert client.get("/parter/").status_code == 302  # to the login page again


def test_backend_user_has_aware_datetimes_as_from_the_orm():
    user = UserFactory()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    found = PortalModelBackend().get_user(user.pk)
    assert timezone.is_aware(found.last_login) and timezone.is_aware(found.date_joined)
    assert (found.last_login, found.date_joined) == (user.last_login, user.date_joined)
