"""Reads for the annual report: who may see which report, and the whole report of a year built from the
finance, projects and committee selectors (figures are never copied: they are read each time, and frozen
only in the final PDF). A constant number of queries whatever the size of the year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse

from cases.numbers import format_number
from committee.access import can_read_meetings, committees_readable_by
from committee.selectors import committee_parties_in_year
from common.access import ADMINISTRATOR, SECRETARIAT, committees_where, has_role, is_secretariat_of
from common.db import one_or_none
from finance.models import Invoice, InvoiceLine
from finance.selectors import accounts_comparison, committee_balance, reservation_list
from finance.services.budgets import party_order
from parties.models import Party
from projects.models import Cost, CostItem, Project
from protocol.models import Paragraph, Protocol
from protocol.selectors import decisions_of_year

from . import charts
from .figures import Figure, catalogue, changed_since, tkr
from .models import Activity, AnnualReport, Section, SectionVersion
from .narrative import render

ZERO = Decimal(0)

# Sections after which the report shows a computed block (see templates/annual/_report_body.html).
SUMMARY, EVENTS, ECONOMY, BALANCE = "sammanfattning", "handelser", "ekonomiskt-resultat", "balans"
COMPUTED_BLOCKS = frozenset((SUMMARY, EVENTS, ECONOMY, BALANCE))


# --- Who sees what ---------------------------------------------------------------------------------


def may_edit(user, report: AnnualReport) -> bool:
    return is_secretariat_of(user, report.committee_id)


def may_read(user, report: AnnualReport) -> bool:
    """Decided: everyone (a public record). Final: the committee's members and staff (the reading room).
    Draft: the committee's secretariat."""
    if report.is_decided:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if is_secretariat_of(user, report.committee_id) or has_role(user, ADMINISTRATOR):
        return True
    return report.is_final and can_read_meetings(user, report.committee_id)


def report_list(*, user) -> QuerySet[AnnualReport]:
    """The reports ``user`` may read, newest year first (one query)."""
    reports = AnnualReport.objects.select_related("committee", "document__case__diary")
    decided = Q(status=AnnualReport.Status.DECIDED)
    if not getattr(user, "is_authenticated", False):
        return reports.filter(decided).order_by("-year", "committee__name", "-edition")
    if has_role(user, ADMINISTRATOR) or committees_where(user, SECRETARIAT).all:
        return reports.order_by("-year", "committee__name", "-edition")
    secretariat = committees_where(user, SECRETARIAT).ids
    readable = list(committees_readable_by(user).values_list("pk", flat=True))
    visible = (
        decided | Q(committee_id__in=secretariat) | (Q(committee_id__in=readable) & Q(status=AnnualReport.Status.FINAL))
    )
    return reports.filter(visible).order_by("-year", "committee__name", "-edition")


def report_get(*, pk: int) -> AnnualReport | None:
    return one_or_none(
        AnnualReport.objects.select_related(
            "committee__host_party", "case__diary", "pdf", "document__case__diary", "decision_paragraph__protocol"
        ).filter(pk=pk)
    )


def section_get(*, report: AnnualReport, pk: int) -> Section | None:
    return Section.objects.filter(report=report, pk=pk).first()


def section_versions(*, section: Section) -> list[SectionVersion]:
    return list(section.versions.select_related("created_by").order_by("-number"))


# --- The whole report ------------------------------------------------------------------------------


@dataclass
class TableRow:
    """One line of the economic table in tkr; ``outcome`` (and what depends on it) is None when missing."""

    label: str
    outcome: Decimal | None
    budget: Decimal
    difference: Decimal | None
    previous: Decimal
    change: Decimal | None
    kind: str = "row"  # row, subtotal, total

    @classmethod
    def from_kronor(cls, label, row, kind="row", *, missing: bool = False) -> TableRow:
        return cls(
            label,
            None if missing else tkr(row.outcome),
            tkr(row.budget),
            None if missing else tkr(row.outcome - row.budget),
            tkr(row.previous),
            None if missing else tkr(row.outcome - row.previous),
            kind,
        )


@dataclass(frozen=True)
class ProjectRow:
    """What the report shows of a project (read as values)."""

    pk: int
    name: str
    starts_on: dt.date
    ends_on: dt.date | None
    case_number: str  # "" without a case


@dataclass
class ProjectOfYear:
    project: ProjectRow
    phase: str
    cost_year: Decimal
    cost_total: Decimal
    budget: Decimal
    shares: list[tuple] = field(default_factory=list)  # (party, amount) settled by invoices for the year's costs


@dataclass
class Contribution:
    party: object
    base: Decimal = ZERO
    project: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.base + self.project + self.other


@dataclass
class DecisionGroup:
    title: str
    case_number: str
    paragraphs: list = field(default_factory=list)  # protocol.selectors.Decision, each with ``url``


def decision_groups(*, committee, year: int) -> list[DecisionGroup]:
    """The year's decisions (adjusted paragraphs) grouped by case in § order, each linked to its protocol.
    A paragraph that is not public is listed by its § only, never by its title or decision."""
    decisions = decisions_of_year(committee, year)
    protocols = (
        dict(Paragraph.objects.filter(pk__in=[d.paragraph_id for d in decisions]).values_list("pk", "protocol_id"))
        if decisions
        else {}
    )
    groups: dict = {}
    for found in decisions:
        decision = SimpleNamespace(**{f.name: getattr(found, f.name) for f in fields(found)})
        decision.url = reverse("protocol:detail", args=[protocols[found.paragraph_id]])
        if not decision.is_public:
            key = ("", "Paragrafer som inte är offentliga")
        elif decision.case is not None:
            key = (decision.case_number, decision.case.title)
        else:
            key = ("", "Paragrafer utan ärende")
        group = groups.get(key)
        if group is None:
            group = groups[key] = DecisionGroup(title=key[1], case_number=key[0])
        group.paragraphs.append(decision)
    return sorted(groups.values(), key=lambda g: (g.case_number == "", g.paragraphs[0].number or 0))


def case_paragraphs(*, report: AnnualReport) -> QuerySet[Paragraph]:
    """The adjusted paragraphs of the report's annual-accounts case: where the report can be decided."""
    if report.case_id is None:
        return Paragraph.objects.none()
    return (
        Paragraph.objects.filter(case=report.case_id, protocol__status=Protocol.Status.ADJUSTED)
        .select_related("protocol__meeting")
        .order_by("-year", "-number")
    )


@dataclass
class RenderedSection:
    section: Section
    html: str
    changed: list

    @property
    def block(self) -> str:
        """The key of the computed block shown after the text (templates/annual/_report_body.html), or ""."""
        key = self.section.key
        return key if key in COMPUTED_BLOCKS else ""


@dataclass
class ReportData:
    report: AnnualReport
    parties: list
    figures: dict[str, Figure]
    table: list[TableRow]
    rounding_notes: list[str]
    missing: list[str]
    balance_year: object
    reservations: list
    projects: list[ProjectOfYear]
    contributions: list[Contribution]
    charts: list
    sections: list[RenderedSection]
    activities: list[Activity]
    decisions: list = field(default_factory=list)

    @property
    def changed_count(self) -> int:
        return sum(len(s.changed) for s in self.sections)


def _table(accounts) -> tuple[list[TableRow], list[str]]:
    """The table as printed (tkr): each cell rounded from kronor, the sums computed in kronor and then
    rounded, and a note wherever the rounded rows do not add up to the rounded sum."""
    gap = {r.category for r in accounts.income + accounts.costs if not r.source}
    income_gap = any(r.category in gap for r in accounts.income)
    cost_gap = any(r.category in gap for r in accounts.costs)
    rows = [TableRow.from_kronor(r.label, r, missing=r.category in gap) for r in accounts.income]
    rows.append(TableRow.from_kronor("Summa intäkter", accounts.income_total, "subtotal", missing=income_gap))
    rows += [TableRow.from_kronor(r.label, r, missing=r.category in gap) for r in accounts.costs]
    rows.append(TableRow.from_kronor("Summa kostnader", accounts.cost_total, "subtotal", missing=cost_gap))
    rows.append(TableRow.from_kronor("Summa verksamhetens nettokostnader", accounts.net, "total", missing=bool(gap)))
    notes = []
    year, previous = accounts.year, accounts.year - 1
    columns = {
        "outcome": f"utfall {year}",
        "budget": f"budget {year}",
        "previous": f"utfall {previous}",
        "difference": "utfall − budget",
        "change": f"förändring mot {previous}",
    }
    lines = [r for r in rows if r.kind == "row"]
    for attr, name in columns.items():
        values = [getattr(r, attr) for r in lines]
        total = getattr(rows[-1], attr)
        if total is None or None in values:
            continue
        if sum(values) != total:
            notes.append(
                f"Avrundning: raderna för {name} ger tillsammans {sum(values)} tkr; summan, beräknad i kronor, "
                f"avrundas till {total} tkr."
            )
    return rows, notes


def _sum_of(queryset, group: str, field: str) -> Subquery:
    """The sum of ``field`` over ``queryset`` (correlated to the outer row by ``group``) as a subquery."""
    return Subquery(queryset.order_by().values(group).annotate(total=Sum(field)).values("total")[:1])


def _projects(committee, year: int, parties: list) -> list[ProjectOfYear]:
    """The projects that started, ran or ended in ``year``, with their costs (the year's and up to the
    year's end) and budget summed per project in the same query, read as values: a draft at bench scale
    has over a hundred projects, and a project with its case and diary as model instances cost more than
    the rest of the table."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    costs = Cost.objects.filter(cost_item__project=OuterRef("pk"), incurred_on__lte=end)
    rows = (
        Project.objects.filter(committee=committee, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .exclude(status=Project.Status.PLANNED)
        .annotate(
            cost_total=_sum_of(costs, "cost_item__project", "amount"),
            cost_year=_sum_of(costs.filter(incurred_on__gte=start), "cost_item__project", "amount"),
            budget_total=_sum_of(CostItem.objects.filter(project=OuterRef("pk")), "project", "budget"),
        )
        .order_by("starts_on", "name")
        .values_list(
            "pk",
            "name",
            "starts_on",
            "ends_on",
            "case__diary__prefix",
            "case__sequence",
            "case__year",
            "cost_total",
            "cost_year",
            "budget_total",
        )
    )
    projects, cost_total, cost_year, budgets = [], {}, {}, {}
    for pk, name, starts_on, ends_on, prefix, sequence, case_year, total, of_year, budget in rows:
        case_number = format_number(prefix, sequence, case_year) if sequence is not None else ""
        projects.append(ProjectRow(pk, name, starts_on, ends_on, case_number))
        cost_total[pk], cost_year[pk], budgets[pk] = total or ZERO, of_year or ZERO, budget or ZERO
    if not projects:
        return []
    ids = [p.pk for p in projects]
    # Summed per project and party in the database (thousands of invoice lines at the bench's scale); the
    # parties are those of the year, and only a party that is not (any more) among them is fetched.
    shares: dict[int, dict] = defaultdict(dict)
    for project_id, party_id, amount in (
        InvoiceLine.objects.filter(cost__cost_item__project_id__in=ids, cost__incurred_on__range=(start, end))
        .exclude(invoice__status=Invoice.Status.DRAFT)
        .values_list("cost__cost_item__project_id", "settled_party_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    ):
        shares[project_id][party_id] = amount
    names = {p.pk: p for p in parties}
    missing = {pid for by_party in shares.values() for pid in by_party} - names.keys()
    if missing:
        names.update(Party.objects.in_bulk(missing))
    result = []
    for project in projects:
        started = project.starts_on >= start
        finished = project.ends_on is not None and project.ends_on <= end
        phase = (
            "Startat och avslutat"
            if started and finished
            else "Startat"
            if started
            else "Avslutat"
            if finished
            else "Pågår"
        )
        project_shares = sorted(
            ((names[pid], amount) for pid, amount in shares[project.pk].items()), key=lambda s: party_order(s[0])
        )
        result.append(
            ProjectOfYear(
                project,
                phase,
                cost_year[project.pk],
                cost_total[project.pk],
                budgets[project.pk],
                project_shares,
            )
        )
    return result


def _contributions(committee, year: int, parties: list) -> list[Contribution]:
    by_party = {p.pk: Contribution(p) for p in parties}
    invoices = (
        Invoice.objects.filter(committee=committee, year=year)
        .exclude(status=Invoice.Status.DRAFT)
        .values_list("party_id", "kind", "total")
    )
    missing_parties = set()
    rows = list(invoices)
    for party_id, _kind, _total in rows:
        if party_id not in by_party:
            missing_parties.add(party_id)
    if missing_parties:
        for party in Party.objects.filter(pk__in=missing_parties):
            by_party[party.pk] = Contribution(party)
    for party_id, kind, total in rows:
        contribution = by_party[party_id]
        if kind == Invoice.Kind.BASE:
            contribution.base += total
        elif kind == Invoice.Kind.PROJECT:
            contribution.project += total
        else:
            contribution.other += total
    return sorted(by_party.values(), key=lambda c: party_order(c.party))


def _figures(report: AnnualReport, accounts, balance_year) -> tuple[dict[str, Figure], list[str]]:
    year = report.year
    missing_categories = {r.category for r in accounts.income + accounts.costs if not r.source}
    missing = [f"Utfall {year}: {r.label}" for r in accounts.income + accounts.costs if not r.source]
    if not any(r.budget for r in accounts.income + accounts.costs):
        missing.append(f"Budget per kategori för {year}")
    if report.is_final and report.figures:
        # The final report says what it said when it was produced, whatever changes later.
        return {k: Figure(k, v["label"], v["value"], v["unit"]) for k, v in report.figures.items()}, missing
    figures = catalogue(year=year, accounts=accounts, balance_year=balance_year, missing=missing_categories)
    return figures, missing


def report_figures(*, report: AnnualReport) -> dict[str, Figure]:
    """Only the figure fields (for the editor, saves and comparisons): six queries."""
    accounts = accounts_comparison(committee=report.committee, year=report.year)
    balance = committee_balance(committee=report.committee)
    return _figures(report, accounts, next((y for y in balance.years if y.year == report.year), None))[0]


def report_data(*, report: AnnualReport) -> ReportData:
    committee, year = report.committee, report.year
    accounts = accounts_comparison(committee=committee, year=year)
    balance = committee_balance(committee=committee)
    balance_year = next((y for y in balance.years if y.year == year), None)
    figures, missing = _figures(report, accounts, balance_year)
    table, notes = _table(accounts)
    parties = list(committee_parties_in_year(committee=committee, year=year))
    contributions = _contributions(committee, year, parties)
    sections = [
        RenderedSection(s, render(s.body, figures), [] if report.is_final else changed_since(s.figures_used, figures))
        for s in report.sections.order_by("order", "pk")
    ]
    return ReportData(
        report=report,
        parties=parties,
        figures=figures,
        table=table,
        rounding_notes=notes,
        missing=missing,
        balance_year=balance_year,
        reservations=[r for r in reservation_list(committee=committee) if r.from_year < year + 1],
        projects=_projects(committee, year, parties),
        contributions=contributions,
        charts=[
            charts.costs_by_category(accounts),
            charts.budget_against_outcome(accounts),
            charts.party_contributions(year, contributions),
        ],
        sections=sections,
        activities=list(report.activities.order_by("order", "pk")),
        decisions=decision_groups(committee=committee, year=year),
    )
