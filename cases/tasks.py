"""Background jobs of the diary, run by the outbox (common/outbox.py). Handlers take ids, load, and
call a service; they are idempotent."""

from common.outbox import job_handler

from .services import document_text_extract
from .services.documents import EXTRACT_TEXT


@job_handler(EXTRACT_TEXT)
def document_text_extract_job(*, file_id: int) -> None:
    """Extract the text of an uploaded PDF/DOCX/ODT/TXT for full-text search (in a child process with
    memory and time limits; a refused or failed extraction is recorded on the file version)."""
    document_text_extract(file_id=file_id)
