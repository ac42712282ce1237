"""Demo data: two requests for public documents from the public diary, one answered (a refusal of the
secret security analysis, with its ground and appeal information) and one open (the memo of Projekt
Digital transformation). Anonymous, as most requests are. Idempotent."""

from __future__ import annotations

import uuid

from cases.models import Document
from common.demo import DemoOutput
from common.models import User

from .models import DisclosureRequest
from .services import disclosure_answer, disclosure_request_submit

ANSWERED_TOKEN = uuid.UUID("5b0c8f0e-13a1-4c39-9a57-2d1f6f0c0001")
OPEN_TOKEN = uuid.UUID("5b0c8f0e-13a1-4c39-9a57-2d1f6f0c0002")


def load(out: DemoOutput) -> None:
    secret = Document.objects.select_related("case").filter(case__diary__prefix="GNS", is_secret=True).first()
    memo = Document.objects.select_related("case").filter(case__diary__prefix="GNS", kind=Document.Kind.MEMO).first()
    registrar = User.objects.filter(username="registrator").first()
    if secret is None or memo is None or registrar is None:
        return
    if not DisclosureRequest.objects.filter(token=ANSWERED_TOKEN).exists():
        request = disclosure_request_submit(
            case=secret.case,
            document=secret,
            wanted="Säkerhetsanalysen av serverdriften i förstudien.",
            format=DisclosureRequest.Format.ELECTRONIC,
            email="journalist@example.org",
            token=ANSWERED_TOKEN,
        )
        disclosure_answer(
            request=request,
            outcome=DisclosureRequest.Outcome.REFUSED,
            legal_ground=secret.secrecy_provision,
            message=f"Handlingen {secret.reference} omfattas av sekretess och lämnas därför inte ut.",
            by=registrar,
        )
    if not DisclosureRequest.objects.filter(token=OPEN_TOKEN).exists():
        disclosure_request_submit(
            case=memo.case,
            document=memo,
            wanted="Tjänsteskrivelsen om projekt Digital transformation, gärna som papperskopia.",
            format=DisclosureRequest.Format.PAPER,
            postal_address="Box 12\n840 60 Bräcke",
            token=OPEN_TOKEN,
        )
    out.note(f"Begäranden om allmän handling: {DisclosureRequest.objects.count()} (en besvarad, en öppen).")
