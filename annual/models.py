"""The annual report (årsredovisning) of a committee's year.

The figures are never stored in the text: the narrative sections hold Markdown with figure fields
(``[[resultat]]``) that are filled from the accounts when the report is shown, and a section version
remembers the values its fields had when it was written, so a figure that changed since is flagged.
The final PDF is rendered once, stored with its SHA-256 (``common.archive``) and registered as a
document in the year's annual-accounts case; from then on PostgreSQL refuses changes (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee
from common.models import ArchivedDocument, TimeStampedModel


class AnnualReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        FINAL = "final", _("Slutlig, inte beslutad")
        DECIDED = "decided", _("Beslutad")

    class PdfState(models.TextChoices):
        IDLE = "idle", _("Ingen PDF beställd")
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Framställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("år"))
    edition = models.PositiveSmallIntegerField(
        _("upplaga"), default=1, help_text=_("En rättelse efter beslut blir en ny upplaga; den gamla ändras aldrig.")
    )
    title = models.CharField(_("titel"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        verbose_name=_("ärende"),
        help_text=_("Årets ärende för årsbokslutet, där den slutliga PDF:en registreras som handling."),
    )
    pdf = models.ForeignKey(ArchivedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    document = models.ForeignKey(
        "cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="annual_reports"
    )
    figures = models.JSONField(_("siffror vid framställningen"), default=dict, blank=True)
    pdf_state = models.CharField(max_length=10, choices=PdfState.choices, default=PdfState.IDLE)
    pdf_progress = models.PositiveSmallIntegerField(default=0)
    pdf_step = models.CharField(max_length=200, blank=True)
    pdf_error = models.TextField(blank=True)
    finalised_at = models.DateTimeField(_("framställd"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("beslut"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("årsredovisning")
        verbose_name_plural = _("årsredovisningar")
        ordering = ["committee", "-year", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "edition"], name="annualreport_unique_edition"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "final", "decided"]), name="annualreport_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(pdf__isnull=False) & Q(document__isnull=False)),
                name="annualreport_final_has_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | (Q(decided_on__isnull=False) & ~Q(decision_reference="")),
                name="annualreport_decided_has_decision",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="annualreport_year_range"),
            models.CheckConstraint(condition=Q(pdf_progress__lte=100), name="annualreport_progress_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    @property
    def pdf_pending(self) -> bool:
        return self.pdf_state in (self.PdfState.QUEUED, self.PdfState.RUNNING)


class Section(models.Model):
    """A narrative section; ``body`` is the Markdown of the current version (number ``version``)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="sections")
    key = models.SlugField(_("nyckel"), max_length=60)
    number = models.CharField(_("nummer"), max_length=10, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    body = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    figures_used = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["report", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class SectionVersion(models.Model):
    """Every save of a section: who, when, the text and the figure values its fields had then."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"), blank=True)
    figures_used = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sparad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version av avsnitt")
        verbose_name_plural = _("versioner av avsnitt")
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="sectionversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="sectionversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.number}"


class Activity(models.Model):
    """A row of the appendix: a planned activity of the year's business plan and its outcome."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ej påbörjad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        NOT_RELEVANT = "not_relevant", _("Ej aktuell")

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="activities")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    activity = models.TextField(_("aktivitet"))
    area = models.CharField(_("verksamhet/nytta"), max_length=300, blank=True)
    expected = models.TextField(_("potentiellt utfall"), blank=True)
    resources = models.CharField(_("resurser"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    outcome = models.TextField(_("utfall"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "ongoing", "done", "not_relevant"]),
                name="activity_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.activity[:80]
