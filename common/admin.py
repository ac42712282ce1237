from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AccessibilityReport, OutgoingMail, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Tjänst", {"fields": ("title", "phone")}))
    list_display = ("username", "first_name", "last_name", "email", "title", "is_active")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "to", "subject", "status", "context")
    list_filter = ("status",)
    search_fields = ("to", "subject", "context")
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "page_url", "name", "email")
    search_fields = ("page_url", "description", "name", "email")
    readonly_fields = ("created_at", "updated_at")
