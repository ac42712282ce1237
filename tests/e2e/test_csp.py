"""The Content-Security-Policy in a real browser: the pages, htmx and the Django admin work under it
without a single violation (the axe test injects its script with bypass_csp; this one does not)."""

from __future__ import annotations

import types

import pytest
from django.core.management import call_command

from tests.e2e.conftest import open_browser, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_admin_run_under_the_csp_without_violations(live_server):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    from cases.models import Case, Document

    case = Case.objects.get(diary__prefix="GNS", sequence=8, year=2019)
    document = Document.objects.filter(case=case, is_secret=False).first()
    pages = {
        "sekreterare": [
            "/",
            "/diarium/",
            f"/diarium/arenden/{case.pk}/",
            f"/diarium/arenden/{case.pk}/historik/",
            f"/diarium/handlingar/{document.pk}/lasare/",
            "/diarium/sok/?q=serverdrift",
            "/drift/",
            "/ekonomi/",
        ],
        "admin": ["/admin/", "/admin/common/user/1/change/", "/admin/common/userrole/"],
        None: ["/konto/logga-in/", "/tillganglighet/", "/offentligt-diarium/"],
    }
    cookies = {who: session_cookie(live_server.url, who) if who else None for who in pages}
    violations: list[str] = []
    with open_browser() as browser:
        for who, urls in pages.items():
            context = browser.new_context(locale="sv-SE")
            if cookies[who]:
                context.add_cookies([cookies[who]])
            page = context.new_page()
            page.on(
                "console",
                lambda message, who=who: (
                    violations.append(f"{who}: {message.text}") if "Content Security Policy" in message.text else None
                ),
            )
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, f"{url}: {response.status}"
                page.wait_for_load_state("networkidle")
            # htmx still works under the policy: the diary's filter updates the table in place.
            if who == "sekreterare":
                page.goto(live_server.url + "/diarium/")
                page.get_by_label("Sök").fill("serverdrift")
                page.get_by_label("Sök").press("Enter")
                page.wait_for_load_state("networkidle")
                assert "serverdrift" in page.content().lower()
            context.close()
    assert violations == []
