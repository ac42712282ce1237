"""Writes of requests for public documents: registering a request from the public page, and answering it.

``disclosure_request_submit`` numbers the request from a locked counter row (no gaps, no duplicates)
and is idempotent by the form's token: the same form sent twice, or by two tabs at once, registers one
request. ``disclosure_answer`` locks the request: two registrars answering at once give one answer, the
other is told who answered. Mail goes through the outbox in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.files import check_upload, storage_name
from cases.models import Case, Document
from common.models import User
from common.outbox import outbox_mail_enqueue

from .models import DisclosureRequest, RequestCounter

APPEAL_TEXT = (
    "Du kan överklaga beslutet till kammarrätten (offentlighets- och sekretesslagen 6 kap. 7–8 §§). "
    "Skriv till {organisation} och ange vilket beslut du överklagar ({number}) och hur du vill att det "
    "ändras. Överklagandet ska ha kommit in inom tre veckor från den dag du fick del av beslutet; "
    "myndigheten skickar det vidare till kammarrätten."
)


def _registrar_path(request: DisclosureRequest) -> str:
    return reverse("disclosure:detail", args=[request.pk])


def datetime_sv(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def disclosure_request_submit(
    *,
    case: Case,
    wanted: str,
    format: str = DisclosureRequest.Format.ELECTRONIC,
    document: Document | None = None,
    name: str = "",
    email: str = "",
    postal_address: str = "",
    token: uuid.UUID | str,
) -> DisclosureRequest:
    """Register a request for a public document and notify the registrar (outbox). Anonymous requests
    are welcome; an e-mail is needed only for an answer by e-mail, an address only for a paper copy.
    The same ``token`` twice returns the first request with ``already_submitted = True``."""
    token = _token(token)
    now = timezone.now()
    year = timezone.localdate(now).year
    RequestCounter.objects.bulk_create([RequestCounter(year=year)], ignore_conflicts=True)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    existing = DisclosureRequest.objects.filter(token=token).first()
    if existing is not None:  # checked under the counter's lock: a concurrent twin has committed by now
        existing.already_submitted = True
        return existing
    if document is not None and document.case_id != case.pk:
        raise ValidationError({"document": "Handlingen hör inte till ärendet."})
    if format == DisclosureRequest.Format.ELECTRONIC and not email.strip():
        raise ValidationError(
            {"email": "Ange en e-postadress om du vill ha kopian per e-post, eller välj en annan form."}
        )
    if format == DisclosureRequest.Format.PAPER and not postal_address.strip():
        raise ValidationError({"postal_address": "Ange en postadress om du vill ha en papperskopia."})
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    request = DisclosureRequest(
        year=year,
        sequence=counter.last_sequence,
        received_at=now,
        case=case,
        document=document,
        name=" ".join(name.split()),
        email=email.strip(),
        postal_address=postal_address.strip(),
        wanted=wanted.strip(),
        format=format,
        token=token,
    )
    request.full_clean()
    request.save()
    what = document.reference if document is not None else case.number
    outbox_mail_enqueue(
        to=[settings.REGISTRAR_EMAIL],
        subject=f"Begäran om allmän handling {request.number} ({what})",
        body=(
            f"En begäran om allmän handling har kommit in via det offentliga diariet "
            f"{datetime_sv(request.received_at)}.\n\n"
            f"Begäran: {request.number}\nGäller: {what}\nForm: {request.get_format_display()}\n\n"
            f"Vad som begärs:\n{request.wanted}\n\n"
            "Begäran ska behandlas skyndsamt (TF 2 kap. 15 §), normalt samma eller nästa arbetsdag.\n"
            f"Besvara den i portalen under Diarium › Begäranden ({_registrar_path(request)}).\n"
        ),
        context=f"begaran:{request.pk}",
    )
    request.already_submitted = False
    return request


def _token(token) -> uuid.UUID:
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError as exc:
        raise ValidationError("Formuläret är ogiltigt. Ladda om sidan och försök igen.") from exc


@transaction.atomic
def disclosure_answer(
    *,
    request: DisclosureRequest,
    outcome: str,
    by: User,
    message: str = "",
    legal_ground: str = "",
    masked_upload=None,
) -> DisclosureRequest:
    """Answer a request once: release the document (its newest file is sent), release it in part (the
    uploaded masked copy is sent), or refuse it by a decision with its legal ground and how to appeal.

    A document marked secret is released in full only after its marking has been lifted (a new
    secrecy assessment); until then it is released masked or refused. The answer goes to the
    requester's e-mail through the outbox when they gave one (the files attached); otherwise the
    secretariat sends it by post or shows it on site, as the requester asked."""
    masked = check_upload(masked_upload) if masked_upload is not None else None
    request = (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("case__diary", "document", "answered_by")
        .get(pk=request.pk)
    )
    if not request.is_open:
        who = request.answered_by.get_full_name() if request.answered_by else "någon annan"
        raise ValidationError(f"Begäran {request.number} besvarades redan {datetime_sv(request.answered_at)} av {who}.")
    if outcome not in (
        DisclosureRequest.Outcome.RELEASED,
        DisclosureRequest.Outcome.PARTIAL,
        DisclosureRequest.Outcome.REFUSED,
    ):
        raise ValidationError({"outcome": "Välj hur begäran besvaras."})
    legal_ground = " ".join(legal_ground.split())
    document = request.document
    if outcome != DisclosureRequest.Outcome.RELEASED and not legal_ground:
        raise ValidationError({"legal_ground": "Ange lagrummet för sekretessen, t.ex. OSL 18 kap. 8 §."})
    if outcome == DisclosureRequest.Outcome.RELEASED and document is not None and document.is_secret:
        raise ValidationError(
            {
                "outcome": f"Handlingen är sekretessmarkerad ({document.secrecy_provision}). Häv markeringen efter "
                "en ny sekretessprövning, eller lämna ut en maskerad kopia."
            }
        )
    if outcome == DisclosureRequest.Outcome.PARTIAL and masked is None:
        raise ValidationError({"masked_file": "Ladda upp den maskerade kopian som lämnas ut."})
    released = None
    if outcome == DisclosureRequest.Outcome.RELEASED and document is not None:
        released = document.files.order_by("-version").first()
    if masked is not None and outcome != DisclosureRequest.Outcome.REFUSED:
        request.masked_file = default_storage.save(storage_name(masked.extension), ContentFile(masked.content))
        request.masked_file_name = masked.name
    text = message.strip()
    if outcome != DisclosureRequest.Outcome.RELEASED:
        appeal = APPEAL_TEXT.format(organisation=settings.PORTAL_ORGANISATION, number=request.number)
        text = "\n\n".join(p for p in [text, f"Beslutet grundar sig på {legal_ground}.", appeal] if p)
    request.outcome = outcome
    request.legal_ground = legal_ground if outcome != DisclosureRequest.Outcome.RELEASED else ""
    request.answer_text = text
    request.answered_at = timezone.now()
    request.answered_by = by
    request.released_file = released
    request.full_clean()
    request._history_user = by
    request.save()
    if request.email:
        attachments = []
        if released is not None:
            with default_storage.open(released.file.name, "rb") as fh:
                attachments.append((released.original_name, fh.read(), released.content_type))
        if masked is not None and outcome == DisclosureRequest.Outcome.PARTIAL:
            attachments.append((masked.name, masked.content, masked.content_type))
        what = document.reference if document is not None else request.case.number
        outbox_mail_enqueue(
            to=[request.email],
            subject=f"Svar på din begäran {request.number} ({what})",
            body=(
                f"Hej!\n\nDu har begärt att få ta del av allmän handling ({what}). "
                f"{request.get_outcome_display()}.\n\n{text}\n\nMed vänlig hälsning\nRegistrator, "
                f"{settings.PORTAL_ORGANISATION}\n{settings.REGISTRAR_EMAIL}, tel. {settings.REGISTRAR_PHONE}\n"
            ),
            context=f"begaran-svar:{request.pk}",
            attachments=attachments,
        )
    return request
