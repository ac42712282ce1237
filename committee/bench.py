"""Benchmark data and pages for committees (see common/bench.py).

Scale 1: the GNS committee with its nine parties, two terms of office and about 40 memberships
(9 members and 9 substitutes per term, plus a few replacements mid-term). Scale N: 2·N terms.
Leaves the committee in ``ctx.data["committee"]``.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from common.bench import dataset, page
from common.models import Role, User, UserRole

from .demo import GNS_NAME
from .models import Committee, CommitteeParty, Membership, Term


@dataset(20)
def build_committee(ctx) -> None:
    parties = ctx.data["parties"]
    region = next(p for p in parties if p.kind == "region")
    committee, _ = Committee.objects.get_or_create(
        short_name="GNS", defaults={"name": GNS_NAME, "host_party": region, "allowed_meeting_weekdays": "1,5"}
    )
    joined = set(CommitteeParty.objects.filter(committee=committee).values_list("party_id", flat=True))
    CommitteeParty.objects.bulk_create(
        [
            CommitteeParty(committee=committee, party=p, joined_on=dt.date(2010, 1, 1))
            for p in parties
            if p.pk not in joined
        ]
    )
    terms = []
    for i in range(2 * ctx.scale):
        start = dt.date(2023 - 4 * i, 1, 1)
        term, _ = Term.objects.get_or_create(
            committee=committee, starts_on=start, defaults={"ends_on": dt.date(start.year + 3, 12, 31)}
        )
        terms.append(term)

    seated = set(Membership.objects.filter(committee=committee).values_list("term_id", "person_id"))
    seats = []
    for term in terms:
        middle = dt.date(term.starts_on.year + 2, 1, 1)
        for index, party in enumerate(parties):
            role = {0: Membership.Role.CHAIR, 1: Membership.Role.VICE_CHAIR}.get(index, Membership.Role.MEMBER)
            # Parties 2 and 3 replace their member mid-term.
            ends_on = middle - dt.timedelta(days=1) if index in (2, 3) else term.ends_on
            seats.append((term, party, role, term.starts_on, ends_on, f"l{index}"))
            seats.append((term, party, Membership.Role.SUBSTITUTE, term.starts_on, term.ends_on, f"e{index}"))
            if index in (2, 3):
                seats.append((term, party, Membership.Role.MEMBER, middle, term.ends_on, f"r{index}"))
    usernames = {key: f"bench-ledamot-{key}" for *_, key in seats}
    User.objects.bulk_create(
        [User(username=name, first_name="Bänk", last_name=f"Ledamot {key}") for key, name in usernames.items()],
        ignore_conflicts=True,
    )
    users = {u.username: u for u in User.objects.filter(username__in=usernames.values())}
    UserRole.objects.bulk_create([UserRole(user=u, role=Role.MEMBER) for u in users.values()], ignore_conflicts=True)
    memberships = []
    for term, party, role, starts_on, ends_on, key in seats:
        person = users[usernames[key]]
        if (term.pk, person.pk) in seated:
            continue
        seated.add((term.pk, person.pk))
        memberships.append(
            Membership(
                person=person,
                committee=committee,
                term=term,
                role=role,
                on_behalf_of=party,
                political_party="S" if len(memberships) % 2 else "M",
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    Membership.objects.bulk_create(memberships)
    ctx.data["committee"] = committee


@page("nämnd: lista", role="member")
def committee_list_page(ctx) -> str:
    return reverse("committee:list")


@page("nämnd: ledamöter och parter", role="member")
def committee_detail_page(ctx) -> str:
    return reverse("committee:detail", args=[ctx.data["committee"].short_name])
