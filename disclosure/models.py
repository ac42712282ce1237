"""Requests for public documents (begäran om allmän handling, TF 2 kap. 15–18 §§).

Anyone may ask for a public document from the public diary, without saying who they are or why
(TF 2 kap. 18 §): name and e-mail are optional (an e-mail is needed only to get the answer by e-mail,
a postal address only for a paper copy). Each request is registered in its own number series
(``BEG/<löpnummer>/<år>``), the registrar is notified through the outbox, and the request waits in the
secretariat's queue until it is answered: released, released in part (a masked copy), or refused by a
decision with its legal ground, which can be appealed to the administrative court of appeal
(kammarrätten, OSL 6 kap. 7–8 §§). An answer is given once; the database says so too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case, Document, DocumentFile
from common.models import TimeStampedModel

PREFIX = "BEG"


class RequestCounter(models.Model):
    """The last number given to a request in a year; registration locks this row (never max+1)."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    last_sequence = models.PositiveIntegerField(_("senaste löpnummer"), default=0)

    class Meta:
        verbose_name = _("nummerserie för begäranden")
        verbose_name_plural = _("nummerserier för begäranden")

    def __str__(self) -> str:
        return f"{PREFIX} {self.year}: {self.last_sequence}"


class DisclosureRequest(TimeStampedModel):
    class Format(models.TextChoices):
        ELECTRONIC = "electronic", _("Elektronisk kopia (e-post)")
        PAPER = "paper", _("Papperskopia per post")
        ON_SITE = "on_site", _("Läsa handlingen på plats hos registratorn")

    class Outcome(models.TextChoices):
        OPEN = "", _("Inte besvarad")
        RELEASED = "released", _("Lämnas ut")
        PARTIAL = "partial", _("Lämnas ut delvis (maskerad kopia)")
        REFUSED = "refused", _("Lämnas inte ut (avslag)")

    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("löpnummer"), validators=[MinValueValidator(1)])
    received_at = models.DateTimeField(_("inkom"))
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="disclosure_requests", verbose_name=_("ärende")
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
        null=True,
        blank=True,
        verbose_name=_("handling"),
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    postal_address = models.TextField(_("postadress"), blank=True, max_length=500)
    wanted = models.TextField(_("vad som begärs"), max_length=4000)
    format = models.CharField(_("form"), max_length=12, choices=Format.choices, default=Format.ELECTRONIC)
    token = models.UUIDField(_("formulärnyckel"), unique=True, editable=False)
    outcome = models.CharField(_("beslut"), max_length=10, choices=Outcome.choices, blank=True, default="")
    legal_ground = models.CharField(_("lagrum"), max_length=300, blank=True)
    answer_text = models.TextField(_("svar"), blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("besvarad av"),
    )
    released_file = models.ForeignKey(
        DocumentFile,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("utlämnad fil"),
    )
    masked_file = models.FileField(_("maskerad kopia"), upload_to="utlamnande/", max_length=300, blank=True)
    masked_file_name = models.CharField(_("filnamn för maskerad kopia"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begäran om allmän handling")
        verbose_name_plural = _("begäranden om allmän handling")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="disclosure_unique_number"),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "released", "partial", "refused"]), name="disclosure_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=["electronic", "paper", "on_site"]), name="disclosure_format_valid"
            ),
            # Answered once, by someone, at a time; an open request has no answer.
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(answered_at__isnull=True))
                | (~Q(outcome="") & Q(answered_at__isnull=False)),
                name="disclosure_answer_complete",
            ),
            # A refusal or a partial release is a decision with its legal ground (appealable).
            models.CheckConstraint(
                condition=Q(outcome__in=["", "released"]) | ~Q(legal_ground=""),
                name="disclosure_refusal_has_ground",
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "received_at"], name="disclosure_queue_idx"),
            # The answered requests, newest answer first, a page at a time: without it every answered request
            # was joined with its case and document and sorted (119 ms at bench scale 10; 0.3 ms with it).
            models.Index(
                F("answered_at").desc(), F("id").desc(), name="disclosure_answered_idx", condition=~Q(outcome="")
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{PREFIX}/{self.sequence}/{self.year}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN
