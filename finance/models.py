"""Budgets, invoices with their computation basis, accounts (outcome per category) and reservations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee
from common.models import TimeStampedModel
from parties.models import Party
from projects.models import Cost, CostItem, Project

MONEY = {"max_digits": 14, "decimal_places": 2}


class Category(models.TextChoices):
    """Income and cost categories of the annual accounts (seed 002, "Ekonomiskt resultat")."""

    FEES = "fees", _("Avgifter")
    SALES = "sales", _("Försäljning")
    GRANTS_RECEIVED = "grants_received", _("Erhållna bidrag")
    OTHER_INCOME = "other_income", _("Övriga intäkter")
    PERSONNEL = "personnel", _("Personalkostnader")
    PURCHASED_SERVICES = "purchased_services", _("Köp av verksamhet")
    OPERATIONAL_SERVICES = "operational_services", _("Verksamhetsanknutna tjänster")
    MATERIALS = "materials", _("Material och varor")
    GRANTS_GIVEN = "grants_given", _("Lämnade bidrag")
    PREMISES = "premises", _("Lokaler")
    EQUIPMENT = "equipment", _("Förbrukn.inv, rep o underhåll")
    TRANSPORT = "transport", _("Bilhyra, övr trp.medel o frakt")
    TRAVEL = "travel", _("Tjänsteresor och logi")
    CONSULTANTS = "consultants", _("Konsultkostnader")
    OTHER_COSTS = "other_costs", _("Övriga kostnader")
    DEPRECIATION = "depreciation", _("Avskrivningar/finansnetto")


INCOME_CATEGORIES = (Category.FEES, Category.SALES, Category.GRANTS_RECEIVED, Category.OTHER_INCOME)


class Budget(TimeStampedModel):
    """The committee's budget for one year; ``base_amount`` is paid by the parties in equal shares."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("år"))
    base_amount = models.DecimalField(
        _("basfinansiering (kr)"), help_text=_("Grundbeloppet som parterna betalar i lika delar."), **MONEY
    )
    decision_reference = models.CharField(_("beslut"), max_length=200, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="budget_unique_year"),
            models.CheckConstraint(condition=Q(base_amount__gte=0), name="budget_base_nonnegative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="budget_year_range"),
        ]

    def __str__(self) -> str:
        return f"Budget {self.year} {self.committee.short_name}"


class BudgetLine(models.Model):
    """Budget per category (income positive, costs negative, as in the accounts table)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(_("budget (kr)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="budgetline_unique_category"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="budgetline_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class Outcome(TimeStampedModel):
    """The year's outcome (utfall) per category from the ledger (income positive, costs negative)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(_("utfall (kr)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["committee", "year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "category"], name="outcome_unique"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="outcome_category_valid"),
        ]


class Reservation(TimeStampedModel):
    """Remaining funds reserved for a purpose by a decision (seed 002: 745 tkr from 2018)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reservations")
    from_year = models.PositiveSmallIntegerField(_("medel från år"))
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    purpose = models.CharField(_("ändamål"), max_length=300)
    decision_reference = models.CharField(_("beslut"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        ordering = ["committee", "-decided_on"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reservation_amount_positive")]

    def __str__(self) -> str:
        return self.purpose


class ReservationUse(TimeStampedModel):
    """Reserved funds used for something (by a decision)."""

    reservation = models.ForeignKey(Reservation, on_delete=models.PROTECT, related_name="uses")
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    used_on = models.DateField(_("datum"))
    description = models.CharField(_("används till"), max_length=300)
    decision_reference = models.CharField(_("beslut"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användning av reserverade medel")
        verbose_name_plural = _("användning av reserverade medel")
        ordering = ["reservation", "used_on"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reservationuse_amount_positive")]


class Invoice(TimeStampedModel):
    """An invoice (or credit note) to one party. Drafts have no number; the number, OCR reference and
    dates are fixed when it is issued, and after that it is never edited: a credit note corrects it."""

    class Kind(models.TextChoices):
        BASE = "base", _("Grundbelopp")
        PROJECT = "project", _("Projektkostnader")
        RECHARGE = "recharge", _("Vidarefakturering")
        CREDIT_NOTE = "credit_note", _("Kreditfaktura")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ISSUED = "issued", _("Skickad")
        PAID = "paid", _("Betald")
        CREDITED = "credited", _("Krediterad")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="invoices")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveSmallIntegerField(_("avser år"))
    title = models.CharField(_("avser"), max_length=300)
    number = models.CharField(_("fakturanummer"), max_length=20, blank=True)
    ocr = models.CharField(_("OCR-nummer"), max_length=25, blank=True)
    invoice_date = models.DateField(_("fakturadatum"))
    due_date = models.DateField(_("förfallodatum"))
    total = models.DecimalField(_("att betala (kr)"), default=0, **MONEY)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="invoices")
    credited_invoice = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    issued_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    paid_on = models.DateField(_("betald"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        ordering = ["-year", "-invoice_date", "-number", "-pk"]
        indexes = [models.Index(fields=["party", "year"]), models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="invoice_unique_number"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "paid", "credited"]), name="invoice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["base", "project", "recharge", "credit_note"]), name="invoice_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & ~Q(ocr="") & Q(issued_at__isnull=False)),
                name="invoice_issued_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(kind="credit_note") | (Q(credited_invoice__isnull=False) & Q(total__lte=0)),
                name="invoice_credit_note_refers",
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("invoice_date")), name="invoice_due_after_date"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="invoice_paid_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number or 'Utkast'} {self.party}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class InvoiceLine(models.Model):
    """One line and exactly how it was computed: total, key, the party's weight (population and its
    reference date, or its percentage), the share in percent, and the amount."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("beskrivning"), max_length=300)
    key = models.CharField(_("fördelningsnyckel"), max_length=200, blank=True)
    basis_total = models.DecimalField(_("belopp att fördela (kr)"), null=True, blank=True, **MONEY)
    group_label = models.CharField(_("grupp"), max_length=100, blank=True)
    group_percent = models.DecimalField(_("gruppens andel (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    population_date = models.DateField(_("folkmängd per"), null=True, blank=True)
    population_source = models.CharField(_("källa"), max_length=300, blank=True)
    weight_total = models.DecimalField(_("summa vikter"), max_digits=16, decimal_places=4, null=True, blank=True)
    share_percent = models.DecimalField(_("andel (%)"), max_digits=10, decimal_places=6, null=True, blank=True)
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    cost = models.ForeignKey(Cost, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines")
    cost_item = models.ForeignKey(CostItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("fakturarad")
        verbose_name_plural = _("fakturarader")
        ordering = ["invoice", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_date__isnull=False), name="invoiceline_pop_dated"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def equal_parts(self) -> int | None:
        """For an equal split: the number of equal parts (shown as "1 av 9 lika delar")."""
        if self.population is None and self.weight_total and "lika" in self.key.lower():
            return int(self.weight_total)
        return None


class InvoiceSequence(models.Model):
    """Next invoice number per year (row-locked while issuing): numbers have no gaps."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
