from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("", views.committee_list_view, name="list"),
    path("<str:short_name>/", views.committee_detail_view, name="detail"),
]
