"""Joint projects: participating parties and cost items with their allocation key *definitions*.

Imports flow parties ← cases ← committee ← projects ← finance. This app only *defines* how each cost
item is to be split (``CostItem.key`` with its ``CostItemShare`` / ``CostItemGroup`` rows); the split
itself (``finance.allocation.split``) and every computation that turns recorded costs into invoice
lines live in ``finance`` (``finance/services/projects.py``), which may import this app.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee
from common.models import TimeStampedModel
from parties.models import Party

MONEY = {"max_digits": 14, "decimal_places": 2}


class AllocationKey(models.TextChoices):
    EQUAL = "equal", _("Lika delar mellan deltagarna")
    POPULATION = "population", _("Efter folkmängd")
    FIXED = "fixed", _("Fasta procentandelar")
    GROUPS = "groups", _("Fasta andelar mellan grupper (t.ex. Region/kommunerna)")


class GroupMethod(models.TextChoices):
    EQUAL = "equal", _("lika delar")
    POPULATION = "population", _("efter folkmängd")


class Rounding(models.TextChoices):
    """The unit a cost item's costs are split in (``finance.allocation.split(unit=...)``)."""

    ORE = "ore", _("Öre (2 decimaler)")
    KRONA = "krona", _("Hela kronor")


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        ACTIVE = "active", _("Pågår")
        CLOSED = "closed", _("Avslutat")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("ärende"),
        help_text=_("Ärendet där projektet beslutades."),
    )
    decision_reference = models.CharField(
        _("beslut"),
        max_length=200,
        help_text=_("Ärende och paragraf där projektet beslutades, t.ex. GNS/8/2018 §17."),
    )
    decided_on = models.DateField(_("beslutsdatum"))
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="project_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="project_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "active", "closed"]), name="project_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectParticipant(TimeStampedModel):
    """A party in a project. A party that joins a running project buys in (``buys_in``): it shares every
    earlier cost as if it had been there from the start; the others get the difference back."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="participants")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="project_participations")
    joined_on = models.DateField(_("inträde"))
    left_on = models.DateField(_("utträde"), null=True, blank=True)
    buys_in = models.BooleanField(
        _("köper in sig"), default=True, help_text=_("Delar även kostnader före inträdet (samma principer).")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagande part")
        verbose_name_plural = _("deltagande parter")
        ordering = ["project", "party__kind", "party__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "party"], name="projectparticipant_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="projectparticipant_period_valid",
            ),
        ]

    @property
    def is_founding(self) -> bool:
        """A participant from the project's start: there were no earlier costs to buy into."""
        return self.joined_on <= self.project.starts_on

    def __str__(self) -> str:
        return f"{self.party} i {self.project}"


class CostItem(TimeStampedModel):
    """A budgeted cost item (aktivitet) of a project and the key its costs are split by."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="cost_items")
    name = models.CharField(_("kostnadspost"), max_length=300)
    key = models.CharField(_("fördelningsnyckel"), max_length=12, choices=AllocationKey.choices)
    budget = models.DecimalField(_("budget (kr)"), default=0, **MONEY)
    rounding = models.CharField(
        _("avrundning"),
        max_length=5,
        choices=Rounding.choices,
        default=Rounding.ORE,
        help_text=_(
            "Enheten som varje kostnad fördelas i. Hela kronor: varje part får hela kronor och summan stämmer "
            "exakt; kostnaderna måste då anges utan öre."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    population_reference_date = models.DateField(
        _("folkmängd per (särskilt datum)"),
        null=True,
        blank=True,
        help_text=_(
            "Lämna tomt för regeln: folkmängden 1 november året före kostnaden. Ange ett datum bara när "
            "siffrorna för 1 november saknas; alla deltagare måste ha en siffra just det datumet."
        ),
    )
    population_reference_reason = models.CharField(
        _("skäl för särskilt datum"),
        max_length=300,
        blank=True,
        help_text=_("Skrivs ut på varje fakturarad, t.ex. beslutet om att använda ett annat datum."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnadspost")
        verbose_name_plural = _("kostnadsposter")
        ordering = ["project", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="costitem_unique_name"),
            models.CheckConstraint(
                condition=Q(key__in=["equal", "population", "fixed", "groups"]), name="costitem_key_valid"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="costitem_budget_nonnegative"),
            models.CheckConstraint(condition=Q(rounding__in=["ore", "krona"]), name="costitem_rounding_valid"),
            models.CheckConstraint(
                condition=Q(population_reference_date__isnull=True, population_reference_reason="")
                | (Q(population_reference_date__isnull=False) & ~Q(population_reference_reason="")),
                name="costitem_reference_date_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_explicit_population_date(self) -> bool:
        return self.population_reference_date is not None

    @property
    def rounding_unit(self) -> Decimal:
        """The ``unit`` for ``finance.allocation.split``: 1 kr for whole kronor, else 0,01 kr."""
        return Decimal("1") if self.rounding == Rounding.KRONA else Decimal("0.01")


class CostItemShare(models.Model):
    """Fixed percentage of one party (key ``fixed``); the shares of a cost item sum to 100."""

    cost_item = models.ForeignKey(CostItem, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("andel (%)"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("fast andel")
        verbose_name_plural = _("fasta andelar")
        ordering = ["cost_item", "party__kind", "party__code"]
        constraints = [
            models.UniqueConstraint(fields=["cost_item", "party"], name="costitemshare_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="costitemshare_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.percent} %"


class CostItemGroup(models.Model):
    """One group of the nested key ``groups`` (the LINK2 model): the group takes ``percent`` of each cost
    and splits it among the project's participants of ``party_kind`` equally or by population."""

    cost_item = models.ForeignKey(CostItem, on_delete=models.CASCADE, related_name="groups")
    label = models.CharField(_("grupp"), max_length=100)
    party_kind = models.CharField(_("parter av typ"), max_length=20, choices=Party.Kind.choices)
    percent = models.DecimalField(_("andel (%)"), max_digits=7, decimal_places=4)
    method = models.CharField(_("fördelas inom gruppen"), max_length=12, choices=GroupMethod.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["cost_item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cost_item", "party_kind"], name="costitemgroup_unique_kind"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="costitemgroup_percent_range"),
            models.CheckConstraint(condition=Q(method__in=["equal", "population"]), name="costitemgroup_method_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.percent} %"


class Cost(TimeStampedModel):
    """An actual cost recorded against a cost item, with its date and supporting document."""

    cost_item = models.ForeignKey(CostItem, on_delete=models.PROTECT, related_name="costs")
    incurred_on = models.DateField(_("datum"))
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    description = models.CharField(_("beskrivning"), max_length=300)
    document = models.CharField(
        _("underlag"),
        max_length=300,
        help_text=_("Faktura, reseräkning eller verifikation, t.ex. 'Faktura Cambio 4711'."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnad")
        verbose_name_plural = _("kostnader")
        ordering = ["incurred_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="cost_amount_nonzero")]

    def __str__(self) -> str:
        return f"{self.incurred_on:%Y-%m-%d} {self.description}"
