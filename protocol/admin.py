"""Admin: read-only views of protocols (every change goes through the services; the database refuses
changes to an adjusted protocol anyway), and the delegated decisions."""

from django.contrib import admin

from .models import DelegatedDecision, NoticeBoardPost, OutsideParagraphs, Paragraph, PartyPosting, Protocol


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "committee", "status", "adjusted_at"]
    list_filter = ["status", "committee"]
    list_select_related = ["meeting", "committee"]


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdmin):
    list_display = ["number", "year", "committee", "title"]
    list_filter = ["committee", "year"]
    list_select_related = ["committee"]
    search_fields = ["title"]


@admin.register(NoticeBoardPost)
class NoticeBoardPostAdmin(ReadOnlyAdmin):
    list_display = ["protocol", "posted_on"]


@admin.register(PartyPosting)
class PartyPostingAdmin(ReadOnlyAdmin):
    list_display = ["notice", "party", "posted_on"]


@admin.register(DelegatedDecision)
class DelegatedDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_on", "subject", "decided_by", "delegation_point"]


@admin.register(OutsideParagraphs)
class OutsideParagraphsAdmin(ReadOnlyAdmin):
    list_display = ["committee", "year", "first_number", "last_number", "kept_at"]
    list_filter = ["committee", "year"]
