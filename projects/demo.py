"""Demo data for projects, on the seeds' calendar (seed 002):

- LINK2, "IT-stöd för samordnad planering": project directive approved by the committee on 2018-08-24
  (GNS/8/2018), project time 2018-09-01–2019-06-30, extended to 2019-10-31 (§17, 2019-06-03). All nine
  parties take part. The cost items, the Region/municipalities model (100/0, 0/100, 50/50) and the actual
  costs are those of the final report ("Projektkostnader och projektfinansiering tom 19-12-31"), split in
  whole kronor like the report's table but exactly (10 425 kr 50/50 → 5 213 + 5 212; total 2 756 425 kr).
  The costs are dated 2018–2019 (153 000 kr of the Region's project manager fell in 2018). The
  municipalities split their part by population of 1 November the year before; the only population figures
  registered here are SCB's of 2020-12-31, so every LINK2 cost item carries that explicit reference date with
  its reason, and every invoice line prints it.
- "Digital transformation" (GNS/8/2019, decided 2020-02-14): Bräcke, Krokom and Strömsund. By GNS/2/2020 it
  is funded from the funds remaining from 2018 (finance/demo.py records that use of the reservation); it
  has budgeted cost items but no invented costs and is not invoiced.
"""

import datetime as dt
from decimal import Decimal

from committee.models import Committee
from common.demo import DemoOutput
from parties.models import Party

from .models import AllocationKey, GroupMethod, Project, Rounding
from .services import cost_item_create, cost_record, project_create, project_status_set

D = Decimal
LINK2_NAME = "IT-stöd för samordnad planering – LINK2"
POPULATION_DATE = dt.date(2020, 12, 31)
POPULATION_REASON = (
    "Folkmängden per 1 november 2017 och 2018 är inte registrerad; LINK2:s kostnader fördelas efter SCB:s "
    "folkmängd 2020-12-31, samma siffror för alla kostnader i projektet."
)


def _groups(region: int, municipalities: int) -> list[dict]:
    return [
        {"label": "Region", "party_kind": Party.Kind.REGION, "percent": D(region), "method": GroupMethod.EQUAL},
        {
            "label": "Kommunerna",
            "party_kind": Party.Kind.MUNICIPALITY,
            "percent": D(municipalities),
            "method": GroupMethod.POPULATION,
        },
    ]


# (cost item, budget, Region %, municipalities %, [(date, amount, description, document)]) – seed 002, LINK2
LINK2_ITEMS = [
    (
        "Projektledare RJH",
        400_000,
        100,
        0,
        [
            ("2018-12-31", "153000", "Projektledare RJH 60 %, 2018", "Lönelista RJH (schablon 2018)"),
            ("2019-10-31", "389000", "Projektledare RJH 60 %, 2019", "Lönelista RJH"),
        ],
    ),
    (
        "Projektledare kommunerna",
        400_000,
        0,
        100,
        [("2019-10-31", "498000", "Projektledare kommunerna 60 %, 2018-09-01–2019-10-31", "Lönelista Östersund")],
    ),
    (
        "Resekostnader: samarbete med Cambio",
        50_000,
        50,
        50,
        [("2019-06-28", "14000", "Resor för samarbete med Cambio", "Faktura från Östersunds kommun")],
    ),
    (
        "Resekostnader: besök i verksamheter",
        200_000,
        50,
        50,
        [("2019-05-31", "10425", "Resor för besök i verksamheter", "Reseräkningar samt 3 fakturor")],
    ),
    ("Kommunikatör", 80_000, 50, 50, []),
    ("LINK-modulen licenskostnad", 1_400_000, 100, 0, [("2019-03-29", "1400000", "Licens LINK", "Faktura Cambio")]),
    (
        "LINK-modulen årligt underhåll",
        280_000,
        100,
        0,
        [("2019-05-20", "287000", "Årligt underhåll från driftstart", "Faktura Cambio")],
    ),
    ("SKL material", 0, 100, 0, [("2019-09-30", "5000", "Material", "Fakturor från SKL")]),
]

DT_PARTICIPANTS = ["2305", "2309", "2313"]  # Bräcke, Krokom, Strömsund
DT_ITEMS = [
    ("E-strateg och projektledning", 300_000, AllocationKey.POPULATION),
    ("Utbildning och workshoppar", 60_000, AllocationKey.POPULATION),
    ("Gemensam e-tjänsteplattform, licens", 45_000, AllocationKey.EQUAL),
]


def _case(prefix: str, sequence: int, year: int):
    from cases.models import Case

    return Case.objects.filter(diary__prefix=prefix, sequence=sequence, year=year).first()


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    parties = {p.code: p for p in Party.objects.all()}

    link2 = Project.objects.filter(committee=committee, name=LINK2_NAME).first()
    if link2 is None:
        link2 = project_create(
            committee=committee,
            name=LINK2_NAME,
            decision_reference="GNS/8/2018 (2018-08-24; förlängt t.o.m. 2019-10-31, §17 2019-06-03)",
            decided_on=dt.date(2018, 8, 24),
            starts_on=dt.date(2018, 9, 1),
            ends_on=dt.date(2019, 10, 31),
            description=(
                "Införande av Cosmic LINK2. Kostnaderna fördelas per aktivitet mellan Region Jämtland Härjedalen "
                "och kommunerna enligt modell beslutad i SVOM (100/0, 0/100 eller 50/50); kommunerna fördelar sin "
                "del enligt befolkningsunderlag från november föregående år. Som i slutrapportens tabell fördelas "
                "kostnaderna i hela kronor, men exakt: 10 425 kr 50/50 blir 5 213 kr + 5 212 kr."
            ),
            participants=[p for code, p in sorted(parties.items()) if code],
            case=_case("GNS", 8, 2018),
        )
        for order, (name, budget, region, municipalities, costs) in enumerate(LINK2_ITEMS, start=1):
            item = cost_item_create(
                project=link2,
                name=name,
                key=AllocationKey.GROUPS,
                budget=D(budget),
                groups=_groups(region, municipalities),
                order=order,
                rounding=Rounding.KRONA,  # the report's table is in whole kronor
                population_reference_date=POPULATION_DATE if municipalities else None,
                population_reference_reason=POPULATION_REASON if municipalities else "",
            )
            for date, amount, description, document in costs:
                cost_record(
                    cost_item=item,
                    incurred_on=dt.date.fromisoformat(date),
                    amount=D(amount),
                    description=description,
                    document=document,
                )

    dtp = Project.objects.filter(committee=committee, name="Digital transformation").first()
    if dtp is None:
        dtp = project_create(
            committee=committee,
            name="Digital transformation",
            decision_reference="GNS/8/2019",
            decided_on=dt.date(2020, 2, 14),
            starts_on=dt.date(2020, 2, 14),
            description=(
                "Parter i projektet är Bräcke kommun, Krokoms kommun och Strömsunds kommun. Projektet finansieras "
                "med nämndens återstående medel från 2018 (GNS/2/2020); eventuella resterande medel används till "
                "aktiviteter kopplade till Ramverk för digital samverkan."
            ),
            participants=[parties[code] for code in DT_PARTICIPANTS],
            case=_case("GNS", 8, 2019),
        )
        for order, (name, budget, key) in enumerate(DT_ITEMS, start=1):
            cost_item_create(project=dtp, name=name, key=key, budget=D(budget), order=order)
    out.note(f"Projekt: {Project.objects.filter(committee=committee).count()} (LINK2 och Digital transformation).")


def close_link2(committee: Committee) -> None:
    """LINK2 ended 2019-10-31; finance/demo.py closes it once its costs are invoiced."""
    link2 = Project.objects.filter(committee=committee, name=LINK2_NAME).first()
    if link2 is not None and link2.status != Project.Status.CLOSED:
        project_status_set(project=link2, status=Project.Status.CLOSED)
