"""Admin: diaries are configuration (one per committee prefix, normally created with the committee).
Cases are registered in the portal through the services only; the admin shows them read-only.
Nothing here is deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin, ViewOnlyAdminMixin

from .models import Case, Diary, DiaryCounter
from .services import diary_get_or_create


@admin.register(Diary)
class DiaryAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Added through diary_get_or_create; then view-only (the prefix is part of every number given,
    and there is no service that renames a diary)."""

    list_display = ["prefix", "name"]
    search_fields = ["prefix", "name"]
    fields = ["prefix", "name"]

    def has_change_permission(self, request, obj=None):
        return False

    def service_create(self, request, data):
        return diary_get_or_create(prefix=data["prefix"], name=data["name"])


@admin.register(DiaryCounter)
class DiaryCounterAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["diary", "year", "last_sequence"]
    list_filter = ["diary"]


@admin.register(Case)
class CaseAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "registered_on", "officer"]
    list_filter = ["diary", "status", "year"]
    search_fields = ["title"]
    list_select_related = ["diary", "officer"]


# Documents are deliberately not in the admin: an administrator is not entitled to secret documents.
