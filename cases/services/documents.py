"""Documents of a case: registration, changes, file versions (stored under random names, text
extracted in the background), secrecy marking (OSL 5 kap.) and access grants."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from common.models import User

from ..files import CheckedFile, check_upload, storage_name
from ..models import Case, Document, DocumentAccessGrant, DocumentFile
from ._common import _with_history_user


def _search_text_document(document: Document) -> str:
    return "\n".join([document.description, document.counterpart, document.extracted_text]).lower()


def _store_file(*, document: Document, checked: CheckedFile, by: User | None, comment: str = "") -> DocumentFile:
    """Store a checked file as the document's next version under a random name.

    The file is validated before any row is written; if the transaction is rolled back after the
    file was stored, the file is left unreferenced on disk (never served, as only rows are served).
    """
    last = document.files.aggregate(m=Max("version"))["m"] or 0
    stored = default_storage.save(storage_name(checked.extension), ContentFile(checked.content))
    version = DocumentFile(
        document=document,
        version=last + 1,
        file=stored,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        comment=comment,
    )
    version.full_clean()
    version.save()
    transaction.on_commit(lambda: _enqueue_extraction(version.pk))
    return version


def _checked(upload) -> CheckedFile:
    try:
        return check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _enqueue_extraction(file_id: int) -> None:
    from ..tasks import document_text_extract_task

    document_text_extract_task.delay(file_id)


@transaction.atomic
def document_register(
    *,
    case: Case,
    direction: str,
    date: dt.date,
    description: str,
    counterpart: str = "",
    kind: str = Document.Kind.OTHER,
    upload=None,
    by: User | None = None,
    is_secret: bool = False,
    secrecy_provision: str = "",
    secrecy_authority: str = "",
    secrecy_marked_on: dt.date | None = None,
) -> Document:
    """Register a document on a case (OSL 5 kap. 2 §), optionally with its file and a secrecy marking."""
    checked = _checked(upload) if upload is not None else None
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.closure == Case.Closure.MISTAKE:
        raise ValidationError("Ärendet är felregistrerat; registrera handlingen på rätt ärende.")
    if date > timezone.localdate():
        raise ValidationError({"date": "Datumet kan inte ligga i framtiden."})
    last = case.documents.aggregate(m=Max("number"))["m"] or 0
    document = Document(
        case=case,
        number=last + 1,
        direction=direction,
        kind=kind,
        date=date,
        counterpart=counterpart.strip(),
        description=description.strip(),
        registered_by=by,
        is_secret=is_secret,
        secrecy_provision=secrecy_provision.strip() if is_secret else "",
        secrecy_authority=secrecy_authority.strip() if is_secret else "",
        secrecy_marked_on=(secrecy_marked_on or timezone.localdate()) if is_secret else None,
    )
    if is_secret and not document.secrecy_provision:
        raise ValidationError({"secrecy_provision": "Ange sekretessbestämmelsen, t.ex. OSL 18 kap. 8 §."})
    if is_secret and not document.secrecy_authority:
        raise ValidationError({"secrecy_authority": "Ange myndigheten som gör sekretessmarkeringen."})
    document.search_text = _search_text_document(document)
    document.full_clean()
    _with_history_user(document, by).save()
    if checked is not None:
        _store_file(document=document, checked=checked, by=by)
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    by: User | None = None,
    description: str | None = None,
    counterpart: str | None = None,
    date: dt.date | None = None,
    kind: str | None = None,
    direction: str | None = None,
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    for name, value in (
        ("description", description),
        ("counterpart", counterpart),
        ("date", date),
        ("kind", kind),
        ("direction", direction),
    ):
        if value is not None:
            setattr(document, name, value.strip() if isinstance(value, str) else value)
    document.search_text = _search_text_document(document)
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_replace_file(*, document: Document, upload, by: User | None = None, comment: str = "") -> DocumentFile:
    """Add a new version of the document's file; earlier versions are kept."""
    checked = _checked(upload)
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = _store_file(document=document, checked=checked, by=by, comment=comment)
    # A new version means a change of the registered document: record it in its history.
    _with_history_user(document, by).save()
    return version


@transaction.atomic
def document_mark_secret(
    *,
    document: Document,
    provision: str,
    authority: str,
    marked_on: dt.date | None = None,
    by: User | None = None,
) -> Document:
    """Mark a document secret (OSL 5 kap. 5 §): provision, date and authority are recorded."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not provision.strip():
        raise ValidationError({"provision": "Ange sekretessbestämmelsen, t.ex. OSL 18 kap. 8 §."})
    if not authority.strip():
        raise ValidationError({"authority": "Ange myndigheten som gör sekretessmarkeringen."})
    document.is_secret = True
    document.secrecy_provision = provision.strip()
    document.secrecy_authority = authority.strip()
    document.secrecy_marked_on = marked_on or timezone.localdate()
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_unmark_secret(*, document: Document, by: User | None = None) -> Document:
    """Lift the secrecy marking after a new secrecy assessment (the history keeps the old marking)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.is_secret = False
    document.secrecy_provision = ""
    document.secrecy_authority = ""
    document.secrecy_marked_on = None
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_grant_access(*, document: Document, user: User, by: User | None = None, reason: str = "") -> None:
    grant = DocumentAccessGrant.objects.filter(document=document, user=user).first()
    if grant is None:
        grant = DocumentAccessGrant(document=document, user=user, granted_by=by, reason=reason)
        grant.full_clean()
        grant.save()


@transaction.atomic
def document_text_extract(*, file_id: int) -> Document | None:
    """Extract the text of a stored file (the newest version) into the document's search text.
    Idempotent: running it again gives the same result. Returns None when the file is gone."""
    from ..files import extract_text

    version = DocumentFile.objects.select_related("document").filter(pk=file_id).first()
    if version is None:
        return None
    document = Document.objects.select_for_update().get(pk=version.document_id)
    newest = document.files.order_by("-version").first()
    if newest is None or newest.pk != version.pk:
        return document  # a newer version has been uploaded; its own task indexes it
    with default_storage.open(version.file.name, "rb") as fh:
        content = fh.read()
    extension = version.file.name.rpartition(".")[2].lower()
    try:
        text = extract_text(content, extension)
    except Exception as exc:  # noqa: BLE001 - an unreadable file must not stop the registration
        text = ""
        version.comment = (version.comment + f" [Texten kunde inte läsas: {type(exc).__name__}]").strip()[:300]
        version.save(update_fields=["comment"])
    document.extracted_text = text[:1_000_000]
    document.search_text = _search_text_document(document)
    document.save(update_fields=["extracted_text", "search_text", "updated_at"])
    return document
