from urllib.parse import urlparse

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
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("sida") or _referring_page(request)})
    return render(
        request,
        "common/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "form": form},
    )


def _referring_page(request) -> str:
    """The page of this site the visitor came from (the footer link), to prefill the report form.
    The page itself does not carry its own address in the link, so error pages stay identical."""
    referer = urlparse(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host() or referer.path == request.path:
        return ""
    return referer.path + (f"?{referer.query}" if referer.query else "")


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
