from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("nytt/", views.project_create_view, name="create"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/deltagare/", views.participant_add_view, name="participant_add"),
    path("<int:pk>/kostnadsposter/ny/", views.cost_item_create_view, name="cost_item_create"),
    path("<int:pk>/kostnader/ny/", views.cost_record_view, name="cost_record"),
    path("kostnadsposter/<int:pk>/folkmangd/", views.cost_item_population_view, name="cost_item_population"),
]
