"""Demo data: the nine parties of GNS with their official codes and population 31 Dec 2020."""

import datetime as dt

from common.demo import DemoOutput, demo_user

from .models import Party, PopulationFigure
from .services import party_create, party_representative_appoint, population_figure_record

POPULATION_DATE = dt.date(2020, 12, 31)
POPULATION_SOURCE = "SCB, folkmängd 31 december 2020 (publicerad av Region Jämtland Härjedalen)"

# (name, kind, code, population 2020-12-31) – DOMAIN.md, "Reference data".
PARTIES = [
    ("Region Jämtland Härjedalen", Party.Kind.REGION, "23", 131_155),
    ("Ragunda kommun", Party.Kind.MUNICIPALITY, "2303", 5_208),
    ("Bräcke kommun", Party.Kind.MUNICIPALITY, "2305", 6_181),
    ("Krokoms kommun", Party.Kind.MUNICIPALITY, "2309", 15_054),
    ("Strömsunds kommun", Party.Kind.MUNICIPALITY, "2313", 11_488),
    ("Åre kommun", Party.Kind.MUNICIPALITY, "2321", 12_049),
    ("Bergs kommun", Party.Kind.MUNICIPALITY, "2326", 7_120),
    ("Härjedalens kommun", Party.Kind.MUNICIPALITY, "2361", 10_070),
    ("Östersunds kommun", Party.Kind.MUNICIPALITY, "2380", 63_985),
]
ACTIVE_FROM = dt.date(2018, 1, 1)

REPRESENTATIVES = [
    ("part-ostersund", "Petra", "Holm", "2380", "Ekonomichef"),
    ("part-bracke", "Per", "Nyström", "2305", "Kommunchef"),
]


def load(out: DemoOutput) -> None:
    for name, kind, code, population in PARTIES:
        party = Party.objects.filter(code=code).first()
        if party is None:
            party = party_create(
                name=name,
                kind=kind,
                code=code,
                active_from=ACTIVE_FROM,
                invoice_address=f"{name}\nEkonomiavdelningen\nFakturaservice",
                invoice_reference="Ansvar e-förvaltning",
            )
        if not PopulationFigure.objects.filter(party=party, reference_date=POPULATION_DATE).exists():
            population_figure_record(
                party=party, reference_date=POPULATION_DATE, population=population, source=POPULATION_SOURCE
            )
    for username, first, last, code, title in REPRESENTATIVES:
        user = demo_user(username=username, first_name=first, last_name=last, title=title)
        party_representative_appoint(user=user, party=Party.objects.get(code=code))
        out.login(f"Partsrepresentant ({Party.objects.get(code=code).name})", username)
    out.note(f"Parter: {Party.objects.count()} med folkmängd {POPULATION_DATE:%Y-%m-%d}.")
