from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from common.access import SECRETARIAT, access
from common.forms import apply_service_errors

from .forms import CostForm, CostItemForm, ParticipantForm, PopulationDateForm, ProjectForm
from .models import AllocationKey, CostItem
from .selectors import project_costs, project_detail, project_list, project_totals
from .services import (
    cost_item_create,
    cost_item_population_date_set,
    cost_record,
    project_create,
    project_participant_add,
)


def _project_or_404(pk: int):
    project = project_detail(pk=pk)
    if project is None:
        raise Http404
    return project


PAGE_SIZE = 50


@access(SECRETARIAT)
def project_list_view(request):
    page = Paginator(project_list(), PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "projects/project_list.html", {"projects": page.object_list, "page": page})


@access(SECRETARIAT)
def project_create_view(request):
    form = ProjectForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(
                committee=data["committee"],
                name=data["name"],
                decision_reference=data["decision_reference"],
                decided_on=data["decided_on"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
                participants=list(data["participants"]),
                case=data["case"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Projektet {project} är skapat.")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


@access(SECRETARIAT)
def project_detail_view(request, pk: int):
    project = _project_or_404(pk)
    items = list(project.cost_items.all())
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "costs": project_costs(project=project)[:200],
            "totals": project_totals(project=project),
            "explicit_items": [item for item in items if item.has_explicit_population_date],
            "funding": list(project.reservation_uses.all()),
        },
    )


@access(SECRETARIAT)
def participant_add_view(request, pk: int):
    project = _project_or_404(pk)
    form = ParticipantForm(request.POST or None, project=project, initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            participant = project_participant_add(project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{participant.party} deltar från {participant.joined_on:%Y-%m-%d}.")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/participant_form.html", {"form": form, "project": project})


@access(SECRETARIAT)
def cost_item_create_view(request, pk: int):
    project = _project_or_404(pk)
    form = CostItemForm(request.POST or None, project=project, initial={"key": AllocationKey.POPULATION})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = cost_item_create(
                project=project,
                name=data["name"],
                key=data["key"],
                budget=data["budget"],
                rounding=data["rounding"],
                shares=form.shares() if data["key"] == AllocationKey.FIXED else None,
                groups=form.groups() if data["key"] == AllocationKey.GROUPS else None,
                population_reference_date=data["population_reference_date"],
                population_reference_reason=data["population_reference_reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, form.error_field_map())
        else:
            messages.success(request, f"Kostnadsposten {item} är skapad.")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/cost_item_form.html", {"form": form, "project": project})


@access(SECRETARIAT)
def cost_record_view(request, pk: int):
    project = _project_or_404(pk)
    form = CostForm(request.POST or None, project=project, initial={"incurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            cost = cost_record(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Kostnaden {cost.description} är registrerad.")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/cost_form.html", {"form": form, "project": project})


@access(SECRETARIAT)
def cost_item_population_view(request, pk: int):
    """Choose an explicit population reference date for a cost item (or go back to the rule)."""
    item = CostItem.objects.select_related("project").filter(pk=pk).first()
    if item is None:
        raise Http404
    form = PopulationDateForm(
        request.POST or None,
        initial={
            "population_reference_date": item.population_reference_date,
            "population_reference_reason": item.population_reference_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            cost_item_population_date_set(cost_item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Folkmängdens datum för {item.name} är sparat.")
            return redirect("projects:detail", pk=item.project_id)
    return render(
        request,
        "projects/form_page.html",
        {
            "form": form,
            "project": item.project,
            "heading": f"Folkmängdens datum för {item.name}",
            "submit": "Spara",
        },
    )
