from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("", views.party_list_view, name="list"),
    path("<int:pk>/", views.party_detail_view, name="detail"),
]
