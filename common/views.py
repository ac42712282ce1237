from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .access import AUTHENTICATED, PUBLIC, AccessMixin, access


@access(PUBLIC)
def home(request):
    return render(request, "common/home.html")


@access(PUBLIC)
def accessibility_statement(request):
    return render(
        request,
        "common/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


class LoginView(AccessMixin, auth_views.LoginView):
    access = (PUBLIC,)
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(AccessMixin, auth_views.LogoutView):
    access = (PUBLIC,)


class PasswordResetView(AccessMixin, auth_views.PasswordResetView):
    access = (PUBLIC,)


class PasswordResetDoneView(AccessMixin, auth_views.PasswordResetDoneView):
    access = (PUBLIC,)


class PasswordResetConfirmView(AccessMixin, auth_views.PasswordResetConfirmView):
    access = (PUBLIC,)


class PasswordResetCompleteView(AccessMixin, auth_views.PasswordResetCompleteView):
    access = (PUBLIC,)


class PasswordChangeView(AccessMixin, auth_views.PasswordChangeView):
    access = (AUTHENTICATED,)


class PasswordChangeDoneView(AccessMixin, auth_views.PasswordChangeDoneView):
    access = (AUTHENTICATED,)
