from django.urls import include, path

from . import views

operations = (
    [
        path("", views.operations_overview, name="overview"),
        path("utskick/<int:pk>/", views.mail_detail, name="mail_detail"),
        path("sparrar/", views.lockouts, name="lockouts"),
    ],
    "operations",
)

urlpatterns = [
    path("drift/", include(operations)),
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("helsa/", views.health, name="health"),
    path("konto/logga-in/", views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/aterstall/", views.PasswordResetView.as_view(), name="password_reset"),
    path("konto/aterstall/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("konto/aterstall/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
