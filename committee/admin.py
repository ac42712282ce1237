"""Admin for committees: writes go through committee.services; nothing registered is deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin, ViewOnlyInlineMixin

from .models import Committee, CommitteeParty, Membership, Term
from .services import (
    committee_create,
    committee_party_join,
    committee_party_leave,
    committee_update,
    membership_create,
    term_create,
)


class CommitteePartyInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = CommitteeParty
    fields = ("party", "joined_on", "left_on")


class TermInline(ViewOnlyInlineMixin, admin.TabularInline):
    model = Term
    fields = ("starts_on", "ends_on")


@admin.register(Committee)
class CommitteeAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """The short name is the prefix of the diary numbers: set once, then read-only. The diary is
    created (or found by prefix) and linked when the committee is added."""

    list_display = ("short_name", "name", "host_party", "notice_days")
    search_fields = ("name", "short_name")
    inlines = [CommitteePartyInline, TermInline]

    def get_fields(self, request, obj=None):
        fields = ["name", "short_name", "host_party", "notice_days", "allowed_meeting_weekdays"]
        return fields if obj is None else [*fields, "diary"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["short_name", "diary"]

    def service_create(self, request, data):
        return committee_create(**data)

    def service_update(self, request, obj, changed):
        return committee_update(committee=obj, **changed)


@admin.register(CommitteeParty)
class CommitteePartyAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Joining is added here; afterwards only the leave date can be set, once."""

    list_display = ("committee", "party", "joined_on", "left_on")
    list_filter = ("committee",)
    list_select_related = ("committee", "party")
    fields = ("committee", "party", "joined_on", "left_on")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.left_on is None)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["committee", "party", "joined_on"]

    def service_create(self, request, data):
        return committee_party_join(**data)

    def service_update(self, request, obj, changed):
        return committee_party_leave(membership=obj, left_on=changed["left_on"])


@admin.register(Term)
class TermAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ("committee", "starts_on", "ends_on")
    list_filter = ("committee",)
    fields = ("committee", "starts_on", "ends_on")

    def has_change_permission(self, request, obj=None):
        return False

    def service_create(self, request, data):
        return term_create(**data)


@admin.register(Membership)
class MembershipAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Adding a membership grants the member role (membership_create); afterwards view-only."""

    list_display = ("person", "committee", "term", "role", "political_party", "on_behalf_of", "starts_on", "ends_on")
    list_filter = ("committee", "role", "on_behalf_of")
    search_fields = ("person__first_name", "person__last_name", "political_party")
    list_select_related = ("person", "committee", "term", "on_behalf_of")
    fields = ("person", "committee", "term", "role", "on_behalf_of", "political_party", "starts_on", "ends_on")

    def has_change_permission(self, request, obj=None):
        return False

    def service_create(self, request, data):
        return membership_create(**data)
