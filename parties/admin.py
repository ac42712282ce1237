"""Admin for parties: writes go through parties.services; nothing registered is deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin, ViewOnlyAdminMixin, ViewOnlyInlineMixin

from .models import Party, PartyRepresentative, PopulationFigure
from .services import party_create, party_representative_appoint, party_representative_remove, party_update


class PopulationFigureInline(ViewOnlyInlineMixin, admin.TabularInline):
    """Figures are added in the portal (Parter → folkmängd, or the CSV import)."""

    model = PopulationFigure
    fields = ("reference_date", "population", "source")


@admin.register(Party)
class PartyAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "code", "org_number", "active_from", "active_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "org_number")
    fields = (
        "name",
        "kind",
        "code",
        "org_number",
        "invoice_address",
        "invoice_reference",
        "invoice_email",
        "active_from",
        "active_to",
    )
    inlines = [PopulationFigureInline]

    def service_create(self, request, data):
        return party_create(**data)

    def service_update(self, request, obj, changed):
        return party_update(party=obj, **changed)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    """View-only: figures are recorded in the portal and never changed or deleted."""

    list_display = ("party", "reference_date", "population", "source")
    list_filter = ("party",)
    date_hierarchy = "reference_date"


@admin.register(PartyRepresentative)
class PartyRepresentativeAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Appointing grants the party representative role, removing revokes it. An appointment is access
    configuration, so unlike registered records it can be removed (the history keeps it)."""

    list_display = ("user", "party")
    list_select_related = ("user", "party")
    fields = ("user", "party")
    deletable = True  # via party_representative_remove ("delete selected" too, through delete_queryset)

    def has_change_permission(self, request, obj=None):
        return False

    def service_create(self, request, data):
        return party_representative_appoint(user=data["user"], party=data["party"])

    def delete_model(self, request, obj):
        party_representative_remove(representative=obj)

    def delete_queryset(self, request, queryset):
        for representative in queryset.select_related("user"):
            party_representative_remove(representative=representative)
