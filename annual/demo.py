# ruff: noqa: E501 - the seed's paragraphs are kept one per line, as written
"""Demo data: "Årsredovisning 2019" of GNS, built from the demo accounts (finance/demo.py: seed 002's table)
with the narrative of seed 002's annual report, edited as the secretariat would, and produced as the final
PDF/A registered in the annual-accounts case GNS/1/2020. Every figure in the text is a field: where the
seed's text typed a figure that the accounts hold, the field shows the accounts' value (the seed's
deviation text swapped the budgets of equipment, 15 tkr, and travel, 30 tkr; the fields cannot).
The 2018 result is computed from the rows (−89 tkr); the seed printed −88, which a note explains.

The committee approved it at its meeting 2020-02-14 (item 4 of seed 002's agenda), so it is public.
Runs after finance (INSTALLED_APPS order). A draft for 2020 shows what is still missing (no outcome yet).
"""

import datetime as dt

from cases.models import Case
from committee.models import Committee
from common.demo import DemoOutput, demo_user

from .models import AnnualReport
from .services import activity_save, report_create, report_decide, report_pdf_produce, section_add, section_save

SUMMARY = """Den gemensamma nämndens uppgift är att för de samverkande parterna utföra särskilda, specificerade uppdrag bestående av intern service och stöd, utvecklingsinsatser samt specialistfunktioner till de samverkande parternas verksamheter för vilka uppdrag lämnats till nämnden av två eller flera samverkande parter och som nämnden accepterat genom särskilt beslut.

Befintlig verksamhet i nämnden är som tidigare år huvudsakligen serverdrift av Åre kommuns servrar och driftverksamheten fungerar enligt plan.

Även införandeprojektet av nytt gemensamt IT-stöd, Cosmic Link2 har fortgått under [[ar]]. Projektet avslutades i oktober [[ar]].

Utöver detta har nämndens verksamhet under [[ar]] i huvudsak bestått av beredning och handläggning av de ärenden som nämnden beslutat i."""

OUTCOME = """Utfallet för helår [[ar]] är [[resultat]] mot budgeterade [[resultat_budget]].

I resultatet ingår 3 objekt:

- 6663: +-0 fakturerat Åre för överskjutande belopp.
- 6674: +7 tkr, pga ej fakturerade resekostnader 2018 faktureras 2019.
- 6676: +- 0 pga finansiering via medel från 2018"""

ACTIVITY = """Nämndens nuvarande uppgift är bred i sin utformning men oavsett har samverkan politiskt och historiskt betraktats som en viktig faktor för länets utveckling. Analyser och underlag från föregående år visar parternas varierande samverkansbehov i framför allt IT-frågor, juridik men också löneadministration och telefoni.

I verksamhetsplanen [[ar]] finns en sk bruttolista på aktiviteter som bedömdes rama in parternas behovsbild sedan tidigare. Syftet var att underlätta för politiken att initiera ärenden efter den aktuella behovsbilden då efterfrågan på verkställighet var stor.

Nämndens verksamhet sedan tidigare:

- Nämndens IT-driftverksamhet har i volym varit enligt vad som överenskommits och fungerat väl utan störningar.
- Införandeprojektet av ett nytt vårdplaneringssystem har pågått under [[ar]]. Kommunerna och regionen kommer gemensamt att nyttja LINK 2 som är en modul i regionens verksamhetssystem COSMIC.

Nyttillkomna insatser:

- Samordning och handläggning av förstudie kring samverkan om gemensam IT-serverdrift.
- Samordning och handläggning av förstudie kring gemensam löneadministration mellan Åre kommun och Region Jämtland Härjedalen.
- Handläggning av ärendet Gemensamt dataskyddsombud.

Utöver detta har ytterligare ett antal ärenden påbörjats men dessa löper över årsskiftet och kommer rapporteras kommande verksamhetsår."""

GOALS_FULFILMENT = """I verksamhetsplanen [[ar]] kan man läsa att ett strategiskt arbete med målstyrning kommer att genomföras för nämndens långsiktiga arbete.

- Gemensamma nämnden har genomfört ett antal diskussioner kring samverkan och dess former dock utan att koppla det till verksamhetsplanen och dess övergripande digitala inriktning.

Vidare står det att ”målstyrningen är således en viktig insats för att kunna identifiera processer, nyttorealisering och på så vis bidra till kostnadseffektiv samverkan för nämndens samtliga parter. Sammanfattningsvis handlade verksamhetsplanen för 2019 om ökad kunskap, skapa aktuella beslutsunderlag och ett påbörjat strategiarbete.”

- Därigenom skulle också förutsättningarna öka för att nämnden skulle uppnå en tydligare organisation med tydlig målstruktur som i sin tur bidrar till uppföljning och utveckling.

Sammanfattningsvis har gemensamma nämnden verkat utan definierade mål under [[ar]]. Huruvida de beslutade förstudierna kommer bidra till ökad samverkan inom länet är ännu oklart."""

LINK2 = """Utskrivningsprocessen för hälso- och sjukvårdens slutenvård styrs av lagen om samverkan vid utskrivning från sluten hälso- och sjukvård. Personer som inte längre har behov av den slutna vårdens resurser ska så snart som möjligt kunna lämna slutenvården med trygg och säker utskrivningsplanering. En trygg och säker utskrivningsplanering kräver en god samverkan mellan berörda huvudmän och personalkategorier. För att hantera processen fanns ett IT-stöd gemensamt för regionen och kommunerna som behövde utvecklas pga. ny lagstiftning och avtalskonsekvenser. Nämnden antog projektdirektivet för införande av projekt IT-stöd för samordnad planering - LINK2 (GNS/8/2018).

Cosmic Link gick i skarp drift 2019-05-20 och används nu som gemensamt IT-stöd för informationsöverföring och samordnad planering för samtliga kommuners vård och omsorg, IFO-verksamheter samt för regionens vårdverksamheter. Starten fick skjutas upp från mars till maj på grund av att säkerhetsrisker med inloggningsprocessen i regionens miljö uppdagades och en ny metod för inloggning behövde byggas. Införandeprojektet avslutades 2019-10-31.

En slutrapportering av projektet planeras till februari 2020."""

EVENTS = [
    (
        "Förstudie IT-serverdrift genomförd",
        """Gemensamma nämnden beslutade att en förstudie kring samverkan om gemensam IT-serverdrift skulle genomföras (GNS/3/2019). Målsättningen var att ta fram aktuella beslutsunderlag inklusive kostnadsberäkningar. Vidare förväntas förstudien svara på vilka förutsättningar som finns för gemensamma, standardiserade och kostnadseffektiva lösningar samt vad som behöver göras för att nå dit. Inklusive tidsaspekt och nyttoanalys.

E-strategen fick uppdraget att initiera och samordna arbetet med förstudien tillsammans med en konsult. Kommunchefsgruppen utsågs till styrgrupp och länets IT-chefsgrupp utsågs till arbetsgrupp.

Förstudien kan konstatera att det är svårt att samverka inom IT-serverdrift och att viljan att samverka måste vara hög för att kunna genomföra samverkan. Resultatmässigt visar förstudien ett magert direkt behov och ett magert utfall av lösningar som ger samverkan inom IT-serverdrift. I ljuset av det ska sägas att alla parter visat ett intresse inför förstudien och att olika behov troligtvis diskuterats hos de flesta parter.

Förstudien har utarbetat ett antal scenarion för samverkan kring gemensam IT-serverdrift. Målet har varit att skapa scenarion som går att genomföra i teorin och därmed kan jämföras mot varandra. Ursprunget till dessa scenarion är de förslag arbetsgruppen förmedlat.

Nämnden beslutade att godkänna förstudien och skicka den på remiss till nämndens parter 2019-12-06. Skriftligt remissvar lämnas åter i maj 2020.""",
    ),
    (
        "Förstudie löneadministration påbörjad",
        """I samband med nämndens möte i april framkom ett nytt ärende, Gemensam löneadministration mellan Åre kommun och Region Jämtland Härjedalen (GNS/4/2019).

Åre kommun ville formalisera en önskan om förstudie i en fördjupad analys för outsourcing av lönehanteringssystemet till Region Jämtland Härjedalen med intentionen att starta outsourcingen 2020-01-01. Syftet med den fördjupade analysen var att erhålla en tydlig konsekvensanalys inklusive men inte begränsat till kostnadsbild och förståelse för påverkan för både Åre kommun och Region Jämtland Härjedalen.

Åre kommun finansierar konsult för förstudien som planeras fortgå till 14 februari 2020.""",
    ),
    (
        "Förslag till gemensamt dataskyddsombud framskrivet",
        """Behovet att tillsätta ett gemensamt dataskyddsombud framkom redan under 2018 (Gemensamt dataskyddsombud med inriktning tillsyn, GNS/11/2018).

Kommunerna har behov av ökade resurser inom dataskyddsfrågor men också att utveckla insatser och kunskap inom detta nya arbetsområde. Genom att anställa ett oberoende dataskyddsombud som arbetar med tillsyn bedöms nuvarande behovsbild tillgodoses. I beredningen av ärendet har en särskild vägledning kring tillsyn inom dataskyddsfrågor skrivits fram. Denna vägledning får ses som särskilt viktig i samband med uppföljning av nämndens verksamhet. Även de parter som inte samarbetar kring gemensamt dataskyddsombud kan vid önskemål nyttja vägledningen.

Efter nämndens beslut 2019-04-05 att godkänna förslaget om gemensamt dataskyddsombud övergick ärendet till berörda parter. Det fortgår diskussion och förhandling.""",
    ),
]

GOALS = """Gemensam nämnd för samverkan inom drift och service, utveckling samt specialistfunktioner ingår i Region Jämtland Härjedalens politiska organisation och bildades i sin första form under 2017. För verksamhetsåret [[ar]] var det tänkt att påbörja ett arbete för att klargöra den strategiska inriktningen för nämndens verksamhet.

”Målsättningen är att verksamheten ska ha en strategiskt balanserad inriktning mellan värdorganisationens strategi samt övriga parter.”

- Det har inte påbörjats något arbete med övergripande mål och strategi under [[ar]]."""

ECONOMY = """Utfallet för helår [[ar]] är [[resultat]]: intäkter [[intakter]] och kostnader [[kostnader]].

Föregående års resultat i tabellen, [[resultat_fg_ar]], är summan av raderna för [[fg_ar]]. Den tryckta tabellen i årsbokslutet angav −88 tkr, och därmed förändringen 38 tkr och kostnadernas förändring −1 512 tkr: den summan var avrundad för sig. Här visas summorna av raderna."""

INCOME = """Intäkterna, [[intakter]], består av:

1. Årsavgifter från nämndens parter.
2. Fakturering gentemot Åre kommun för serverdrift.
3. Fakturering gentemot samverkansparterna i LINK-projektet."""

COSTS = """Bruttokostnaderna, [[kostnader]], består av:

1. Personalkostnader för samordnare och sekreterare ([[utfall.personalkostnader]]).
2. Kostnader kopplade till serverdrift i Åre – Åre kommun faktureras för detta. Omfattningen av konsulttjänster ([[utfall.konsultkostnader]]) ökar helt enligt plan. Åre har i sin plan inom utvecklingsavdelning/IT att köpa in teknisk specialistkompetens eftersom det är omöjligt (och inte ekonomiskt försvarbart) att ha den kompetensen inhouse. Det skulle krävas ett flertal anställda med olika specialistkompetenser för att täcka alla behov. Bättre för alla, speciellt skattebetalarna, att hyra in kompetens när behov uppstår.
3. Kostnad kopplad till avskrivningar servrar (objekt 6663 serverdrift Åre, [[utfall.avskrivningarfinansnetto]]) – Åre kommun faktureras för detta."""

DEVIATION = """Utfallet [[resultat]] jämfört med budget [[resultat_budget]] beror på:

1. Inga kostnader kopplade till datautrustning etc. (utfall [[utfall.forbrukninv-rep-o-underhall]], budget [[budget.forbrukninv-rep-o-underhall]]).
2. Små kostnader för resor (utfall [[utfall.tjansteresor-och-logi]], budget [[budget.tjansteresor-och-logi]])."""

BALANCE = """Årets resultat [[resultat]] förs till nämndens egna kapital: [[balans_ingaende]] vid årets början, [[balans_utgaende]] vid årets slut.

I årsredovisningen för 2018 redovisades ett överskott på 745 tkr som reserverades till [[ar]]. Därav användes medel till konsulten för förstudien kring IT-serverdrift; de återstående medlen (knappt 417 tkr) föreslås finansiera projekt Digital transformation (GNS/2/2020). Reserverat vid årets slut: [[reserverat]]."""

# Seed 002, "Bruttolista föreslagna aktiviteter, GNS Verksamhetsplan 2019"
ACTIVITIES = [
    (
        "Skapa en e-strategi för nämnden med parternas gemensamma målbild. Inom ramen för detta, aktualisera arbetsmarknadspolitisk bedömning.",
        "Ledning/styrning",
        "Målstyrning",
        "E-strateg GNS, kommunchefer",
        "not_started",
        "Ej påbörjat. Den regionala digitala agendan planeras att revideras. En översyn på behov av styrdokument och handlingsplaner inom digitalisering och verksamhetsutveckling inom offentlig sektor bör därmed aktualiseras.",
    ),
    (
        "Genomföra behovsanalys av parternas digitala kompetens inom definierade verksamhetsområden.",
        "Digital kompetens, kärnverksamhet",
        "Identifierade processer för samverkan och utveckling. Riktade insatser metodstöd. Underlag som kopplas till långsiktig plan.",
        "E-strateg, beredningsgrupp",
        "ongoing",
        "Den regionala digitaliseringskoordinatorns arbetsuppgifter tangerar denna föreslagna aktivitet. Löpande avstämning sker mellan e-strategen och koordinatorn.",
    ),
    (
        "Skapa utbildningserbjudande till parternas ledningsgrupper primärt, tema digital verksamhetsutveckling. Inom ramen för detta, planera ett länsövergripande kunskapsseminarium 2020.",
        "Digital kompetens, kärnverksamhet",
        "Ökad kunskap om digitaliseringens betydelse för samhandling. Ambassadörer i verksamheterna.",
        "E-strateg, beredningsgrupp",
        "ongoing",
        "Den regionala digitaliseringskoordinatorns arbetsuppgifter tangerar denna föreslagna aktivitet. Löpande avstämning sker mellan e-strategen och koordinatorn.",
    ),
    (
        "Införande av gemensam projektmodell samt gemensam ärendemall.",
        "Ledning/styrning",
        "Ökar förutsättningar för ledning inom operativ verksamhet.",
        "E-strateg",
        "not_started",
        "E-strategen fick i uppgift att föreslå gemensam projektmodell samt ärendemall. Uppgiften bordlades sannolikt på grund av utredningen av antal gemensamma nämnder.",
    ),
    (
        "Ta fram förslag för användande av digital plattform för kommunikation och ledning/styrning.",
        "Ledning/styrning, kommunikation",
        "Lärande processer, kan kopplas till metodstöd. Kostnadseffektivitet.",
        "E-strateg, beredningsgrupp GNS",
        "not_started",
        "Ej påbörjad annat än i diskussion på tjänstemannanivå.",
    ),
    (
        "Kartlägga behov av gemensamma IT-upphandlingar.",
        "Infrastruktur, intern service och stöd",
        "Tydligare resursplanering. Kopplas till långsiktig plan.",
        "E-strateg, IT-ansvariga, upphandlingsansvariga hos parterna",
        "not_started",
        "Det har inte lyfts något ärende om kartläggning till GNS. IT-cheferna bedömer att behov av gemensam IT-upphandling finns för programvaror, kommunikation som tjänst, klienter, skrivare, audio-video, IT-drift och IT-konsulter.",
    ),
    (
        "Utreda möjligheter kring ökad samverkan för gemensam IT-drift.",
        "Intern service och stöd, kärnverksamhet",
        "Kostnadseffektivitet, resursplanering, översikt.",
        "E-strateg, IT-ansvariga, upphandlingsansvariga",
        "done",
        "Förstudie genomförd april–december efter att Krokoms kommun initierat ett ärende. Remiss till parterna.",
    ),
    (
        "Utreda förutsättningar för gemensam systemförvaltning och informationssäkerhet – steg 1, införande av DigFrame/Stratsys pågår i viss omfattning.",
        "Infrastruktur, kärnverksamhet",
        "Tydligare resursplanering. Kopplas till långsiktig plan.",
        "E-strateg, IT-ansvariga, informationssäkerhetsansvariga och förvaltningsansvariga hos parterna",
        "not_relevant",
        "Ej aktuellt.",
    ),
    (
        "Kris och beredskap i digitalt perspektiv genom GIS-samarbete för bättre planering och analys. Förstudie?",
        "Infrastruktur, specialistfunktioner",
        "Underlag till beredningsgruppen för fortsatt bedömning. Förutsättningar för en förstudie.",
        "E-strateg, beredningsgrupp, samhällsplanering, kris och beredskap",
        "not_relevant",
        "Ej aktuellt.",
    ),
    (
        "Aktualisera frågan om gemensam löneadministration i ett digitalt perspektiv.",
        "Digital kompetens, intern service och stöd, kärnverksamhet",
        "Underlag till beredningsgruppen för fortsatt bedömning.",
        "E-strateg, beredningsgrupp",
        "ongoing",
        "Förstudie Åre–Regionen pågår maj–februari 2020. Åre kommun initierade detta ärende i april.",
    ),
    (
        "Aktualisera och genomföra nulägesanalys i arkivfrågan.",
        "Digital kompetens, expertis/kärnverksamhet",
        "Underlag till beredningsgruppen för fortsatt bedömning.",
        "E-strateg, arkivarie hos parterna",
        "not_relevant",
        "Ej aktuellt.",
    ),
]
FIELDS = ("activity", "area", "expected", "resources", "status", "outcome")


def build_2019(committee: Committee, by) -> AnnualReport:
    """The 2019 draft with the seed's texts and activities (idempotent: an existing report is returned)."""
    existing = AnnualReport.objects.filter(committee=committee, year=2019).first()
    if existing is not None:
        return existing
    report = report_create(committee=committee, year=2019, case_number="GNS/1/2020", by=by)
    sections = {s.key: s for s in report.sections.all()}
    texts = {
        "sammanfattning": SUMMARY,
        "ekonomiskt-utfall": OUTCOME,
        "verksamhet": ACTIVITY,
        "maluppfyllelse": GOALS_FULFILMENT,
        "mal": GOALS,
        "ekonomiskt-resultat": ECONOMY,
        "intakter": INCOME,
        "kostnader": COSTS,
        "budgetavvikelse": DEVIATION,
        "balans": BALANCE,
    }
    for key, text in texts.items():
        section_save(section=sections[key], body=text, by=by)
    link2 = next((s for k, s in sections.items() if k.startswith("projekt-")), None)
    after = link2
    if link2 is not None:
        section_save(section=link2, body=LINK2, by=by)
    for title, text in EVENTS:
        after = section_add(report=report, title=title, after=after or sections["handelser"], by=by)
        section_save(section=after, body=text, by=by)
    for row in ACTIVITIES:
        activity_save(report=report, by=by, **dict(zip(FIELDS, row, strict=True)))
    return report


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None or not Case.objects.filter(diary__prefix="GNS", sequence=1, year=2020).exists():
        return
    secretary = demo_user(username="sekreterare", first_name="", last_name="")
    report = build_2019(committee, secretary)
    if report.is_draft:
        report = report_pdf_produce(report=report, by=secretary, drawn_up_on=dt.date(2020, 2, 7))
    if not report.is_decided:
        # Item 4 of the meeting 2020-02-14 (seed 002): "Årsbokslut 2019 ... godkänns".
        report = report_decide(
            report=report,
            decided_on=dt.date(2020, 2, 14),
            decision_reference="Sammanträdet 2020-02-14, Årsbokslut 2019 (GNS/1/2020)",
            by=secretary,
        )
    if not AnnualReport.objects.filter(committee=committee, year=2020).exists():
        report_create(committee=committee, year=2020, by=secretary)
    out.note(
        f"Årsredovisning: {report.title} ({report.get_status_display().lower()}), registrerad som "
        f"{report.document.reference if report.document else '–'}; utkast för 2020."
    )
