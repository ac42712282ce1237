"""Small infrastructure tasks. ``ping`` proves the broker and a worker work; ``mail_record`` writes
through a service to the database, so a test can see that the worker shares the test database."""

from celery import shared_task


@shared_task
def ping() -> str:
    return "pong"


@shared_task(bind=True, max_retries=3, default_retry_delay=5)
def mail_record(self, *, to: list[str], subject: str, body: str, context: str = "") -> int:
    from .services import mail_send

    return mail_send(to=to, subject=subject, body=body, context=context).pk
