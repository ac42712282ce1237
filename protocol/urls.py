from django.urls import path

from . import views

app_name = "protocol"
urlpatterns = [
    path("protokoll/", views.protocol_list_view, name="list"),
    path("protokoll/sammantrade/<int:meeting_id>/skapa/", views.protocol_draft_view, name="draft"),
    path("protokoll/<int:pk>/", views.protocol_detail_view, name="detail"),
    path("protokoll/<int:pk>/narvaro/", views.attendance_view, name="attendance"),
    path("protokoll/<int:pk>/justerare/", views.adjusters_view, name="adjusters"),
    path("protokoll/<int:pk>/paragraf/<int:paragraph_id>/", views.paragraph_edit_view, name="paragraph"),
    path("protokoll/<int:pk>/justera/", views.protocol_adjust_view, name="adjust"),
    path("protokoll/<int:pk>/pdf/", views.protocol_pdf_view, name="pdf"),
    path("protokoll/utdrag/<int:paragraph_id>/", views.extract_pdf_view, name="extract_pdf"),
    path("protokoll/anslag/", views.party_postings_view, name="party_postings"),
    path("protokoll/utanfor-portalen/", views.outside_paragraphs_view, name="outside"),
    path("protokoll/delegationsbeslut/", views.delegated_decisions_view, name="delegated"),
    path("anslagstavla/", views.notice_board_view, name="notice_board"),
    path("anslagstavla/flode.atom", views.notice_board_feed, name="notice_board_feed"),
]
