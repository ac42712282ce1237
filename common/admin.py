"""Admin for users, roles and the mail log, and the mixins every app's admin uses.

The admin writes through the services like any view (ARCHITECTURE.md, "Where code goes"), and
registered records are never deleted (DOMAIN.md). ``ServiceAdminMixin`` routes add and change to a
service, ``ViewOnlyAdminMixin`` shows what the portal edits elsewhere, and both disable deletion.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    SCOPED_ROLES,
    AccessibilityReport,
    ArchivedDocument,
    MailAttachment,
    MailRecipient,
    OutboxJob,
    OutgoingMail,
    Role,
    User,
    UserRole,
)
from .services import role_grant, role_revoke


class _DryRun(Exception):
    """Raised inside a savepoint to roll back a service call made only to validate a form."""


def _add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form; errors on fields the form lacks go on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class NoDeleteAdminMixin:
    """Nothing registered is deleted: no delete view and no "delete selected" action.

    ``deletable = True`` is only for access configuration (e.g. a party representative's appointment),
    and then ``delete_model`` and ``delete_queryset`` must call a service."""

    deletable = False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.deletable:
            actions.pop("delete_selected", None)
        return actions


class ViewOnlyAdminMixin(NoDeleteAdminMixin):
    """Shown in the admin, written only by the portal's own forms and services."""

    def has_add_permission(self, request, obj=None):  # ``obj`` for inlines
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ViewOnlyInlineMixin:
    """An inline that lists related rows without letting the admin add, change or delete them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdminMixin(NoDeleteAdminMixin):
    """Add and change call a service instead of ``Model.save()``.

    Subclasses implement ``service_create(request, data)`` (``data`` = the form's cleaned data) and,
    if they allow changes, ``service_update(request, obj, changed)`` (``changed`` = only the fields
    the user changed); both return the saved object. The service also runs while the form is
    validated, inside a savepoint that is rolled back, so a ValidationError from the service shows
    on the form (status 200) instead of failing the request; ``save_model`` then calls it for real.
    """

    def service_create(self, request, data: dict):
        raise ImproperlyConfigured(f"{type(self).__name__} must define service_create() to allow adding.")

    def service_update(self, request, obj, changed: dict):
        raise ImproperlyConfigured(f"{type(self).__name__} must define service_update() or be view-only on change.")

    def run_service(self, request, form: forms.ModelForm, change: bool):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
            if not changed:
                return form.instance
            # The form has already written its values onto form.instance; the service gets the stored row.
            stored = type(form.instance)._default_manager.get(pk=form.instance.pk)
            return self.service_update(request, stored, changed)
        return self.service_create(request, dict(form.cleaned_data))

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(base):
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.run_service(request, self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    _add_service_errors(self, exc)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        saved = self.run_service(request, form, change)
        if saved is not obj:  # the admin goes on with ``obj`` (history entry, redirect): make it the saved row
            for field in obj._meta.concrete_fields:
                setattr(obj, field.attname, getattr(saved, field.attname))
            obj._state.adding, obj._state.db = False, saved._state.db

    def save_related(self, request, form, formsets, change):
        # The service has saved everything; inlines on service admins are view-only.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# --- Users and roles -----------------------------------------------------------------------------

PARTY_REPRESENTATIVE_ELSEWHERE = (
    "Partsrepresentanter utses under Parter → Partsrepresentanter, så att de knyts till en part."
)
PARTY_REPRESENTATIVE_REMOVED_ELSEWHERE = (
    "Ta bort partsrepresentanten under Parter → Partsrepresentanter, så att rollen och kopplingen "
    "till parten tas bort tillsammans."
)


class UserRoleForm(forms.ModelForm):
    class Meta:
        model = UserRole
        fields = ["role", "committee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a grant is revoked (ended), never turned into another
            self.fields["role"].disabled = True
            self.fields["committee"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("committee") is not None and data.get("role") not in SCOPED_ROLES:
            self.add_error("committee", "Bara nämndsekretariat och handläggare kan ges roll för en viss nämnd.")
        return data


class UserRoleFormSet(forms.BaseInlineFormSet):
    """The party representative role comes with a party (parties.services.party_representative_appoint),
    so it is neither granted nor revoked here."""

    def clean(self):
        super().clean()
        represents = hasattr(self.instance, "party_representation")
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("role") != Role.PARTY_REPRESENTATIVE:
                continue
            deleting = self.can_delete and self._should_delete_form(form)
            if not form.instance.pk and not deleting and not represents:
                form.add_error("role", PARTY_REPRESENTATIVE_ELSEWHERE)
            elif form.instance.pk and deleting and represents:
                raise ValidationError(PARTY_REPRESENTATIVE_REMOVED_ELSEWHERE)


class UserRoleInline(admin.TabularInline):
    """The user's grants in force. "Ta bort" revokes a grant (it ends today and is kept); ended grants
    are listed under Gemensamt → Roller."""

    model = UserRole
    form = UserRoleForm
    formset = UserRoleFormSet
    extra = 0
    fk_name = "user"
    fields = ("role", "committee", "valid_from", "granted_by")
    readonly_fields = ("valid_from", "granted_by")
    verbose_name_plural = "Roller som gäller nu (ta bort = återkalla)"

    def get_queryset(self, request):
        return super().get_queryset(request).active().select_related("committee", "granted_by")


@admin.register(User)
class UserAdmin(NoDeleteAdminMixin, BaseUserAdmin):
    """Users are deactivated (``is_active``), never deleted; roles go through role_grant/role_revoke."""

    inlines = [UserRoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Tjänst", {"fields": ("title", "phone")}))
    list_display = ("username", "first_name", "last_name", "email", "title", "is_active")

    def save_formset(self, request, form, formset, change):
        if formset.model is not UserRole:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk:
                role_revoke(user=user, role=row.instance.role, committee=row.instance.committee, by=request.user)
                formset.deleted_objects.append(row.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or row.instance.pk or not row.has_changed():
                continue
            formset.new_objects.append(
                role_grant(
                    user=user,
                    role=row.cleaned_data["role"],
                    committee=row.cleaned_data.get("committee"),
                    by=request.user,
                )
            )


@admin.register(UserRole)
class UserRoleAdmin(ViewOnlyAdminMixin, SimpleHistoryAdmin):
    """Every grant with its period, also ended ones: who held which role when."""

    list_display = ("user", "role", "committee", "valid_from", "valid_until", "granted_by", "revoked_by")
    list_filter = ("role", "committee")
    list_select_related = ("user", "committee", "granted_by", "revoked_by")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    date_hierarchy = "valid_from"


# --- Logs ----------------------------------------------------------------------------------------


class MailRecipientInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = MailRecipient
    fields = ("address", "status", "attempts", "sent_at", "error")
    readonly_fields = fields


class MailAttachmentInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = MailAttachment
    fields = ("filename", "mimetype", "size", "sha256", "storage_name")
    readonly_fields = fields


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The mail log. The body is shown with its secrets (reset links) cut out, also before sending."""

    list_display = ("created_at", "subject", "status", "context", "completed_at")
    list_filter = ("status",)
    search_fields = ("subject", "context", "recipients__address")
    fields = ("created_at", "from_email", "subject", "context", "status", "completed_at", "redacted", "shown_body")
    readonly_fields = fields
    inlines = [MailRecipientInline, MailAttachmentInline]

    @admin.display(description="Text")
    def shown_body(self, obj):
        return obj.shown_body


@admin.register(OutboxJob)
class OutboxJobAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "task", "context", "status", "attempts", "next_attempt_at", "completed_at")
    list_filter = ("status", "task")
    search_fields = ("context", "task")
    readonly_fields = [f.name for f in OutboxJob._meta.fields]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Reports come in through the accessibility statement's form (which also e-mails them)."""

    list_display = ("created_at", "page_url", "name", "email")
    search_fields = ("page_url", "description", "name", "email")
    readonly_fields = ("created_at", "updated_at")


@admin.register(ArchivedDocument)
class ArchivedDocumentAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Stored archival documents (issued invoices, adjusted protocols ...): never changed or deleted."""

    list_display = ("created_at", "kind", "object_id", "title", "size", "sha256")
    list_filter = ("kind", "variant")
    search_fields = ("title", "object_id", "sha256")
    readonly_fields = [f.name for f in ArchivedDocument._meta.fields]
