"""Demo data: the GNS committee, its parties, two terms with members and substitutes.

Party letters and roles follow the meeting of 2020-02-14 (seed 002); the people's names are invented.
"""

import datetime as dt

from common.demo import DemoOutput, demo_user
from parties.models import Party

from .models import Committee, CommitteeParty, Membership, Term
from .services import (
    committee_create,
    committee_diary_link,
    committee_party_join,
    membership_create,
    term_create,
)

GNS_NAME = "Gemensam nämnd för samverkan inom drift och service, utveckling samt specialistfunktioner"
JOINED_ON = dt.date(2018, 7, 1)  # the committee and its parties start 2018-07-01
TERMS = [(dt.date(2019, 1, 1), dt.date(2022, 12, 31)), (dt.date(2023, 1, 1), dt.date(2026, 12, 31))]

# (party code, role, letter, username, first name, last name) – ordinary members
MEMBERS = [
    ("23", Membership.Role.CHAIR, "M", "ledamot-region", "Rolf", "Hammar"),
    ("2380", Membership.Role.VICE_CHAIR, "S", "ledamot-ostersund", "Sofia", "Hallberg"),
    ("2303", Membership.Role.MEMBER, "M", "ledamot-ragunda", "Bengt", "Hammarström"),
    ("2305", Membership.Role.MEMBER, "S", "ledamot-bracke", "Tove", "Kärrman"),
    ("2309", Membership.Role.MEMBER, "S", "ledamot-krokom", "Jonas", "Persmark"),
    ("2313", Membership.Role.MEMBER, "C", "ledamot-stromsund", "David", "Danelius"),
    ("2321", Membership.Role.MEMBER, "C", "ledamot-are", "Andreas", "Hägglund"),
    ("2326", Membership.Role.MEMBER, "C", "ledamot-berg", "Mikaela", "Westerlund"),
    ("2361", Membership.Role.MEMBER, "C", "ledamot-harjedalen", "Bo", "Svedberg"),
]
SUBSTITUTES = [
    ("23", "S", "ersattare-region", "Anna-Maria", "Johnsson"),
    ("2380", "S", "ersattare-ostersund", "Nils", "Rhodén"),
    ("2303", "C", "ersattare-ragunda", "Bertil", "Karlén"),
    ("2305", "C", "ersattare-bracke", "Therese", "Flodin"),
    ("2309", "S", "ersattare-krokom", "Petra", "Bergvall"),
    ("2313", "S", "ersattare-stromsund", "Lars-Göran", "Nordin"),
    ("2321", "S", "ersattare-are", "Jonna", "Anderberg"),
    ("2326", "C", "ersattare-berg", "Mats", "Gärdin"),
    ("2361", "S", "ersattare-harjedalen", "Anders", "Edvall"),
]


def load(out: DemoOutput) -> None:
    region = Party.objects.get(code="23")
    committee = Committee.objects.filter(short_name="GNS").first()
    if committee is None:
        committee = committee_create(
            name=GNS_NAME, short_name="GNS", host_party=region, notice_days=7, allowed_meeting_weekdays="1,5"
        )
    committee_diary_link(committee=committee)  # the diary itself is created by cases/demo.py (runs first)
    for party in Party.objects.filter(code__in=[row[0] for row in MEMBERS]):
        if not CommitteeParty.objects.filter(committee=committee, party=party).exists():
            committee_party_join(committee=committee, party=party, joined_on=JOINED_ON)

    for starts_on, ends_on in TERMS:
        term = Term.objects.filter(committee=committee, starts_on=starts_on).first()
        if term is None:
            term = term_create(committee=committee, starts_on=starts_on, ends_on=ends_on)
        seats = [(code, role, letter, u, f, la) for code, role, letter, u, f, la in MEMBERS]
        seats += [(code, Membership.Role.SUBSTITUTE, letter, u, f, la) for code, letter, u, f, la in SUBSTITUTES]
        for code, role, letter, username, first, last in seats:
            person = demo_user(username=username, first_name=first, last_name=last, title="Förtroendevald")
            if not Membership.objects.filter(committee=committee, term=term, person=person).exists():
                membership_create(
                    person=person,
                    committee=committee,
                    term=term,
                    role=role,
                    on_behalf_of=Party.objects.get(code=code),
                    political_party=letter,
                )
    out.login("Ordförande (ledamot, Region Jämtland Härjedalen)", "ledamot-region")
    out.login("Ledamot (Östersunds kommun, vice ordförande)", "ledamot-ostersund")
    out.login("Ersättare (Bräcke kommun)", "ersattare-bracke")
    seats = committee.memberships.count()
    out.note(f"Nämnd: {committee.short_name} med {seats} uppdrag i {len(TERMS)} mandatperioder.")
