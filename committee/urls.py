from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("", views.committee_list_view, name="list"),
    path("<str:short_name>/", views.committee_detail_view, name="detail"),
    path("<str:short_name>/uppdrag/ny/", views.membership_create_view, name="membership_create"),
    path("<str:short_name>/parter/ny/", views.committee_party_join_view, name="party_join"),
]
