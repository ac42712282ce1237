"""A real Celery worker against a real Redis broker.

The test starts the worker itself, as a subprocess on a private queue, with DATABASE_URL pointing
at the test database that pytest-django created for this run (SQLite: a file, see
config/settings/test.py; PostgreSQL: test_<name>). The test uses ``transaction=True`` so that the
worker sees committed rows and the test sees the worker's writes. Locally the test is skipped when
Redis is down; with CI=true it fails (conftest.py).

Broker: CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/15), also used as result backend.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from common.models import OutgoingMail

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db.get("HOST") or "127.0.0.1"
        return f"postgres://{user}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
    pytest.fail(f"no worker setup for {connection.vendor}")


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    """A Celery worker on a private queue, sharing this test's database; yields (client app, queue)."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        database_url = _database_url()
        connection.close()  # nothing of ours holds the SQLite file while the worker opens it
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "EMAIL_HOST": "",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery("namndportalen-test-client", broker=BROKER, backend=BROKER)
    try:
        yield client, queue
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        client.close()
        if process.returncode not in (0, -15):
            print(output)


def test_worker_runs_a_task_through_the_broker(worker):
    client, queue = worker
    result = client.send_task("common.tasks.ping", queue=queue)
    assert result.get(timeout=60) == "pong"


def test_worker_writes_through_a_service_into_the_test_database(worker):
    client, queue = worker
    marker = f"celery-test:{uuid.uuid4().hex[:8]}"
    result = client.send_task(
        "common.tasks.mail_record",
        kwargs={"to": ["ledamot@example.org"], "subject": "Kallelse", "body": "Hej", "context": marker},
        queue=queue,
    )
    pk = result.get(timeout=60)

    mail = OutgoingMail.objects.get(pk=pk)
    assert mail.context == marker
    assert mail.status == OutgoingMail.Status.SENT
