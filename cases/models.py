import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from parties.models import Party

from .numbers import PREFIX_RE, format_number


class Diary(TimeStampedModel):
    """A diary (diarium) with its own number prefix, normally one per committee."""

    prefix = models.CharField(
        _("prefix"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^" + PREFIX_RE + r"$", _("Endast versaler, siffror och bindestreck."))],
        help_text=_("Första delen av diarienumret, t.ex. GNS i GNS/8/2018."),
    )
    name = models.CharField(_("namn"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diarium")
        verbose_name_plural = _("diarier")
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"


class DiaryCounter(models.Model):
    """The last sequence given in a diary in a year. Registration locks this row (SELECT ... FOR
    UPDATE), so concurrent registrations get consecutive numbers; never max+1."""

    diary = models.ForeignKey(Diary, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField(_("år"))
    last_sequence = models.PositiveIntegerField(_("senaste löpnummer"), default=0)

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")
        constraints = [models.UniqueConstraint(fields=["diary", "year"], name="diarycounter_unique_year")]

    def __str__(self) -> str:
        return f"{self.diary.prefix} {self.year}: {self.last_sequence}"


class Case(TimeStampedModel):
    """A case (ärende) with its diary number PREFIX/sequence/year."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registrerat")
        IN_PREPARATION = "in_preparation", _("Under beredning")
        READY_FOR_DECISION = "ready_for_decision", _("Klart för beslut")
        DECIDED = "decided", _("Beslutat")
        CLOSED = "closed", _("Avslutat")

    class Closure(models.TextChoices):
        OPEN = "", _("Ej avslutat")
        COMPLETED = "completed", _("Avslutat")
        MISTAKE = "mistake", _("Felregistrerat")

    diary = models.ForeignKey(Diary, on_delete=models.PROTECT, related_name="cases", verbose_name=_("diarium"))
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("löpnummer"), validators=[MinValueValidator(1)])
    title = models.CharField(_("ärendemening"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    registered_on = models.DateField(_("registrerat"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="officer_cases",
        null=True,
        blank=True,
        verbose_name=_("handläggare"),
    )
    initiating_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="initiated_cases",
        null=True,
        blank=True,
        verbose_name=_("initierande part"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    closure = models.CharField(_("avslutstyp"), max_length=20, choices=Closure.choices, blank=True, default="")
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closing_reason = models.TextField(_("skäl för avslut"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_cases",
        null=True,
        blank=True,
        verbose_name=_("registrerat av"),
    )
    registration_token = models.UUIDField(
        _("registreringsnyckel"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Skyddar mot att samma registreringsformulär skickas två gånger."),
    )
    imported = models.BooleanField(_("importerat"), default=False)
    withheld_from_public = models.BooleanField(
        _("publiceras inte i e-diariet"),
        default=False,
        help_text=_("T.ex. personalärenden. Ärendet syns bara med nummer och datum i det offentliga diariet."),
    )
    withheld_reason = models.CharField(_("skäl för att inte publicera"), max_length=300, blank=True)
    search_text = models.TextField(_("söktext"), blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["diary", "year", "sequence"], name="case_unique_number"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="case_sequence_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["registered", "in_preparation", "ready_for_decision", "decided", "closed"]),
                name="case_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(closure="") & Q(closed_on__isnull=False))
                | (~Q(status="closed") & Q(closure="") & Q(closed_on__isnull=True)),
                name="case_closure_consistent",
            ),
            # A case kept out of the e-diary says why; one that is published has no such reason.
            models.CheckConstraint(
                condition=(Q(withheld_from_public=True) & ~Q(withheld_reason=""))
                | (Q(withheld_from_public=False) & Q(withheld_reason="")),
                name="case_withheld_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="case_status_idx"),
            models.Index(fields=["registered_on"], name="case_registered_idx"),
            models.Index(fields=["year", "sequence"], name="case_year_seq_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if getattr(self, "public_copy", False):
            raise RuntimeError("A public copy of a case (title blanked for display) is never saved.")
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return format_number(self.diary.prefix, self.sequence, self.year)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Document(TimeStampedModel):
    """A registered document (handling) of a case, with the fields of OSL 5 kap. 2 §.

    A secret document keeps existing in the public diary but its file and its sensitive fields
    (description, sender/recipient, text) are hidden by ``cases.selectors`` from everyone not entitled.
    """

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Inkommande")
        OUTGOING = "outgoing", _("Utgående")
        INTERNAL = "internal", _("Upprättad")

    class Kind(models.TextChoices):
        LETTER = "letter", _("Skrivelse")
        MEMO = "memo", _("Tjänsteskrivelse")
        REPORT = "report", _("Rapport")
        STATEMENT = "statement", _("Yttrande")
        DECISION = "decision", _("Beslut")
        EXTRACT = "extract", _("Protokollsutdrag")
        AGREEMENT = "agreement", _("Avtal")
        INVOICE = "invoice", _("Faktura")
        PROTOCOL = "protocol", _("Protokoll")
        OTHER = "other", _("Övrigt")

    class CounterpartKind(models.TextChoices):
        """Who the sender or recipient is. A private person's name never reaches the public diary."""

        NONE = "", _("Ingen avsändare/mottagare")
        AUTHORITY = "authority", _("Myndighet eller organisation")
        COMPANY = "company", _("Företag")
        PRIVATE = "private", _("Privatperson")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("ärende"))
    number = models.PositiveIntegerField(_("handlingsnummer"), validators=[MinValueValidator(1)])
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("handlingstyp"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("datum"), help_text=_("Dag då handlingen kom in eller upprättades."))
    counterpart = models.CharField(
        _("avsändare/mottagare"), max_length=300, blank=True, help_text=_("Avsändare (inkommande) eller mottagare.")
    )
    counterpart_kind = models.CharField(
        _("typ av avsändare/mottagare"), max_length=10, choices=CounterpartKind.choices, blank=True, default=""
    )
    description = models.CharField(_("kort beskrivning"), max_length=500)
    description_public = models.BooleanField(
        _("beskrivningen är fri från personuppgifter"),
        default=False,
        help_text=_("Bara för handlingar från eller till privatpersoner: då visas beskrivningen i e-diariet."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    is_secret = models.BooleanField(_("sekretess"), default=False)
    secrecy_provision = models.CharField(
        _("sekretessbestämmelse"), max_length=200, blank=True, help_text=_("T.ex. OSL 18 kap. 8 §.")
    )
    secrecy_marked_on = models.DateField(_("sekretessmarkerad"), null=True, blank=True)
    secrecy_authority = models.CharField(_("myndighet som sekretessmarkerat"), max_length=300, blank=True)
    extracted_text = models.TextField(_("extraherad text"), blank=True, editable=False)
    search_text = models.TextField(_("söktext"), blank=True, editable=False)
    registration_token = models.UUIDField(
        _("registreringsnyckel"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Skyddar mot att samma formulär registrerar handlingen två gånger."),
    )
    # Published in the e-diary: this file version may be downloaded by anyone (decided by the registrar
    # after checking it for personal data, or by the default of the document's kind).
    published_file = models.ForeignKey(
        "DocumentFile",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("publicerad fil"),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("publicerad av"),
    )
    history = HistoricalRecords(excluded_fields=["search_text", "extracted_text", "registration_token"])

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="document_unique_number"),
            models.CheckConstraint(
                condition=Q(direction__in=["incoming", "outgoing", "internal"]), name="document_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_secret=False)
                | (~Q(secrecy_provision="") & Q(secrecy_marked_on__isnull=False) & ~Q(secrecy_authority="")),
                name="document_secrecy_marking_complete",
            ),
            # OSL 5 kap. 2 §: an incoming document has a sender, an outgoing one a recipient.
            models.CheckConstraint(
                condition=Q(direction="internal") | ~Q(counterpart=""),
                name="document_counterpart_required",
            ),
            # A named sender or recipient has a kind; none, none.
            models.CheckConstraint(
                condition=(Q(counterpart="") & Q(counterpart_kind=""))
                | (~Q(counterpart="") & Q(counterpart_kind__in=["authority", "company", "private"])),
                name="document_counterpart_kind_valid",
            ),
            # A secret document is never published in the e-diary.
            models.CheckConstraint(
                condition=Q(published_file__isnull=True) | Q(is_secret=False),
                name="document_secret_never_published",
            ),
            models.CheckConstraint(
                condition=(Q(published_file__isnull=True) & Q(published_at__isnull=True))
                | (Q(published_file__isnull=False) & Q(published_at__isnull=False)),
                name="document_publication_complete",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="document_date_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.number}"

    def save(self, *args, **kwargs):
        if getattr(self, "masked", False) or getattr(self, "public_copy", False):
            raise RuntimeError("A masked or public copy of a document (fields blanked for display) is never saved.")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_file_id is not None

    @property
    def reference(self) -> str:
        """The document's diary reference: the case number and the document's number, GNS/8/2018:3."""
        return f"{self.case.number}:{self.number}"


def _document_upload_to(instance, filename):  # pragma: no cover - services always set the name
    return f"cases/{filename}"


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    DONE = "done", _("Texten är läst")
    NONE = "none", _("Filtypen har ingen text")
    FAILED = "failed", _("Texten kunde inte läsas")
    SUPERSEDED = "superseded", _("Ersatt innan texten lästes")


class DocumentFile(models.Model):
    """One version of a document's file. Replacing the file adds a version; old ones are kept.
    ``text_status`` and ``text_error`` say whether its text was read for the search index, and if not why."""

    TextStatus = TextStatus

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    file = models.FileField(_("fil"), upload_to=_document_upload_to, max_length=300)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=150)
    size = models.PositiveBigIntegerField(_("storlek"))
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    text_status = models.CharField(
        _("textutläsning"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_error = models.CharField(_("varför texten inte kunde läsas"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("filversion")
        verbose_name_plural = _("filversioner")
        ordering = ["document", "-version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="documentfile_unique_version")]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"


class DocumentAccessGrant(models.Model):
    """An explicit right for one user to see one secret document, for a period: revoking ends it
    (``valid_until``), so who could read the document on any past day can be answered."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("handling")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_grants", verbose_name=_("användare")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("beviljad av"),
    )
    granted_at = models.DateTimeField(_("beviljad"), auto_now_add=True)
    reason = models.CharField(_("skäl"), max_length=300, blank=True)
    valid_until = models.DateTimeField(_("gäller till"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("återkallad av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtkomst till sekretessbelagd handling")
        verbose_name_plural = _("åtkomster till sekretessbelagda handlingar")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "user"], condition=Q(valid_until__isnull=True), name="documentgrant_unique_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("granted_at")),
                name="documentgrant_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.document}"


class Memo(TimeStampedModel):
    """The memo (tjänsteskrivelse) of a case. An agenda item takes its description and proposal from here."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="memo")
    heading = models.CharField(_("rubrik"), max_length=500)
    body_name = models.CharField(_("organ"), max_length=300, help_text=_("Nämnden som skrivelsen riktar sig till."))
    memo_date = models.DateField(_("datum"))
    unit = models.CharField(_("enhet"), max_length=200, default="Sekretariatet")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memos", verbose_name=_("handläggare")
    )
    background = models.TextField(_("bakgrund"), blank=True)
    significance = models.TextField(_("betydelse"), blank=True)
    result = models.TextField(_("resultat"), blank=True)
    proposal_heading = models.CharField(_("rubrik för förslaget"), max_length=200, default="Förslag till beslut")
    proposal = models.TextField(
        _("förslag till beslut"), help_text=_("Skilj beslutspunkterna åt med en tom rad; flera punkter numreras.")
    )
    decision_documents = models.ManyToManyField(
        Document, blank=True, related_name="memos", verbose_name=_("beslutsunderlag")
    )
    extract_recipients = models.TextField(_("utdrag till"), blank=True, help_text=_("En mottagare per rad."))
    signatories = models.TextField(
        _("underskrifter"), blank=True, help_text=_("En per rad: namn, befattning. T.ex. Hans Svensson, Regiondirektör")
    )
    search_text = models.TextField(_("söktext"), blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("tjänsteskrivelse")
        verbose_name_plural = _("tjänsteskrivelser")

    def __str__(self) -> str:
        return self.heading

    @property
    def proposal_points(self) -> list[str]:
        """The proposal's points: paragraphs separated by a blank line, typed numbering ("1.") removed."""
        points = [p.strip() for p in re.split(r"\n\s*\n", self.proposal.replace("\r", "")) if p.strip()]
        return [re.sub(r"^\d+[.)]\s+", "", point) for point in points]

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.extract_recipients.splitlines() if line.strip()]

    @property
    def signatory_list(self) -> list[tuple[str, str]]:
        result = []
        for line in self.signatories.splitlines():
            if line.strip():
                name, _sep, title = line.partition(",")
                result.append((name.strip(), title.strip()))
        return result


class CaseSearchVector(models.Model):
    """PostgreSQL only: the words of a case's memo and of its documents without secrecy as one stripped
    tsvector (Swedish configuration), one row per case, kept by database triggers on documents and
    memos (migration 0004); Django never writes it, and on SQLite it stays empty (there the search
    reads the documents themselves). The word search of the case list counts and pages the matching
    cases through these rows instead of mapping every matching document to its case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    vector = SearchVectorField()

    class Meta:
        verbose_name = _("sökord för ärende")
        verbose_name_plural = _("sökord för ärenden")

    def __str__(self) -> str:
        return str(self.case_id)


class DocumentKindSetting(models.Model):
    """Per document kind: whether a document of the kind is published in the e-diary by default when
    it is registered with a file (decisions, memos, adjusted protocols and extracts are, from the
    start). Read with ``cases.selectors.kind_published_by_default``; registration applies it
    (``cases.services.document_register``), never for a secret document or one to or from a private
    person."""

    kind = models.CharField(_("handlingstyp"), max_length=20, choices=Document.Kind.choices, unique=True)
    publish_by_default = models.BooleanField(_("publiceras i e-diariet som standard"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inställning för handlingstyp")
        verbose_name_plural = _("inställningar för handlingstyper")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
