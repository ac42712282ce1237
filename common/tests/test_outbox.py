"""The outbox: mail and worker jobs recorded with the change, dispatched after commit, retried, never lost.

These tests need no broker: without one (the test settings) jobs run in the process after commit, and
"a dead broker" is a Redis URL where nothing listens, which fails at once. tests/test_celery_worker.py
runs the same path through a real Redis and a real worker."""

from __future__ import annotations

import datetime as dt
import smtplib
import time

import pytest
from django.core import mail as django_mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from common import outbox
from common.models import REDACTED, MailRecipient, OutboxJob, OutgoingMail
from common.outbox import Attachment, Retry, job_handler, outbox_job_enqueue, outbox_mail_enqueue
from common.selectors import mail_log, mail_recipients_for
from config.celery import app

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []


@job_handler("test.record")
def _record(**kwargs):
    CALLS.append(kwargs)


@job_handler("test.flaky")
def _flaky(*, fail_times: int):
    CALLS.append({"flaky": True})
    if len(CALLS) <= fail_times:
        raise OSError("lagringen svarar inte")


class FailingFor(LocmemBackend):
    """Delivers like locmem, but refuses the addresses in FAILING (a mail server with trouble)."""

    FAILING: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.FAILING:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(message.to, (450, b"mailbox busy")))
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _clean():
    CALLS.clear()
    FailingFor.FAILING = set()
    outbox.reset_broker_pause()
    yield
    outbox.reset_broker_pause()


def _make_due() -> None:
    OutboxJob.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_a_job_is_recorded_in_the_transaction_and_runs_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = outbox_job_enqueue(task="test.record", kwargs={"file_id": 7}, context="prov:7")
        assert CALLS == []  # not before commit
    job.refresh_from_db()
    assert CALLS == [{"file_id": 7}]
    assert job.status == OutboxJob.Status.DONE and job.completed_at is not None


def test_a_rolled_back_change_leaves_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_job_enqueue(task="test.record", kwargs={})
        raise RuntimeError("registreringen misslyckades")
    assert not OutboxJob.objects.exists() and CALLS == []


def test_a_job_runs_once_even_when_delivered_twice():
    job = OutboxJob.objects.create(task="test.record", kwargs={"n": 1})
    assert outbox.run_job(job.pk) == "done"
    assert outbox.run_job(job.pk) == "skipped"
    assert CALLS == [{"n": 1}]


def test_a_failing_job_is_retried_with_backoff_then_marked_failed():
    job = OutboxJob.objects.create(task="test.flaky", kwargs={"fail_times": 99})
    assert outbox.run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert job.status == OutboxJob.Status.PENDING and job.attempts == 1
    assert "lagringen svarar inte" in job.last_error
    assert job.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)  # 1 minute later
    assert outbox.run_job(job.pk) == "skipped"  # not due yet
    for _ in range(outbox.max_attempts() - 1):
        _make_due()
        outbox.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == OutboxJob.Status.FAILED and job.attempts == outbox.max_attempts()
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 8)] == [60, 120, 240, 3600]


def test_the_sweep_takes_over_a_job_a_dead_worker_left_running():
    job = OutboxJob.objects.create(
        task="test.record",
        kwargs={"n": 2},
        status=OutboxJob.Status.RUNNING,
        locked_until=timezone.now() - dt.timedelta(minutes=1),
    )
    assert job.pk in outbox.due_jobs()
    assert outbox.outbox_sweep().handed_over == 1
    job.refresh_from_db()
    assert job.status == OutboxJob.Status.DONE and CALLS == [{"n": 2}]


def test_dead_broker_fails_fast_and_the_job_waits_for_the_sweep(django_capture_on_commit_callbacks):
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            # Celery sets itself up on its first publish in a process (imports, pools): not the broker's time.
            outbox.dispatch([OutboxJob.objects.create(task="test.record", kwargs={"n": 0}).pk])
            outbox.reset_broker_pause()
            started = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                job = outbox_job_enqueue(task="test.record", kwargs={"n": 3})
            first = time.perf_counter() - started
            started = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                outbox_job_enqueue(task="test.record", kwargs={"n": 4})
            second = time.perf_counter() - started  # the broker is paused: no second attempt
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
    job.refresh_from_db()
    assert job.status == OutboxJob.Status.PENDING and job.dispatched_at is None and CALLS == []
    assert first < 1.0 and second < 0.2, (first, second)
    # The broker is back (here: no broker, jobs run in the process): the sweep hands all over.
    assert outbox.outbox_sweep().handed_over == 3
    assert sorted(c["n"] for c in CALLS) == [0, 3, 4]


def _send(django_capture_on_commit_callbacks, **kwargs) -> OutgoingMail:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail = outbox_mail_enqueue(**kwargs)
    mail.refresh_from_db()
    return mail


def test_a_notice_to_many_is_one_message_per_recipient_with_a_status_each(django_capture_on_commit_callbacks):
    members = [f"ledamot{i}@example.org" for i in range(25)]
    mail = _send(
        django_capture_on_commit_callbacks,
        to=[*members, members[0].upper()],  # the same address twice is one recipient
        subject="Kallelse till sammanträde 12 mars",
        body="Välkommen.",
        context="kallelse:42",
    )
    assert mail.status == OutgoingMail.Status.SENT and mail.completed_at
    assert len(django_mail.outbox) == 25 and all(len(m.to) == 1 for m in django_mail.outbox)
    recipients = mail_recipients_for(context="kallelse:42")
    assert [r.address for r in recipients] == sorted(members)
    assert {r.status for r in recipients} == {MailRecipient.Status.SENT} and all(r.sent_at for r in recipients)
    logged = mail_log(context="kallelse:").get()
    assert (logged.recipients_total, logged.recipients_sent, logged.recipients_failed) == (25, 25, 0)


@override_settings(EMAIL_BACKEND="common.tests.test_outbox.FailingFor")
def test_smtp_failing_for_one_recipient_is_recorded_and_retried(django_capture_on_commit_callbacks):
    FailingFor.FAILING = {"ersattare@example.org"}
    mail = _send(
        django_capture_on_commit_callbacks,
        to=["ledamot@example.org", "ersattare@example.org"],
        subject="Kallelse",
        body="Välkommen.",
        context="kallelse:43",
    )
    assert mail.status == OutgoingMail.Status.PENDING
    by_address = {r.address: r for r in mail.recipients.all()}
    assert by_address["ledamot@example.org"].status == MailRecipient.Status.SENT
    failing = by_address["ersattare@example.org"]
    assert failing.status == MailRecipient.Status.PENDING and failing.attempts == 1
    assert "SMTPRecipientsRefused" in failing.error
    job = OutboxJob.objects.get(context=f"utskick:{mail.pk}")
    assert job.status == OutboxJob.Status.PENDING and job.next_attempt_at > timezone.now()

    FailingFor.FAILING = set()  # the mail server is well again
    _make_due()
    outbox.outbox_sweep()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert [m.to for m in django_mail.outbox] == [["ledamot@example.org"], ["ersattare@example.org"]]  # no repeat


@override_settings(EMAIL_BACKEND="common.tests.test_outbox.FailingFor")
def test_a_recipient_that_keeps_failing_ends_failed_and_the_mail_says_so(django_capture_on_commit_callbacks):
    FailingFor.FAILING = {"fel@example.org"}
    mail = _send(django_capture_on_commit_callbacks, to=["fel@example.org"], subject="Utdrag", body="Se bilaga.")
    for _ in range(outbox.max_attempts()):
        _make_due()
        outbox.outbox_sweep()
    mail.refresh_from_db()
    recipient = mail.recipients.get()
    assert mail.status == OutgoingMail.Status.FAILED
    assert recipient.status == MailRecipient.Status.FAILED and recipient.attempts == outbox.max_attempts()


@override_settings(EMAIL_BACKEND="common.tests.test_outbox.FailingFor")
def test_attachments_are_kept_so_a_retry_sends_the_same_bytes(django_capture_on_commit_callbacks):
    stored = default_storage.save("extracts/utdrag-17.pdf", ContentFile(b"%PDF-1.7 utdrag"))
    FailingFor.FAILING = {"part@example.org"}
    mail = _send(
        django_capture_on_commit_callbacks,
        to=["part@example.org"],
        subject="Protokollsutdrag",
        body="Utdraget bifogas.",
        context="utdrag:17",
        attachments=[
            Attachment(filename="utdrag.pdf", storage_name=stored, mimetype="application/pdf"),
            ("beslut.txt", b"Beslut: bifall", "text/plain"),
        ],
    )
    assert mail.status == OutgoingMail.Status.PENDING and django_mail.outbox == []
    FailingFor.FAILING = set()
    _make_due()
    outbox.outbox_sweep()
    sent = django_mail.outbox[0]
    assert [(name, content) for name, content, _ in sent.attachments] == [
        ("utdrag.pdf", b"%PDF-1.7 utdrag"),
        ("beslut.txt", "Beslut: bifall"),
    ]
    assert mail.attachments.get(filename="utdrag.pdf").sha256 == (
        __import__("hashlib").sha256(b"%PDF-1.7 utdrag").hexdigest()
    )


def test_secrets_are_cut_out_once_sent_and_never_shown(django_capture_on_commit_callbacks, client, make_user):
    token = "c3k-8f1b0e2a9d7c6b5a4f3e"
    with transaction.atomic():
        mail = outbox_mail_enqueue(
            to=["sara@example.org"],
            subject="Återställ ditt lösenord",
            body=f"Välj ett nytt lösenord här: https://namnd.example.se/konto/aterstall/MQ/{token}/",
            context="losenord:1",
            secrets=[token],
        )
    mail.refresh_from_db()
    assert token in mail.body and token not in mail.shown_body  # waiting: kept for the retry, not shown
    admin = make_user("administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in (
        reverse("admin:common_outgoingmail_change", args=[mail.pk]),
        reverse("operations:mail_detail", args=[mail.pk]),
    ):
        assert token not in client.get(url).content.decode()
    outbox.outbox_sweep()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT and mail.redacted
    assert token not in mail.body and REDACTED in mail.body and mail.secrets == []
    assert token in django_mail.outbox[0].body  # the recipient got the link


def test_a_handler_may_ask_to_be_run_again_later():
    @job_handler("test.later")
    def later():
        return Retry("väntar på underlag")

    job = OutboxJob.objects.create(task="test.later")
    assert outbox.run_job(job.pk) == "retry"
    job.refresh_from_db()
    assert job.last_error == "väntar på underlag" and job.status == OutboxJob.Status.PENDING


def test_mail_needs_a_valid_recipient():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        outbox_mail_enqueue(to=["inte en adress"], subject="x", body="y")
    with pytest.raises(ValidationError):
        outbox_mail_enqueue(to=[" "], subject="x", body="y")


def test_operations_page_lists_mails_per_recipient_and_open_jobs(client, make_user, django_capture_on_commit_callbacks):
    _send(
        django_capture_on_commit_callbacks,
        to=["a@example.org", "b@example.org"],
        subject="Kallelse",
        body="Hej",
        context="kallelse:1",
    )
    OutboxJob.objects.create(
        task="cases.document_text_extract", context="dokumenttext:9", attempts=2, last_error="OSError: x"
    )
    client.force_login(make_user("secretariat"))
    page = client.get(reverse("operations:overview")).content.decode()
    assert "Kallelse" in page and "2 (2 skickade, 0 misslyckade)" in page and "dokumenttext:9" in page
    filtered = client.get(reverse("operations:overview"), {"sammanhang": "losenord:"}).content.decode()
    assert "0 utskick." in filtered
    client.force_login(make_user("case_officer"))
    assert client.get(reverse("operations:overview")).status_code == 403
