from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class UserRoleQuerySet(models.QuerySet):
    def active(self, at=None):
        """Grants in force at ``at`` (default: now): started, and not ended."""
        at = at or timezone.now()
        return self.filter(valid_from__lte=at).filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=at))

    def overlapping(self, start, end):
        """Grants in force at any moment of [start, end)."""
        return self.filter(valid_from__lt=end).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=start)
        )


SCOPED_ROLES = (Role.SECRETARIAT, Role.CASE_OFFICER)


class UserRole(models.Model):
    """A role held by a user for a period, for one committee or for all.

    Secretariat and case-officer grants may name a committee (``committee`` empty = every committee);
    the other roles are never scoped: members and substitutes read a committee through their
    ``committee.Membership``, a party representative through ``parties.PartyRepresentative``.

    Grants are never deleted: revoking sets ``valid_until`` (``common.services.role_revoke``), so
    ``common.access`` can answer who held which role on any date.

    The committee is referenced by name ("committee.Committee"): common's code never imports the
    committee app (imports run parties ← cases ← committee ← projects ← finance, common below all),
    but every app, including the ones below committee, must ask the same grants. See common/access.py.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("användare")
    )
    role = models.CharField(_("roll"), max_length=40, choices=Role.choices)
    committee = models.ForeignKey(
        "committee.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("nämnd"),
        help_text=_("Tomt = alla nämnder. Bara för nämndsekretariat och handläggare."),
    )
    valid_from = models.DateTimeField(_("gäller från"), default=timezone.now)
    valid_until = models.DateTimeField(_("gäller till"), null=True, blank=True)
    granted_at = models.DateTimeField(_("tilldelad"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tilldelad av")
    )
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("återkallad av")
    )
    history = HistoricalRecords()

    objects = UserRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["user", "role", "valid_from"]
        constraints = [
            # One open grant per user, role and scope (NULL = all committees counts as one scope).
            models.UniqueConstraint(
                models.F("user"),
                models.F("role"),
                Coalesce(models.F("committee"), models.Value(0)),
                condition=models.Q(valid_until__isnull=True),
                name="userrole_unique_open_grant",
            ),
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="userrole_role_valid"),
            models.CheckConstraint(
                condition=models.Q(committee__isnull=True) | models.Q(role__in=[r.value for r in SCOPED_ROLES]),
                name="userrole_scope_only_staff",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="userrole_period_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_until"], name="userrole_user_open_idx")]

    def __str__(self) -> str:
        scope = f" ({self.committee})" if self.committee_id else ""
        return f"{self.user}: {self.get_role_display()}{scope}"

    @property
    def scope_label(self) -> str:
        if self.role not in SCOPED_ROLES:
            return ""
        return str(self.committee) if self.committee_id else "Alla nämnder"


class OutboxJob(models.Model):
    """Work for the worker, recorded in the same transaction as the change that needs it.

    ``common.outbox`` dispatches it after commit; a job that the broker never took (Redis down) or
    that a dead worker left running is picked up again by the sweep (Celery beat, ``manage.py
    outbox_sweep``). A job runs once: a worker claims it with a conditional UPDATE (pending → running)
    before running its handler, so a message delivered twice is a no-op.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klart")
        FAILED = "failed", _("Misslyckades")

    task = models.CharField(_("uppgift"), max_length=100)
    kwargs = models.JSONField(_("argument"), default=dict, blank=True)
    context = models.CharField(
        _("sammanhang"), max_length=200, blank=True, help_text=_("Vad jobbet gäller, t.ex. dokumenttext:17.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("lämnat till kön"), null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(_("gånger lämnat till kön"), default=0)
    attempts = models.PositiveIntegerField(_("misslyckade försök"), default=0)
    started_at = models.DateTimeField(_("startat"), null=True, blank=True)
    locked_until = models.DateTimeField(_("låst till"), null=True, blank=True)
    completed_at = models.DateTimeField(_("klart"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outboxjob_due_idx"),
            models.Index(fields=["context"], name="outboxjob_context_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "running", "done", "failed"]), name="outboxjob_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.context}".strip()


class OutgoingMail(models.Model):
    """One e-mail to one or more recipients, kept as proof of what was sent to whom and when
    (notices, extracts, password resets...). Sent one message per recipient, each with its own
    status (``MailRecipient``), by the outbox job ``common.mail_send``.

    ``secrets`` (e.g. a password-reset link) are cut out of ``body`` once the mail is finished and
    are never shown: the admin and the portal show ``shown_body``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    from_email = models.CharField(_("avsändare"), max_length=300, blank=True)
    subject = models.CharField(_("ämne"), max_length=500)
    body = models.TextField(_("text"))
    context = models.CharField(
        _("sammanhang"), max_length=200, blank=True, help_text=_("T.ex. kallelse:42 eller utdrag:17")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    completed_at = models.DateTimeField(_("klart"), null=True, blank=True)
    secrets = models.JSONField(_("hemliga delar"), default=list, blank=True, editable=False)
    redacted = models.BooleanField(_("hemliga delar borttagna"), default=False)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["context"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]), name="outgoingmail_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.subject}"

    @property
    def shown_body(self) -> str:
        """The body as it may be shown: secrets cut out even before the mail is finished."""
        body = self.body
        for secret in self.secrets or ():
            body = body.replace(secret, REDACTED)
        return body


REDACTED = "[borttaget efter utskick]"


class MailRecipient(models.Model):
    """One recipient of an ``OutgoingMail``: what was sent to this address, when, and whether it failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    mail = models.ForeignKey(OutgoingMail, on_delete=models.PROTECT, related_name="recipients")
    address = models.CharField(_("mottagare"), max_length=320)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        ordering = ["mail", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mail", "address"], name="mailrecipient_unique_address"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]), name="mailrecipient_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_status_display()})"


class MailAttachment(models.Model):
    """A file attached to an ``OutgoingMail``: its bytes, or the name of a stored file, so that a
    retry sends exactly the same attachment."""

    mail = models.ForeignKey(OutgoingMail, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("filnamn"), max_length=255)
    mimetype = models.CharField(_("filtyp"), max_length=150, default="application/octet-stream")
    content = models.BinaryField(_("innehåll"), blank=True, editable=False)
    storage_name = models.CharField(
        _("lagrad fil"), max_length=300, blank=True, help_text=_("Filens namn i lagringen, om bytes inte sparas här.")
    )
    size = models.PositiveBigIntegerField(_("storlek"), default=0)
    sha256 = models.CharField(_("kontrollsumma"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["mail", "pk"]

    def __str__(self) -> str:
        return self.filename


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
        PDF_A_2U = "pdf/a-2u", _("PDF/A-2u, taggad")

    kind = models.CharField(_("typ"), max_length=40, help_text=_("T.ex. invoice, protocol, extract, annual_report."))
    object_id = models.CharField(_("objekt"), max_length=64)
    title = models.CharField(_("titel"), max_length=300)
    filename = models.CharField(_("filnamn"), max_length=200)
    file = models.FileField(_("fil"), upload_to="arkiv/", max_length=300)
    content_type = models.CharField(_("innehållstyp"), max_length=100, default="application/pdf")
    variant = models.CharField(_("variant"), max_length=20, choices=Variant.choices, default=Variant.PDF_A_2U)
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


class RateLimitCounter(models.Model):
    """How often something was done in one time window, by one key (``common.throttling``). The key is
    a hash of what is counted (an IP address, an e-mail address): the table holds no address itself."""

    key = models.CharField(_("nyckel"), max_length=64)
    window_start = models.DateTimeField(_("fönstrets början"))
    count = models.PositiveIntegerField(_("antal"), default=0)

    class Meta:
        verbose_name = _("frekvensräknare")
        verbose_name_plural = _("frekvensräknare")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_unique_window")]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_idx")]

    def __str__(self) -> str:
        return f"{self.key[:12]} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
