"""Stored archival documents: render once, keep the bytes and their SHA-256, serve what was stored.

Writes (call from a domain service, inside its transaction)::

    from common.archive import archive_pdf

    document = archive_pdf(
        kind="invoice", object_id=invoice.pk, title=f"Faktura {invoice.number}",
        filename=f"faktura-{invoice.number}.pdf",
        template="finance/pdf/invoice.html", context={"invoice": invoice}, created_by=user,
    )
    invoice.pdf = document  # a PROTECT foreign key on the domain model

``archive_pdf`` renders ``template`` with ``common.pdf.render_pdf(..., archival=True)`` (PDF/A-2u, tagged)
and stores the result; ``archive_store`` stores bytes rendered elsewhere (e.g. a protocol merged with
pypdf). Both are idempotent per (kind, object_id): when the object already has a stored document it is
returned as it is and nothing is rendered again.

Reads (from a view that has already checked who may see the object)::

    from common.archive import archived_response
    return archived_response(invoice.pdf)  # the stored bytes, checked against their SHA-256

The model is ``common.models.ArchivedDocument``; on PostgreSQL its rows can be neither changed nor deleted.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpResponse

from .models import ArchivedDocument
from .pdf import ARCHIVAL_VARIANT, render_pdf


class ArchiveIntegrityError(RuntimeError):
    """The stored file is missing or no longer matches its SHA-256: it must not be served as the original."""


def _path(kind: str, sha256: str, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"arkiv/{kind}/{sha256[:2]}/{sha256}.{extension}"


def archive_store(
    *,
    kind: str,
    object_id,
    title: str,
    filename: str,
    content: bytes,
    content_type: str = "application/pdf",
    variant: str = ArchivedDocument.Variant.PDF_A_2U,
    created_by=None,
) -> ArchivedDocument:
    """Store ``content`` as the archival document of (kind, object_id); an existing one is returned unchanged.

    The file is content-addressed (its name is its SHA-256), so a write that is rolled back leaves at most
    an orphan file with the same bytes that a retry reuses."""
    existing = ArchivedDocument.objects.filter(kind=kind, object_id=str(object_id)).first()
    if existing is not None:
        return existing
    sha256 = hashlib.sha256(content).hexdigest()
    path = _path(kind, sha256, filename)
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(content))
        if saved != path:  # a concurrent writer stored the same bytes first; keep one copy
            default_storage.delete(saved)
    document = ArchivedDocument(
        kind=kind,
        object_id=str(object_id),
        title=title[:300],
        filename=filename[:200],
        content_type=content_type,
        variant=variant,
        size=len(content),
        sha256=sha256,
        created_by=created_by,
    )
    document.file.name = path
    document.full_clean()
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # stored concurrently by another request for the same object
        return ArchivedDocument.objects.get(kind=kind, object_id=str(object_id))
    return document


def archive_pdf(
    *,
    kind: str,
    object_id,
    title: str,
    filename: str,
    template: str,
    context: dict,
    created_by=None,
) -> ArchivedDocument:
    """Render ``template`` once as tagged PDF/A and store it (see ``archive_store``)."""
    existing = ArchivedDocument.objects.filter(kind=kind, object_id=str(object_id)).first()
    if existing is not None:
        return existing
    content = render_pdf(template, context, archival=True)
    return archive_store(
        kind=kind,
        object_id=object_id,
        title=title,
        filename=filename,
        content=content,
        variant=ARCHIVAL_VARIANT,
        created_by=created_by,
    )


def archived_bytes(document: ArchivedDocument) -> bytes:
    """The stored bytes, verified against the SHA-256 recorded when they were stored."""
    try:
        with default_storage.open(document.file.name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise ArchiveIntegrityError(f"Arkivfilen för {document} saknas ({document.file.name}).") from exc
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ArchiveIntegrityError(f"Arkivfilen för {document} stämmer inte med sin SHA-256-summa.")
    return content


def archived_response(document: ArchivedDocument, *, attachment: bool = False) -> HttpResponse:
    """An HTTP response with the stored document, exactly as stored (never rendered again)."""
    response = HttpResponse(archived_bytes(document), content_type=document.content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    response["ETag"] = f'"{document.sha256}"'
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, max-age=3600"
    return response
