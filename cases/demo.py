"""Demo data: the GNS diary with the real cases, numbers and titles of the seeds, memos whose text comes
from seed 002 (the meeting packet of 2020-02-14), documents with generated PDF files and one secret
document. People's names are invented.

Runs before committee/demo.py (INSTALLED_APPS order), so it creates the GNS diary itself; the
committee demo links its committee to the same diary by prefix. Idempotent: the seed cases are
imported once (keeping their numbers, through ``diary_import_csv``), everything else is looked up
before it is created.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from common.demo import DemoOutput, demo_user
from common.formatting import count_noun
from common.models import Role
from common.pdf import render_pdf
from parties.models import Party

from .models import Case, Document, Memo
from .services import (
    case_close,
    case_register,
    case_set_publication,
    case_status_change,
    case_update,
    diary_get_or_create,
    diary_import_csv,
    document_grant_access,
    document_publish,
    document_register,
    memo_save,
)

GNS_PREFIX = "GNS"
GNS_NAME = "Gemensam nämnd för samverkan inom drift och service, utveckling samt specialistfunktioner"
SIGNATORIES = "Henrik Sandberg, Regiondirektör\nAnnika Bergström, Regional utvecklingsdirektör"
RECIPIENTS = "Sekretariatet\nParternas kommunstyrelser"

# (number, registered on, title, status, officer username, initiating party code)
SEED_CASES = [
    (
        "GNS/8/2018",
        "2018-06-12",
        "Införande av nytt IT-stöd för samordnad planering, LINK2",
        "Beslutat",
        "sekreterare",
        "23",
    ),
    (
        "GNS/11/2018",
        "2018-10-02",
        "Gemensamt dataskyddsombud med inriktning tillsyn",
        "Under beredning",
        "handlaggare",
        "",
    ),
    (
        "GNS/3/2019",
        "2019-02-04",
        "Förstudie kring samverkan om gemensam IT-serverdrift",
        "Under beredning",
        "handlaggare",
        "2309",  # seed 002: the pre-study was carried out "efter att Krokoms kommun initierat ett ärende"
    ),
    (
        "GNS/4/2019",
        "2019-04-08",
        "Gemensam löneadministration mellan Åre kommun och Region Jämtland Härjedalen",
        "Klart för beslut",
        "handlaggare",
        "2321",
    ),
    ("GNS/8/2019", "2019-09-23", "Projekt Digital transformation", "Klart för beslut", "handlaggare", "2305"),
    ("GNS/12/2019", "2019-09-30", "Sammanträdestider 2020", "Klart för beslut", "sekreterare", ""),
    ("GNS/1/2020", "2020-01-20", "Årsbokslut 2019 " + GNS_NAME, "Klart för beslut", "handlaggare", ""),
    ("GNS/2/2020", "2020-01-27", "Återstående medel från 2018", "Klart för beslut", "sekreterare", ""),
    (
        "GNS/3/2020",
        "2020-02-03",
        "Digitalisering tillsammans nedifrån och upp, begäran om stöd",
        "Klart för beslut",
        "handlaggare",
        "2305",
    ),
]

MEMOS = {
    "GNS/4/2019": {
        "heading": "Gemensam löneadministration mellan Åre kommun och Region Jämtland Härjedalen",
        "memo_date": dt.date(2020, 2, 7),
        "author": "handlaggare",
        "background": (
            "Åre kommun ville formalisera en önskan om förstudie i en fördjupad analys för outsourcing av "
            "lönehanteringssystemet till Region Jämtland Härjedalen med intentionen att starta outsourcingen "
            "2020-01-01. Syftet med den fördjupade analysen var att erhålla en tydlig konsekvensanalys inklusive "
            "men inte begränsat till kostnadsbild och förståelse för påverkan för både Åre kommun och Region "
            "Jämtland Härjedalen."
        ),
        "significance": (
            "Lönetjänsten är en vital del i en personalintensiv verksamhet som ex Åre kommun. Personalkostnaden "
            "står för ca 60–65% av alla kostnader. Alla medarbetare förväntar sig också att få lön för det arbete "
            "den utfört och på rätt utbetalningsdatum. Lönetjänsten är komplex vilket återspeglar det faktum att "
            "endast en kommun idag i Sverige ”sourcat” ut lönerna till extern part, nämligen Lerums kommun.\n\n"
            "Bland kommunerna i Jämtland finns ett ökat intresse att på olika vis söka samarbeta inom detta område. "
            "Det kan röra sig om allt från konkret stöd att betala ut löner till att samverka inom "
            "utbildningsområdet. En del av det ökade intresset beror på svårigheten att rekrytera personal och att "
            "vissa kommuner mer vill fokusera på sin kärnverksamhet.\n\n"
            "Det som många fall försvårar samarbete är att den lönetjänst som i dag bedrivs inom många kommuner är "
            "väldigt individuellt anpassad och att det vid ett samarbete med annan extern part krävs en mer "
            "strukturerad och likriktad process som många medarbetare/chefer kommer känna sig obekväma med "
            "inledningsvis. Även det faktum att olika kommuner har olika lönesystem påverkar möjligheten till "
            "samverkan."
        ),
        "result": (
            "Om Åre kommun samverkar med Region Jämtland Härjedalen blir lönetjänsten mer robust och mindre "
            "personberoende samt medför besvärsfrihet efter implementering och intrimning.\n\n"
            "Kostnadsmässigt pekar förstudien på att det med allra största sannolikhet blir något dyrare än idag "
            "framförallt med hänsyn tagen till implementeringskostnaderna för att kunna genomföra en outsourcing "
            "enligt förstudien.\n\n"
            "Förstudien pekar också ut vissa områden som det med fördel går att samverka kring som exempelvis "
            "vidareutbildning inom löneområdet, lönebildningsfrågor, systemförvaltning, pensionsrådgivning, "
            "upphandling av schemaverktyg inkl. moduler, process-, policy- och rutinbeskrivningar samt "
            "introduktionsmaterial.\n\n"
            "För att erhålla skalfördelar är det framförallt samarbete inom pensionsrådgivningen samt inom "
            "systemförvaltningen som kan ge detta. Systemförvaltningen förutsätter dock samma personalsystem."
        ),
        "proposal_heading": "Regiondirektörens förslag",
        "proposal": (
            "Slutrapporten förstudie kring Gemensam löneadministration mellan Åre Kommun och Region Jämtland "
            "Härjedalen godkänns och läggs till handlingarna."
        ),
    },
    "GNS/12/2019": {
        "heading": "Ändring av sammanträdestider 2020",
        "memo_date": dt.date(2020, 2, 5),
        "author": "sekreterare",
        "background": (
            "Enligt § 7 i gemensamma nämnden för samverkans reglemente ska nämnden för varje år upprätta en plan "
            "över sina sammanträden. Ett förslag på sammanträdesdagar för 2020 upprättades av sekretariatet och "
            "fastställdes av nämnden på sammanträdet den 6 december 2019 § 31.\n\n"
            "Region Jämtland Härjedalen har lagt en budgetdag för sina förtroendevalda den 5 juni och därför finns "
            "behov av att ändra den sammanträdesdagen."
        ),
        "proposal_heading": "Regiondirektörens förslag",
        "proposal": (
            "Följande ändring av sammanträdesdag fastställs för gemensamma nämnden för samverkan inom drift och "
            "service, utveckling samt specialistfunktioner.\nFredag den 5 juni flyttas till fredag den 29 maj."
        ),
    },
    "GNS/8/2019": {
        "heading": "Projekt Digital transformation",
        "memo_date": dt.date(2020, 2, 12),
        "author": "handlaggare",
        "background": (
            "Under den gångna hösten har det varit E-strategens uppdrag att sammanställa underlag och ansökan för "
            "ett gemensamt digitalt projekt. Ansökan skulle rikta sig till Tillväxtverkets EU-program för Mellersta "
            "Norrland som ska bidra till investeringar i regional tillväxt och sysselsättning i Mellersta Norrland. "
            "Temat är att öka tillgången till, användningen av och kvaliteten på informations- och "
            "kommunikationsteknik.\n\n"
            "I oktober 2019 beslutade nämnden att respektive part skulle fylla in en projektmall för att skapa en "
            "översikt kring parternas målsättning och behov av digital kunskap och bland annat e-tjänster. Två "
            "kommuner har lämnat in ifylld projektmall och ytterligare en kommun har lämnat in ett skriftligt "
            "yttrande. Utöver detta aviserade ytterligare 2 parter muntligt att de var intresserade av att delta i "
            "ett gemensamt digitalt inriktat projekt."
        ),
        "result": (
            "E-strategens summering av underlaget visar parternas behov av ökade resurser för att kunna påbörja en "
            "digital transformation. Bräcke kommun som lämnat in yttrande kring digital transformation är också den "
            "kommun som sätter inriktningen för kommande arbete. Strömsund samt Krokoms kommun önskar påbörja en mer "
            "tydligt definierad samverkan med Bräcke kommun."
        ),
        "proposal_heading": "Regiondirektörens förslag",
        "proposal": (
            "Parter i projektet Digital transformation blir Bräcke kommun, Krokoms kommun samt Strömsunds kommun."
        ),
    },
    "GNS/1/2020": {
        "heading": "Årsbokslut 2019 " + GNS_NAME,
        "memo_date": dt.date(2020, 2, 7),
        "author": "handlaggare",
        "background": (
            GNS_NAME + " har inkommit med ett årsbokslut för verksamhetsåret 2019. Nämndens nuvarande uppgift (och "
            "tillika namn) är bred i sin utformning men oavsett har samverkan politiskt och historiskt betraktats "
            "som en viktig faktor för länets utveckling. Analyser och underlag från föregående år visar parternas "
            "varierande samverkansbehov i framför allt IT-frågor, juridik men också löneadministration och telefoni."
        ),
        "significance": (
            "Nämndens IT-driftverksamhet har i volym varit enligt vad som överenskommits och fungerat väl utan "
            "störningar. Införandeprojektet av ett nytt vårdplaneringssystem har pågått under 2019. Kommunerna och "
            "regionen kommer gemensamt att nyttja LINK 2 som är en modul i regionens verksamhetssystem COSMIC.\n\n"
            "Nyttillkomna insatser för 2019 är samordning och handläggning av förstudie kring samverkan om gemensam "
            "IT-serverdrift, samordning och handläggning av förstudie kring gemensam löneadministration mellan Åre "
            "kommun och Region Jämtland Härjedalen samt handläggning av ärendet Gemensamt dataskyddsombud."
        ),
        "result": (
            "Det ekonomiska utfallet för helår 2019 är -50 tkr. I resultatet ingår 3 objekt: 6663: +-0 fakturerat "
            "Åre för överskjutande belopp. 6674: +7 tkr, pga ej fakturerade resekostnader 2018 faktureras 2019. "
            "6676: +- 0 pga finansiering via medel från 2018.\n\n"
            "Utfallet -50 tkr jämfört med budget -101 tkr beror på att inga kostnader kopplade till datautrustning "
            "etc. (budget 30 tkr) och inga kostnader kopplade till resor (budget 15 tkr) har uppstått."
        ),
        "proposal_heading": "Regiondirektörens förslag",
        "proposal": (
            "Årsbokslut 2019 för gemensamma nämnden för samverkan inom drift och service, utveckling samt "
            "specialistfunktioner godkänns."
        ),
    },
    "GNS/2/2020": {
        "heading": "Återstående medel från 2018",
        "memo_date": dt.date(2020, 2, 7),
        "author": "sekreterare",
        "background": (
            "I årsredovisningen för 2018 redovisades ett överskott på 745 tkr. Dessa återstående medel för nämnden "
            "reserverades till 2019. I februari 2019 fattade nämnden beslut om att genomföra en förstudie kring "
            "samverkan inom IT-serverdrift. Till förstudien anlitades en konsult som finansierades av nämndens "
            "återstående medel där den totala kostnaden inte fick överstiga 360 tkr.\n\n"
            "I oktober 2019 beslutade nämnden att respektive part skulle fylla i en projektmall för projektet "
            "Digital transformation, samt förankra projektet på tjänstemannanivå. I december 2019 skickade "
            "e-strategen ut ett förslag som initierats från nämndens ordförande, att finansiera projektet med det "
            "medel som fortfarande fanns kvar i nämnden från 2018. Tre av nämndens parter har visat intresse av att "
            "ingå i ett sådant projekt."
        ),
        "significance": (
            "De alternativ som finns är att använda de återstående medlen till att finansiera projekt Digital "
            "transformation, beroende på om projektet beviljas externa medel eller inte. Resterande medel kan "
            "avsättas till aktiviteter kopplat till ramverket för digital samverkan."
        ),
        "result": "I dagsläget uppgår de återstående medlen till knappt 417 tkr.",
        "proposal": (
            "Återstående medel från 2018 används till att finansiera projekt Digital transformation.\n\n"
            "Eventuella resterande medel används till aktiviteter kopplat till Ramverk för digital samverkan."
        ),
    },
    "GNS/3/2020": {
        "heading": "Tjänsteskrivelse Digitalisering tillsammans nedifrån och upp, begäran om stöd",
        "memo_date": dt.date(2020, 2, 12),
        "author": "handlaggare",
        "background": (
            "Bara att nämna ordet digitalisering är svårt. Alla har en egen bild av ordet. Alla förstår att det "
            "kommer innebära stora förändringar på hur vi arbetar och hur vi förhåller oss till teknik nu och i "
            "framtiden.\n\n"
            "För att påbörja arbetet med digitalisering inom Bräcke kommun har en förstudie som heter Lokal Digital "
            "agenda genomförts. Under genomförandet kartlades samtliga verksamheter och en handlingsplan har tagits "
            "fram. I och med detta är nuläget tydligt för Bräcke kommun och man är redo för att göra "
            "digitaliseringsresan på riktigt."
        ),
        "significance": (
            "För att göra detta tänker Bräcke kommun att någon med strategisk höjd, god omvärldsbevakning och stor "
            "teknikförståelse tillsammans med resurser från kommunen arbetar med en verksamhet i taget och "
            "handgripligen gör förändrings- och digitaliseringsresan på riktigt. Det handlar om att få ut maximalt "
            "av de system vi har. Ett mål är också att det ska vara mer resurssnålt på sikt även om kostnaden "
            "initialt kan öka genom produktionsbortfall eller nya tekniska lösningar."
        ),
        "result": (
            "Bräcke kommun önskar därför att få låna nämndens e-strateg tre dagar i veckan fram till semestern 2020. "
            "Efter semestern kan resultatet utvärderas. Det är Bräcke kommuns målbild att e-strategen därefter kan "
            "åka till andra kommuner i Jämtlands län för att delge resultatet eller hjälpa till på liknande sätt.\n\n"
            "Genom detta arbetssätt gör vi saker tillsammans, delar erfarenheter men också anpassar takt och "
            "omfattning till de förutsättningar som finns i respektive kommun."
        ),
        "proposal_heading": "Regiondirektörens förslag",
        "proposal": (
            "Gemensamma nämnden för samverkan uppdrar till nämndens e-strateg att inom ramen för projekt Digital "
            "transformation utföra arbetsuppgifter för Bräcke kommuns räkning under tre dagar i veckan fram till "
            "2020-06-26."
        ),
    },
}

# (case number, date, direction, kind, counterpart, description, pdf paragraphs or None, secret provision)
DOCUMENTS = [
    (
        "GNS/8/2018",
        "2018-08-24",
        "internal",
        "report",
        "",
        "Projektdirektiv LINK2 0.5",
        [
            "Projektdirektiv för införande av nytt IT-stöd för samordnad planering, Cosmic Link. Projekttiden är "
            "2018-09-01–2019-06-30.",
            "Utskrivningsprocessen för hälso- och sjukvårdens slutenvård styrs av lagen om samverkan vid utskrivning "
            "från slutna hälso- och sjukvård. För att hantera processen fanns ett IT-stöd gemensamt för regionen och "
            "kommunerna som behövde utvecklas pga. ny lagstiftning och avtalskonsekvenser.",
        ],
        "",
    ),
    (
        "GNS/8/2018",
        "2019-12-16",
        "incoming",
        "report",
        "Projektledningen LINK2",
        "Slutrapport Link 0.3",
        [
            "Slutrapport för införande av Cosmic Link2. Produktionsstart i regionens miljö skedde 2019-05-20 efter "
            "att inloggningsmodellen för externa användare ersatts av en ny teknisk lösning.",
            "Projekttiden förlängdes med nuvarande resurser och kostnadsfördelning till och med 31 oktober 2019.",
        ],
        "",
    ),
    (
        "GNS/3/2019",
        "2019-11-18",
        "incoming",
        "report",
        "Konsult, förstudie IT-serverdrift",
        "Informationsklassning och säkerhetsanalys av parternas serverdrift",
        [
            "Kartläggning av parternas serverhallar, nätverkssegment, brandväggsregler och behörighetsstyrning.",
            "Analysen beskriver sårbarheter i nuvarande driftmiljöer och föreslagna säkerhetsåtgärder.",
        ],
        "OSL 18 kap. 8 §",
    ),
    (
        "GNS/3/2019",
        "2019-12-02",
        "incoming",
        "report",
        "Konsult, förstudie IT-serverdrift",
        "Förstudie gemensam IT-serverdrift – slutrapport",
        [
            "Förstudien svarar på vilka förutsättningar som finns för gemensamma, standardiserade och "
            "kostnadseffektiva lösningar för serverdrift samt vad som behöver göras för att nå dit, inklusive "
            "tidsaspekt och nyttoanalys."
        ],
        "",
    ),
    (
        "GNS/4/2019",
        "2019-11-29",
        "incoming",
        "report",
        "Åre kommun",
        "Slutrapport förstudie gemensam löneadministration",
        [
            "Förstudien pekar på att samverkan gör lönetjänsten mer robust och mindre personberoende, men att det "
            "med största sannolikhet blir något dyrare än idag med hänsyn till implementeringskostnaderna."
        ],
        "",
    ),
    (
        "GNS/8/2019",
        "2019-11-05",
        "incoming",
        "statement",
        "Bräcke kommun, kommunstyrelsen",
        "Yttrande: Digital transformation (Bilaga Yttrande.pdf)",
        [
            "Enligt beslut i den gemensamma nämnden har Bräcke kommun blivit ombedd att yttra sig över en tänkt "
            "projektansökan. Projekt digital transformation syftar till att öka tillgången till, användningen av och "
            "kvaliteten på informations- och kommunikationsteknik.",
            "Bräcke kommun har genomfört en ”lokal digital agenda” och har en tydlig färdplan mot ett digitalare "
            "samhälle. Det Bräcke kommun söker stöd och finansiering för är en digitaliseringsledare som handgripligt "
            "hjälper respektive verksamhetsområde.",
            "Gemensamt för Bräcke kommun och författarna till underlagsrapporten är att vi ser behovet i att starten "
            "av implementering sker genom att tillsätta en digitaliseringsledare eller CDO (Chief Digitalization "
            "Officer).",
        ],
        "",
    ),
    (
        "GNS/12/2019",
        "2019-10-11",
        "internal",
        "extract",
        "",
        "§31 GNS Sammanträdestider 2020",
        [
            "Följande sammanträdesdagar fastställs för gemensamma nämnden: fredag 14 februari, fredag 27 mars, "
            "fredag 5 juni, fredag 28 augusti, fredag 9 oktober och fredag 18 december."
        ],
        "",
    ),
    # The annual report 2019 itself is produced by annual/demo.py and registered here as its final PDF/A.
    (
        "GNS/3/2020",
        "2020-01-29",
        "incoming",
        "letter",
        "Bräcke kommun",
        "Skrivelse från Bräcke kommun - Digitalisering tillsammans nedifrån och upp, begäran om stöd",
        [
            "Bräcke kommun önskar att få låna nämndens e-strateg tre dagar i veckan fram till semestern 2020 för att "
            "arbeta med en verksamhet i taget och handgripligen göra förändrings- och digitaliseringsresan."
        ],
        "",
    ),
]


# A letter from a private person (invented name) in the seed cases' period: the public diary shows
# "Privatperson" and withholds the description, which names her.
PRIVATE_LETTER = {
    "case": "GNS/8/2019",
    "date": "2019-11-12",
    "counterpart": "Margit Östlund",
    "description": "Skrivelse från Margit Östlund med frågor om digitala tjänster i Bräcke",
    "paragraphs": [
        "Jag bor i Bräcke och undrar hur projekt Digital transformation kommer att påverka möjligheten att "
        "söka bygglov och färdtjänst via e-tjänster.",
        "Med vänlig hälsning, Margit Östlund, Storgatan 4, Bräcke",
    ],
}
WITHHELD_CASE = ("Rekrytering av nämndsekreterare", "Personalärende")


def _csv() -> str:
    users = {u: demo_user(username=u, first_name="", last_name="") for u in ("sekreterare", "handlaggare")}
    lines = ["diarienummer;datum;ärendemening;status;handläggare"]
    for number, date, title, status, officer, _party in SEED_CASES:
        lines.append(f"{number};{date};{title};{status};{users[officer].username}")
    return "\n".join(lines) + "\n"


def _case(number: str) -> Case:
    prefix, sequence, year = number.split("/")
    return Case.objects.select_related("diary").get(diary__prefix=prefix, sequence=int(sequence), year=int(year))


def _pdf(*, title: str, sender: str, reference: str, date: dt.date, paragraphs: list[str]) -> bytes:
    return render_pdf(
        "cases/pdf/demo_document.html",
        {
            "title": title,
            "sender": sender or "Sekretariatet",
            "reference": reference,
            "date": date,
            "paragraphs": paragraphs,
        },
    )


def load(out: DemoOutput) -> None:
    registrar = demo_user(username="registrator", first_name="Rune", last_name="Berglund", roles=[Role.SECRETARIAT])
    users = {
        "sekreterare": demo_user(
            username="sekreterare",
            first_name="Sara",
            last_name="Lindqvist",
            roles=[Role.SECRETARIAT, Role.CASE_OFFICER],
        ),
        "handlaggare": demo_user(
            username="handlaggare", first_name="Hanna", last_name="Sjöberg", roles=[Role.CASE_OFFICER]
        ),
    }
    diary = diary_get_or_create(prefix=GNS_PREFIX, name=GNS_NAME)

    if not Case.objects.filter(diary=diary, imported=True).exists():
        diary_import_csv(diary=diary, data=_csv(), by=registrar)
        for number, _date, _title, _status, _officer, party_code in SEED_CASES:
            if party_code:
                case_update(
                    case=_case(number), by=registrar, initiating_party=Party.objects.filter(code=party_code).first()
                )

    for number, date, direction, kind, counterpart, description, paragraphs, secret in DOCUMENTS:
        case = _case(number)
        if Document.objects.filter(case=case, description=description).exists():
            continue
        date = dt.date.fromisoformat(date)
        upload = None
        if paragraphs:
            pdf = _pdf(title=description, sender=counterpart, reference=number, date=date, paragraphs=paragraphs)
            upload = SimpleUploadedFile(f"{description[:60]}.pdf", pdf, content_type="application/pdf")
        document_register(
            case=case,
            direction=direction,
            kind=kind,
            date=date,
            counterpart=counterpart,
            description=description,
            upload=upload,
            by=registrar,
            is_secret=bool(secret),
            secrecy_provision=secret,
            secrecy_authority="Region Jämtland Härjedalen, " + GNS_NAME if secret else "",
            secrecy_marked_on=date if secret else None,
        )

    for number, memo in MEMOS.items():
        case = _case(number)
        if Memo.objects.filter(case=case).exists():
            continue
        documents = list(Document.objects.filter(case=case, is_secret=False))
        memo_save(
            case=case,
            by=users[memo["author"]],
            heading=memo["heading"],
            body_name=GNS_NAME,
            memo_date=memo["memo_date"],
            author=users[memo["author"]],
            background=memo.get("background", ""),
            significance=memo.get("significance", ""),
            result=memo.get("result", ""),
            proposal_heading=memo.get("proposal_heading", "Förslag till beslut"),
            proposal=memo["proposal"],
            decision_documents=documents,
            extract_recipients=RECIPIENTS,
            signatories=SIGNATORIES,
        )

    # One memo document registered as a document of its own (an internal, drawn-up document).
    case = _case("GNS/8/2019")
    if not Document.objects.filter(case=case, kind=Document.Kind.MEMO).exists():
        from .selectors import case_memo

        memo_obj = case_memo(user=users["sekreterare"], case=case)
        pdf = render_pdf("cases/pdf/memo.html", {"case": case, "memo": memo_obj})
        document = document_register(
            case=case,
            direction=Document.Direction.INTERNAL,
            kind=Document.Kind.MEMO,
            date=memo_obj.memo_date,
            description="Tjänsteskrivelse Projekt Digital transformation",
            upload=SimpleUploadedFile("Tjänsteskrivelse Projekt Digital transformation.pdf", pdf),
            by=users["handlaggare"],
        )
        memo_obj.decision_documents.add(document)

    # A private person's letter: never shown by name in the public diary.
    case = _case(PRIVATE_LETTER["case"])
    if not Document.objects.filter(case=case, counterpart=PRIVATE_LETTER["counterpart"]).exists():
        date = dt.date.fromisoformat(PRIVATE_LETTER["date"])
        pdf = _pdf(
            title="Frågor om digitala tjänster",
            sender=PRIVATE_LETTER["counterpart"],
            reference=PRIVATE_LETTER["case"],
            date=date,
            paragraphs=PRIVATE_LETTER["paragraphs"],
        )
        document_register(
            case=case,
            direction=Document.Direction.INCOMING,
            kind=Document.Kind.LETTER,
            date=date,
            counterpart=PRIVATE_LETTER["counterpart"],
            counterpart_kind=Document.CounterpartKind.PRIVATE,
            description=PRIVATE_LETTER["description"],
            upload=SimpleUploadedFile("Skrivelse.pdf", pdf, content_type="application/pdf"),
            by=registrar,
        )

    # Published in the e-diary: the memo of GNS/8/2019 and the decision on the meeting dates (§31), both
    # kinds published by default at registration; published here too for a demo database loaded before.
    for published in (
        Document.objects.filter(case=_case("GNS/8/2019"), kind=Document.Kind.MEMO).first(),
        Document.objects.filter(case=_case("GNS/12/2019"), kind=Document.Kind.EXTRACT).first(),
    ):
        if published is not None and not published.is_published:
            document_publish(document=published, by=registrar)

    # The secret document: the case officer of GNS/3/2019 is explicitly granted access.
    secret = Document.objects.filter(case__diary=diary, is_secret=True).first()
    if secret is not None:
        document_grant_access(document=secret, user=users["handlaggare"], by=registrar, reason="Handläggare i ärendet")

    # Two registrations of this year through the normal path (numbers given by the counter).
    today = dt.date.today()
    for title, officer in [
        ("Ramverk för digital samverkan – aktiviteter " + str(today.year), "handlaggare"),
        ("Verksamhetsplan och budget " + str(today.year + 1), "sekreterare"),
    ]:
        if not Case.objects.filter(diary=diary, title=title).exists():
            case = case_register(diary=diary, title=title, officer=users[officer], by=registrar)
            case_status_change(case=case, status=Case.Status.IN_PREPARATION, by=registrar)
    mistake_title = "Felregistrering – dubblett av verksamhetsplanen"
    if not Case.objects.filter(diary=diary, title=mistake_title).exists():
        case = case_register(diary=diary, title=mistake_title, by=registrar)
        case_close(
            case=case, reason="Registrerat av misstag; se verksamhetsplanens ärende.", mistake=True, by=registrar
        )

    title, reason = WITHHELD_CASE
    if not Case.objects.filter(diary=diary, title=title).exists():
        case = case_register(diary=diary, title=title, officer=users["sekreterare"], by=registrar)
        case_set_publication(case=case, withheld=True, reason=reason, by=registrar)

    documents = Document.objects.filter(case__diary=diary)
    secret = documents.filter(is_secret=True).count()
    out.note(
        f"Diarium: {diary.prefix} med {count_noun(Case.objects.filter(diary=diary).count(), 'ärende', 'ärenden')} "
        f"och {count_noun(documents.count(), 'handling', 'handlingar')}"
        + (f" (varav {count_noun(secret, 'sekretessbelagd', 'sekretessbelagda')})." if secret else ".")
    )
