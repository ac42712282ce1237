from django.urls import path

from . import views

app_name = "public_request"
urlpatterns = [
    path("<int:pk>/begar-ut/", views.request_create, name="create"),
]
