"""Background jobs of the diary. Tasks take ids, load, and call a service; they are idempotent."""

from celery import shared_task

from .services import document_text_extract


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def document_text_extract_task(self, file_id: int) -> int | None:
    """Extract the text of an uploaded PDF/DOCX/ODT/TXT for full-text search."""
    document = document_text_extract(file_id=file_id)
    return document.pk if document else None
