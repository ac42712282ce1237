from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .access import AUTHENTICATED, PUBLIC, AccessMixin, access
from .forms import AccessibilityReportForm, PasswordResetForm
from .services import accessibility_report_create


@access(PUBLIC)
def home(request):
    return render(request, "common/home.html")


@access(PUBLIC)
def accessibility_statement(request):
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            accessibility_report_create(**form.cleaned_data)
            messages.success(request, "Tack! Din rapport är skickad till oss. Vi återkommer om du har lämnat e-post.")
            return redirect(reverse("accessibility") + "#rapportera")
    else:
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("sida", "")})
    return render(
        request,
        "common/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "form": form},
    )


@never_cache
@access(PUBLIC)
def health(request):
    """For load balancers and docker healthchecks: 200 "ok" when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


class LoginView(AccessMixin, auth_views.LoginView):
    access = (PUBLIC,)
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(AccessMixin, auth_views.LogoutView):
    access = (PUBLIC,)


class PasswordResetView(AccessMixin, auth_views.PasswordResetView):
    access = (PUBLIC,)
    form_class = PasswordResetForm
    extra_email_context = {"portal_name": settings.PORTAL_NAME}


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
