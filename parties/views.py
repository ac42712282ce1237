from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from common.access import MANAGERS, access
from common.forms import apply_service_errors

from .forms import PartyForm, PopulationFigureForm, PopulationImportForm
from .models import Party
from .selectors import party_list, party_population_history
from .services import party_create, party_update, population_figure_record, population_import_csv


@access(*MANAGERS)
def party_list_view(request):
    return render(request, "parties/party_list.html", {"parties": party_list()})


@access(*MANAGERS)
def party_detail_view(request, pk: int):
    party = get_object_or_404(Party, pk=pk)
    return render(
        request,
        "parties/party_detail.html",
        {"party": party, "figures": party_population_history(party=party)},
    )


@access(*MANAGERS)
def party_create_view(request):
    form = PartyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            party = party_create(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{party} är registrerad.")
            return redirect("parties:detail", pk=party.pk)
    return render(request, "parties/party_form.html", {"form": form, "party": None})


@access(*MANAGERS)
def party_update_view(request, pk: int):
    party = get_object_or_404(Party, pk=pk)
    # The form validates a copy, so a failed attempt leaves the stored party untouched.
    form = PartyForm(request.POST if request.method == "POST" else None, instance=Party.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            party = party_update(party=party, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Uppgifterna för {party} är sparade.")
            return redirect("parties:detail", pk=party.pk)
    return render(request, "parties/party_form.html", {"form": form, "party": party})


@access(*MANAGERS)
def population_figure_create_view(request, pk: int):
    party = get_object_or_404(Party, pk=pk)
    form = PopulationFigureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            figure = population_figure_record(party=party, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"Folkmängden {figure.population} per {figure.reference_date:%Y-%m-%d} är sparad."
            )
            return redirect("parties:detail", pk=party.pk)
    return render(request, "parties/population_form.html", {"form": form, "party": party})


@access(*MANAGERS)
def population_import_view(request):
    result = None
    form = PopulationImportForm(request.POST, request.FILES) if request.method == "POST" else PopulationImportForm()
    if request.method == "POST" and form.is_valid():
        result = population_import_csv(data=form.cleaned_data["file"].read(), source=form.cleaned_data["source"])
        if result.ok:
            messages.success(
                request,
                f"Inläsningen är klar: {len(result.created)} nya siffror, {result.unchanged} fanns redan.",
            )
    return render(request, "parties/population_import.html", {"form": form, "result": result})
