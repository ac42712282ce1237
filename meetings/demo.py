"""Demo data: the 2020 meeting plan (GNS/12/2019 §31) and the committee's meetings of seeds 001 and 002
(2019-06-03, 2019-10-11, 2019-12-06, 2020-02-14) with their agendas, the rest of the 2020 plan, and the
move of 5 June to 29 May decided at the 2020-02-14 meeting. The 2020-02-14 notice is in the mail log.

The plan's decision is dated 2019-10-11 as in the protocol extract §31 of seed 002; a later memo in the same
seed says "6 december 2019 § 31": the extract is the record, so it is followed here. Presenters' names are
invented; dates, times, titles, diary numbers and texts are the seeds'.
"""

from __future__ import annotations

import datetime as dt

from cases.models import Case, Document
from committee.models import Committee
from common.demo import DemoOutput, demo_user

from .models import AgendaItem, Meeting, MeetingPlan
from .services import (
    agenda_case_add,
    agenda_item_add,
    agenda_item_documents_set,
    agenda_item_update,
    meeting_create,
    meeting_move,
    meeting_plan_save,
    meeting_publish,
)

PLACE = "Styrelserummet"
PLAN_2020 = [
    dt.date(2020, 2, 14),
    dt.date(2020, 3, 27),
    dt.date(2020, 6, 5),
    dt.date(2020, 8, 28),
    dt.date(2020, 10, 9),
    dt.date(2020, 12, 18),
]

SEED_001_ITEMS = [
    (
        "Information från projektet: förstudie kring samverkan om gemensam IT-serverdrift",
        "GNS/3/2019",
        "Gemensamma nämnden beslutade att en förstudie kring samverkan om Gemensam IT-serverdrift skulle genomföras "
        "(GNS/03/2019). Målsättningen var att ta fram aktuella beslutsunderlag inklusive kostnadsberäkningar.\n\n"
        "Förstudien kan konstatera att det är svårt att samverka inom IT-serverdrift och att viljan att samverka "
        "måste vara hög för att kunna genomföra samverkan. Gemensamma nämnden för samverkan önskar därför inhämta "
        "parternas respektive ställningstagande kring förstudien i sin helhet.",
    ),
    (
        "Information från e-strateg: projektansökan Digital transformation",
        "GNS/8/2019",
        "På sammanträdet i oktober beslutade nämnden att respektive part skulle fylla i en projektmall med bland "
        "annat mål och syfte för den egna verksamheten i projektet. Utifrån parternas inspel har sedan e-strategen i "
        "uppdrag att skriva fram en projektansökan. E-strategen ger en kort information om hur arbetet fortskrider.",
    ),
    (
        "Ramverk för digital samverkan",
        "",
        "Att nämndens parter gemensamt antar det svenska ramverket för digitalisering i samverkan är ett viktigt steg "
        "att ta. Därmed kan vår gemensamma förmåga att leda utvecklingsarbetet stärkas inom länet.\n\n"
        "Ramverket definierar 13 grundläggande principer till stöd för en gemensam riktning för "
        "digitaliseringsarbete och är framtaget av E-sam, en medlemsorganisation bestående av 23 myndigheter och SKL.",
    ),
    (
        "Basfinansiering 2020",
        "",
        "De samverkande parterna ska lämna ett årligt bidrag till nämndens verksamhet med belopp som motsvarar "
        "administrativa, allmänna eller övergripande kostnader som föranleds av nämndens verksamhet. Bidraget ska "
        "betalas av de samverkande parterna i lika delar och betalas i förskott baserat på nämndens budget. "
        "Betalning av bidraget ska ske i januari månad varje år.\n\n"
        "Uppkomna över- eller underskott balanseras inom nämnden till efterföljande år.\n\n"
        "Ingen uppräkning har skett inför budget 2020 vilket innebär att basfinansieringen för 2020 fortsatt är "
        "914 400 kr.",
    ),
    (
        "Nämndens ärenden och e-strategens uppdrag",
        "",
        "Nämnden har hanterat ett antal ärenden sedan starten i mitten av 2018. Bland annat har behovet av ett "
        "gemensamt dataskyddsombud utretts. Både Åre kommun och Krokoms kommun har initierat varsitt ärende. Krokom "
        "om gemensam IT-serverdrift och Åre om en gemensam löneadministration.\n\n"
        "Parternas finansiering av nämnden lämnas oförändrad fram tills utredningen kring gemensamma nämnder för "
        "upphandling är klar.",
    ),
]

# 2020-02-14 (seed 002): (diary number or "", title for items without a case, planned time, presenter)
SEED_002_ITEMS = [
    ("GNS/8/2018", "Slutrapport - Införande av nytt IT-stöd för samordnad planering, LINK2", "09:15", "proj"),
    ("GNS/1/2020", "", "10:30", ""),
    ("GNS/4/2019", "", "10:00", "lon"),
    ("GNS/12/2019", "", "10:40", ""),
    ("", "Information pågående ärenden", "10:50", ""),
    ("GNS/8/2019", "", "11:10", ""),
    ("GNS/2/2020", "", "11:30", ""),
    ("GNS/3/2020", "Tjänsteskrivelse Digitalisering tillsammans nedifrån och upp, begäran om stöd", "11:45", ""),
]
PRESENTERS = {
    "proj": "Elin Bergsten, projektledare för införandet av Cosmic Link2",
    "lon": "Anna Åkerlind och Kristian Ekström",
}
ONGOING = (
    "- Gemensam IT-serverdrift, informationsklassning, säkerhet och fortsatt hantering.\n"
    "- Ramverket hos DIGG.\n"
    "- Status gemensamt dataskyddsombud.\n"
    "- Omvärldsbevakning - Samverkan Dalarna och Lekeberg."
)
REMAINING_FUNDS = (
    "I årsredovisningen för 2018 redovisades ett överskott på 745 tkr. Dessa återstående medel för nämnden "
    "reserverades till 2019. I februari 2019 fattade nämnden beslut om att genomföra en förstudie kring samverkan "
    "inom IT-serverdrift.\n\n"
    "De alternativ som finns är att använda de återstående medlen till att finansiera projekt Digital "
    "transformation, beroende på om projektet beviljas externa medel eller inte. Resterande medel kan avsättas till "
    "aktiviteter kopplat till ramverket för digital samverkan.\n\nI dagsläget uppgår de återstående medlen till "
    "knappt 417 tkr."
)


def _case(number: str) -> Case:
    prefix, sequence, year = number.split("/")
    return Case.objects.select_related("diary").get(diary__prefix=prefix, sequence=int(sequence), year=int(year))


def _meeting(committee, date: dt.date, by, *, ends: dt.time = dt.time(12)) -> tuple[Meeting, bool]:
    meeting = Meeting.objects.filter(committee=committee, date=date).first()
    if meeting is not None:
        return meeting, False
    return meeting_create(committee=committee, date=date, starts_at=dt.time(9), ends_at=ends, place=PLACE, by=by), True


def _add_case(meeting, number: str, by, *, title: str = "", time: str = "", presenter: str = "") -> AgendaItem:
    item = agenda_case_add(meeting=meeting, case=_case(number), by=by)
    changes = {}
    if title:
        changes["title"] = title
    if time:
        changes["planned_start"] = dt.time.fromisoformat(time)
    if presenter:
        changes["presenter"], changes["presenter_name"] = None, presenter
    if changes:
        item = agenda_item_update(item=item, by=by, **changes)
    return item


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    by = demo_user(username="sekreterare", first_name="Sara", last_name="Lindqvist")

    if not MeetingPlan.objects.filter(committee=committee, year=2020).exists():
        meeting_plan_save(
            committee=committee,
            year=2020,
            decision_case=_case("GNS/12/2019"),
            decision_reference="§31",
            decided_on=dt.date(2019, 10, 11),
            note=(
                "Fastställd 2019-10-11 enligt protokollsutdraget §31. Tjänsteskrivelsen om ändrade tider "
                "(2020-02-05) anger 6 december 2019 § 31; utdraget gäller. Fredag 5 juni flyttades till fredag "
                "29 maj genom beslut 2020-02-14 (GNS/12/2019)."
            ),
            by=by,
        )

    meeting, created = _meeting(committee, dt.date(2019, 6, 3), by)
    if created:
        _add_case(meeting, "GNS/8/2018", by, title="Förlängning av projekt IT-stöd för samordnad planering - LINK2")
        meeting_publish(meeting=meeting, by=by, now=dt.datetime(2019, 5, 24, 10, tzinfo=dt.UTC))

    meeting, created = _meeting(committee, dt.date(2019, 10, 11), by)
    if created:
        item = _add_case(meeting, "GNS/12/2019", by, title="Sammanträdestider 2020")
        agenda_item_update(
            item=item,
            by=by,
            description=(
                "Enligt § 7 i gemensamma nämnden för samverkans reglemente ska nämnden för varje kalenderår upprätta "
                "en plan över sina sammanträden. Ett förslag på sammanträdestider för 2020 har upprättats inom "
                "sekretariatet. Sammanträden som inkluderar deltagande parter från kommunerna, ska enligt tidigare "
                "överenskommelse ske på måndagar eller fredagar."
            ),
            proposal=(
                "Följande sammanträdesdagar fastställs för gemensamma nämnden för samverkan inom drift och service, "
                "utveckling samt specialistfunktioner:\nFredag 7 februari\nFredag 3 april\nFredag 5 juni\n"
                "Fredag 28 augusti\nFredag 9 oktober\nFredag 11 december"
            ),
        )
        agenda_item_documents_set(item=item, documents=[], by=by)
        meeting_publish(meeting=meeting, by=by, now=dt.datetime(2019, 10, 1, 10, tzinfo=dt.UTC))

    meeting, created = _meeting(committee, dt.date(2019, 12, 6), by)
    if created:
        for title, number, description in SEED_001_ITEMS:
            item = agenda_item_add(meeting=meeting, title=title, description=description, by=by)
            if number:
                documents = list(Document.objects.filter(case=_case(number), is_secret=False).order_by("number"))
                agenda_item_documents_set(item=item, documents=documents, by=by)
        meeting_publish(meeting=meeting, by=by, now=dt.datetime(2019, 11, 26, 10, tzinfo=dt.UTC))

    meeting, created = _meeting(committee, dt.date(2020, 2, 14), by)
    if created:
        for number, title, time, presenter in SEED_002_ITEMS:
            if number:
                item = _add_case(meeting, number, by, title=title, time=time, presenter=PRESENTERS.get(presenter, ""))
                if number == "GNS/2/2020":
                    agenda_item_update(item=item, by=by, description=REMAINING_FUNDS)
            else:
                item = agenda_item_add(
                    meeting=meeting,
                    title=title,
                    description=ONGOING,
                    planned_start=dt.time.fromisoformat(time),
                    by=by,
                )
                # The security analysis of the server pre-study (secret, OSL 18 kap. 8 §) goes with the item:
                # members see that it exists, only those granted access open it, the public never sees it.
                secret = Document.objects.filter(case=_case("GNS/3/2019"), is_secret=True).order_by("number")
                agenda_item_documents_set(item=item, documents=list(secret), by=by)
        meeting_publish(meeting=meeting, by=by, now=dt.datetime(2020, 2, 5, 9, tzinfo=dt.UTC))

    for date in PLAN_2020[1:]:
        meeting, created = _meeting(committee, date, by)
        if created and date == dt.date(2020, 6, 5):
            meeting_move(
                meeting=meeting,
                date=dt.date(2020, 5, 29),
                starts_at=dt.time(9),
                ends_at=dt.time(12),
                decision_case=_case("GNS/12/2019"),
                decision_reference="sammanträdet 2020-02-14, punkt 6",
                by=by,
            )

    count = Meeting.objects.filter(committee=committee).count()
    out.note(f"Sammanträden: {count} för {committee.short_name}, sammanträdesplan 2020 (GNS/12/2019 §31).")
