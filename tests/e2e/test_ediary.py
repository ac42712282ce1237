"""The e-diary in the browser (issue 13), with the demo data: as the public, find a case, read a published
memo and request a document; as the registrar, answer the request. axe on every page passed, at phone
and desktop width; screenshots in var/screenshots/ediary-*.png."""

from __future__ import annotations

import types

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS, open_browser, run_axe, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"telefon": {"width": 390, "height": 844}, "dator": {"width": 1280, "height": 900}}


def _check(page, name: str, viewport: str, problems: list[str]) -> None:
    assert page.evaluate("document.documentElement.lang") == "sv"
    for violation in run_axe(page):
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name} ({viewport}): {violation['id']} – {violation['help']} {targets}")
    if viewport == "telefon":
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{name} (telefon): sidan är {overflow} px bredare än skärmen")
    page.screenshot(path=str(SCREENSHOTS / f"ediary-{name}-{viewport}.png"), full_page=True)


def test_public_finds_reads_and_requests_and_the_registrar_answers(live_server):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    from cases.models import Case, Document

    case = Case.objects.get(diary__prefix="GNS", sequence=8, year=2019)
    memo = Document.objects.get(case=case, kind=Document.Kind.MEMO)
    registrar = session_cookie(live_server.url, "registrator")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    numbers: list[str] = []
    with open_browser() as browser:
        for viewport_name, viewport in VIEWPORTS.items():
            public = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            page = public.new_page()
            # Find the case by a word of its title.
            page.goto(live_server.url + "/offentligt-diarium/")
            page.fill("#id_q", "digital transformation")
            page.click("form[role=search] button[type=submit]")
            page.wait_for_selector(f"text={case.number}")
            _check(page, "lista", viewport_name, problems)
            page.click(f"a:text-is('{case.number}')")
            page.wait_for_url(f"**/offentligt-diarium/{case.pk}/")
            text = page.inner_text("main")
            assert "Privatperson" in text and "Östlund" not in text
            _check(page, "arende", viewport_name, problems)
            # Read the published memo.
            link = page.locator(f"a[href='/offentligt-diarium/handlingar/{memo.pk}/fil/']")
            response = page.request.get(live_server.url + link.get_attribute("href"))
            assert response.status == 200 and response.body().startswith(b"%PDF")
            # Request the memo: anonymous, read on site.
            page.click(f"a[href$='?handling={memo.pk}']")
            page.fill("#id_wanted", "Tjänsteskrivelsen om projektet.")
            page.check("input[name=format][value=on_site]")
            _check(page, "begar-ut", viewport_name, problems)
            page.click("form.form button[type=submit]")
            page.wait_for_url(f"**/offentligt-diarium/{case.pk}/")
            message = page.inner_text(".messages, [role=status], main")
            assert "registrerad som BEG/" in message
            numbers.append(message.split("registrerad som ")[1].split(".")[0].split(" ")[0])
            public.close()

            staff = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            staff.add_cookies([registrar])
            page = staff.new_page()
            page.goto(live_server.url + "/diarium/begaranden/")
            _check(page, "kö", viewport_name, problems)
            page.click(f"a:text-is('{numbers[-1]}')")
            _check(page, "besvara", viewport_name, problems)
            page.check("input[name=outcome][value=released]")
            page.fill("#id_message", "Välkommen att läsa handlingen hos registratorn.")
            page.click("form.form button[type=submit]")
            page.wait_for_selector("text=har besvarats")
            assert "Lämnas ut" in page.inner_text("main")
            _check(page, "besvarad", viewport_name, problems)
            page.goto(live_server.url + f"/diarium/handlingar/{memo.pk}/e-diariet/")
            _check(page, "handling-e-diariet", viewport_name, problems)
            staff.close()
    assert len(set(numbers)) == 2
    assert not problems, "Tillgänglighetsproblem:\n" + "\n".join(problems)
