"""Project costs → invoice lines. The allocation key *definitions* live on ``projects.CostItem``; this
module (in finance, above projects in the import flow) computes each cost's split with
``finance.allocation.split`` and settles it against what has already been invoiced.

Settlement: for every cost up to the period end, the *target* split among the cost's participants is
computed; what was already invoiced for that cost (issued, paid and credited lines and credit notes, net)
is subtracted per party, and any non-zero difference becomes a line. So an ordinary period invoices its
new costs in full, a re-run invoices nothing, and a party that joined later and buys in gets its
catch-up share of every earlier cost while the others get the same amounts back.

Exactly once: ``project_invoice_period`` locks the project's row, so concurrent runs for one project
queue up and the later ones find nothing left to invoice; and every line of a cost carries (cost, party,
settlement round) under a unique constraint, so two runs can never both write a cost's lines.

Money back: when a party's net for the period is negative it gets a credit note whose lines name the
earlier invoice lines they credit (newest first, spanning several invoices if needed), never a negative
invoice. A party with a positive net gets one invoice, reallocation lines included.

Population: a population key uses the figures *of* 1 November of the year before the cost (SCB's
end-of-October figure counts), or the cost item's explicit reference date. A participant without that
figure stops the split with the names and the date; one split never mixes reference dates.

Rounding: every split of a cost uses its cost item's unit (``CostItem.rounding_unit``): öre by default,
whole kronor for an item kept in whole kronor (seed 002's LINK2 table). For the nested key ``groups`` both
levels use that unit. The tie-break is ``split``'s (first key wins: groups in their order, parties region
first and then by official code).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.formatting import format_amount
from parties.models import Party, PopulationFigure
from parties.selectors import population_figure_dates
from projects.models import AllocationKey, Cost, CostItem, GroupMethod, Project, ProjectParticipant
from projects.services import population_missing_message, reference_date_for

from ..allocation import split
from ..models import Invoice, InvoiceLine
from .budgets import party_order

HUNDRED = Decimal("100")
SHARE_Q = Decimal("0.000001")
ZERO = Decimal("0")
BASIS_FIELDS = (
    "key",
    "basis_total",
    "group_label",
    "group_percent",
    "population",
    "population_date",
    "population_source",
    "population_note",
    "weight_total",
    "share_percent",
)


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
    population_note: str = ""


def participants_for(participants: list[ProjectParticipant], on: dt.date) -> list[Party]:
    """The parties that share a cost dated ``on``: in the project on that date, or joined later and buy in."""
    parties = [
        p.party for p in participants if (p.left_on is None or p.left_on >= on) and (p.joined_on <= on or p.buys_in)
    ]
    return sorted(parties, key=party_order)


class _Populations:
    """The population figures of the given parties, loaded in one query; the figure *of* a reference date
    is looked up in memory (exactly that date; for 1 November also SCB's 31 October)."""

    def __init__(self, parties: list[Party]):
        self.figures: dict[tuple[int, dt.date], PopulationFigure] = {}
        for figure in PopulationFigure.objects.filter(party__in=[p.pk for p in parties]):
            self.figures[(figure.party_id, figure.reference_date)] = figure

    def at(self, reference_date: dt.date, parties: list[Party], *, cost: Cost) -> dict[int, PopulationFigure]:
        dates = population_figure_dates(reference_date=reference_date)
        found = {}
        for party in parties:
            figure = next((self.figures.get((party.pk, d)) for d in dates if (party.pk, d) in self.figures), None)
            if figure is not None:
                found[party.pk] = figure
        missing = [p for p in parties if p.pk not in found]
        if missing:
            raise ValidationError(
                f"{cost.cost_item}: "
                + population_missing_message(parties=missing, on=cost.incurred_on, cost_item=cost.cost_item)
            )
        return found


def _population_basis(item: CostItem, reference_date: dt.date) -> tuple[str, str]:
    """The key text and the note printed on every line of a population split."""
    if item.population_reference_date:
        note = f"Särskilt datum för folkmängden, {reference_date:%Y-%m-%d}: {item.population_reference_reason}"
        return f"folkmängd per {reference_date:%Y-%m-%d} (särskilt datum)", note
    return f"folkmängd 1 november {reference_date.year}", ""


def _by_population(amount, parties, figures, key, *, unit, note, **extra) -> list[Allocation]:
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
            population_note=note,
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
    reference = reference_date_for(cost_item=item, on=on)
    population_key, note = _population_basis(item, reference)
    if item.key == AllocationKey.EQUAL:
        return _equally(cost.amount, parties, f"Lika delar mellan {len(parties)} deltagare", unit=unit)
    if item.key == AllocationKey.POPULATION:
        figures = populations.at(reference, parties, cost=cost)
        key = f"Efter {population_key} bland deltagarna"
        return _by_population(cost.amount, parties, figures, key, unit=unit, note=note)
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
            percent = f"{group.percent.normalize():f}".replace(".", ",")
            if group.method == GroupMethod.POPULATION:
                figures = populations.at(reference, members, cost=cost)
                key = f"{group.label} {percent} %, inom gruppen efter {population_key}"
                result += _by_population(amount, members, figures, key, unit=unit, note=note, **extra)
            else:
                key = f"{group.label} {percent} %, inom gruppen lika delar"
                result += _equally(amount, members, key, unit=unit, **extra)
        return result
    raise ValidationError(f"Okänd fördelningsnyckel {item.key}.")


# --- Settlement -----------------------------------------------------------------------------------


@dataclass
class _Invoiced:
    """What has been written for one cost and one party so far."""

    net: Decimal = ZERO
    last_round: int = 0


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
    invoiced: dict[int, dict[int, _Invoiced]] = defaultdict(lambda: defaultdict(_Invoiced))
    rows = InvoiceLine.objects.filter(cost__cost_item__project__in=ids).values_list(
        "cost_id", "settled_party_id", "amount", "settlement_round"
    )
    for cost_id, party_id, amount, round_ in rows:  # summed in Python: exact (SQLite sums decimals as floats)
        entry = invoiced[cost_id][party_id]
        entry.net += amount
        entry.last_round = max(entry.last_round, round_ or 0)
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
        party_ids = set(targets) | {pid for pid, e in before_by_party.items() if e.net}
        for party_id in sorted(party_ids, key=lambda pid: party_order(parties_by_id[pid])):
            target = targets.get(party_id)
            before = before_by_party.get(party_id, _Invoiced())
            diff = (target.amount if target else ZERO) - before.net
            if diff == 0:
                continue
            if before.net == 0:
                text = f"{cost.cost_item}: {cost.description} ({cost.incurred_on:%Y-%m-%d})"
            elif target is None:
                text = f"Återbetalning {cost.cost_item}: {cost.description} ({cost.incurred_on:%Y-%m-%d})"
            else:
                text = (
                    f"Omfördelning (ny deltagare köper in sig) {cost.cost_item}: {cost.description} "
                    f"({cost.incurred_on:%Y-%m-%d}); tidigare fakturerat {format_amount(before.net)} kr, "
                    f"ny andel {format_amount(target.amount)} kr"
                )
            line = InvoiceLine(
                description=text[:300],
                amount=diff,
                cost=cost,
                cost_item=cost.cost_item,
                settled_party=parties_by_id[party_id],
                settlement_round=before.last_round + 1,
            )
            if target is not None:
                for field in BASIS_FIELDS:
                    value = getattr(target, field)
                    text_field = field in ("key", "group_label", "population_source", "population_note")
                    setattr(line, field, "" if value is None and text_field else value)
            else:
                line.key, line.basis_total = "Deltar inte längre i kostnaden", cost.amount
            result[parties_by_id[party_id]].append(line)
    return dict(result)


def _credit_lines(*, party: Party, negative: list[InvoiceLine]) -> list[InvoiceLine]:
    """Turn the negative settlement lines of one party into credit-note lines that each name the earlier
    invoice line they credit: newest first, split over several lines (and invoices) when one is not enough."""
    cost_ids = {line.cost_id for line in negative}
    earlier = list(
        InvoiceLine.objects.filter(cost__in=cost_ids, settled_party=party, amount__gt=0)
        .exclude(invoice__status=Invoice.Status.DRAFT)
        .select_related("invoice")
        .order_by("-invoice__invoice_date", "-invoice__number", "-pk")
    )
    credited: dict[int, Decimal] = defaultdict(Decimal)
    for line_id, amount in InvoiceLine.objects.filter(credited_line__in=[e.pk for e in earlier]).values_list(
        "credited_line_id", "amount"
    ):
        credited[line_id] += amount
    remaining = {e.pk: e.amount + credited[e.pk] for e in earlier}
    out: list[InvoiceLine] = []
    for line in negative:
        left = -line.amount
        round_ = line.settlement_round
        for source in (e for e in earlier if e.cost_id == line.cost_id):
            if left == 0:
                break
            take = min(left, remaining[source.pk])
            if take <= 0:
                continue
            remaining[source.pk] -= take
            left -= take
            part = InvoiceLine(
                description=(f"Krediterar faktura {source.invoice.number}, {line.description}")[:300],
                amount=-take,
                cost=line.cost,
                cost_item=line.cost_item,
                settled_party=party,
                settlement_round=round_,
                credited_line=source,
            )
            for field in BASIS_FIELDS:
                setattr(part, field, getattr(line, field))
            out.append(part)
            round_ += 1
        if left != 0:
            raise ValidationError(
                f"{party}: {format_amount(left)} kr av {line.description} kan inte knytas till en skickad faktura "
                "att kreditera."
            )
    return out


@transaction.atomic
def project_invoice_period(
    *,
    project: Project,
    period_end: dt.date,
    invoice_date: dt.date,
    due_date: dt.date,
    created_by=None,
) -> list[Invoice]:
    """Draft the invoices (and credit notes) of one period: per party, one invoice for a positive net, or a
    credit note naming the credited lines for a negative net. Exactly once per cost and party (see the
    module docstring); a concurrent or repeated run finds nothing left and says so."""
    from .invoices import invoice_draft_create

    if period_end > invoice_date:
        raise ValidationError({"period_end": "Perioden kan inte sluta efter fakturadatumet."})
    if due_date < invoice_date:
        raise ValidationError({"due_date": "Förfallodatum kan inte vara före fakturadatum."})
    project = Project.objects.select_for_update(of=("self",)).select_related("committee").get(pk=project.pk)
    drafts = Invoice.objects.filter(project=project, status=Invoice.Status.DRAFT).count()
    if drafts:
        raise ValidationError(
            f"Projektet har {drafts} fakturautkast som inte är skickade. Skicka eller ta bort dem innan nästa "
            "period faktureras."
        )
    settlement = project_settlement(project=project, period_end=period_end)
    if not settlement:
        raise ValidationError({"period_end": f"Det finns inga ofakturerade kostnader t.o.m. {period_end:%Y-%m-%d}."})
    title = f"{project.name}: projektkostnader t.o.m. {period_end:%Y-%m-%d}"
    common = {
        "committee": project.committee,
        "year": period_end.year,
        "invoice_date": invoice_date,
        "due_date": due_date,
        "project": project,
        "created_by": created_by,
    }
    invoices = []
    try:
        with transaction.atomic():
            for party in sorted(settlement, key=party_order):
                lines = settlement[party]
                net = sum((line.amount for line in lines), ZERO)
                if net >= 0:
                    invoices.append(
                        invoice_draft_create(party=party, kind=Invoice.Kind.PROJECT, title=title, lines=lines, **common)
                    )
                    continue
                positive = [line for line in lines if line.amount > 0]
                if positive:
                    invoices.append(
                        invoice_draft_create(
                            party=party, kind=Invoice.Kind.PROJECT, title=title, lines=positive, **common
                        )
                    )
                credits = _credit_lines(party=party, negative=[line for line in lines if line.amount < 0])
                sources = {line.credited_line.invoice for line in credits}
                invoices.append(
                    invoice_draft_create(
                        party=party,
                        kind=Invoice.Kind.CREDIT_NOTE,
                        title=f"Kreditering {project.name}: omfördelning t.o.m. {period_end:%Y-%m-%d}",
                        lines=credits,
                        credited_invoice=next(iter(sources)) if len(sources) == 1 else None,
                        **common,
                    )
                )
    except IntegrityError as exc:  # a concurrent run wrote the same (cost, party, round) first
        raise ValidationError(
            "Kostnaderna fakturerades samtidigt av någon annan. Ladda om sidan och kontrollera fakturautkasten."
        ) from exc
    return invoices
