"""Import of an existing diary from CSV (secretariat only)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from common.access import SECRETARIAT, access

from .. import selectors, services
from ..forms import ImportForm
from ..models import Diary


@access(SECRETARIAT)
def diary_import(request):
    diaries = Diary.objects.filter(selectors.diary_scope(request.user, SECRETARIAT).q("pk"))
    form = ImportForm(request.POST or None, request.FILES or None, diaries=diaries)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.diary_import_csv(
                diary=form.cleaned_data["diary"], data=form.cleaned_data["file"].read(), by=request.user
            )
        except services.DiaryImportError as exc:
            errors = exc.errors
            form.add_error("file", f"Filen innehåller {len(errors)} fel. Inget har importerats.")
        else:
            years = ", ".join(f"{y}: nästa nummer {n + 1}" for y, n in result.years.items())
            messages.success(request, f"{result.created} ärenden importerades. {years}.")
            return redirect(reverse("cases:list"))
    return render(request, "cases/diary_import.html", {"form": form, "errors": errors})
