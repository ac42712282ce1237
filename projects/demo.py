"""Demo data: the LINK2 project with the seed's cost table and model (seed 002) and "Digital
transformation" with Bräcke, Krokom and Strömsund (seed 002, GNS/8/2019), later joined by Ragunda.

Population: the only population figures in the demo are the real SCB figures of 2020-12-31, which
are in force for costs from 2022 on (rule: the latest figure on or before 1 November of the year
before). No figures are invented, so the demo *costs* that are split by population are dated 2022
and 2023; each project's description says so, and every invoice line shows the figure and its date.
The projects' decisions, participants, cost items, keys and amounts are those of the seed. LINK2's cost
items are split in whole kronor like the seed's table (``Rounding.KRONA``), but exactly: 10 425 kr 50/50
gives the Region 5 213 kr and the municipalities 5 212 kr, and the totals sum to 2 756 425 kr. Digital
transformation is split in öre.
"""

import datetime as dt
from decimal import Decimal

from committee.models import Committee
from common.demo import DemoOutput
from parties.models import Party

from .models import AllocationKey, CostItem, GroupMethod, Project, Rounding
from .services import cost_item_create, cost_record, project_create, project_participant_add

D = Decimal
DATING_NOTE = (
    "Demodata: kostnaderna är daterade 2022–2023 eftersom de enda verkliga folkmängdssiffrorna i demon är "
    "per 2020-12-31 (de gäller för kostnader från 2022). Beloppen är seedens."
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


# (cost item, budget, Region %, municipalities %, [(date, amount, description, document)])  – seed 002, LINK2
LINK2_ITEMS = [
    ("Projektledare RJH", 400_000, 100, 0, [("2022-03-31", "542000", "Projektledare RJH 60 %", "Lönelista RJH")]),
    (
        "Projektledare kommunerna",
        400_000,
        0,
        100,
        [("2022-03-31", "498000", "Projektledare kommunerna 60 %", "Lönelista Östersunds kommun")],
    ),
    (
        "Resekostnader: samarbete med Cambio",
        50_000,
        50,
        50,
        [("2022-04-15", "14000", "Resor för samarbete med Cambio", "Faktura från Östersunds kommun")],
    ),
    (
        "Resekostnader: besök i verksamheter",
        200_000,
        50,
        50,
        [("2022-04-30", "10425", "Resor för besök i verksamheter", "Reseräkningar samt 3 fakturor")],
    ),
    ("Kommunikatör", 80_000, 50, 50, []),
    ("LINK-modulen licenskostnad", 1_400_000, 100, 0, [("2022-02-15", "1400000", "Licens LINK", "Faktura Cambio")]),
    (
        "LINK-modulen årligt underhåll",
        280_000,
        100,
        0,
        [("2022-02-15", "287000", "Årligt underhåll", "Faktura Cambio")],
    ),
    ("SKL material", 0, 100, 0, [("2022-05-10", "5000", "Material", "Fakturor från SKL")]),
]

DT_PARTICIPANTS = ["2305", "2309", "2313"]  # Bräcke, Krokom, Strömsund
DT_ITEMS = [
    ("E-strateg och projektledning", 300_000, AllocationKey.POPULATION),
    ("Utbildning och workshoppar", 60_000, AllocationKey.POPULATION),
    ("Gemensam e-tjänsteplattform, licens", 45_000, AllocationKey.EQUAL),
]
DT_COSTS = [
    ("E-strateg och projektledning", "2022-03-31", "75000", "E-strateg kv 1 2022", "Lönelista RJH"),
    ("E-strateg och projektledning", "2022-06-30", "75000", "E-strateg kv 2 2022", "Lönelista RJH"),
    ("Utbildning och workshoppar", "2022-05-20", "18450", "Workshop digital transformation", "Faktura konferens"),
    ("Gemensam e-tjänsteplattform, licens", "2022-02-01", "15000", "Licens 2022", "Faktura leverantör"),
    ("E-strateg och projektledning", "2022-09-30", "75000", "E-strateg kv 3 2022", "Lönelista RJH"),
    ("E-strateg och projektledning", "2023-03-31", "75000", "E-strateg kv 1 2023", "Lönelista RJH"),
    ("Gemensam e-tjänsteplattform, licens", "2023-02-01", "15000", "Licens 2023", "Faktura leverantör"),
]


def _case(prefix: str, sequence: int, year: int):
    from cases.models import Case

    return Case.objects.filter(diary__prefix=prefix, sequence=sequence, year=year).first()


def load(out: DemoOutput) -> None:
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        return
    parties = {p.code: p for p in Party.objects.all()}

    link2 = Project.objects.filter(committee=committee, name__startswith="IT-stöd för samordnad planering").first()
    if link2 is None:
        link2 = project_create(
            committee=committee,
            name="IT-stöd för samordnad planering – LINK2",
            decision_reference="GNS/8/2018 (förlängt GNS/8/2018 §17)",
            decided_on=dt.date(2018, 6, 1),
            starts_on=dt.date(2018, 9, 1),
            description=(
                "Införande av Cosmic LINK2. Kostnaderna fördelas per aktivitet mellan Region Jämtland Härjedalen "
                "och kommunerna enligt modell beslutad i SVOM (100/0, 0/100 eller 50/50); kommunerna fördelar sin del "
                "enligt befolkningsunderlag från november föregående år. Som i seedens tabell fördelas "
                "kostnaderna i hela kronor, men exakt: 10 425 kr 50/50 blir 5 213 kr + 5 212 kr. " + DATING_NOTE
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
                rounding=Rounding.KRONA,  # the seed's table is in whole kronor
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
            decision_reference="GNS/8/2019 (sammanträde 2020-02-14)",
            decided_on=dt.date(2020, 2, 14),
            starts_on=dt.date(2020, 2, 14),
            description=(
                "Parter i projektet är Bräcke kommun, Krokoms kommun och Strömsunds kommun; kostnaderna fördelas "
                "efter folkmängd bland deltagarna. Ragunda kommun går med 2023 och köper in sig. " + DATING_NOTE
            ),
            participants=[parties[code] for code in DT_PARTICIPANTS],
            case=_case("GNS", 8, 2019),
        )
        for order, (name, budget, key) in enumerate(DT_ITEMS, start=1):
            cost_item_create(project=dtp, name=name, key=key, budget=D(budget), order=order)
        for item_name, date, amount, description, document in DT_COSTS:
            if date >= "2023":
                continue  # recorded by finance.demo after the 2022 invoicing, when Ragunda joins
            cost_record(
                cost_item=CostItem.objects.get(project=dtp, name=item_name),
                incurred_on=dt.date.fromisoformat(date),
                amount=D(amount),
                description=description,
                document=document,
            )
    out.note(f"Projekt: {Project.objects.filter(committee=committee).count()} (LINK2 och Digital transformation).")


def join_ragunda_and_record_2023(project: Project) -> None:
    """Ragunda joins Digital transformation on 2023-01-01 and buys in; the 2023 costs are recorded."""
    ragunda = Party.objects.get(code="2303")
    if not project.participants.filter(party=ragunda).exists():
        project_participant_add(project=project, party=ragunda, joined_on=dt.date(2023, 1, 1), buys_in=True)
    for item_name, date, amount, description, document in DT_COSTS:
        item = CostItem.objects.get(project=project, name=item_name)
        if date >= "2023" and not item.costs.filter(incurred_on=date, description=description).exists():
            cost_record(
                cost_item=item,
                incurred_on=dt.date.fromisoformat(date),
                amount=D(amount),
                description=description,
                document=document,
            )
