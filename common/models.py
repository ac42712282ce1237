from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Abstract base: creation and change timestamps. Concrete models add
    ``history = HistoricalRecords()`` where the change history must be kept."""

    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administratör")
    SECRETARIAT = "secretariat", _("Nämndsekretariat")
    CASE_OFFICER = "case_officer", _("Handläggare")
    MEMBER = "member", _("Ledamot/ersättare")
    PARTY_REPRESENTATIVE = "party_representative", _("Partsrepresentant")


class User(AbstractUser):
    """A person who logs in: officials, politicians, party representatives."""

    title = models.CharField(_("befattning"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UserRole(models.Model):
    """One role held by one user. Party representatives are also tied to their party in
    ``parties.PartyRepresentative``; the service that appoints them writes both."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("roll"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("tilldelad"), auto_now_add=True)

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_unique_user_role"),
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="userrole_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class OutgoingMail(models.Model):
    """Proof of what was sent to whom and when (notices, extracts, password resets...)."""

    class Status(models.TextChoices):
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    to = models.CharField(_("mottagare"), max_length=1000)
    subject = models.CharField(_("ämne"), max_length=500)
    body = models.TextField(_("text"))
    attachments = models.TextField(_("bilagor"), blank=True, help_text=_("Filnamn, en per rad."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("fel"), blank=True)
    context = models.CharField(
        _("sammanhang"), max_length=200, blank=True, help_text=_("T.ex. kallelse:42 eller utdrag:17")
    )

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["context"])]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.subject}"


class AccessibilityReport(TimeStampedModel):
    """A problem reported through the accessibility statement (DOS-lagen requires a way to report)."""

    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    page_url = models.CharField(_("sida"), max_length=500)
    description = models.TextField(_("beskrivning"))

    class Meta:
        verbose_name = _("tillgänglighetsrapport")
        verbose_name_plural = _("tillgänglighetsrapporter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.page_url}"


class ArchivedDocument(models.Model):
    """A final document stored exactly once, as it was rendered: an issued invoice, an adjusted protocol, an
    extract, an annual report. The stored bytes are what is served from then on (``common.archive``), never a
    new rendering from data that may have changed. ``kind`` and ``object_id`` say what it renders (a plain
    reference: common knows no domain models); one stored document per (kind, object). PostgreSQL refuses to
    change or delete a row (migration ``common.0003``)."""

    class Variant(models.TextChoices):
        PDF_A_2B = "pdf/a-2b", _("PDF/A-2b, taggad")

    kind = models.CharField(_("typ"), max_length=40, help_text=_("T.ex. invoice, protocol, extract, annual_report."))
    object_id = models.CharField(_("objekt"), max_length=64)
    title = models.CharField(_("titel"), max_length=300)
    filename = models.CharField(_("filnamn"), max_length=200)
    file = models.FileField(_("fil"), upload_to="arkiv/", max_length=300)
    content_type = models.CharField(_("innehållstyp"), max_length=100, default="application/pdf")
    variant = models.CharField(_("variant"), max_length=20, choices=Variant.choices, default=Variant.PDF_A_2B)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("arkiverat dokument")
        verbose_name_plural = _("arkiverade dokument")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="archiveddocument_one_per_object"),
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="archiveddocument_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.title
