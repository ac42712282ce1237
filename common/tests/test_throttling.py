"""Throttling: login lockout (django-axes), rate limits for password reset and the accessibility report.

Issue 8 measured: 105 wrong passwords in 60 s with no lockout; 20 password resets sent 20 e-mails;
30 anonymous reports in 0.4 s made 30 rows and 30 e-mails."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from common.models import AccessibilityReport, OutgoingMail
from common.throttling import Rate, client_ip, lockout_list, rate_limit_hit

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_account_and_ip_pair_with_a_swedish_message(client, make_user):
    make_user("secretariat", username="sara", password=PASSWORD)
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_login(client, "sara", "fel-losenord").status_code for _ in range(limit)]
    assert statuses[:-1] == [200] * (limit - 1)  # the login page again, with its error
    locked = _login(client, "sara", PASSWORD)  # even the right password is refused while locked
    assert statuses[-1] == 429 and locked.status_code == 429
    page = locked.content.decode()
    assert "För många misslyckade inloggningar" in page and "15 minuter" in page
    assert "_auth_user_id" not in client.session
    # Another computer (IP) can still log in to the same account; the lockout is per account and IP.
    assert _login(Client(), "sara", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_secretariat_sees_and_lifts_a_lockout(client, make_user):
    make_user(username="kim", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "kim", "fel", ip="10.9.9.9")
    assert [(lock.username, lock.ip_address) for lock in lockout_list()] == [("kim", "10.9.9.9")]

    client.force_login(make_user("secretariat"))
    page = client.get(reverse("operations:lockouts")).content.decode()
    assert "kim" in page and "10.9.9.9" in page and "Häv spärren" in page
    response = client.post(reverse("operations:lockouts"), {"username": "kim", "ip_address": "10.9.9.9"})
    assert response.status_code == 302 and lockout_list() == []
    assert _login(Client(), "kim", PASSWORD, ip="10.9.9.9").status_code == 302

    garbage = client.post(reverse("operations:lockouts"), {"username": "kim", "ip_address": "inte-en-adress"})
    assert garbage.status_code == 302  # a message, not a database error

    client.force_login(make_user("member"))
    assert client.get(reverse("operations:lockouts")).status_code == 403


def test_password_reset_is_limited_per_address(client, make_user, django_capture_on_commit_callbacks):
    make_user(username="sara", email="sara@example.org", password=PASSWORD)
    limit = Rate.parse(settings.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS).limit
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(20):
            statuses.append(
                client.post(reverse("password_reset"), {"email": "sara@example.org"}, REMOTE_ADDR=f"10.1.0.{i}")
            )
    assert [r.status_code for r in statuses] == [302] * limit + [429] * (20 - limit)
    assert len(mail.outbox) == limit and OutgoingMail.objects.count() == limit
    page = statuses[-1].content.decode()
    assert "för många återställningar" in page and 'value="sara@example.org"' in page


def test_password_reset_is_limited_per_ip_also_for_unknown_addresses(client):
    limit = Rate.parse(settings.RATE_LIMIT_PASSWORD_RESET_PER_IP).limit
    codes = [
        client.post(reverse("password_reset"), {"email": f"okand{i}@example.org"}, REMOTE_ADDR="10.2.0.1").status_code
        for i in range(limit + 2)
    ]
    assert codes == [302] * limit + [429, 429]


def test_accessibility_reports_are_limited_per_ip_and_the_text_is_kept(client, django_capture_on_commit_callbacks):
    limit = Rate.parse(settings.RATE_LIMIT_REPORT_PER_IP).limit
    data = {"page_url": "/parter/", "description": "Knappen syns inte."}
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(reverse("accessibility"), data, REMOTE_ADDR="10.3.0.1") for _ in range(30)]
    assert [r.status_code for r in responses] == [302] * limit + [429] * (30 - limit)
    assert AccessibilityReport.objects.count() == limit and len(mail.outbox) == limit
    page = responses[-1].content.decode()
    assert "Försök igen om en stund" in page and "Knappen syns inte." in page
    # Someone else is not affected.
    assert client.post(reverse("accessibility"), data, REMOTE_ADDR="10.3.0.2").status_code == 302


def test_client_ip_behind_a_trusted_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 172.18.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "172.18.0.5"  # without a trusted proxy, the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "172.18.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
    forged = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="inte-en-adress")
    assert client_ip(forged) == "172.18.0.5"  # garbage in the header never reaches the database
    from django.http import HttpRequest

    assert client_ip(HttpRequest()) is None  # a login made in code (force_login) has no address


def test_rate_parse():
    assert Rate.parse("3/h") == Rate(3, 3600) and Rate.parse("5/10m") == Rate(5, 600)
    assert Rate.parse("3/h").label == "en timme" and Rate.parse("5/10m").label == "10 minuter"
    with pytest.raises(ValueError):
        Rate.parse("tre per timme")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rate_limit_is_exact_when_requests_race():
    """40 threads, each with its own connection, hit a limit of 10 at once: exactly 10 get through."""
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(40)
    allowed: list[bool] = []

    def hit():
        try:
            barrier.wait(timeout=30)
            allowed.append(rate_limit_hit("prov", "10.4.0.1", "10/h"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 40 and allowed.count(True) == 10
