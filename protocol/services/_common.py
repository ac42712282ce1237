"""Helpers shared by the protocol services: the refusal of writes to an adjusted protocol, the locks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import Paragraph, ParagraphSeries, Protocol

ADJUSTED_MESSAGE = "Protokollet är justerat och kan inte ändras. En rättelse görs genom ett nytt beslut."


def lock_protocol(protocol: Protocol) -> Protocol:
    """The protocol row, locked for this transaction."""
    return Protocol.objects.select_for_update().select_related("meeting", "committee").get(pk=protocol.pk)


def refuse_if_adjusted(protocol: Protocol) -> None:
    if protocol.status == Protocol.Status.ADJUSTED:
        raise ValidationError(ADJUSTED_MESSAGE)


def refuse_if_paragraph_fixed(paragraph: Paragraph) -> None:
    if paragraph.immediately_adjusted_at is not None:
        raise ValidationError(f"§{paragraph.number} är omedelbart justerad och kan inte ändras.")


def lock_series(committee_id: int, year: int) -> ParagraphSeries:
    """The (committee, year) series row, created on first use and locked: whoever changes the year's §
    numbers holds it, so two protocols drafted at once are numbered one after the other."""
    series = ParagraphSeries.objects.select_for_update().filter(committee_id=committee_id, year=year).first()
    if series is None:
        try:
            with transaction.atomic():
                ParagraphSeries.objects.create(committee_id=committee_id, year=year)
        except IntegrityError:
            pass  # created by a concurrent transaction
        series = ParagraphSeries.objects.select_for_update().get(committee_id=committee_id, year=year)
    return series
