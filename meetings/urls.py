from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nytt/", views.meeting_create, name="create"),
    path("planer/", views.plan_list, name="plans"),
    path("planer/<str:short_name>/<int:year>/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/handling/<int:document_id>/", views.meeting_document, name="document"),
    path("<int:pk>/handlingar.pdf", views.meeting_packet, name="packet"),
    path("<int:pk>/dagordning/", views.meeting_agenda, name="agenda"),
    path("<int:pk>/andra/", views.meeting_edit, name="edit"),
    path("<int:pk>/flytta/", views.meeting_move, name="move"),
    path("<int:pk>/stall-in/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/kalla/", views.meeting_publish, name="publish"),
    path("<int:pk>/kallelser/", views.meeting_notices, name="notices"),
    path("<int:pk>/arende/", views.agenda_case_add, name="case_add"),
    path("<int:pk>/punkt/ny/", views.agenda_item_add, name="item_add"),
    path("<int:pk>/punkt/<int:item_id>/", views.agenda_item_edit, name="item_edit"),
    path("<int:pk>/punkt/<int:item_id>/flytta/", views.agenda_item_move, name="item_move"),
    path("<int:pk>/punkt/<int:item_id>/ta-bort/", views.agenda_item_remove, name="item_remove"),
]
