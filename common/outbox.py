"""The outbox: every e-mail and every job for the worker is recorded in the database first, in the
same transaction as the change that causes it, and handed to the worker only after commit.

A dead broker or SMTP server delays work, never loses it, and never turns a saved change into an
error page:

- ``outbox_job_enqueue(task=..., kwargs=..., context=...)`` records an ``OutboxJob``;
  ``outbox_mail_enqueue(to=..., subject=..., body=..., context=..., attachments=..., secrets=...)``
  records an ``OutgoingMail`` with one ``MailRecipient`` per address, and a job that sends it.
  Both must be called inside the transaction of the change (services are ``@transaction.atomic``).
- After commit, ``dispatch`` hands the job ids to Celery (``common.tasks.outbox_run``). Without a
  broker (``CELERY_TASK_ALWAYS_EAGER``, the quick start) the job runs right away in the process.
  When the broker cannot be reached, publishing fails fast (short connect timeout, no publish retry)
  and further attempts are skipped for ``OUTBOX_BROKER_PAUSE_SECONDS``: the request answers at once and
  the job waits in the database.
- ``outbox_sweep`` (Celery beat every minute; ``manage.py outbox_sweep``) hands over what is due:
  jobs never taken, taken but not started within ``OUTBOX_REDISPATCH_AFTER_SECONDS``, left running by
  a dead worker (lease expired), or waiting for a retry.
- ``run_job`` claims a job with a conditional UPDATE (pending → running, with a lease), so a job
  delivered twice runs once. A handler that raises is retried with exponential backoff
  (1, 2, 4 … minutes, at most an hour) up to ``OUTBOX_MAX_ATTEMPTS`` times, then the job is failed.

Handlers are plain functions registered with ``@job_handler("app.name")`` in an app's ``tasks.py``;
they take the job's kwargs (JSON) and must be idempotent. A handler may return ``Retry(reason)`` to be
run again later without counting as an error of its own (the mail handler does when a recipient's
server answered with a temporary failure).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import REDACTED, MailAttachment, MailRecipient, OutboxJob, OutgoingMail

logger = logging.getLogger("common.outbox")

MAIL_TASK = "common.mail_send"


# --- Settings ----------------------------------------------------------------------------------------


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("OUTBOX_MAX_ATTEMPTS", 8))


def lease_seconds() -> int:
    return int(_setting("OUTBOX_LEASE_SECONDS", 30 * 60))


def redispatch_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(_setting("OUTBOX_REDISPATCH_AFTER_SECONDS", 5 * 60)))


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure, at most an hour."""
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


# --- Handlers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retry:
    """Returned by a handler: run the job again later (after the usual backoff)."""

    reason: str


_HANDLERS: dict[str, Callable[..., Retry | None]] = {}
_discovered = False


def job_handler(name: str):
    """Register ``function(**kwargs)`` as the handler of outbox jobs named ``name``."""

    def decorator(function):
        if name in _HANDLERS and _HANDLERS[name] is not function:
            raise ValueError(f"Outbox handler {name!r} is registered twice")
        _HANDLERS[name] = function
        return function

    return decorator


def handler_for(name: str) -> Callable[..., Retry | None]:
    global _discovered
    if name not in _HANDLERS and not _discovered:
        autodiscover_modules("tasks")  # the apps' tasks.py register their handlers
        _discovered = True
    try:
        return _HANDLERS[name]
    except KeyError:
        raise LookupError(f"Ingen hanterare för bakgrundsjobbet {name!r}") from None


# --- Enqueue (inside the caller's transaction) ---------------------------------------------------


def outbox_job_enqueue(*, task: str, kwargs: dict | None = None, context: str = "") -> OutboxJob:
    """Record a job for the worker in the current transaction; it is handed over after commit.

    ``task`` names a handler registered with ``@job_handler``; ``kwargs`` must be JSON (ids, not objects).
    """
    job = OutboxJob(task=task, kwargs=kwargs or {}, context=context[:200])
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: dispatch([job.pk]), robust=True)
    return job


@dataclass(frozen=True)
class Attachment:
    """An attachment for ``outbox_mail_enqueue``: its bytes, or the name of a file in the default
    storage (e.g. a stored PDF/A extract), which is read when the mail is sent."""

    filename: str
    content: bytes | None = None
    mimetype: str = "application/octet-stream"
    storage_name: str = ""


def _recipients(to: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for address in to:
        address = (address or "").strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError({"to": f"Ogiltig e-postadress: {address}"}) from exc
        if address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    if not result:
        raise ValidationError({"to": "Utskicket saknar mottagare."})
    return result


def outbox_mail_enqueue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    context: str = "",
    attachments: Sequence[Attachment | tuple] = (),
    secrets: Sequence[str] = (),
    from_email: str = "",
) -> OutgoingMail:
    """Record an e-mail in the current transaction; it is sent after commit, one message per recipient.

    ``context`` says what caused it (``kallelse:<meeting id>``, ``utdrag:<id>``); the per-recipient log
    is read with ``common.selectors.mail_log``. ``attachments`` are ``Attachment`` objects or
    ``(filename, bytes, mimetype)`` tuples. ``secrets`` (e.g. a password-reset link) are cut out of the
    stored body once the mail is finished and are never shown in the admin or the portal.
    """
    mail = OutgoingMail(
        subject=" ".join(subject.split())[:500],
        body=body,
        context=context[:200],
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        secrets=[s for s in secrets if s],
    )
    addresses = _recipients(to)
    mail.full_clean()
    mail.save()
    MailRecipient.objects.bulk_create([MailRecipient(mail=mail, address=a) for a in addresses])
    for item in attachments:
        if not isinstance(item, Attachment):
            filename, content, mimetype = item
            item = Attachment(filename=filename, content=content, mimetype=mimetype)
        content = item.content or b""
        if not content and item.storage_name:
            with default_storage.open(item.storage_name, "rb") as fh:
                digest = hashlib.sha256(fh.read())
            size = default_storage.size(item.storage_name)
        else:
            digest, size = hashlib.sha256(content), len(content)
        MailAttachment.objects.create(
            mail=mail,
            filename=item.filename[:255],
            mimetype=item.mimetype,
            content=content if not item.storage_name else b"",
            storage_name=item.storage_name,
            size=size,
            sha256=digest.hexdigest(),
        )
    outbox_job_enqueue(task=MAIL_TASK, kwargs={"mail_id": mail.pk}, context=f"utskick:{mail.pk}")
    return mail


# --- Dispatch (after commit) ---------------------------------------------------------------------

_pause_until = {"t": 0.0}
_pause_lock = threading.Lock()


def _eager() -> bool:
    return bool(_setting("CELERY_TASK_ALWAYS_EAGER", False))


def broker_paused() -> bool:
    return time.monotonic() < _pause_until["t"]


def _pause_broker() -> None:
    with _pause_lock:
        _pause_until["t"] = time.monotonic() + float(_setting("OUTBOX_BROKER_PAUSE_SECONDS", 30))


def reset_broker_pause() -> None:
    with _pause_lock:
        _pause_until["t"] = 0.0


def dispatch(job_ids: Iterable[int]) -> int:
    """Hand jobs to the worker (or run them here without a broker). Never raises: a job that could not
    be handed over stays pending for the sweep. Returns how many were handed over or run."""
    job_ids = list(job_ids)
    if not job_ids:
        return 0
    if _eager():
        for job_id in job_ids:
            run_job(job_id)
        return len(job_ids)
    if broker_paused():
        return 0
    from .tasks import outbox_run

    handed = 0
    for job_id in job_ids:
        try:
            outbox_run.apply_async(args=[job_id], retry=False)
        except Exception as exc:  # noqa: BLE001 - any broker failure: the job waits in the database
            _pause_broker()
            logger.warning(
                "Kön (broker) svarar inte; %d jobb väntar på svepet: %s: %s",
                len(job_ids) - handed,
                type(exc).__name__,
                exc,
            )
            break
        OutboxJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now(), dispatch_count=F("dispatch_count") + 1)
        handed += 1
    return handed


# --- Run -----------------------------------------------------------------------------------------


def _claim(job_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=OutboxJob.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxJob.Status.RUNNING, locked_until__lt=now
    )
    return bool(
        OutboxJob.objects.filter(claimable, pk=job_id).update(
            status=OutboxJob.Status.RUNNING,
            started_at=now,
            locked_until=now + dt.timedelta(seconds=lease_seconds()),
        )
    )


def run_job(job_id: int) -> str:
    """Run one job if it is due and nobody else runs it. Returns "done", "retry", "failed" or "skipped".
    Never raises: the outcome is recorded on the job."""
    if not _claim(job_id):
        return "skipped"
    job = OutboxJob.objects.get(pk=job_id)
    try:
        result = handler_for(job.task)(**job.kwargs)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and retried
        logger.warning("Bakgrundsjobb %s (%s) misslyckades: %s: %s", job.pk, job.task, type(exc).__name__, exc)
        return _failed(job, f"{type(exc).__name__}: {exc}")
    if isinstance(result, Retry):
        return _failed(job, result.reason)
    OutboxJob.objects.filter(pk=job.pk).update(
        status=OutboxJob.Status.DONE, completed_at=timezone.now(), locked_until=None, last_error=""
    )
    return "done"


def _failed(job: OutboxJob, error: str) -> str:
    attempts = job.attempts + 1
    now = timezone.now()
    if attempts >= max_attempts():
        OutboxJob.objects.filter(pk=job.pk).update(
            status=OutboxJob.Status.FAILED,
            attempts=attempts,
            last_error=error[:4000],
            locked_until=None,
            completed_at=now,
        )
        _give_up(job)
        return "failed"
    OutboxJob.objects.filter(pk=job.pk).update(
        status=OutboxJob.Status.PENDING,
        attempts=attempts,
        last_error=error[:4000],
        locked_until=None,
        dispatched_at=None,
        next_attempt_at=now + backoff(attempts),
    )
    return "retry"


def _give_up(job: OutboxJob) -> None:
    if job.task == MAIL_TASK:
        mail_id = job.kwargs.get("mail_id")
        MailRecipient.objects.filter(mail_id=mail_id, status=MailRecipient.Status.PENDING).update(
            status=MailRecipient.Status.FAILED
        )
        _mail_finish(mail_id)


# --- Sweep ---------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    due: int = 0
    handed_over: int = 0


def due_jobs(now=None) -> list[int]:
    now = now or timezone.now()
    stale = now - redispatch_after()
    pending = Q(status=OutboxJob.Status.PENDING, next_attempt_at__lte=now) & (
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=stale)
    )
    abandoned = Q(status=OutboxJob.Status.RUNNING, locked_until__lt=now)
    return list(
        OutboxJob.objects.filter(pending | abandoned)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:1000]
    )


def outbox_sweep() -> SweepResult:
    """Hand over every job that is due (see the module docstring). Safe to run at any time, in parallel too."""
    from .throttling import rate_limit_cleanup

    reset_broker_pause()
    ids = due_jobs()
    result = SweepResult(due=len(ids), handed_over=dispatch(ids))
    rate_limit_cleanup()
    return result


# --- Mail ------------------------------------------------------------------------------------------


def _attachment_bytes(attachment: MailAttachment) -> bytes:
    if attachment.storage_name:
        with default_storage.open(attachment.storage_name, "rb") as fh:
            return fh.read()
    return bytes(attachment.content)


def _mail_finish(mail_id: int) -> None:
    """Set the mail's status from its recipients; once finished, cut its secrets out of the body."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        statuses = set(mail.recipients.values_list("status", flat=True))
        if MailRecipient.Status.PENDING in statuses:
            return
        mail.status = (
            OutgoingMail.Status.FAILED if MailRecipient.Status.FAILED in statuses else OutgoingMail.Status.SENT
        )
        mail.completed_at = timezone.now()
        if mail.secrets:
            for secret in mail.secrets:
                mail.body = mail.body.replace(secret, REDACTED)
            mail.secrets = []
            mail.redacted = True
        mail.save(update_fields=["status", "completed_at", "body", "secrets", "redacted"])


@job_handler(MAIL_TASK)
def mail_send(*, mail_id: int) -> Retry | None:
    """Send a recorded mail to each recipient still pending, one message each; record each outcome."""
    mail = OutgoingMail.objects.prefetch_related("attachments").get(pk=mail_id)
    files = [(a.filename, _attachment_bytes(a), a.mimetype) for a in mail.attachments.all()]
    failures = 0
    for recipient in mail.recipients.filter(status=MailRecipient.Status.PENDING):
        message = EmailMessage(
            subject=mail.subject, body=mail.body, from_email=mail.from_email or None, to=[recipient.address]
        )
        for filename, content, mimetype in files:
            message.attach(filename, content, mimetype)
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - recorded per recipient and retried
            failures += 1
            attempts = recipient.attempts + 1
            MailRecipient.objects.filter(pk=recipient.pk).update(
                attempts=attempts,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                status=MailRecipient.Status.FAILED if attempts >= max_attempts() else MailRecipient.Status.PENDING,
            )
        else:
            MailRecipient.objects.filter(pk=recipient.pk).update(
                status=MailRecipient.Status.SENT, sent_at=timezone.now(), attempts=recipient.attempts + 1, error=""
            )
    _mail_finish(mail.pk)
    if failures and mail.recipients.filter(status=MailRecipient.Status.PENDING).exists():
        return Retry(f"{failures} mottagare kunde inte nås; nytt försök senare.")
    return None
