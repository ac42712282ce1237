"""Admin for meetings: shown here, written only through meetings.services (the portal's own pages)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ViewOnlyAdminMixin, ViewOnlyInlineMixin

from .models import (
    AgendaItem,
    AgendaItemDocument,
    Meeting,
    MeetingChange,
    MeetingNotice,
    MeetingPacket,
    MeetingPlan,
)


@admin.register(MeetingPlan)
class MeetingPlanAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("committee", "year", "decision_case", "decision_reference", "decided_on")
    list_filter = ("committee",)
    list_select_related = ("committee", "decision_case__diary")


class AgendaItemInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = AgendaItem
    fields = ("position", "kind", "title", "case", "is_public", "withdrawn")


class MeetingChangeInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = MeetingChange
    fields = ("created_at", "kind", "description", "decision_reference", "mail")


@admin.register(Meeting)
class MeetingAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("date", "starts_at", "committee", "place", "status", "published_at")
    list_filter = ("committee", "status")
    list_select_related = ("committee",)
    date_hierarchy = "date"
    inlines = [AgendaItemInline, MeetingChangeInline]


class AgendaItemDocumentInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = AgendaItemDocument
    fields = ("position", "document")


@admin.register(AgendaItem)
class AgendaItemAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("meeting", "position", "kind", "title", "is_public", "withdrawn")
    list_filter = ("kind", "is_public")
    list_select_related = ("meeting",)
    search_fields = ("title",)
    inlines = [AgendaItemDocumentInline]


@admin.register(MeetingNotice)
class MeetingNoticeAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("meeting", "sent_at", "days_before", "required_days", "mail")
    list_select_related = ("meeting", "mail")


@admin.register(MeetingPacket)
class MeetingPacketAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("meeting", "public", "status", "progress", "pages", "size", "created_at")
    list_filter = ("status", "public")
    list_select_related = ("meeting",)
