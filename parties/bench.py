"""Benchmark data and pages for parties (see common/bench.py).

Scale 1: the nine GNS parties with ten years of population figures. Scale N adds 9·(N−1) synthetic
municipalities and 10·N years of figures per party. Runs first (order 10) and leaves the parties in
``ctx.data["parties"]`` (the region first) for later datasets.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from common.bench import dataset, page

from .demo import PARTIES
from .models import Party, PopulationFigure

ACTIVE_FROM = dt.date(2010, 1, 1)


@dataset(10)
def build_parties(ctx) -> None:
    rows = [(name, kind, code) for name, kind, code, _ in PARTIES]
    rows += [(f"Bänkkommun {i:03d}", Party.Kind.MUNICIPALITY, f"{9000 + i}") for i in range(9 * (ctx.scale - 1))]
    existing = {p.code: p for p in Party.objects.filter(code__in=[code for _, _, code in rows])}
    Party.objects.bulk_create(
        [
            Party(
                name=name,
                kind=kind,
                code=code,
                active_from=ACTIVE_FROM,
                invoice_address=f"{name}\nEkonomiavdelningen",
                invoice_reference="Ansvar 1234",
            )
            for name, kind, code in rows
            if code not in existing
        ]
    )
    parties = list(Party.objects.filter(code__in=[code for _, _, code in rows]).order_by("-kind", "code"))
    base = {code: population for _, _, code, population in PARTIES}
    years = range(2025 - 10 * ctx.scale, 2025)
    have = set(PopulationFigure.objects.filter(party__in=parties).values_list("party_id", "reference_date"))
    figures = []
    for party in parties:
        population = base.get(party.code, 8_000)
        for year in years:
            day = dt.date(year, 11, 1)
            if (party.pk, day) not in have:
                figures.append(
                    PopulationFigure(
                        party=party, reference_date=day, population=population + (year - 2020) * 37, source="SCB"
                    )
                )
    PopulationFigure.objects.bulk_create(figures, batch_size=1000)
    ctx.data["parties"] = parties


@page("parter: lista", role="secretariat")
def party_list_page(ctx) -> str:
    return reverse("parties:list")


@page("parter: en part med folkmängd", role="secretariat")
def party_detail_page(ctx) -> str:
    party = next(p for p in ctx.data["parties"] if p.code == "2380")
    return reverse("parties:detail", args=[party.pk])
