"""Outbox handlers and Celery tasks of the protocol app."""

from celery import shared_task

from common.outbox import job_handler

from . import services


@job_handler(services.DOCUMENTS_TASK)
def protocol_documents(*, protocol_id: int, paragraph_id: int | None = None) -> None:
    services.protocol_documents_make(protocol_id=protocol_id, paragraph_id=paragraph_id)


@shared_task(name="protocol.tasks.notice_board_remind", ignore_result=True)
def notice_board_remind_task() -> int:
    return services.notice_board_remind()
