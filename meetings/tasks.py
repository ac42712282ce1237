"""Background jobs of meetings, run by the outbox (common/outbox.py): handlers take ids and call a service."""

from common.outbox import job_handler

from .services.packets import BUILD_TASK, packet_build_run


@job_handler(BUILD_TASK)
def packet_build_job(*, packet_id: int) -> None:
    """Build a meeting packet PDF (cover, agenda, items and their attached PDFs, bookmarks, page numbers)."""
    packet_build_run(packet_id=packet_id)
