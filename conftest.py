"""Project-wide pytest fixtures and the rules for tests that need real services.

Tests marked ``postgres`` need DATABASE_URL to point at PostgreSQL; tests marked ``redis`` need a
Redis broker at CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/15); tests marked ``browser``
need Debian's chromium (/usr/bin/chromium). Locally they are skipped when the service is missing; in
CI (CI=true) they fail instead, so a missing service is never mistaken for a green run.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from hypothesis import settings as hypothesis_settings

# No per-example deadline: on a shared 2-core CI machine a slow example is load, not a defect
# (hypothesis would report it as a failure). Tests that need fewer examples still say so themselves.
hypothesis_settings.register_profile("namndportalen", deadline=None)
hypothesis_settings.load_profile("namndportalen")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    missing = {}
    if connection.vendor != "postgresql":
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/namndportalen"
    if not _redis_reachable(REDIS_URL):
        missing["redis"] = f"needs Redis at {REDIS_URL}"
    if not shutil.which("chromium"):
        missing["browser"] = "needs Debian's chromium: apt-get install -y chromium"
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker):
                if IN_CI:
                    item.user_properties.append(("missing_service", reason))
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for name, reason in item.user_properties:
        if name == "missing_service":
            pytest.fail(f"Required service missing in CI: {reason}", pytrace=False)


@pytest.fixture
def make_user(db):
    """Factory fixture: ``make_user("secretariat")`` → a user holding that role (or none)."""
    from common.services import user_create

    counter = {"n": 0}

    def make(*roles: str, **fields):
        counter["n"] += 1
        fields.setdefault("username", f"user{counter['n']}-{'-'.join(roles) or 'none'}")
        fields.setdefault("first_name", "Test")
        fields.setdefault("last_name", f"Person {counter['n']}")
        fields.setdefault("email", f"{fields['username']}@example.org")
        fields.setdefault("password", "secret-pass-123")
        return user_create(roles=roles, **fields)

    return make


@pytest.fixture
def secretariat_user(make_user):
    return make_user("secretariat")


@pytest.fixture
def case_officer_user(make_user):
    return make_user("case_officer")


@pytest.fixture
def member_user(make_user):
    return make_user("member")


@pytest.fixture
def admin_user_role(make_user):
    return make_user("administrator")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client
