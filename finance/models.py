"""Budgets, invoices with their computation basis, accounts (outcome per category) and reservations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.models import Committee
from common.models import ArchivedDocument, TimeStampedModel
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
    """The year's outcome (utfall) per category from the ledger (income positive, costs negative).

    ``source`` says where the figure comes from: entered by hand from the accounts (kept as entered,
    never overwritten by a prefill) or computed from the year's invoices and recorded costs."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Inmatat för hand")
        COMPUTED = "computed", _("Beräknat från fakturor och kostnader")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(_("utfall (kr)"), **MONEY)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["committee", "year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "category"], name="outcome_unique"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="outcome_category_valid"),
            models.CheckConstraint(condition=Q(source__in=["manual", "computed"]), name="outcome_source_valid"),
        ]

    @property
    def is_manual(self) -> bool:
        return self.source == self.Source.MANUAL


class OpeningBalance(TimeStampedModel):
    """The committee's equity when its accounts begin: money carried in at the start of the first recorded
    year, by a decision. Results of later years are added to it (balance carried forward); reservations
    are shown against it, so a surplus "reserved" in the annual report and the balance agree."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="opening_balance")
    year = models.PositiveSmallIntegerField(_("första år"), help_text=_("Året vars början beloppet gäller."))
    amount = models.DecimalField(_("ingående eget kapital (kr)"), **MONEY)
    decision_reference = models.CharField(_("beslut eller underlag"), max_length=300)
    note = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ingående balans")
        verbose_name_plural = _("ingående balanser")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="openingbalance_year_range")
        ]

    def __str__(self) -> str:
        return f"Ingående balans {self.year} {self.committee.short_name}"


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
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservation_uses",
        verbose_name=_("projekt"),
        help_text=_("Projektet som finansieras med medlen, om något."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användning av reserverade medel")
        verbose_name_plural = _("användning av reserverade medel")
        ordering = ["reservation", "used_on"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reservationuse_amount_positive")]


class Invoice(TimeStampedModel):
    """An invoice (or credit note) to one party. Drafts have no number; at issue the number, OCR reference,
    a snapshot of the seller (from settings) and of the recipient (from the party), and the archival PDF are
    fixed, and from then on nothing but the status moves (PostgreSQL refuses anything else, see the
    migration ``finance.0003``). A credit note corrects an issued invoice: its lines name the lines they
    credit, so one credit note may credit (part of) several invoices."""

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
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        help_text=_("För en kreditfaktura som krediterar en enda faktura; raderna anger alltid vad de krediterar."),
    )
    form_token = models.UUIDField(
        _("formulärnyckel"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Gör att ett dubbelpostat formulär skapar en enda faktura."),
    )
    issued_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    paid_on = models.DateField(_("betald"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Snapshot at issue: the invoice says what it said when it was sent, whatever changes later.
    seller_name = models.CharField(_("avsändare"), max_length=200, blank=True)
    seller_org_number = models.CharField(_("avsändarens organisationsnummer"), max_length=11, blank=True)
    seller_address = models.TextField(_("avsändarens adress"), blank=True)
    seller_vat_number = models.CharField(_("avsändarens momsregistreringsnummer"), max_length=20, blank=True)
    seller_vat_text = models.CharField(_("momsuppgift"), max_length=300, blank=True)
    seller_bankgiro = models.CharField(_("bankgiro"), max_length=12, blank=True)
    seller_plusgiro = models.CharField(_("plusgiro"), max_length=12, blank=True)
    seller_contact = models.CharField(_("kontakt"), max_length=300, blank=True)
    buyer_name = models.CharField(_("mottagare"), max_length=200, blank=True)
    buyer_org_number = models.CharField(_("mottagarens organisationsnummer"), max_length=11, blank=True)
    buyer_address = models.TextField(_("mottagarens fakturaadress"), blank=True)
    buyer_reference = models.CharField(_("mottagarens referens"), max_length=200, blank=True)
    pdf = models.ForeignKey(
        ArchivedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arkiverad PDF"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        ordering = ["-year", "-invoice_date", "-number", "-pk"]
        indexes = [models.Index(fields=["party", "year"]), models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="invoice_unique_number"),
            # At most one live base contribution invoice per party, committee and year; a fully credited
            # one may be replaced. Two concurrent proposals cannot both insert (the index decides).
            models.UniqueConstraint(
                fields=["committee", "party", "year"],
                condition=Q(kind="base") & ~Q(status="credited"),
                name="invoice_one_live_base_per_party_year",
            ),
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
                condition=Q(status="draft")
                | (
                    ~Q(seller_name="")
                    & ~Q(seller_org_number="")
                    & ~Q(buyer_name="")
                    & ~Q(buyer_org_number="")
                    & ~Q(buyer_address="")
                    & Q(pdf__isnull=False)
                ),
                name="invoice_issued_has_snapshot",
            ),
            # A credit note gives money back; an ordinary invoice never does.
            models.CheckConstraint(
                condition=(Q(kind="credit_note") & Q(total__lt=0)) | (~Q(kind="credit_note") & Q(total__gte=0)),
                name="invoice_sign_by_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="credit_note") | ~Q(status="paid"), name="invoice_credit_note_not_paid"
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("invoice_date")), name="invoice_due_after_date"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="invoice_paid_date"),
        ]

    def __str__(self) -> str:
        label = "Kreditfaktura" if self.is_credit_note else "Faktura"
        return f"{label} {self.number or '(utkast)'} {self.party}"

    # States, asked by templates and views (never written out as strings there).
    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        """Sent (numbered): issued, paid or credited."""
        return self.status != self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        """Sent and neither paid nor fully credited."""
        return self.status == self.Status.ISSUED

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def can_be_paid(self) -> bool:
        return self.status == self.Status.ISSUED and not self.is_credit_note

    @property
    def can_be_credited(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.PAID) and not self.is_credit_note

    @property
    def seller_address_line(self) -> str:
        return ", ".join(line.strip() for line in self.seller_address.splitlines() if line.strip())

    @property
    def payment_account(self) -> str:
        if self.seller_bankgiro:
            return f"Bankgiro {self.seller_bankgiro}"
        if self.seller_plusgiro:
            return f"Plusgiro {self.seller_plusgiro}"
        return ""


class InvoiceLine(models.Model):
    """One line and exactly how it was computed: total, key, the party's weight (population and its
    reference date, or its percentage), the share in percent, and the amount.

    A line of a recorded project cost carries ``cost``, the party it settles (``settled_party``) and its
    settlement round: the n-th line ever written for that cost and party. (cost, party, round) is unique,
    so two settlement runs racing for the same cost cannot both write it. A credit note's line names the
    line it credits (``credited_line``)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("beskrivning"), max_length=300)
    key = models.CharField(_("fördelningsnyckel"), max_length=200, blank=True)
    basis_total = models.DecimalField(_("belopp att fördela (kr)"), null=True, blank=True, **MONEY)
    group_label = models.CharField(_("grupp"), max_length=100, blank=True)
    group_percent = models.DecimalField(_("gruppens andel (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    population_date = models.DateField(_("folkmängd per"), null=True, blank=True)
    population_source = models.CharField(_("källa"), max_length=300, blank=True)
    population_note = models.CharField(
        _("om folkmängdens datum"),
        max_length=400,
        blank=True,
        help_text=_("Skälet när kostnadsposten använder ett annat referensdatum än 1 november året före."),
    )
    weight_total = models.DecimalField(_("summa vikter"), max_digits=16, decimal_places=4, null=True, blank=True)
    share_percent = models.DecimalField(_("andel (%)"), max_digits=10, decimal_places=6, null=True, blank=True)
    amount = models.DecimalField(_("belopp (kr)"), **MONEY)
    cost = models.ForeignKey(Cost, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines")
    cost_item = models.ForeignKey(CostItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    settled_party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    settlement_round = models.PositiveSmallIntegerField(null=True, blank=True)
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credits", verbose_name=_("krediterar")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fakturarad")
        verbose_name_plural = _("fakturarader")
        ordering = ["invoice", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_date__isnull=False), name="invoiceline_pop_dated"
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | (Q(settled_party__isnull=False) & Q(settlement_round__isnull=False)),
                name="invoiceline_cost_settlement",
            ),
            models.UniqueConstraint(
                fields=["cost", "settled_party", "settlement_round"],
                condition=Q(cost__isnull=False),
                name="invoiceline_cost_settled_once_per_round",
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
