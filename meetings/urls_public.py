from django.urls import path

from . import views

app_name = "public_meetings"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("kalender/<str:short_name>.ics", views.calendar_feed, name="calendar"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/handling/<int:document_id>/", views.public_document, name="document"),
    path("<int:pk>/handlingar.pdf", views.public_packet, name="packet"),
]
