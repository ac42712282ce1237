"""Access rules in one place: every view declares who may use it, and each rule holds for each role.

- ``test_every_view_declares_an_access_rule`` walks all URL patterns (recursively through includes)
  and fails for any view without ``@access``/``AccessMixin``.
- Django admin URLs are exempt (tests/urlwalk.py, EXEMPT_NAMESPACES): the admin enforces is_staff
  itself; ``test_admin_requires_staff`` checks that.
- ``test_access_matrix`` requests every URL as anonymous, as a logged-in user without roles and as
  a demo user of each role, and checks: anonymous → 302 to login for non-public views; no role → 403;
  allowed role → neither 403 nor a login redirect (200, a redirect elsewhere, or 405 for POST-only
  views). URLs with parameters take their kwargs from tests/access_samples.py.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from common.access import AUTHENTICATED, PUBLIC, access
from tests.access_samples import SAMPLES
from tests.urlwalk import walk, without_rule

# The demo user who holds exactly this role (see ``manage.py demo``).
ROLE_USERS = {
    "administrator": "admin",
    "secretariat": "registrator",
    "case_officer": "handlaggare",
    "member": "ledamot-region",
    "party_representative": "part-ostersund",
}
ALLOWED_STATUS = {200, 405}


@dataclass
class DemoObjects:
    """What a sample function receives: shortcuts into the demo data."""

    @cached_property
    def committee(self):
        from committee.models import Committee

        return Committee.objects.get(short_name="GNS")

    @cached_property
    def party(self):
        from parties.models import Party

        return Party.objects.get(code="2380")  # Östersunds kommun, the party of "part-ostersund"

    def user(self, username: str):
        from common.models import User

        return User.objects.get(username=username)


def test_every_view_declares_an_access_rule():
    missing = without_rule(walk())
    assert not missing, "Vyer utan deklarerad åtkomstregel (@access / AccessMixin):\n" + "\n".join(
        f"  - {e.label}: {e.callback.__module__}.{getattr(e.callback, '__name__', e.callback)}" for e in missing
    )


def test_every_url_with_parameters_has_a_sample():
    endpoints = walk()
    unnamed = [e.label for e in endpoints if e.has_params and e.name is None]
    lacking = sorted(e.name for e in endpoints if e.has_params and e.name and e.name not in SAMPLES)
    assert not unnamed, f"URL-mönster med parametrar måste ha ett namn: {unnamed}"
    assert not lacking, (
        "Dessa URL:er har parametrar men saknar exempel i tests/access_samples.py "
        f"(lägg till SAMPLES['namn'] = lambda demo: {{...}}): {lacking}"
    )


def test_samples_refer_to_existing_urls():
    names = {e.name for e in walk()}
    stale = sorted(set(SAMPLES) - names)
    assert not stale, f"tests/access_samples.py har exempel för URL:er som inte finns: {stale}"


def _expected(rule: frozenset[str], persona: str) -> str:
    """ "allowed", "login" or "forbidden" for a persona: "anonymous", "norole" or a role name."""
    if PUBLIC in rule:
        return "allowed"
    if persona == "anonymous":
        return "login"
    if AUTHENTICATED in rule or persona in rule:
        return "allowed"
    return "forbidden"


def _outcome(response) -> str:
    login = reverse("login")
    if response.status_code == 302 and response["Location"].split("?")[0] == login:
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in ALLOWED_STATUS or response.status_code in (301, 302):
        return "allowed"
    return f"status {response.status_code}"


@pytest.mark.django_db
def test_access_matrix(make_user):
    from common.access import rule_of

    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    demo = DemoObjects()
    clients = {"anonymous": Client(), "norole": Client()}
    clients["norole"].force_login(make_user())
    for role, username in ROLE_USERS.items():
        clients[role] = Client()
        clients[role].force_login(demo.user(username))

    failures = []
    checked = 0
    for endpoint in walk():
        if endpoint.name is None:
            url = "/" + endpoint.route
        elif endpoint.has_params and endpoint.name not in SAMPLES:
            failures.append(f"  {endpoint.name}: saknar exempel i tests/access_samples.py")
            continue
        else:
            kwargs = SAMPLES[endpoint.name](demo) if endpoint.has_params else {}
            url = reverse(endpoint.name, kwargs=kwargs)
        rule = rule_of(endpoint.callback)
        if rule is None:
            failures.append(f"  {endpoint.name} {url}: ingen åtkomstregel")
            continue
        for persona, client in clients.items():
            expected = _expected(rule, persona)
            try:
                actual = _outcome(client.get(url))
            except Exception as exc:  # noqa: BLE001 - collect every failure, then report them all
                actual = f"exception {type(exc).__name__}: {exc}"
            checked += 1
            if actual != expected:
                failures.append(f"  {endpoint.name} {url} som {persona}: väntade {expected}, fick {actual}")
    assert checked > 0
    assert not failures, (
        "Åtkomstregler som inte håller (tips: @access ska ligga ytterst, utanför t.ex. @require_POST):\n"
        + "\n".join(failures)
    )


def test_admin_requires_staff(client, make_user):
    admin_url = reverse("admin:index")
    response = client.get(admin_url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]

    client.force_login(make_user("administrator"))  # portal role, but not is_staff
    response = client.get(admin_url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]

    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.get(admin_url).status_code == 200


# --- The walker itself: prove that it reports a view without a rule -------------------------------


def _undeclared_view(request):
    return HttpResponse("ingen regel")


@access(PUBLIC)
def _declared_view(request):
    return HttpResponse("ok")


def test_walker_reports_view_without_rule_even_inside_nested_includes():
    inner = types.ModuleType("throwaway_inner_urls")
    inner.app_name = "inre"
    inner.urlpatterns = [path("hemlig/<int:pk>/", _undeclared_view, name="hemlig")]
    throwaway = types.ModuleType("throwaway_urls")
    throwaway.urlpatterns = [
        path("", _declared_view, name="ok"),
        path("nivå1/", include([path("nivå2/", include(inner))])),
    ]

    endpoints = walk(throwaway)
    missing = without_rule(endpoints)

    assert [e.name for e in endpoints] == ["ok", "inre:hemlig"]
    assert [e.name for e in missing] == ["inre:hemlig"]
    assert missing[0].route == "nivå1/nivå2/hemlig/<int:pk>/"
    assert missing[0].has_params


def test_walker_skips_only_the_admin_namespace():
    from django.contrib import admin

    throwaway = types.ModuleType("throwaway_admin_urls")
    throwaway.urlpatterns = [path("admin/", admin.site.urls), path("x/", _undeclared_view, name="x")]
    assert [e.name for e in without_rule(walk(throwaway))] == ["x"]
