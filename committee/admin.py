from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Committee, CommitteeParty, Membership, Term


class CommitteePartyInline(admin.TabularInline):
    model = CommitteeParty
    extra = 0


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "name", "host_party", "notice_days")
    search_fields = ("name", "short_name")
    inlines = [CommitteePartyInline, TermInline]


@admin.register(CommitteeParty)
class CommitteePartyAdmin(SimpleHistoryAdmin):
    list_display = ("committee", "party", "joined_on", "left_on")
    list_filter = ("committee",)
    list_select_related = ("committee", "party")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("committee", "starts_on", "ends_on")
    list_filter = ("committee",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "committee", "term", "role", "political_party", "on_behalf_of", "starts_on", "ends_on")
    list_filter = ("committee", "role", "on_behalf_of")
    search_fields = ("person__first_name", "person__last_name", "political_party")
    list_select_related = ("person", "committee", "term", "on_behalf_of")
