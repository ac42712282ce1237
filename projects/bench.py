"""Benchmark data and pages for projects (see common/bench.py).

Scale 1: 40 projects over the last ten years, each with three or four participating parties, three cost
items (population, equal, and the LINK2 model Region/municipalities) and about a dozen costs. Scale N
makes 40·N projects. Needs ``ctx.data["parties"]`` and ``ctx.data["committee"]`` (parties and committee
datasets); leaves the projects in ``ctx.data["projects"]``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from common.bench import dataset, page

from .models import AllocationKey, Cost, CostItem, CostItemGroup, GroupMethod, Project, ProjectParticipant

LAST_YEAR = 2024


@dataset(30)
def build_projects(ctx) -> None:
    committee = ctx.data["committee"]
    parties = ctx.data["parties"]
    region = next(p for p in parties if p.kind == "region")
    municipalities = [p for p in parties if p.kind == "municipality"]
    count = 40 * ctx.scale
    existing = set(Project.objects.filter(committee=committee).values_list("name", flat=True))
    new = []
    for i in range(count):
        name = f"Bänkprojekt {i:04d}"
        if name in existing:
            continue
        start = dt.date(LAST_YEAR - 8 + i % 9, 1 + i % 12, 1)  # population figures exist from 2015-11-01
        new.append(
            Project(
                committee=committee,
                name=name,
                decision_reference=f"GNS/{i + 1}/{start.year}",
                decided_on=start,
                starts_on=start,
                ends_on=start + dt.timedelta(days=540),
                status=Project.Status.CLOSED if start.year < LAST_YEAR - 1 else Project.Status.ACTIVE,
            )
        )
    Project.objects.bulk_create(new)
    projects = list(Project.objects.filter(committee=committee, name__startswith="Bänkprojekt").order_by("name"))
    participants, items = [], []
    for i, project in enumerate(projects):
        if project.name not in {p.name for p in new}:
            continue
        chosen = [region] + [municipalities[(i * 3 + k) % len(municipalities)] for k in range(2 + i % 2)]
        participants += [ProjectParticipant(project=project, party=p, joined_on=project.starts_on) for p in chosen]
        items += [
            CostItem(project=project, name="Projektledning", key=AllocationKey.POPULATION, budget=400_000, order=1),
            CostItem(project=project, name="Licenser", key=AllocationKey.EQUAL, budget=200_000, order=2),
            CostItem(project=project, name="Resor", key=AllocationKey.GROUPS, budget=50_000, order=3),
        ]
    ProjectParticipant.objects.bulk_create(participants)
    CostItem.objects.bulk_create(items)
    new_items = list(items)
    CostItemGroup.objects.bulk_create(
        [
            group
            for item in new_items
            if item.key == AllocationKey.GROUPS
            for group in (
                CostItemGroup(
                    cost_item=item, label="Region", party_kind="region", percent=50, method=GroupMethod.EQUAL, order=0
                ),
                CostItemGroup(
                    cost_item=item,
                    label="Kommunerna",
                    party_kind="municipality",
                    percent=50,
                    method=GroupMethod.POPULATION,
                    order=1,
                ),
            )
        ]
    )
    costs = []
    for n, item in enumerate(new_items):
        start = item.project.starts_on
        for k in range(4):
            costs.append(
                Cost(
                    cost_item=item,
                    incurred_on=start + dt.timedelta(days=30 + 120 * k),
                    amount=Decimal(10_000 + (n * 7919 + k * 104_729) % 90_000) + Decimal("0.35"),
                    description=f"Kostnad {k + 1}",
                    document=f"Faktura {n}-{k}",
                )
            )
    Cost.objects.bulk_create(costs, batch_size=1000)
    ctx.data["projects"] = projects


@page("projekt: lista", role="secretariat")
def project_list_page(ctx) -> str:
    return reverse("projects:list")


@page("projekt: ett projekt", role="secretariat")
def project_detail_page(ctx) -> str:
    return reverse("projects:detail", args=[ctx.data["projects"][0].pk])
