import logging
from urllib.parse import urlparse

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from . import selectors
from .access import AUTHENTICATED, LOG_READERS, PUBLIC, AccessMixin, access
from .forms import AccessibilityReportForm, PasswordResetForm
from .models import OutgoingMail
from .services import accessibility_report_create
from .throttling import Rate, client_ip, lockout_lift, lockout_list, rate_limit_hit, valid_ip

logger = logging.getLogger("common.operations")


@access(PUBLIC)
def home(request):
    return render(request, "common/home.html")


TOO_MANY_REPORTS = (
    "Vi har tagit emot många rapporter på kort tid och kan inte ta emot fler just nu. Försök igen om en "
    "stund, eller skicka e-post till {email}. Det du skrev finns kvar i formuläret."
)


@access(PUBLIC)
def accessibility_statement(request):
    status = 200
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            within = rate_limit_hit("tillganglighet", client_ip(request), settings.RATE_LIMIT_REPORT_PER_IP)
            within = within and rate_limit_hit("tillganglighet", "alla", settings.RATE_LIMIT_REPORT_TOTAL)
            if within:
                accessibility_report_create(**form.cleaned_data)
                messages.success(
                    request, "Tack! Din rapport är skickad till oss. Vi återkommer om du har lämnat e-post."
                )
                return redirect(reverse("accessibility") + "#rapportera")
            form.add_error(None, TOO_MANY_REPORTS.format(email=settings.ACCESSIBILITY_CONTACT_EMAIL))
            status = 429
    else:
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("sida") or _referring_page(request)})
    return render(
        request,
        "common/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "form": form},
        status=status,
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
    """Limited per address and per IP (``RATE_LIMIT_PASSWORD_RESET_*``): a flood of requests sends no
    flood of e-mails. The answer over the limit says so without telling whether the address exists."""

    access = (PUBLIC,)
    form_class = PasswordResetForm
    extra_email_context = {"portal_name": settings.PORTAL_NAME}

    def form_valid(self, form):
        address = form.cleaned_data["email"]
        within = rate_limit_hit("losenord:ip", client_ip(self.request), settings.RATE_LIMIT_PASSWORD_RESET_PER_IP)
        rate = Rate.parse(settings.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS)
        within = within and rate_limit_hit("losenord:adress", address, rate)
        if not within:
            form.add_error(
                "email",
                f"Det har begärts för många återställningar härifrån eller för den här adressen. "
                f"Vänta {rate.label} och försök igen, eller kontakta nämndsekretariatet.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


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


# --- Operations: the mail log, background jobs, login lockouts (secretariat and administrators) ------


class MailLogFilterForm(forms.Form):
    sammanhang = forms.CharField(
        label="Sammanhang", required=False, max_length=200, help_text="Början räcker, t.ex. kallelse: eller losenord:."
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alla"), *OutgoingMail.Status.choices])


@access(*LOG_READERS)
def operations_overview(request):
    form = MailLogFilterForm(request.GET or None)
    context_filter = status = ""
    if form.is_valid():
        context_filter, status = form.cleaned_data["sammanhang"].strip(), form.cleaned_data["status"]
    paginator = Paginator(selectors.mail_log(context=context_filter, status=status), 50)
    page = paginator.get_page(request.GET.get("sida"))
    params = request.GET.copy()
    params.pop("sida", None)
    return render(
        request,
        "common/operations.html",
        {
            "form": form,
            "page": page,
            "querystring": params.urlencode(),
            "jobs": list(selectors.outbox_jobs_open()[:50]),
            "job_counts": selectors.outbox_counts(),
            "lockout_count": len(lockout_list()),
        },
    )


@access(*LOG_READERS)
def mail_detail(request, pk: int):
    try:
        mail = selectors.mail_get(pk=pk)
    except OutgoingMail.DoesNotExist as exc:
        raise Http404("Utskicket finns inte.") from exc
    return render(request, "common/mail_detail.html", {"mail": mail})


@access(*LOG_READERS)
def lockouts(request):
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        ip_address = valid_ip(request.POST.get("ip_address", "")[:45])
        if ip_address is None:
            messages.error(request, "Spärren kunde inte hävas: IP-adressen är ogiltig.")
        elif lockout_lift(username=username, ip_address=ip_address):
            logger.info("Spärr hävd för %r från %s av användare %s", username, ip_address, request.user.pk)
            messages.success(request, f"Spärren för {username or 'okänt användarnamn'} från {ip_address} är hävd.")
        else:
            messages.info(request, "Spärren fanns inte längre (den kan ha löpt ut).")
        return redirect("operations:lockouts")
    return render(request, "common/lockouts.html", {"lockouts": lockout_list()})
