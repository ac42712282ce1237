from django.urls import path

from . import views

app_name = "public_diary"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("export.csv", views.public_export, name="export"),
    path("handlingar/<int:pk>/fil/", views.public_file, name="file"),
]
