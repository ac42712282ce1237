from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from parties.models import Party


class Committee(TimeStampedModel):
    """A joint committee (gemensam nämnd). Its short name is the prefix of its diary numbers."""

    name = models.CharField(_("namn"), max_length=300, unique=True)
    short_name = models.CharField(
        _("kortnamn"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*$", _("Endast versaler, siffror och bindestreck."))],
        help_text=_("Används som prefix i diarienumren, t.ex. GNS i GNS/8/2018."),
    )
    host_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="hosted_committees", verbose_name=_("värdorganisation")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("dagar för kallelse"), default=7, help_text=_("Kallelsen skickas senast så här många dagar före mötet.")
    )
    allowed_meeting_weekdays = models.CharField(
        _("tillåtna mötesdagar"),
        max_length=20,
        blank=True,
        help_text=_("Veckodagar enligt reglementet, 1 = måndag … 7 = söndag, t.ex. 1,5. Tomt = alla."),
    )
    diary = models.OneToOneField(
        "cases.Diary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee",
        verbose_name=_("diarium"),
        help_text=_("Diariet där nämndens ärenden registreras (prefixet = kortnamnet)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nämnd")
        verbose_name_plural = _("nämnder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeParty(TimeStampedModel):
    """A party's participation in a committee, from a join date to an optional leave date."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="party_memberships")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="committee_memberships")
    joined_on = models.DateField(_("inträde"))
    left_on = models.DateField(_("utträde"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part i nämnd")
        verbose_name_plural = _("parter i nämnd")
        ordering = ["committee", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "party", "joined_on"], name="committeeparty_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="committeeparty_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} i {self.committee.short_name}"


class Term(TimeStampedModel):
    """A term of office (mandatperiod), normally four years."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField(_("börjar"))
    ends_on = models.DateField(_("slutar"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandatperiod")
        verbose_name_plural = _("mandatperioder")
        ordering = ["committee", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "starts_on"], name="term_unique_start"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="term_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y}–{self.ends_on:%Y}"


class Membership(TimeStampedModel):
    """A person's seat in a committee for a term (OParl: Membership, onBehalfOf)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="memberships")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("uppdrag"), max_length=20, choices=Role.choices)
    on_behalf_of = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="appointed_memberships", verbose_name=_("utsedd av")
    )
    political_party = models.CharField(
        _("parti"), max_length=10, help_text=_("Partibeteckning, t.ex. S, M, C, V, KD, L, MP, SD.")
    )
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["committee", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["chair", "vice_chair", "member", "substitute"]),
                name="membership_role_valid",
            ),
            models.UniqueConstraint(fields=["committee", "term", "person"], name="membership_unique_person_per_term"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.political_party}), {self.get_role_display()}"

    @property
    def is_substitute(self) -> bool:
        return self.role == self.Role.SUBSTITUTE
