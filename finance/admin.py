"""Admin: finance is written through the portal's own pages and services; the admin shows invoices (with
their lines and their history), budgets, outcomes and reservations read-only. Nothing here is deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ViewOnlyAdminMixin, ViewOnlyInlineMixin

from .models import Budget, Invoice, InvoiceLine, OpeningBalance, Outcome, Reservation, ReservationUse


class InvoiceLineInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = InvoiceLine
    fields = ["order", "description", "key", "basis_total", "population", "population_date", "share_percent", "amount"]
    readonly_fields = fields
    ordering = ["order", "pk"]


@admin.register(Invoice)
class InvoiceAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "status", "year", "invoice_date", "due_date", "total"]
    list_filter = ["status", "kind", "year", "committee"]
    search_fields = ["number", "ocr", "title", "party__name"]
    list_select_related = ["party"]
    inlines = [InvoiceLineInline]
    readonly_fields = [f.name for f in Invoice._meta.fields]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["invoice", "order", "description", "amount"]
    search_fields = ["invoice__number", "description"]
    list_select_related = ["invoice__party"]
    readonly_fields = [f.name for f in InvoiceLine._meta.fields]


@admin.register(Budget)
class BudgetAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "base_amount", "decision_reference"]
    list_filter = ["committee", "year"]


@admin.register(Outcome)
class OutcomeAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "year", "category", "amount", "source"]
    list_filter = ["committee", "year", "source"]


@admin.register(OpeningBalance)
class OpeningBalanceAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "amount", "decision_reference"]


class ReservationUseInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = ReservationUse
    fields = ["used_on", "description", "decision_reference", "project", "amount"]
    readonly_fields = fields


@admin.register(Reservation)
class ReservationAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["purpose", "committee", "from_year", "amount", "decided_on"]
    inlines = [ReservationUseInline]
