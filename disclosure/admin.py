from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DisclosureRequest


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(SimpleHistoryAdmin):
    """Read only: requests are registered from the public diary and answered in the portal."""

    list_display = ("__str__", "received_at", "case", "outcome", "answered_at")
    list_filter = ("outcome",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
