"""Writes for projects, participants, cost items (with their allocation key definitions) and costs.

Turning costs into invoice lines happens in ``finance`` (imports flow projects ← finance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from committee.models import Committee
from parties.models import Party
from parties.selectors import population_reference_date, populations_at

from .models import (
    AllocationKey,
    Cost,
    CostItem,
    CostItemGroup,
    CostItemShare,
    GroupMethod,
    Project,
    ProjectParticipant,
    Rounding,
)

HUNDRED = Decimal("100")


@transaction.atomic
def project_create(
    *,
    committee: Committee,
    name: str,
    decision_reference: str,
    decided_on: dt.date,
    starts_on: dt.date,
    participants: list[Party],
    ends_on: dt.date | None = None,
    description: str = "",
    status: str = Project.Status.ACTIVE,
    case=None,
) -> Project:
    if not participants:
        raise ValidationError({"participants": "Ett projekt måste ha minst en deltagande part."})
    project = Project(
        committee=committee,
        name=name,
        decision_reference=decision_reference,
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        status=status,
        case=case,
    )
    project.full_clean()
    project.save()
    for party in participants:
        project_participant_add(project=project, party=party, joined_on=starts_on)
    return project


@transaction.atomic
def project_status_set(*, project: Project, status: str) -> Project:
    """Move a project between planned, active and closed (a closed project takes no new costs)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if status not in Project.Status.values:
        raise ValidationError({"status": "Okänd status."})
    project.status = status
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_participant_add(
    *, project: Project, party: Party, joined_on: dt.date, buys_in: bool = True
) -> ProjectParticipant:
    """Add ``party``. A party joining after the start buys in by default: the next invoicing of the project
    charges it its share of every earlier cost and credits the others (finance.services.projects)."""
    if ProjectParticipant.objects.filter(project=project, party=party).exists():
        raise ValidationError({"party": f"{party} deltar redan i projektet."})
    if joined_on < project.starts_on:
        raise ValidationError(
            {"joined_on": f"Inträdet kan inte vara före projektstarten {project.starts_on:%Y-%m-%d}."}
        )
    participant = ProjectParticipant(project=project, party=party, joined_on=joined_on, buys_in=buys_in)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def project_participant_leave(*, participant: ProjectParticipant, left_on: dt.date) -> ProjectParticipant:
    participant.left_on = left_on
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def cost_item_create(
    *,
    project: Project,
    name: str,
    key: str,
    budget: Decimal = Decimal("0"),
    shares: dict[Party, Decimal] | None = None,
    groups: list[dict] | None = None,
    order: int | None = None,
    rounding: str = Rounding.ORE,
    population_reference_date: dt.date | None = None,
    population_reference_reason: str = "",
) -> CostItem:
    """Create a cost item with its key. ``shares`` (key ``fixed``): party → percent, summing to 100.
    ``groups`` (key ``groups``): dicts with label, party_kind, percent, method; percents sum to 100.
    ``rounding``: the unit its costs are split in, öre (default) or whole kronor (``Rounding.KRONA``).
    ``population_reference_date`` (with a reason): an explicit date whose population figures every
    participant has, used instead of the rule "1 November of the year before" (see ``reference_date_for``)."""
    if order is None:
        order = project.cost_items.count() + 1
    item = CostItem(
        project=project,
        name=name,
        key=key,
        budget=budget,
        order=order,
        rounding=rounding,
        population_reference_date=population_reference_date,
        population_reference_reason=population_reference_reason.strip(),
    )
    _check_reference_date(item)
    item.full_clean()
    participant_ids = set(project.participants.values_list("party_id", flat=True))
    if key == AllocationKey.FIXED:
        shares = {party: Decimal(p) for party, p in (shares or {}).items() if Decimal(p) != 0}
        total = sum(shares.values(), Decimal(0))
        if total != HUNDRED:
            raise ValidationError({"shares": f"Andelarna måste tillsammans bli 100 % (nu {_pct(total)} %)."})
        outsiders = [str(party) for party in shares if party.pk not in participant_ids]
        if outsiders:
            raise ValidationError({"shares": f"{', '.join(outsiders)} deltar inte i projektet."})
    elif key == AllocationKey.GROUPS:
        groups = [g for g in (groups or []) if Decimal(g["percent"]) != 0 or g.get("keep")]
        total = sum((Decimal(g["percent"]) for g in groups), Decimal(0))
        if total != HUNDRED:
            raise ValidationError({"groups": f"Gruppernas andelar måste tillsammans bli 100 % (nu {_pct(total)} %)."})
        kinds = set(project.participants.values_list("party__kind", flat=True))
        for g in groups:
            if Decimal(g["percent"]) > 0 and g["party_kind"] not in kinds:
                raise ValidationError({"groups": f"Gruppen {g['label']} har inga deltagande parter i projektet."})
            if g["method"] not in GroupMethod.values:
                raise ValidationError({"groups": f"Okänt sätt att fördela inom gruppen {g['label']}."})
    item.save()
    if key == AllocationKey.FIXED:
        for party, percent in shares.items():
            share = CostItemShare(cost_item=item, party=party, percent=percent)
            share.full_clean()
            share.save()
    elif key == AllocationKey.GROUPS:
        for index, g in enumerate(groups):
            group = CostItemGroup(
                cost_item=item,
                label=g["label"],
                party_kind=g["party_kind"],
                percent=Decimal(g["percent"]),
                method=g["method"],
                order=index,
            )
            group.full_clean()
            group.save()
    return item


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def cost_item_population_date_set(
    *, cost_item: CostItem, population_reference_date: dt.date | None, population_reference_reason: str = ""
) -> CostItem:
    """Choose (or, with ``None``, remove) the explicit population reference date of a cost item. Refused once
    a cost of the item has been invoiced: its lines say which figures were used, and they stay true."""
    item = CostItem.objects.select_for_update(of=("self",)).select_related("project").get(pk=cost_item.pk)
    if item.costs.filter(invoice_lines__isnull=False).exists():
        raise ValidationError(
            "Kostnadsposten har fakturerade kostnader; folkmängdens datum kan inte ändras i efterhand."
        )
    item.population_reference_date = population_reference_date
    item.population_reference_reason = population_reference_reason.strip() if population_reference_date else ""
    _check_reference_date(item)
    item.full_clean()
    item.save()
    return item


def _check_reference_date(item: CostItem) -> None:
    if item.population_reference_date is None:
        return
    if not item.population_reference_reason.strip():
        raise ValidationError(
            {"population_reference_reason": "Ange skälet till att ett annat datum än 1 november året före används."}
        )
    if item.pk is None and not item.project.participants.exists():
        return
    parties = [p.party for p in item.project.participants.select_related("party")]
    figures = populations_at(parties=parties, reference_date=item.population_reference_date)
    missing = [party for party in parties if party.pk not in figures]
    if missing:
        raise ValidationError(
            {
                "population_reference_date": (
                    f"Folkmängd per {item.population_reference_date:%Y-%m-%d} saknas för "
                    f"{', '.join(str(p) for p in missing)}. Välj ett datum som alla deltagare har en siffra för."
                )
            }
        )


def reference_date_for(*, cost_item: CostItem, on: dt.date) -> dt.date:
    """The population reference date of a cost on ``on``: the item's explicit date if it has one, else the
    rule: 1 November of the year before the cost."""
    return cost_item.population_reference_date or population_reference_date(date=on)


def missing_population(*, project: Project, cost_item: CostItem, on: dt.date) -> list[Party]:
    """Participants sharing a cost on ``on`` that lack the population figure for its reference date, when
    the key needs population (no other figure is ever taken instead)."""
    needs_population = cost_item.key == AllocationKey.POPULATION
    kinds = None
    if cost_item.key == AllocationKey.GROUPS:
        kinds = {g.party_kind for g in cost_item.groups.all() if g.method == GroupMethod.POPULATION and g.percent > 0}
        needs_population = bool(kinds)
    if not needs_population:
        return []
    parties = [
        p.party
        for p in project.participants.select_related("party")
        if (p.left_on is None or p.left_on >= on) and (p.joined_on <= on or p.buys_in)
    ]
    if kinds is not None:
        parties = [party for party in parties if party.kind in kinds]
    figures = populations_at(parties=parties, reference_date=reference_date_for(cost_item=cost_item, on=on))
    return [party for party in parties if party.pk not in figures]


def population_missing_message(*, parties: list[Party], on: dt.date, cost_item: CostItem | None = None) -> str:
    """Which parties lack which figure, and the two ways out."""
    names = ", ".join(str(p) for p in parties)
    if cost_item is not None and cost_item.population_reference_date:
        return (
            f"Folkmängd per {cost_item.population_reference_date:%Y-%m-%d} (kostnadspostens särskilda datum) "
            f"saknas för {names}."
        )
    needed = population_reference_date(date=on)
    return (
        f"Folkmängd per {needed:%Y-%m-%d} (1 november året före kostnaden {on:%Y-%m-%d}) saknas för {names}. "
        "Registrera siffrorna under Parter (SCB:s folkmängd 31 oktober räknas som 1 november), eller välj ett "
        "särskilt datum för kostnadsposten som alla deltagare har siffror för, med skäl."
    )


@transaction.atomic
def cost_record(
    *,
    cost_item: CostItem,
    incurred_on: dt.date,
    amount: Decimal,
    description: str,
    document: str,
    recorded_by=None,
) -> Cost:
    project = cost_item.project
    if project.status == Project.Status.CLOSED:
        raise ValidationError("Projektet är avslutat; inga nya kostnader kan registreras.")
    if incurred_on < project.starts_on:
        raise ValidationError({"incurred_on": f"Datumet är före projektstarten {project.starts_on:%Y-%m-%d}."})
    if not project.participants.exists():
        raise ValidationError("Projektet har inga deltagande parter att fördela kostnaden på.")
    if cost_item.rounding == Rounding.KRONA and amount is not None and Decimal(amount) % 1 != 0:
        raise ValidationError({"amount": "Kostnadsposten fördelas i hela kronor: ange beloppet utan öre."})
    missing = missing_population(project=project, cost_item=cost_item, on=incurred_on)
    if missing:
        raise ValidationError(
            {"incurred_on": population_missing_message(parties=missing, on=incurred_on, cost_item=cost_item)}
        )
    cost = Cost(
        cost_item=cost_item,
        incurred_on=incurred_on,
        amount=amount,
        description=description,
        document=document,
        recorded_by=recorded_by,
    )
    cost.full_clean()
    cost.save()
    return cost
