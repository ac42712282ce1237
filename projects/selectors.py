"""Reads for projects (secretariat views)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from cases.models import Case

from .models import Cost, CostItem, Project, ProjectParticipant


def project_list() -> QuerySet[Project]:
    """Projects, newest first, each with its participant count, budget and actual costs. Every figure
    is a correlated subquery (no GROUP BY over project × participant): PostgreSQL evaluates them only
    for the rows of the page, after ORDER BY and LIMIT, and the paginator's COUNT leaves them out.
    The deciding case is fetched for the page's rows too (a prefetch, one query when any has one):
    joined, it made PostgreSQL hash the whole diary before sorting the projects."""
    participants = (
        ProjectParticipant.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    budgets = (
        CostItem.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(s=Sum("budget"))
        .values("s")
    )
    actuals = (
        Cost.objects.filter(cost_item__project=OuterRef("pk"))
        .order_by()
        .values("cost_item__project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return (
        Project.objects.select_related("committee")
        .prefetch_related(Prefetch("case", queryset=Case.objects.select_related("diary")))
        .annotate(
            participant_count=Coalesce(Subquery(participants, output_field=IntegerField()), 0),
            budget_total=Coalesce(Subquery(budgets, output_field=money), Decimal("0"), output_field=money),
            actual_total=Coalesce(Subquery(actuals, output_field=money), Decimal("0"), output_field=money),
        )
        .order_by("-starts_on", "name")
    )


def project_detail(*, pk: int) -> Project | None:
    items = CostItem.objects.prefetch_related("shares__party", "groups").annotate(actual=Sum("costs__amount"))
    return (
        Project.objects.select_related("committee", "case__diary")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ProjectParticipant.objects.select_related("party").order_by("-party__kind", "party__code"),
            ),
            Prefetch("cost_items", queryset=items.order_by("order", "pk")),
            # finance's reservation uses that fund the project (reverse relation, no import of finance)
            Prefetch("reservation_uses", queryset=_funding_uses()),
        )
        .filter(pk=pk)
        .first()
    )


def _funding_uses():
    from django.apps import apps

    return apps.get_model("finance", "ReservationUse").objects.select_related("reservation").order_by("used_on")


def project_costs(*, project: Project) -> QuerySet[Cost]:
    return (
        Cost.objects.filter(cost_item__project=project)
        .select_related("cost_item", "recorded_by")
        .order_by("-incurred_on", "-pk")
    )


def project_totals(*, project: Project) -> dict[str, Decimal]:
    budget = project.cost_items.aggregate(s=Sum("budget"))["s"] or Decimal("0")
    actual = Cost.objects.filter(cost_item__project=project).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return {"budget": budget, "actual": actual, "difference": budget - actual}
