"""Documents of a case: registration, changes, file versions (stored under random names, text
extracted in the background), secrecy marking (OSL 5 kap.) and access grants."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from common.models import User
from common.outbox import outbox_job_enqueue

from ..files import CheckedFile, check_upload, extract_text_safely, storage_name
from ..models import Case, Document, DocumentAccessGrant, DocumentFile, TextStatus
from ._common import _with_history_user

EXTRACT_TEXT = "cases.document_text_extract"  # the outbox job, handled in cases/tasks.py


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
    # Recorded with the version, handed to the worker after commit (common.outbox): a dead broker
    # delays the text extraction, never loses it and never fails the registration.
    outbox_job_enqueue(task=EXTRACT_TEXT, kwargs={"file_id": version.pk}, context=f"dokumenttext:{version.pk}")
    return version


def _checked(upload) -> CheckedFile:
    try:
        return check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


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
    token: uuid.UUID | str | None = None,
) -> Document:
    """Register a document on a case (OSL 5 kap. 2 §), optionally with its file and a secrecy marking.

    ``date`` is the day the document arrived or was drawn up (it may be earlier than today); an incoming
    document needs its sender and an outgoing one its recipient (``counterpart``). ``token`` (from the
    form) makes a double submission harmless: the second call returns the first document with
    ``already_registered = True``."""
    token = _token(token)
    checked = _checked(upload) if upload is not None else None
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if token is not None:
        existing = Document.objects.select_related("case__diary").filter(registration_token=token).first()
        if existing is not None:  # checked under the case's lock: a concurrent twin has committed by now
            existing.already_registered = True
            return existing
    if direction in (Document.Direction.INCOMING, Document.Direction.OUTGOING) and not counterpart.strip():
        label = "avsändare" if direction == Document.Direction.INCOMING else "mottagare"
        raise ValidationError({"counterpart": f"Ange handlingens {label} (OSL 5 kap. 2 §)."})
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
        registration_token=token,
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
    document.already_registered = False
    return document


def _token(token) -> uuid.UUID | None:
    if token is None or isinstance(token, uuid.UUID):
        return token
    try:
        return uuid.UUID(str(token))
    except ValueError as exc:
        raise ValidationError("Formuläret är ogiltigt. Ladda om sidan och försök igen.") from exc


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
    if document.direction != Document.Direction.INTERNAL and not document.counterpart:
        label = "avsändare" if document.direction == Document.Direction.INCOMING else "mottagare"
        raise ValidationError({"counterpart": f"Ange handlingens {label} (OSL 5 kap. 2 §)."})
    document.search_text = _search_text_document(document)
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_replace_file(*, document: Document, upload, by: User | None = None, comment: str = "") -> DocumentFile:
    """Add a new version of the document's file; earlier versions are kept. The version row itself (who,
    when, why) is the record of the change: the case history lists it, the document row is not touched."""
    checked = _checked(upload)
    document = Document.objects.select_for_update().get(pk=document.pk)
    return _store_file(document=document, checked=checked, by=by, comment=comment)


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
def document_grant_access(
    *, document: Document, user: User, by: User | None = None, reason: str = ""
) -> DocumentAccessGrant:
    """Let ``user`` read the secret ``document`` from now on (idempotent while a grant is in force)."""
    grant = DocumentAccessGrant.objects.filter(document=document, user=user, valid_until__isnull=True).first()
    if grant is None:
        grant = DocumentAccessGrant(document=document, user=user, granted_by=by, reason=reason.strip())
        grant.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                _with_history_user(grant, by).save()
        except IntegrityError:  # a concurrent grant of the same access won
            grant = DocumentAccessGrant.objects.get(document=document, user=user, valid_until__isnull=True)
    return grant


@transaction.atomic
def document_revoke_access(*, grant: DocumentAccessGrant, by: User | None = None) -> DocumentAccessGrant:
    """End an access grant now. It is kept with its period (who could read the document when)."""
    grant = DocumentAccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.valid_until is None:
        grant.valid_until = max(timezone.now(), grant.granted_at)
        grant.revoked_by = by
        _with_history_user(grant, by).save(update_fields=["valid_until", "revoked_by"])
    return grant


def document_text_extract(*, file_id: int) -> Document | None:
    """Read the text of a stored file version into the document's search text (outbox job, after commit).

    The text is read in a child process with memory and time limits, archives inspected first
    (``cases.files.extract_text_safely``); a refused or failed reading is recorded on the version
    ("Texten kunde inte läsas: …") and shown on the document's page. Idempotent. The document's
    history gets no entry: its registered fields do not change. Returns None when the file is gone."""
    version = DocumentFile.objects.select_related("document").filter(pk=file_id).first()
    if version is None:
        return None
    if version.document.files.order_by("-version").values_list("pk", flat=True).first() != version.pk:
        DocumentFile.objects.filter(pk=version.pk, text_status=TextStatus.PENDING).update(
            text_status=TextStatus.SUPERSEDED
        )
        return version.document  # a newer version has been uploaded; its own job reads it
    with default_storage.open(version.file.name, "rb") as fh:  # OSError: the job is retried
        content = fh.read()
    extension = version.file.name.rpartition(".")[2].lower()
    result = extract_text_safely(content, extension)
    if result.error:
        status = TextStatus.FAILED
    else:
        status = TextStatus.DONE if extension in {"pdf", "docx", "odt", "txt"} else TextStatus.NONE
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=version.document_id)
        newest = document.files.order_by("-version").values_list("pk", flat=True).first()
        DocumentFile.objects.filter(pk=version.pk).update(text_status=status, text_error=result.error[:500])
        if newest == version.pk:
            document.extracted_text = result.text[:1_000_000]
            # .update(): a search-index field, not a change of the registered document (no history entry)
            Document.objects.filter(pk=document.pk).update(
                extracted_text=document.extracted_text, search_text=_search_text_document(document)
            )
    return document
