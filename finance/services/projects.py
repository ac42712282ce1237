"""Project costs → invoice lines. The allocation key *definitions* live on ``projects.CostItem``; this
module (in finance, above projects in the import flow) computes each cost's split with
``finance.allocation.split`` and settles it against what has already been invoiced.

Settlement: for every cost up to the period end, the *target* split among the cost's participants is
computed; what was already invoiced for that cost (issued, paid and draft lines, credit notes net out)
is subtracted per party, and any non-zero difference becomes a line. So an ordinary period invoices its
new costs in full, a re-run invoices nothing, and a party that joined later and buys in gets its
catch-up share of every earlier cost while the others get credit lines for the same amounts.

Rounding: every split of a cost uses its cost item's unit (``CostItem.rounding_unit``): öre by default,
whole kronor for an item kept in whole kronor (seed 002's LINK2 table). For the nested key ``groups`` both
levels use that unit, so each group gets whole units and splits them again in whole units. The tie-break is
``split``'s (first key wins: groups in their order, parties region first and then by official code).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from parties.models import Party, PopulationFigure
from parties.selectors import population_reference_date
from projects.models import AllocationKey, Cost, GroupMethod, Project, ProjectParticipant
from projects.services import population_missing_message
from projects.templatetags.money import format_amount

from ..allocation import split
from ..models import Invoice, InvoiceLine
from .budgets import party_order

HUNDRED = Decimal("100")
SHARE_Q = Decimal("0.000001")


@dataclass
class Allocation:
    """One party's part of one cost, with everything needed to show how it was computed."""

    party: Party
    amount: Decimal
    key: str
    basis_total: Decimal
    share_percent: Decimal
    weight_total: Decimal | None = None
    group_label: str = ""
    group_percent: Decimal | None = None
    population: int | None = None
    population_date: dt.date | None = None
    population_source: str = ""


def participants_for(participants: list[ProjectParticipant], on: dt.date) -> list[Party]:
    """The parties that share a cost dated ``on``: in the project on that date, or joined later and buy in."""
    parties = [
        p.party for p in participants if (p.left_on is None or p.left_on >= on) and (p.joined_on <= on or p.buys_in)
    ]
    return sorted(parties, key=party_order)


class _Populations:
    """Population figures of the given parties, loaded in one query; the figure in force for a cost
    date (latest on or before 1 November of the year before) is looked up in memory."""

    def __init__(self, parties: list[Party]):
        self.by_party: dict[int, list] = defaultdict(list)
        figures = PopulationFigure.objects.filter(party__in=[p.pk for p in parties]).order_by("reference_date")
        for figure in figures:
            self.by_party[figure.party_id].append(figure)
        self.dates = {pid: [f.reference_date for f in figs] for pid, figs in self.by_party.items()}
        self.cache: dict[tuple[int, int], PopulationFigure | None] = {}

    def _figure(self, party_id: int, year: int):
        key = (party_id, year)
        if key not in self.cache:
            cutoff = dt.date(year - 1, 11, 1)
            index = bisect_right(self.dates.get(party_id, []), cutoff)
            self.cache[key] = self.by_party[party_id][index - 1] if index else None
        return self.cache[key]

    def get(self, on: dt.date, parties: list[Party]) -> dict:
        figures = {p.pk: self._figure(p.pk, on.year) for p in parties}
        missing = [p for p in parties if figures[p.pk] is None]
        if missing:
            raise ValidationError(population_missing_message(parties=missing, on=on))
        return figures


def _by_population(amount, parties, on, populations, key, *, unit, **extra) -> list[Allocation]:
    figures = populations.get(on, parties)
    weights = {p: figures[p.pk].population for p in parties}
    total_weight = sum(weights.values())
    amounts = split(amount, weights, unit=unit)
    group_percent = extra.get("group_percent") or HUNDRED
    return [
        Allocation(
            party=p,
            amount=amounts[p],
            key=key,
            basis_total=extra.get("basis_total", amount),
            share_percent=(Decimal(weights[p]) / total_weight * group_percent).quantize(SHARE_Q),
            weight_total=Decimal(total_weight),
            population=weights[p],
            population_date=figures[p.pk].reference_date,
            population_source=figures[p.pk].source,
            group_label=extra.get("group_label", ""),
            group_percent=extra.get("group_percent"),
        )
        for p in parties
    ]


def _equally(amount, parties, key, *, unit, **extra) -> list[Allocation]:
    amounts = split(amount, dict.fromkeys(parties, 1), unit=unit)
    group_percent = extra.get("group_percent") or HUNDRED
    return [
        Allocation(
            party=p,
            amount=amounts[p],
            key=key,
            basis_total=extra.get("basis_total", amount),
            share_percent=(group_percent / len(parties)).quantize(SHARE_Q),
            weight_total=Decimal(len(parties)),
            group_label=extra.get("group_label", ""),
            group_percent=extra.get("group_percent"),
        )
        for p in parties
    ]


def cost_allocation(*, cost: Cost, participants: list[ProjectParticipant], populations=None) -> list[Allocation]:
    """Split one cost by its cost item's key among the participants who share it, in the item's rounding
    unit (öre, or whole kronor: then the group amounts and every party's amount are whole kronor)."""
    item = cost.cost_item
    on = cost.incurred_on
    unit = item.rounding_unit
    if cost.amount % unit != 0:
        raise ValidationError(
            f"Kostnaden {cost} på {format_amount(cost.amount)} kr har öre men kostnadsposten {item} fördelas i "
            "hela kronor."
        )
    parties = participants_for(participants, on)
    if not parties:
        raise ValidationError(f"Projektet har inga deltagande parter den {on:%Y-%m-%d} att fördela kostnaden på.")
    populations = populations or _Populations([p.party for p in participants])
    ref = population_reference_date(date=on)
    if item.key == AllocationKey.EQUAL:
        return _equally(cost.amount, parties, f"Lika delar mellan {len(parties)} deltagare", unit=unit)
    if item.key == AllocationKey.POPULATION:
        return _by_population(
            cost.amount,
            parties,
            on,
            populations,
            f"Folkmängd (gäller 1 november {ref.year}) bland deltagarna",
            unit=unit,
        )
    if item.key == AllocationKey.FIXED:
        shares = {s.party_id: s.percent for s in item.shares.all()}
        sharing = [p for p in parties if p.pk in shares]
        if {p.pk for p in sharing} != set(shares):
            raise ValidationError(f"Kostnadsposten {item} har fasta andelar för parter som inte deltar den {on}.")
        amounts = split(cost.amount, {p: shares[p.pk] for p in sharing}, unit=unit)
        return [
            Allocation(
                party=p,
                amount=amounts[p],
                key="Fast procentandel",
                basis_total=cost.amount,
                share_percent=shares[p.pk],
                weight_total=HUNDRED,
            )
            for p in sharing
        ]
    if item.key == AllocationKey.GROUPS:
        groups = [g for g in item.groups.all() if g.percent > 0]
        group_amounts = split(cost.amount, {g: g.percent for g in groups}, unit=unit)  # whole units per group
        result: list[Allocation] = []
        for group in groups:
            members = [p for p in parties if p.kind == group.party_kind]
            if not members:
                raise ValidationError(f"Gruppen {group.label} har inga deltagare den {on:%Y-%m-%d}.")
            extra = {"basis_total": cost.amount, "group_label": group.label, "group_percent": group.percent}
            amount = group_amounts[group]
            if group.method == GroupMethod.POPULATION:
                key = f"{group.label} {group.percent.normalize():f} %, inom gruppen efter folkmängd"
                result += _by_population(amount, members, on, populations, key.replace(".", ","), unit=unit, **extra)
            else:
                key = f"{group.label} {group.percent.normalize():f} %, inom gruppen lika delar"
                result += _equally(amount, members, key.replace(".", ","), unit=unit, **extra)
        return result
    raise ValidationError(f"Okänd fördelningsnyckel {item.key}.")


def project_settlement(*, project: Project, period_end: dt.date) -> dict[Party, list[InvoiceLine]]:
    """The lines (unsaved) each party should be invoiced for the project's costs up to ``period_end``."""
    return projects_settlement(projects=[project], period_end=period_end)[project.pk]


def projects_settlement(*, projects: list[Project], period_end: dt.date) -> dict[int, dict[Party, list[InvoiceLine]]]:
    """``project_settlement`` for many projects in a constant number of queries: project id → settlement."""
    ids = [p.pk for p in projects]
    participants_by_project: dict[int, list[ProjectParticipant]] = defaultdict(list)
    for participant in ProjectParticipant.objects.filter(project__in=ids).select_related("party"):
        participants_by_project[participant.project_id].append(participant)
    costs_by_project: dict[int, list[Cost]] = defaultdict(list)
    costs = (
        Cost.objects.filter(cost_item__project__in=ids, incurred_on__lte=period_end)
        .select_related("cost_item")
        .prefetch_related("cost_item__shares", "cost_item__groups")
        .order_by("incurred_on", "pk")
    )
    for cost in costs:
        costs_by_project[cost.cost_item.project_id].append(cost)
    invoiced: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = InvoiceLine.objects.filter(cost__cost_item__project__in=ids, cost__incurred_on__lte=period_end).values_list(
        "cost_id", "invoice__party_id", "amount"
    )
    for cost_id, party_id, amount in rows:  # summed in Python: exact (SQLite sums decimals as floats)
        invoiced[cost_id][party_id] += amount
    populations = _Populations(
        list({p.party_id: p.party for ps in participants_by_project.values() for p in ps}.values())
    )
    result = {}
    for project in projects:
        participants = participants_by_project.get(project.pk, [])
        if not participants:
            raise ValidationError(f"Projektet {project} har inga deltagande parter.")
        result[project.pk] = _settle(
            costs=costs_by_project.get(project.pk, []),
            participants=participants,
            invoiced=invoiced,
            populations=populations,
        )
    return result


def _settle(*, costs, participants, invoiced, populations) -> dict[Party, list[InvoiceLine]]:
    parties_by_id = {p.party_id: p.party for p in participants}
    result: dict[Party, list[InvoiceLine]] = defaultdict(list)
    for cost in costs:
        targets = {
            a.party.pk: a for a in cost_allocation(cost=cost, participants=participants, populations=populations)
        }
        before_by_party = invoiced.get(cost.pk, {})
        party_ids = set(targets) | set(before_by_party)
        for party_id in sorted(party_ids, key=lambda pid: party_order(parties_by_id[pid])):
            target = targets.get(party_id)
            before = before_by_party.get(party_id, Decimal("0"))
            diff = (target.amount if target else Decimal("0")) - before
            if diff == 0:
                continue
            if before == 0:
                text = f"{cost.cost_item}: {cost.description} ({cost.incurred_on:%Y-%m-%d})"
            elif target is None:
                text = f"Återbetalning {cost.cost_item}: {cost.description} ({cost.incurred_on:%Y-%m-%d})"
            else:
                text = (
                    f"Omfördelning (ny deltagare köper in sig) {cost.cost_item}: {cost.description} "
                    f"({cost.incurred_on:%Y-%m-%d}); tidigare fakturerat {format_amount(before)} kr"
                )
            line = InvoiceLine(description=text[:300], amount=diff, cost=cost, cost_item=cost.cost_item)
            if target is not None:
                for field in (
                    "key",
                    "basis_total",
                    "group_label",
                    "group_percent",
                    "population",
                    "population_date",
                    "population_source",
                    "weight_total",
                    "share_percent",
                ):
                    value = getattr(target, field)
                    setattr(line, field, value if value is not None or field not in ("key", "group_label") else "")
            else:
                line.key, line.basis_total = "Deltar inte längre i kostnaden", cost.amount
            result[parties_by_id[party_id]].append(line)
    return dict(result)


@transaction.atomic
def project_invoice_period(
    *,
    project: Project,
    period_end: dt.date,
    invoice_date: dt.date,
    due_date: dt.date,
    created_by=None,
) -> list[Invoice]:
    """Draft one invoice per party for the project's not yet invoiced costs up to ``period_end``."""
    from .invoices import invoice_draft_create

    if period_end > invoice_date:
        raise ValidationError({"period_end": "Perioden kan inte sluta efter fakturadatumet."})
    settlement = project_settlement(project=project, period_end=period_end)
    if not settlement:
        raise ValidationError({"period_end": f"Det finns inga ofakturerade kostnader t.o.m. {period_end:%Y-%m-%d}."})
    invoices = []
    for party in sorted(settlement, key=party_order):
        invoices.append(
            invoice_draft_create(
                committee=project.committee,
                party=party,
                kind=Invoice.Kind.PROJECT,
                year=period_end.year,
                title=f"{project.name}: projektkostnader t.o.m. {period_end:%Y-%m-%d}",
                invoice_date=invoice_date,
                due_date=due_date,
                lines=settlement[party],
                project=project,
                created_by=created_by,
            )
        )
    return invoices
