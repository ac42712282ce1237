import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from common.access import AUTHENTICATED, PUBLIC, SECRETARIAT, AccessMixin, access, is_allowed
from common.db import swedish, swedish_sort_key
from common.models import AccessibilityReport, OutgoingMail, UserRole
from common.services import accessibility_report_create, role_grant, role_revoke


def test_swedish_sort_key_puts_a_ring_a_umlaut_o_umlaut_last():
    names = ["Östersund", "Åre", "Ale", "Zeta", "Ärla", "bräcke", "Örebro", "Éby"]
    assert sorted(names, key=swedish_sort_key) == ["Ale", "bräcke", "Éby", "Zeta", "Åre", "Ärla", "Örebro", "Östersund"]


@pytest.mark.django_db
def test_swedish_collation_in_the_database():
    from common.models import User

    for name in ["Östersund", "Åre", "Zeta", "Ärla", "Berg"]:
        User.objects.create(username=name.lower(), last_name=name)
    ordered = list(User.objects.order_by(swedish("last_name")).values_list("last_name", flat=True))
    assert ordered == ["Berg", "Zeta", "Åre", "Ärla", "Östersund"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_uses_the_icu_collation():
    from django.db import connection

    from common.models import User

    User.objects.create(username="a", last_name="Åre")
    User.objects.create(username="b", last_name="Östersund")
    User.objects.create(username="c", last_name="Strömsund")
    qs = User.objects.order_by(swedish("last_name"))
    assert "sv-SE-x-icu" in str(qs.query)
    assert [u.last_name for u in qs] == ["Strömsund", "Åre", "Östersund"]
    assert connection.vendor == "postgresql"


# --- access -------------------------------------------------------------------------------------


def test_access_rejects_unknown_roles_and_empty_rules():
    with pytest.raises(ValueError):
        access("king")
    with pytest.raises(ValueError):
        access()


@pytest.mark.django_db
def test_is_allowed(make_user):
    from django.contrib.auth.models import AnonymousUser

    sek, nobody = make_user("secretariat"), make_user()
    assert is_allowed(AnonymousUser(), [PUBLIC])
    assert not is_allowed(AnonymousUser(), [AUTHENTICATED])
    assert is_allowed(nobody, [AUTHENTICATED]) and not is_allowed(nobody, [SECRETARIAT])
    assert is_allowed(sek, [SECRETARIAT])


@pytest.mark.django_db
def test_role_grant_and_revoke_refresh_the_cached_roles(make_user):
    from common.access import user_roles

    user = make_user()
    assert user_roles(user) == frozenset()
    role_grant(user=user, role="member")
    assert user_roles(user) == {"member"}
    role_revoke(user=user, role="member")
    assert user_roles(user) == frozenset()
    grant = UserRole.objects.get(user=user, role="member")  # ended, never deleted
    assert grant.valid_until is not None
    with pytest.raises(ValidationError):
        role_grant(user=user, role="king")


def test_class_view_without_rule_is_denied():
    from django.core.exceptions import PermissionDenied
    from django.views import View

    class NoRule(AccessMixin, View):
        def get(self, request):
            return None

    with pytest.raises(PermissionDenied):
        NoRule.as_view()(RequestFactory().get("/"))


# --- health and accessibility report ------------------------------------------------------------


@pytest.mark.django_db
def test_health_endpoint_is_public_and_checks_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("health"))
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
@override_settings(ACCESSIBILITY_CONTACT_EMAIL="tillganglighet@region.example")
def test_accessibility_report_is_stored_and_mailed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility"),
            {
                "name": "",
                "email": "",
                "page_url": "/parter/",
                "description": "Tabellen går inte att läsa i skärmläsare.",
            },
        )
    assert response.status_code == 302 and response["Location"].endswith("#rapportera")
    report = AccessibilityReport.objects.get()
    assert report.page_url == "/parter/" and report.name == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tillganglighet@region.example"]
    assert "Tabellen går inte att läsa" in mail.outbox[0].body
    assert OutgoingMail.objects.get().context == f"tillganglighet:{report.pk}"
    assert "Tack! Din rapport är skickad" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_accessibility_report_errors_at_the_field_and_input_kept(client):
    response = client.post(
        reverse("accessibility"), {"name": "Kim", "email": "inte-en-adress", "page_url": "", "description": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["page_url"] == ["Ange vilken sida problemet finns på."]
    assert errors["description"] == ["Beskriv problemet så att vi kan åtgärda det."]
    assert errors["email"] == ["Skriv e-postadressen i formen namn@exempel.se."]
    html = response.content.decode()
    assert 'value="Kim"' in html and 'value="inte-en-adress"' in html
    assert 'id="id_page_url_error"' in html
    assert not AccessibilityReport.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_accessibility_page_prefills_the_page_from_the_query(client):
    response = client.get(reverse("accessibility") + "?sida=/namnd/GNS/")
    assert response.context["form"].initial["page_url"] == "/namnd/GNS/"


@pytest.mark.django_db
def test_accessibility_report_service_validates():
    with pytest.raises(ValidationError):
        accessibility_report_create(page_url="", description="x")


@pytest.mark.django_db
def test_report_form_is_prefilled_with_the_page_the_visitor_came_from(client):
    html = client.get(reverse("login")).content.decode()
    assert 'href="/tillganglighet/#rapportera"' in html  # the footer link, same on every page
    response = client.get(reverse("accessibility"), HTTP_REFERER="http://testserver/parter/?x=1")
    assert response.context["form"].initial["page_url"] == "/parter/?x=1"
    response = client.get(reverse("accessibility"), HTTP_REFERER="https://elsewhere.example/sida/")
    assert response.context["form"].initial["page_url"] == ""


@pytest.mark.django_db
def test_one_or_none_reads_the_row_by_its_key_without_ordering(make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.db import one_or_none
    from common.models import User

    user = make_user()
    with CaptureQueriesContext(connection) as captured:
        assert one_or_none(User.objects.filter(pk=user.pk)) == user
        assert one_or_none(User.objects.filter(pk=user.pk + 1000)) is None
    assert len(captured) == 2
    assert all("ORDER BY" not in query["sql"] for query in captured.captured_queries)
