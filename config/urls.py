from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("common.urls")),
    path("parter/", include("parties.urls")),
    path("namnd/", include("committee.urls")),
    path("diarium/", include("cases.urls")),
    path("diarium/begaranden/", include("disclosure.urls")),
    path("offentligt-diarium/", include("cases.urls_public")),
    path("sammantraden/", include("meetings.urls")),
    path("offentliga-sammantraden/", include("meetings.urls_public")),
    path("offentligt-diarium/", include("disclosure.urls_public")),
    path("projekt/", include("projects.urls")),
    path("ekonomi/", include("finance.urls")),
    path("min-part/", include("finance.party_urls")),
    path("", include("protocol.urls")),
    path("arsredovisning/", include("annual.urls")),
    path("admin/", admin.site.urls),
]
