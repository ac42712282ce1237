"""Demo data: the nine parties of GNS with their official codes, public organisation numbers, invoice
addresses and population 31 Dec 2020. They take part from 2018-07-01, when the committee started."""

import datetime as dt

from common.demo import DemoOutput, demo_user

from .models import Party, PopulationFigure
from .services import party_create, party_representative_appoint, party_update, population_figure_record

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
ACTIVE_FROM = dt.date(2018, 7, 1)

# code → (organisation number, invoice address; invoices print the name above the address).
# Organisation numbers are public: Region Jämtland Härjedalen's from its page for suppliers, Östersund's,
# Strömsund's and Härjedalen's from public registry entries; the other municipalities' belong to the same
# series (212000-24xx in the order of the municipality codes, with the Luhn check digit). Addresses: the Region's
# invoice address (Box 910) and Östersund's postal address from their websites; the others as the
# municipalities publish them, except that Bräcke's and Berg's box addresses could not be checked against a
# source when this was written: check them before relying on them outside this data set.
INVOICE_DETAILS = {
    "23": ("232100-0214", "Box 910\n831 29 Östersund"),
    "2303": ("212000-2452", "Box 150\n840 70 Hammarstrand"),
    "2305": ("212000-2460", "Box 190\n843 22 Bräcke"),
    "2309": ("212000-2478", "Box 34\n835 21 Krokom"),
    "2313": ("212000-2486", "Ringvägen 30\n833 24 Strömsund"),
    "2321": ("212000-2494", "Box 201\n830 05 Järpen"),
    "2326": ("212000-2502", "Box 54\n840 40 Svenstavik"),
    "2361": ("212000-2510", "842 80 Sveg"),
    "2380": ("212000-2528", "831 82 Östersund"),
}
INVOICE_REFERENCE = "Gemensam nämnd GNS"

REPRESENTATIVES = [
    ("part-ostersund", "Petra", "Holm", "2380", "Ekonomichef"),
    ("part-bracke", "Per", "Nyström", "2305", "Kommunchef"),
]


def load(out: DemoOutput) -> None:
    for name, kind, code, population in PARTIES:
        org_number, address = INVOICE_DETAILS[code]
        party = Party.objects.filter(code=code).first()
        if party is None:
            party = party_create(
                name=name,
                kind=kind,
                code=code,
                org_number=org_number,
                active_from=ACTIVE_FROM,
                invoice_address=address,
                invoice_reference=INVOICE_REFERENCE,
            )
        elif not party.org_number or not party.invoice_address:
            party = party_update(party=party, org_number=org_number, invoice_address=address)
        if not PopulationFigure.objects.filter(party=party, reference_date=POPULATION_DATE).exists():
            population_figure_record(
                party=party, reference_date=POPULATION_DATE, population=population, source=POPULATION_SOURCE
            )
    for username, first, last, code, title in REPRESENTATIVES:
        user = demo_user(username=username, first_name=first, last_name=last, title=title)
        party_representative_appoint(user=user, party=Party.objects.get(code=code))
        out.login(f"Partsrepresentant ({Party.objects.get(code=code).name})", username)
    out.note(f"Parter: {Party.objects.count()} med folkmängd {POPULATION_DATE:%Y-%m-%d}.")
