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
from parties.models import Party

from ..counterparts import classify_counterpart
from ..files import CheckedFile, check_upload, extract_text_safely, storage_name
from ..models import Case, Document, DocumentAccessGrant, DocumentFile, DocumentKindSetting, TextStatus
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
    counterpart_kind: str | None = None,
    description_public: bool = False,
    kind: str = Document.Kind.OTHER,
    upload=None,
    by: User | None = None,
    is_secret: bool = False,
    secrecy_provision: str = "",
    secrecy_authority: str = "",
    secrecy_marked_on: dt.date | None = None,
    token: uuid.UUID | str | None = None,
    publish: bool | None = None,
) -> Document:
    """Register a document on a case (OSL 5 kap. 2 §), optionally with its file and a secrecy marking.

    ``date`` is the day the document arrived or was drawn up (it may be earlier than today); an incoming
    document needs its sender and an outgoing one its recipient (``counterpart``). ``counterpart_kind``
    says who that is (authority or organisation, company, private person); None lets the portal decide
    from the name (a party of the register is an authority; see ``cases.counterparts``, which errs on the
    side of "private person"). ``description_public`` marks the description of a private person's
    document as free of personal data (only then is it shown in the e-diary).

    ``publish`` publishes the file in the e-diary at once; None (the default) follows the document
    kind's setting (``DocumentKindSetting``: decisions, memos, protocols and extracts are published by
    default). A secret document, a document without a file, one to or from a private person (unless
    ``publish=True`` says the registrar checked it) and a document of a case kept out of the e-diary are
    not published by default. ``token`` (from the form) makes a double submission harmless: the second
    call returns the first document with ``already_registered = True``."""
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
    counterpart = " ".join(counterpart.split())
    counterpart_kind = _counterpart_kind(counterpart, counterpart_kind)
    if is_secret and publish:
        raise ValidationError({"publish": SECRET_NOT_PUBLISHED})
    last = case.documents.aggregate(m=Max("number"))["m"] or 0
    document = Document(
        case=case,
        number=last + 1,
        direction=direction,
        kind=kind,
        date=date,
        counterpart=counterpart,
        counterpart_kind=counterpart_kind,
        description_public=bool(description_public) and counterpart_kind == Document.CounterpartKind.PRIVATE,
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
        version = _store_file(document=document, checked=checked, by=by)
        if publish is None:
            publish = (
                not is_secret
                and not case.withheld_from_public
                and counterpart_kind != Document.CounterpartKind.PRIVATE
                and DocumentKindSetting.objects.filter(kind=kind, publish_by_default=True).exists()
            )
        if publish:
            _publish(document=document, version=version, by=by)
    elif publish:
        raise ValidationError({"publish": "Handlingen har ingen fil att publicera."})
    document.already_registered = False
    return document


SECRET_NOT_PUBLISHED = "En handling med sekretess kan inte publiceras i e-diariet."


def _counterpart_kind(counterpart: str, kind: str | None) -> str:
    """The kind of a counterpart: none without a name; the given kind, checked; else from the name."""
    if not counterpart:
        return Document.CounterpartKind.NONE
    if kind:
        if kind not in Document.CounterpartKind.values or kind == Document.CounterpartKind.NONE:
            raise ValidationError(
                {
                    "counterpart_kind": "Välj om avsändaren/mottagaren är en myndighet, ett företag "
                    "eller en privatperson."
                }
            )
        return kind
    return classify_counterpart(counterpart, party_names=_party_names())


def _party_names() -> frozenset[str]:
    return frozenset(Party.objects.values_list("name", flat=True))


def counterpart_kind_for_party_name(name: str) -> str | None:
    """ "authority" when ``name`` is the name of a party of the register, else None (the form's prefill)."""
    name = " ".join(name.split()).casefold()
    return Document.CounterpartKind.AUTHORITY if name and name in {n.casefold() for n in _party_names()} else None


def _publish(*, document: Document, version: DocumentFile, by: User | None) -> Document:
    document.published_file = version
    document.published_at = timezone.now()
    document.published_by = by
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_publish(*, document: Document, by: User | None = None, version: int | None = None) -> Document:
    """Publish the document's file in the e-diary (the registrar has checked it for personal data): the
    newest version, or ``version``. Recorded with who and when (and in the document's history);
    ``document_unpublish`` undoes it. A secret document is never published (also a database constraint)."""
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    if document.is_secret:
        raise ValidationError(SECRET_NOT_PUBLISHED)
    if document.case.withheld_from_public:
        raise ValidationError("Ärendet publiceras inte i e-diariet; dess handlingar kan inte publiceras.")
    files = document.files.order_by("-version")
    if version is not None:
        files = files.filter(version=version)
    file = files.first()
    if file is None:
        raise ValidationError("Handlingen har ingen fil att publicera.")
    return _publish(document=document, version=file, by=by)


@transaction.atomic
def document_unpublish(*, document: Document, by: User | None = None) -> Document:
    """Take the document's file out of the e-diary (the document itself stays listed)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.published_file_id is not None:
        _unpublish(document)
        _with_history_user(document, by).save()
    return document


def _unpublish(document: Document) -> None:
    document.published_file = None
    document.published_at = None
    document.published_by = None


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
    counterpart_kind: str | None = None,
    description_public: bool | None = None,
) -> Document:
    """Change a document's registered fields. A changed sender or recipient without a kind gets one
    from its name (as at registration); the description of a private person's document is shown in the
    e-diary only while ``description_public`` is set."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if counterpart is not None:
        counterpart = " ".join(counterpart.split())
        if counterpart_kind is None and counterpart != document.counterpart:
            counterpart_kind = _counterpart_kind(counterpart, None)
    for name, value in (
        ("description", description),
        ("counterpart", counterpart),
        ("date", date),
        ("kind", kind),
        ("direction", direction),
    ):
        if value is not None:
            setattr(document, name, value.strip() if isinstance(value, str) else value)
    if counterpart_kind is not None or not document.counterpart:
        document.counterpart_kind = _counterpart_kind(document.counterpart, counterpart_kind)
    if description_public is not None:
        document.description_public = description_public
    if document.counterpart_kind != Document.CounterpartKind.PRIVATE:
        document.description_public = False
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
    _unpublish(document)  # in the same transaction: a secret document is never published
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
