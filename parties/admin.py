from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Party, PartyRepresentative, PopulationFigure


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0
    fields = ("reference_date", "population", "source")


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "code", "org_number", "active_from", "active_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "org_number")
    inlines = [PopulationFigureInline]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ("party", "reference_date", "population", "source")
    list_filter = ("party",)
    date_hierarchy = "reference_date"


@admin.register(PartyRepresentative)
class PartyRepresentativeAdmin(SimpleHistoryAdmin):
    list_display = ("user", "party")
    list_select_related = ("user", "party")
