from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("common.urls")),
    path("parter/", include("parties.urls")),
    path("namnd/", include("committee.urls")),
    path("admin/", admin.site.urls),
]
