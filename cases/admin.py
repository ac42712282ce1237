"""Admin: diaries are configuration (an administrator creates one per committee prefix). Cases are
registered in the portal through the services only; the admin shows them read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, Diary, DiaryCounter


@admin.register(Diary)
class DiaryAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name"]
    search_fields = ["prefix", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["prefix"] if obj is not None else []  # the prefix is part of every number already given


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DiaryCounter)
class DiaryCounterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["diary", "year", "last_sequence"]
    list_filter = ["diary"]


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "registered_on", "officer"]
    list_filter = ["diary", "status", "year"]
    search_fields = ["title"]
    list_select_related = ["diary", "officer"]


# Documents are deliberately not in the admin: an administrator is not entitled to secret documents.
