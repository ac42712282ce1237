"""Celery tasks of the portal's infrastructure.

``outbox_run`` runs one outbox job (common/outbox.py); ``outbox_sweep_task`` hands over what is due
(Celery beat runs it every minute, see CELERY_BEAT_SCHEDULE). ``ping`` proves the broker and a worker
work.
"""

from celery import shared_task

from . import outbox


@shared_task(name="common.tasks.ping")
def ping() -> str:
    return "pong"


@shared_task(name="common.tasks.outbox_run", ignore_result=True)
def outbox_run(job_id: int) -> str:
    return outbox.run_job(job_id)


@shared_task(name="common.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep_task() -> int:
    return outbox.outbox_sweep().handed_over
