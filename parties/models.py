from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel

org_number_validator = RegexValidator(
    r"^\d{6}-\d{4}$", _("Ange organisationsnumret som tio siffror i formen 212000-2411.")
)


class Party(TimeStampedModel):
    """A public body that takes part in a joint committee: municipality, region or association."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        ASSOCIATION = "association", _("Kommunalförbund")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("officiell kod"),
        max_length=10,
        blank=True,
        help_text=_("Kommunkod (fyra siffror, t.ex. 2305) eller länskod (två siffror, t.ex. 23)."),
    )
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[org_number_validator]
    )
    invoice_address = models.TextField(_("fakturaadress"), blank=True)
    invoice_reference = models.CharField(_("fakturareferens"), max_length=200, blank=True)
    invoice_email = models.EmailField(_("e-post för fakturor"), blank=True)
    active_from = models.DateField(_("aktiv från"))
    active_to = models.DateField(_("aktiv till"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="party_unique_code"),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="party_active_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["municipality", "region", "association"]), name="party_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


MAX_POPULATION = 100_000_000  # more than any Swedish municipality or region; guards against typos


class PopulationFigure(TimeStampedModel):
    """Population (folkmängd) of a party on a reference date, with its source."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="population_figures")
    reference_date = models.DateField(_("referensdatum"))
    population = models.PositiveIntegerField(
        _("folkmängd"),
        validators=[
            MinValueValidator(1),
            MaxValueValidator(MAX_POPULATION, _("Folkmängden är orimligt stor (högst 100 000 000).")),
        ],
    )
    source = models.CharField(_("källa"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängder")
        ordering = ["party__name", "-reference_date"]
        constraints = [
            models.UniqueConstraint(fields=["party", "reference_date"], name="population_unique_party_date"),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.population} ({self.reference_date:%Y-%m-%d})"


class PartyRepresentative(TimeStampedModel):
    """A user who represents one party (sees that party's invoices and shares)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="party_representation")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="representatives")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partsrepresentant")
        verbose_name_plural = _("partsrepresentanter")

    def __str__(self) -> str:
        return f"{self.user} ({self.party})"
