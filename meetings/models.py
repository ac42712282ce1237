"""Meetings (sammanträden): the year's meeting plan, the meetings, their agendas, notices and packets.

The protocol (app ``protocol``) builds on these: one paragraph per ``AgendaItem``, reading the meeting's
committee, date, place, the items, their case and documents. Field names here are therefore stable.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel


class MeetingPlan(TimeStampedModel):
    """The committee's meeting dates for a calendar year, fixed by a decision (seed 002: GNS/12/2019 §31)."""

    committee = models.ForeignKey(
        "committee.Committee", on_delete=models.PROTECT, related_name="meeting_plans", verbose_name=_("nämnd")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    decision_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_plans",
        verbose_name=_("ärende"),
        help_text=_("Ärendet där planen beslutades, t.ex. GNS/12/2019."),
    )
    decision_reference = models.CharField(
        _("beslut"), max_length=200, blank=True, help_text=_("Paragrafen som fastställde planen, t.ex. §31.")
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanträdesplan")
        verbose_name_plural = _("sammanträdesplaner")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="meetingplan_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=1900) & Q(year__lte=2200), name="meetingplan_year_valid"),
        ]

    def __str__(self) -> str:
        return f"Sammanträdesplan {self.year}"


class Meeting(TimeStampedModel):
    """One meeting of a committee. Status: planned → notice sent → held → protocol adjusted; or cancelled."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        NOTICE_SENT = "notice_sent", _("Kallelse skickad")
        HELD = "held", _("Genomfört")
        ADJUSTED = "adjusted", _("Protokollet justerat")
        CANCELLED = "cancelled", _("Inställt")

    committee = models.ForeignKey(
        "committee.Committee", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("nämnd")
    )
    plan = models.ForeignKey(
        MeetingPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("sammanträdesplan"),
    )
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("börjar"))
    ends_at = models.TimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    published_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kallat av"),
    )
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date", "-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date", "starts_at"], name="meeting_unique_start"),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "notice_sent", "held", "adjusted", "cancelled"]),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(status="cancelled") | Q(published_at__isnull=False),
                name="meeting_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=["committee", "date"], name="meeting_committee_date_idx")]

    def __str__(self) -> str:
        return f"Sammanträde {self.date:%Y-%m-%d}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(TimeStampedModel):
    """One item of a meeting's agenda (föredragningslista). ``position`` orders the items; the number shown
    (1, 2, 3 …) is the item's place among the meeting's items that are not withdrawn, computed when read."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Inledande punkt")
        CASE = "case", _("Ärende")
        INFORMATION = "information", _("Informationsärende")
        DELEGATION = "delegation", _("Anmälan av delegationsbeslut")
        OTHER = "other", _("Övrigt")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("sammanträde"))
    position = models.PositiveIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.CASE)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("ärende"),
    )
    title = models.CharField(_("rubrik"), max_length=500)
    description = models.TextField(_("ärendebeskrivning"), blank=True)
    proposal = models.TextField(_("förslag till beslut"), blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_agenda_items",
        verbose_name=_("föredragande"),
    )
    presenter_name = models.CharField(
        _("föredragande (fritext)"), max_length=300, blank=True, help_text=_("T.ex. en extern gäst.")
    )
    planned_start = models.TimeField(_("planerad tid"), null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(_("planerad längd (minuter)"), null=True, blank=True)
    is_public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("En stängd punkt visas bara för ledamöter och sekretariat.")
    )
    withdrawn = models.BooleanField(_("utgår"), default=False)
    documents = models.ManyToManyField(
        "cases.Document",
        through="AgendaItemDocument",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("beslutsunderlag"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("punkter på föredragningslistan")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_unique_position"),
            models.UniqueConstraint(
                fields=["meeting", "case"], condition=Q(case__isnull=False), name="agendaitem_case_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["opening", "case", "information", "delegation", "other"]),
                name="agendaitem_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(kind="case") | Q(case__isnull=False), name="agendaitem_case_has_case"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def presenter_label(self) -> str:
        if self.presenter_id:
            person = str(self.presenter)
            return f"{person}, {self.presenter.title}" if self.presenter.title else person
        return self.presenter_name


class AgendaItemDocument(models.Model):
    """A document attached to an agenda item (beslutsunderlag), in order."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("cases.Document", on_delete=models.PROTECT, related_name="agenda_attachments")
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")
        ordering = ["item", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "document"], name="agendaitemdocument_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.document_id}"


class MeetingChange(models.Model):
    """A change to a meeting after its notice went out (moved, cancelled, an agenda item added, changed,
    moved or withdrawn), with the decision that made it where there is one, and the mail telling the members."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Flyttat")
        CANCELLED = "cancelled", _("Inställt")
        AGENDA = "agenda", _("Ändrad föredragningslista")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("ändring"))
    decision_case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ärende")
    )
    decision_reference = models.CharField(_("beslut"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mail = models.ForeignKey(
        "common.OutgoingMail",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utskick"),
    )

    class Meta:
        verbose_name = _("ändring av sammanträde")
        verbose_name_plural = _("ändringar av sammanträden")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_kind_display()}"


class MeetingNotice(models.Model):
    """The notice (kallelse) of a meeting: the mail that went to every member and substitute. One per meeting;
    each recipient's status is in the mail's ``MailRecipient`` rows."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="notice")
    mail = models.OneToOneField("common.OutgoingMail", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    days_before = models.IntegerField(_("dagar före sammanträdet"))
    required_days = models.PositiveSmallIntegerField(_("dagar enligt reglementet"))

    class Meta:
        verbose_name = _("kallelse")
        verbose_name_plural = _("kallelser")

    def __str__(self) -> str:
        return f"Kallelse {self.meeting}"

    @property
    def is_late(self) -> bool:
        return self.days_before < self.required_days


class MeetingPacket(models.Model):
    """A generated meeting packet PDF (a reading copy, not archival), stored and reused while its parts are
    the same: ``parts_hash`` covers the meeting, the items and the files chosen for one reader's rights."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Skapas")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packets")
    parts_hash = models.CharField(_("innehållets kontrollsumma"), max_length=64)
    public = models.BooleanField(_("offentlig version"), default=False)
    parts = models.JSONField(_("delar"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("klart (procent)"), default=0)
    file = models.FileField(_("fil"), upload_to="handlingar/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("storlek"), default=0)
    pages = models.PositiveIntegerField(_("sidor"), default=0)
    error = models.TextField(_("fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("handlingar (PDF)")
        verbose_name_plural = _("handlingar (PDF)")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "parts_hash"], name="meetingpacket_unique_parts"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "done", "failed"]), name="meetingpacket_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="meetingpacket_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"Handlingar {self.meeting} ({self.parts_hash[:8]})"
