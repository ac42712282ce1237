"""The stored documents of an adjusted protocol: the archival PDF/A (and its public version, masked where
secrecy requires), and one extract per paragraph that has a case or recipients, registered as an outgoing
document in the case and mailed through the outbox. Run by the outbox job ``protocol.documents``;
idempotent (each document is stored once per object, each extract once per paragraph)."""

from __future__ import annotations

import re
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cases.models import Document
from cases.services import document_register
from common.archive import archive_pdf, archived_bytes
from common.outbox import Attachment, outbox_mail_enqueue

from ..models import Extract, Paragraph, Protocol
from ..selectors import notice_view, protocol_get, protocol_view

EMAIL = re.compile(r"<?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?")
NAMESPACE = uuid.UUID("6f1d7c4e-2b1a-4f1e-9d5c-2c0e8a6f0b11")


def pdf_context(protocol: Protocol, *, public: bool) -> dict:
    view = protocol_view(protocol, show_closed=not public)
    approvals = [a for a in protocol.approvals.all() if a.content_sha256 == protocol.content_sha256]
    return {
        "view": view,
        "protocol": protocol,
        "meeting": protocol.meeting,
        "committee": protocol.committee,
        "approvals": approvals,
        "notice": notice_view(protocol) if protocol.is_adjusted else None,
        "public": public,
        "numbers": paragraph_range(view),
    }


def paragraph_range(view) -> str:
    numbers = [v.paragraph.number for v in view.paragraphs if v.paragraph.number]
    if not numbers:
        return ""
    return f"§{numbers[0]}" if len(numbers) == 1 else f"§{numbers[0]}–{numbers[-1]}"


def _filename(protocol: Protocol, suffix: str = "") -> str:
    return f"protokoll-{protocol.committee.short_name.lower()}-{protocol.meeting.date:%Y-%m-%d}{suffix}.pdf"


def protocol_pdfs_store(protocol: Protocol) -> Protocol:
    """Render and store the adjusted protocol's PDF/A, full and public; returns the protocol with both."""
    protocol = protocol_get(protocol.pk)
    if not protocol.is_adjusted:
        raise ValueError("Bara ett justerat protokoll arkiveras.")
    title = f"Protokoll {protocol.committee.short_name} {protocol.meeting.date:%Y-%m-%d}"
    changed = {}
    if protocol.pdf_id is None:
        changed["pdf"] = archive_pdf(
            kind="protocol",
            object_id=protocol.pk,
            title=title,
            filename=_filename(protocol),
            template="protocol/pdf/protocol.html",
            context=pdf_context(protocol, public=False),
        )
    if protocol.public_pdf_id is None:
        changed["public_pdf"] = archive_pdf(
            kind="protocol_public",
            object_id=protocol.pk,
            title=f"{title} (offentlig version)",
            filename=_filename(protocol, "-offentlig"),
            template="protocol/pdf/protocol.html",
            context=pdf_context(protocol, public=True),
        )
    if changed:
        Protocol.objects.filter(pk=protocol.pk).update(**changed)
        for name, value in changed.items():
            setattr(protocol, name, value)
    return protocol


def needs_extract(paragraph: Paragraph) -> bool:
    return paragraph.case_id is not None or bool(paragraph.recipient_lines)


def recipient_addresses(paragraph: Paragraph) -> list[str]:
    return [m.group(1) for line in paragraph.recipient_lines for m in [EMAIL.search(line)] if m]


@transaction.atomic
def extract_issue(*, protocol: Protocol, paragraph: Paragraph, certified_by: str = "") -> Extract | None:
    """Store the extract of ``paragraph``, register it in the case and mail it to the recipients."""
    existing = Extract.objects.filter(paragraph=paragraph).first()
    if existing is not None or not needs_extract(paragraph):
        return existing
    certified_by = certified_by or (protocol.created_by.get_full_name() if protocol.created_by_id else "Sekretariatet")
    view = protocol_view(protocol)
    paragraph_view = next(v for v in view.paragraphs if v.paragraph.pk == paragraph.pk)
    number = f"§{paragraph.number}"
    pdf = archive_pdf(
        kind="extract",
        object_id=paragraph.pk,
        title=f"Utdrag ur protokoll {protocol.committee.short_name} {protocol.meeting.date:%Y-%m-%d} {number}",
        filename=f"utdrag-{protocol.committee.short_name.lower()}-{protocol.year}-{paragraph.number}.pdf",
        template="protocol/pdf/extract.html",
        context={"view": view, "p": paragraph_view, "protocol": protocol, "certified_by": certified_by},
    )
    document = None
    recipients = paragraph.recipient_lines
    if paragraph.case_id is not None:
        content = archived_bytes(pdf)
        document = document_register(
            case=paragraph.case,
            direction=Document.Direction.OUTGOING,
            kind=Document.Kind.EXTRACT,
            date=timezone.localdate(),
            description=(
                f"Protokollsutdrag {protocol.committee.short_name} {protocol.meeting.date:%Y-%m-%d} "
                f"{number} {paragraph.title}"
            )[:500],
            counterpart=", ".join(EMAIL.sub("", r).strip() or r for r in recipients)[:300]
            or "Expedieras enligt protokollet",
            upload=SimpleUploadedFile(pdf.filename, content, content_type="application/pdf"),
            is_secret=not paragraph.is_public,
            secrecy_provision=paragraph.secrecy_note if not paragraph.is_public else "",
            secrecy_authority=protocol.committee.name if not paragraph.is_public else "",
            token=uuid.uuid5(NAMESPACE, f"extract:{paragraph.pk}"),
        )
    mail = None
    addresses = recipient_addresses(paragraph)
    if addresses:
        mail = outbox_mail_enqueue(
            to=addresses,
            subject=f"Protokollsutdrag {protocol.committee.short_name} {number} {paragraph.title}",
            body=(
                f"Hej,\n\nHär är utdraget ur protokollet från {protocol.committee.name} "
                f"{protocol.meeting.date:%Y-%m-%d}, {number} {paragraph.title}.\n\nBeslut:\n{paragraph.decision}\n\n"
                f"Rätt utdraget intygar: {certified_by}\n"
            ),
            context=f"utdrag:{paragraph.pk}",
            attachments=[Attachment(filename=pdf.filename, storage_name=pdf.file.name, mimetype="application/pdf")],
        )
    extract = Extract(paragraph=paragraph, pdf=pdf, document=document, mail=mail, certified_by=certified_by[:200])
    extract.full_clean()
    extract.save()
    return extract


def protocol_documents_make(*, protocol_id: int, paragraph_id: int | None = None) -> None:
    """The outbox job: the stored PDFs (when adjusted) and the extracts (all, or the one paragraph adjusted
    immediately)."""
    protocol = protocol_get(protocol_id)
    if protocol.is_adjusted and paragraph_id is None:
        protocol = protocol_pdfs_store(protocol)
    for paragraph in protocol.paragraphs.all():
        if paragraph_id is not None and paragraph.pk != paragraph_id:
            continue
        if protocol.is_adjusted or paragraph.immediately_adjusted_at is not None:
            extract_issue(protocol=protocol, paragraph=paragraph)
