from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("", views.party_list_view, name="list"),
    path("ny/", views.party_create_view, name="create"),
    path("folkmangd/import/", views.population_import_view, name="population_import"),
    path("<int:pk>/", views.party_detail_view, name="detail"),
    path("<int:pk>/andra/", views.party_update_view, name="update"),
    path("<int:pk>/folkmangd/ny/", views.population_figure_create_view, name="population_create"),
]
