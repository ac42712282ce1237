"""The protocol of a meeting: attendance, numbered paragraphs, votes, reservations, conflicts of interest,
the adjustment, the notice board (anslagstavla) with each party's posting, extracts and delegated decisions.

Once the protocol is adjusted nothing of it changes: the services refuse, and on PostgreSQL triggers refuse
every UPDATE, DELETE and INSERT that would (migration ``protocol.0002_immutable``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class Protocol(TimeStampedModel):
    """The protocol of one meeting: a draft until the chair and every adjuster have approved the same text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADJUSTED = "adjusted", _("Justerat")

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="protocol", verbose_name=_("sammanträde")
    )
    committee = models.ForeignKey(
        "committee.Committee", on_delete=models.PROTECT, related_name="protocols", verbose_name=_("nämnd")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adjustment_on = models.DateField(_("tid för justering"), null=True, blank=True)
    adjustment_place = models.CharField(_("plats för justering"), max_length=200, blank=True)
    numbers_fixed = models.BooleanField(
        _("paragrafnumren fastställda"), default=False, help_text=_("Efter omedelbar justering av en paragraf.")
    )
    adjusted_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    content_sha256 = models.CharField(_("innehållets SHA-256"), max_length=64, blank=True)
    kept_at = models.CharField(
        _("förvaringsplats"), max_length=300, default="Region Jämtland Härjedalen, Kansliet, Östersund"
    )
    pdf = models.ForeignKey(
        "common.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_pdf = models.ForeignKey(
        "common.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "adjusted"]), name="protocol_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(adjusted_at__isnull=False) & ~Q(content_sha256="")),
                name="protocol_adjusted_has_record",
            ),
        ]

    def __str__(self) -> str:
        return f"Protokoll {self.meeting}"

    @property
    def is_adjusted(self) -> bool:
        return self.status == self.Status.ADJUSTED


class ParagraphSeries(models.Model):
    """One row per committee and year: locked (SELECT ... FOR UPDATE) whenever that year's § numbers change."""

    committee = models.ForeignKey("committee.Committee", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    first_number = models.PositiveIntegerField(
        _("första paragraf i portalen"),
        default=1,
        help_text=_(
            "När nämnden börjar använda portalen mitt i ett år: numren före gavs i protokoll utanför portalen."
        ),
    )

    class Meta:
        verbose_name = _("paragrafserie")
        verbose_name_plural = _("paragrafserier")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="paragraphseries_unique")]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}"


class OutsideParagraphs(models.Model):
    """§ numbers of the year given in protocols kept outside the portal (e.g. a meeting whose protocol was
    written on paper while the committee moved to the portal). They take their place in the year's series
    when recorded, so the next protocol drafted here continues after them and the series has no gaps."""

    committee = models.ForeignKey("committee.Committee", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    first_number = models.PositiveIntegerField(_("första paragraf"))
    last_number = models.PositiveIntegerField(_("sista paragraf"))
    kept_at = models.CharField(
        _("var protokollen förvaras"), max_length=300, help_text=_("T.ex. sammanträdesdagar och arkiv.")
    )
    recorded_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The form's one-time key: a second submission of the same form (a double click) records nothing more.
    token = models.UUIDField(_("registreringsnyckel"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("paragrafer utanför portalen")
        verbose_name_plural = _("paragrafer utanför portalen")
        ordering = ["committee", "year", "first_number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "first_number"], name="outsideparagraphs_unique"),
            models.CheckConstraint(
                condition=Q(first_number__gte=1, last_number__gte=models.F("first_number")),
                name="outsideparagraphs_range",
            ),
        ]

    def __str__(self) -> str:
        return f"§{self.first_number}–{self.last_number} {self.year}"


class Attendee(models.Model):
    """Someone in the attendance list: a member or substitute (from the memberships on the meeting date)
    or another person present (officials, presenters)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")
        OTHER = "other", _("Övrig närvarande")

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="attendees")
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    membership = models.ForeignKey(
        "committee.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.CharField(_("uppdrag/funktion"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("ordförande"), default=False)
    present = models.BooleanField(_("närvarande"), default=False)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ersätter")
    )
    serves_from = models.PositiveSmallIntegerField(_("tjänstgör från paragraf (ordning)"), null=True, blank=True)
    left_after = models.PositiveSmallIntegerField(_("lämnade efter paragraf (ordning)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("närvarande")
        verbose_name_plural = _("närvaro")
        ordering = ["protocol", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "membership"], condition=Q(membership__isnull=False), name="attendee_unique_seat"
            ),
            models.UniqueConstraint(
                fields=["protocol", "replaces"], condition=Q(replaces__isnull=False), name="attendee_one_replacement"
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | (Q(kind="substitute") & Q(present=True)),
                name="attendee_replacement_is_present_substitute",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Paragraph(models.Model):
    """One handled item of the meeting, with its § number (continuous per committee and calendar year)."""

    class Outcome(models.TextChoices):
        NONE = "", _("Påverkar inte ärendet")
        DECIDED = "decided", _("Ärendet beslutat")
        CLOSED = "closed", _("Ärendet avslutas")

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="paragraphs")
    item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="paragraph", verbose_name=_("punkt")
    )
    committee = models.ForeignKey("committee.Committee", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("§"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning i protokollet"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="paragraphs")
    title = models.CharField(_("rubrik"), max_length=500)
    summary = models.TextField(_("sammanfattning"), blank=True)
    proposal = models.TextField(_("förslag till beslut"), blank=True)
    motions = models.TextField(_("yrkanden"), blank=True)
    decision = models.TextField(_("beslut"), blank=True)
    extract_recipients = models.TextField(
        _("expedieras till"), blank=True, help_text=_("En mottagare per rad; e-postadress inom <> får utdraget.")
    )
    decision_documents = models.TextField(_("beslutsunderlag"), blank=True)
    is_public = models.BooleanField(_("offentlig"), default=True)
    secrecy_note = models.CharField(_("sekretess"), max_length=200, blank=True)
    case_outcome = models.CharField(
        _("ärendets status efter beslut"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    immediately_adjusted_at = models.DateTimeField(_("omedelbart justerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["protocol", "position"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "number"], name="paragraph_number_unique"),
            models.UniqueConstraint(fields=["protocol", "position"], name="paragraph_position_unique"),
            models.CheckConstraint(
                condition=Q(case_outcome__in=["", "decided", "closed"]), name="paragraph_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["committee", "year", "number"], name="paragraph_year_idx")]

    def __str__(self) -> str:
        return f"§{self.number or '–'} {self.title}"

    @property
    def decision_differs(self) -> bool:
        return bool(self.decision.strip()) and " ".join(self.decision.split()) != " ".join(self.proposal.split())

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.extract_recipients.splitlines() if line.strip()]


class Conflict(models.Model):
    """Jäv (KL 6 kap. 28 §): the member takes no part in this paragraph; a substitute may serve for it only."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="conflicts")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="conflicts")
    substitute = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="conflict_replacements"
    )

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "attendee"], name="conflict_unique"),
            models.UniqueConstraint(
                fields=["paragraph", "substitute"], condition=Q(substitute__isnull=False), name="conflict_sub_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Jäv {self.attendee} §{self.paragraph.number}"


class Vote(models.Model):
    """A vote (omröstning) on a paragraph: the two propositions and the stored result."""

    paragraph = models.OneToOneField(Paragraph, on_delete=models.PROTECT, related_name="vote")
    yes_means = models.CharField(_("ja betyder"), max_length=300)
    no_means = models.CharField(_("nej betyder"), max_length=300)
    yes_count = models.PositiveSmallIntegerField(_("ja"), default=0)
    no_count = models.PositiveSmallIntegerField(_("nej"), default=0)
    abstain_count = models.PositiveSmallIntegerField(_("avstår"), default=0)
    outcome = models.CharField(_("utfall"), max_length=4)
    casting_vote = models.BooleanField(_("ordförandens utslagsröst"), default=False)

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        constraints = [models.CheckConstraint(condition=Q(outcome__in=["ja", "nej"]), name="vote_outcome_valid")]

    def __str__(self) -> str:
        return f"Omröstning §{self.paragraph.number}"


class Ballot(models.Model):
    class Choice(models.TextChoices):
        YES = "ja", _("Ja")
        NO = "nej", _("Nej")
        ABSTAIN = "avstar", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("röst"), max_length=6, choices=Choice.choices)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.UniqueConstraint(fields=["vote", "attendee"], name="ballot_unique"),
            models.CheckConstraint(condition=Q(choice__in=["ja", "nej", "avstar"]), name="ballot_choice_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee}: {self.get_choice_display()}"


class Reservation(models.Model):
    """A reservation (KL 4 kap. 27 §) by a member who took part in the decision, with optional grounds."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="reservations")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(_("skriftlig motivering"), blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        constraints = [models.UniqueConstraint(fields=["paragraph", "attendee"], name="reservation_unique")]

    def __str__(self) -> str:
        return f"Reservation {self.attendee}"


class Adjuster(models.Model):
    """Who adjusts the protocol: the chair and the adjusters elected at item 1."""

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="adjusters")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(_("ordförande"), default=False)

    class Meta:
        verbose_name = _("justerare")
        verbose_name_plural = _("justerare")
        ordering = ["protocol", "-is_chair", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "person"], name="adjuster_unique"),
            models.UniqueConstraint(fields=["protocol"], condition=Q(is_chair=True), name="adjuster_one_chair"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Approval(models.Model):
    """An adjuster's approval of one exact text (the SHA-256 of its canonical rendering). Never changed or
    deleted; an approval of an earlier text simply no longer counts."""

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="approvals")
    adjuster = models.ForeignKey(Adjuster, on_delete=models.PROTECT, related_name="approvals")
    content_sha256 = models.CharField(_("innehållets SHA-256"), max_length=64)
    approved_at = models.DateTimeField(_("justerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["protocol", "approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["adjuster", "content_sha256"], name="approval_once_per_text"),
            models.CheckConstraint(condition=Q(content_sha256__regex=r"^[0-9a-f]{64}$"), name="approval_sha_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.adjuster} {self.approved_at:%Y-%m-%d %H:%M}"


class NoticeBoardPost(models.Model):
    """The notice of adjustment on the public notice board (anslagstavla, KL 8 kap. 9–12 §§)."""

    protocol = models.OneToOneField(Protocol, on_delete=models.PROTECT, related_name="notice")
    committee = models.ForeignKey("committee.Committee", on_delete=models.PROTECT, related_name="+")
    posted_on = models.DateField(_("anslaget"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        ordering = ["-posted_on", "-pk"]

    def __str__(self) -> str:
        return f"Anslag {self.protocol}"


class PartyPosting(models.Model):
    """The day the notice went up on one party's own notice board."""

    notice = models.ForeignKey(NoticeBoardPost, on_delete=models.PROTECT, related_name="postings")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    posted_on = models.DateField(_("anslaget hos parten"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("registrerat"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_reminded_on = models.DateField(_("senast påmind"), null=True, blank=True)

    class Meta:
        verbose_name = _("anslag hos part")
        verbose_name_plural = _("anslag hos parter")
        ordering = ["notice", "party__name"]
        constraints = [models.UniqueConstraint(fields=["notice", "party"], name="partyposting_unique")]

    def __str__(self) -> str:
        return f"{self.party}: {self.posted_on or '–'}"


class Extract(models.Model):
    """An extract (protokollsutdrag) of one paragraph: the stored PDF, the case document, the mail."""

    paragraph = models.OneToOneField(Paragraph, on_delete=models.PROTECT, related_name="extract")
    pdf = models.ForeignKey("common.ArchivedDocument", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    mail = models.ForeignKey("common.OutgoingMail", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    certified_by = models.CharField(_("rätt utdraget intygar"), max_length=200)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        verbose_name = _("protokollsutdrag")
        verbose_name_plural = _("protokollsutdrag")

    def __str__(self) -> str:
        return f"Utdrag {self.paragraph}"


class DelegatedDecision(TimeStampedModel):
    """A decision an official took under delegation (KL 6 kap. 37–40 §§), reported to the committee."""

    committee = models.ForeignKey("committee.Committee", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject = models.CharField(_("beslut"), max_length=500)
    decided_by = models.CharField(_("beslutsfattare"), max_length=200)
    delegation_point = models.CharField(_("punkt i delegationsordningen"), max_length=50)
    decided_on = models.DateField(_("beslutsdatum"))
    reported_in = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="delegated_decisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delegationsbeslut")
        verbose_name_plural = _("delegationsbeslut")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.subject
