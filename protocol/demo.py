"""Demo data: the adjusted protocols of the seed meetings (seed 002).

- 2019-06-03, §17 "Förlängning av projekt IT-stöd för samordnad planering - LINK2" (GNS/8/2018): the real
  extract. The committee's earlier paragraphs of 2019 are in protocols kept outside the portal, so the
  2019 series starts where §17 falls.
- The paragraphs between (the meetings of the summer and early autumn 2019, which the seeds do not hold)
  are recorded as kept outside the portal, so the series has no gap.
- 2019-10-11, §31 "Sammanträdestider 2020" (GNS/12/2019): the decision differs from the proposal (the real
  extract).
- 2020-02-14: the ten agenda items of the meeting packet, the decisions as proposed; the cases decided
  that day are no longer "klart för beslut". Posted on the notice board today; every party but Bräcke
  has recorded its own posting, so the appeal deadline is still open.

The meetings are created here when the meetings app's demo has not created them (same date and time).
People's names are invented (committee/demo.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.models import Case
from committee.models import Committee
from common.demo import DEMO_PASSWORD, DemoOutput
from common.models import User
from meetings.models import AgendaItem, Meeting

from . import services
from .models import Paragraph, Protocol

PLAN_PROPOSAL = """Följande sammanträdesdagar fastställs för gemensamma nämnden för samverkan inom drift och service, \
utveckling samt specialistfunktioner:
Fredag 7 februari
Fredag 3 april
Fredag 5 juni
Fredag 28 augusti
Fredag 9 oktober
Fredag 11 december"""
PLAN_DECISION = """Följande sammanträdesdagar fastställs för gemensamma nämnden för samverkan inom drift och service, \
utveckling samt specialistfunktioner:
Fredag 14 februari
Fredag 27 mars
Fredag 5 juni
Fredag 28 augusti
Fredag 9 oktober
Fredag 18 december"""
PLAN_SUMMARY = (
    "Enligt § 7 i gemensamma nämnden för samverkans reglemente ska nämnden för varje kalenderår upprätta en plan "
    "över sina sammanträden. Ett förslag på sammanträdestider för 2020 har upprättats inom sekretariatet. "
    "Sammanträden som inkluderar deltagande parter från kommunerna, ska enligt tidigare överenskommelse ske på "
    "måndagar eller fredagar."
)

# (kind, diary number or "", title, proposal) – the agenda of 2020-02-14 (seed 002)
AGENDA_2020_02_14 = [
    ("opening", "", "Val av justerare och tid för justering", ""),
    ("opening", "", "Fastställande av föredragningslista", "Föredragningslistan fastställs."),
    (
        "case",
        "GNS/8/2018",
        "Slutrapport - Införande av nytt IT-stöd för samordnad planering, LINK2",
        "Slutrapport för införande av Cosmic Link2 godkänns och läggs till handlingarna.",
    ),
    (
        "case",
        "GNS/1/2020",
        "Årsbokslut 2019 Gemensam nämnd för samverkan inom drift och service, utveckling samt specialistfunktioner",
        "Årsbokslut 2019 för gemensamma nämnden för samverkan inom drift och service, utveckling samt "
        "specialistfunktioner godkänns.",
    ),
    (
        "case",
        "GNS/4/2019",
        "Gemensam löneadministration mellan Åre kommun och Region Jämtland Härjedalen",
        "Slutrapporten förstudie kring Gemensam löneadministration mellan Åre Kommun och Region Jämtland "
        "Härjedalen godkänns och läggs till handlingarna.",
    ),
    (
        "case",
        "GNS/12/2019",
        "Ändring av sammanträdestider 2020",
        "Följande ändring av sammanträdesdag fastställs för gemensamma nämnden för samverkan inom drift och service, "
        "utveckling samt specialistfunktioner.\nFredag den 5 juni flyttas till fredag den 29 maj.",
    ),
    ("information", "", "Information pågående ärenden", "Informationen noteras."),
    (
        "case",
        "GNS/8/2019",
        "Projekt Digital transformation",
        "Parter i projektet Digital transformation blir Bräcke kommun, Krokoms kommun samt Strömsunds kommun.",
    ),
    (
        "case",
        "GNS/2/2020",
        "Återstående medel från 2018",
        "1. Återstående medel från 2018 används till att finansiera projekt Digital transformation.\n"
        "2. Eventuella resterande medel används till aktiviteter kopplat till Ramverk för digital samverkan.",
    ),
    (
        "case",
        "GNS/3/2020",
        "Tjänsteskrivelse Digitalisering tillsammans nedifrån och upp, begäran om stöd",
        "Gemensamma nämnden för samverkan uppdrar till E-strateg Li Zakrisson att inom ramen för projekt Digital "
        "transformation utföra arbetsuppgifter för Bräcke kommuns räkning under tre dagar i veckan fram till "
        "2020-06-26.",
    ),
]
LINK2_SUMMARY = (
    "Utskrivningsprocessen för hälso- och sjukvårdens slutenvård styrs av lagen om samverkan vid utskrivning från "
    "slutna hälso- och sjukvård. En trygg och säker utskrivningsplanering kräver en god samverkan mellan berörda "
    "huvudmän och personalkategorier. För att hantera processen fanns ett IT-stöd gemensamt för regionen och "
    "kommunerna som behövde utvecklas pga. ny lagstiftning och avtalskonsekvenser.\n\n"
    "Vid nämndens sammanträde 2018-08-24 godkändes projektdirektiv för införande av nytt IT-stöd, Cosmic Link. "
    "Projekttiden är 2018-09-01–2019-06-30.\n\n"
    "2019-03-05 signalerade regionens IT-avdelning säkerhetsrisker i den planerade inloggningsprocessen för externa "
    "användare, och en ny modell för inloggning behövdes. Vid test i slutet av april var flera kommuner inte klara "
    "med sina tekniska uppdateringar. Produktionsstart i regionens miljö skedde 2019-05-20. Fredagsgruppen ställde "
    "sig 2019-05-03 bakom styrgruppens förslag till förlängning av Link-projektet med nuvarande resurser och samma "
    "kostnadsfördelning som för närvarande t.o.m. 31 oktober 2019."
)
LINK2_DECISION = (
    "1. Projekttiden för införandet av Cosmic LINK2 förlängs med nuvarande resurser och kostnadsfördelning till "
    "och med 31 oktober 2019.\n"
    "2. Uppdra till projektet att i kommande slutrapport redovisa uppföljning av införandet."
)
OUTSIDE_2019 = "Sammanträdena mellan 2019-06-03 och 2019-10-11; protokollen förvaras i nämndens arkiv (före portalen)"

# What remains of each case after the decision of 2020-02-14: closed when nothing remains.
OUTCOMES = {
    "GNS/8/2018": "closed",
    "GNS/1/2020": "decided",
    "GNS/4/2019": "closed",
    "GNS/12/2019": "closed",
    "GNS/8/2019": "decided",
    "GNS/2/2020": "decided",
    "GNS/3/2020": "decided",
}
MISSING_PARTY = "2305"  # Bräcke kommun has not yet recorded its posting


def _case(number: str) -> Case | None:
    prefix, sequence, year = number.split("/")
    return Case.objects.filter(diary__prefix=prefix, sequence=int(sequence), year=int(year)).first()


def _meeting(committee, date, *, ends_at=dt.time(12)) -> Meeting:
    meeting = Meeting.objects.filter(committee=committee, date=date).order_by("starts_at").first()
    if meeting is None:
        published = timezone.make_aware(dt.datetime.combine(date - dt.timedelta(days=7), dt.time(9)))
        meeting = Meeting.objects.create(
            committee=committee,
            date=date,
            starts_at=dt.time(9),
            ends_at=ends_at,
            place="Styrelserummet",
            status=Meeting.Status.HELD,
            published_at=published,
        )
    return meeting


def _items(meeting: Meeting, agenda) -> None:
    if meeting.items.exists():
        return
    for position, (kind, number, title, proposal) in enumerate(agenda, start=1):
        case = _case(number) if number else None
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind=kind if (kind != "case" or case) else "other",
            case=case,
            title=title,
            proposal=proposal,
            description=case.description if case else "",
        )


def _standard_decision(paragraph) -> str:
    """The decision of an item that had no written proposal: the seed's proposal for its case, or the
    standard wording of the committee's protocols."""
    if paragraph.case_id:
        proposals = {number: proposal for _kind, number, _title, proposal in AGENDA_2020_02_14 if number}
        return proposals.get(paragraph.case.number, "Ärendet läggs till handlingarna.")
    if "föredragningslista" in paragraph.title.lower():
        return "Föredragningslistan fastställs."
    return "Informationen noteras."


def _adjust(protocol: Protocol, *, chair: User, adjuster: User, secretary: User) -> Protocol:
    services.adjusters_set(
        protocol=protocol,
        people=[adjuster],
        adjustment_on=protocol.meeting.date,
        adjustment_place="Digital justering",
        by=secretary,
    )
    services.protocol_approve(protocol=protocol, user=chair, password=DEMO_PASSWORD)
    services.protocol_approve(protocol=protocol, user=adjuster, password=DEMO_PASSWORD)
    protocol.refresh_from_db()
    return protocol


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["sekreterare", "handlaggare", "ledamot-region", "ledamot-ostersund"])
    }
    secretary, chair, adjuster = users["sekreterare"], users["ledamot-region"], users["ledamot-ostersund"]
    today = timezone.localdate()

    # 2019-06-03 §17: the extension of LINK2 (only while 2019 has no protocol in the portal yet: the series
    # is laid out from §17 to §31 here).
    october = _meeting(committee, dt.date(2019, 10, 11))
    meeting = _meeting(committee, dt.date(2019, 6, 3))
    link2 = _case("GNS/8/2018")
    if not Protocol.objects.filter(meeting=meeting).exists() and not Protocol.objects.filter(meeting=october).exists():
        if not meeting.items.exists():
            AgendaItem.objects.create(
                meeting=meeting,
                position=1,
                kind="case",
                case=link2,
                title="Förlängning av projekt IT-stöd för samordnad planering - LINK2",
                proposal=LINK2_DECISION,
            )
        items = list(meeting.items.filter(withdrawn=False).order_by("position"))
        before = next((i for i, item in enumerate(items) if item.case_id == link2.pk), 0)
        services.paragraph_series_start(committee=committee, year=2019, first_number=17 - before, by=secretary)
        protocol = services.protocol_draft(meeting=meeting, by=secretary)
        for paragraph in protocol.paragraphs.all():
            if paragraph.position == before + 1:
                services.paragraph_update(
                    paragraph=paragraph,
                    by=secretary,
                    summary=LINK2_SUMMARY,
                    proposal=LINK2_DECISION,
                    decision=LINK2_DECISION,
                    decision_documents="Tjänsteskrivelse 190524\nProjektdirektiv LINK2 0.5",
                    extract_recipients="Sekretariatet",
                    case_outcome="",
                )
            elif paragraph.position == 1:
                services.paragraph_update(
                    paragraph=paragraph,
                    by=secretary,
                    decision=f"{adjuster.get_full_name()} väljs att jämte ordföranden justera protokollet.",
                )
            elif not paragraph.decision.strip():
                services.paragraph_update(paragraph=paragraph, by=secretary, decision=_standard_decision(paragraph))
        services.attendee_add_other(protocol=protocol, name=secretary.get_full_name(), description="nämndsekreterare")
        protocol = _adjust(protocol, chair=chair, adjuster=adjuster, secretary=secretary)
        for posting in protocol.notice.postings.all():
            services.party_posting_record(posting=posting, posted_on=today, by=secretary)
        services.protocol_documents_make(protocol_id=protocol.pk)
        # The summer's and early autumn's paragraphs, up to the §31 of 2019-10-11.
        last = max(protocol.paragraphs.values_list("number", flat=True))
        october_items = list(october.items.filter(withdrawn=False).order_by("position"))
        plan_case = _case("GNS/12/2019")
        october_before = next((i for i, item in enumerate(october_items) if item.case_id == plan_case.pk), 0)
        between = (31 - october_before) - last - 1
        if between > 0:
            services.outside_paragraphs_record(
                committee=committee, year=2019, count=between, kept_at=OUTSIDE_2019, by=secretary
            )

    # 2019-10-11 §31: the meeting plan 2020, decided differently from the proposal.
    meeting = october
    if not meeting.items.exists():
        case = _case("GNS/12/2019")
        AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            kind="case",
            case=case,
            title="Sammanträdestider 2020",
            proposal=PLAN_PROPOSAL,
            description=PLAN_SUMMARY,
        )
    protocol = Protocol.objects.filter(meeting=meeting).first()
    if protocol is None:
        plan_case = _case("GNS/12/2019")
        items = list(meeting.items.filter(withdrawn=False).order_by("position"))
        before = next((i for i, item in enumerate(items) if item.case_id == plan_case.pk), 0)
        if not Paragraph.objects.filter(committee=committee, year=2019).exists():
            # The plan's paragraph is §31 (the real extract): without §17 in the portal the series starts here.
            services.paragraph_series_start(committee=committee, year=2019, first_number=31 - before, by=secretary)
        protocol = services.protocol_draft(meeting=meeting, by=secretary)
        paragraph = protocol.paragraphs.get(position=before + 1)
        services.paragraph_update(
            paragraph=paragraph,
            decision=PLAN_DECISION,
            extract_recipients="Sekretariatet",
            summary=PLAN_SUMMARY,
            decision_documents="Sammanträdestider 2020",
            case_outcome="",
        )
        for other in protocol.paragraphs.filter(decision=""):
            decision = _standard_decision(other)
            if other.position == 1:
                decision = f"{adjuster.get_full_name()} väljs att jämte ordföranden justera protokollet."
            services.paragraph_update(paragraph=other, by=secretary, decision=decision)
        services.attendee_add_other(protocol=protocol, name=secretary.get_full_name(), description="nämndsekreterare")
        protocol = _adjust(protocol, chair=chair, adjuster=adjuster, secretary=secretary)
        for posting in protocol.notice.postings.all():
            services.party_posting_record(posting=posting, posted_on=today, by=secretary)
        services.protocol_documents_make(protocol_id=protocol.pk)

    # 2020-02-14: the meeting of the packet.
    meeting = _meeting(committee, dt.date(2020, 2, 14))
    _items(meeting, AGENDA_2020_02_14)
    protocol = Protocol.objects.filter(meeting=meeting).first()
    if protocol is None:
        protocol = services.protocol_draft(meeting=meeting, by=secretary)
        for paragraph in protocol.paragraphs.select_related("case__diary"):
            outcome = OUTCOMES.get(paragraph.case.number, "decided") if paragraph.case_id else ""
            changes = {"case_outcome": outcome}
            if paragraph.position == 1:
                changes["decision"] = (
                    f"{adjuster.get_full_name()} väljs att jämte ordföranden justera protokollet. "
                    "Justering sker digitalt."
                )
            elif not paragraph.decision.strip():  # an item without a proposal on the agenda
                changes["decision"] = _standard_decision(paragraph)
            if paragraph.case_id and not paragraph.recipient_lines:
                changes["extract_recipients"] = "Sekretariatet"
            services.paragraph_update(paragraph=paragraph, by=secretary, **changes)
        services.attendee_add_other(protocol=protocol, name=secretary.get_full_name(), description="nämndsekreterare")
        services.attendee_add_other(
            protocol=protocol, name=users["handlaggare"].get_full_name(), description="e-strateg, föredragande"
        )
        protocol = _adjust(protocol, chair=chair, adjuster=adjuster, secretary=secretary)
        for posting in protocol.notice.postings.select_related("party"):
            if posting.party.code != MISSING_PARTY:
                services.party_posting_record(posting=posting, posted_on=today, by=secretary)
        services.protocol_documents_make(protocol_id=protocol.pk)
    still_ready = Case.objects.filter(status=Case.Status.READY_FOR_DECISION, diary__prefix="GNS").count()
    out.note(
        f"Protokoll: {Protocol.objects.filter(status='adjusted').count()} justerade (2019-06-03 §17, 2019-10-11 §31, "
        f"2020-02-14 §1–§10), anslagna; Bräcke kommun har inte registrerat sitt anslag. "
        f"Ärenden klara för beslut: {still_ready}."
    )
