"""axe-core in a real browser on the main pages, at phone (390 px) and desktop width, plus
screenshots in var/screenshots/ for a human to look at."""

from __future__ import annotations

import types

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS, open_browser, run_axe, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"telefon": {"width": 390, "height": 844}, "dator": {"width": 1280, "height": 900}}


def _load_demo():
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))


def test_main_pages_have_no_serious_or_critical_axe_violations(live_server):
    _load_demo()
    from cases.models import Case, Document
    from common.models import OutgoingMail
    from common.outbox import outbox_mail_enqueue
    from finance.models import Invoice
    from parties.models import Party
    from projects.models import Project

    party_pk = Party.objects.get(code="2380").pk
    mail_pk = (
        OutgoingMail.objects.order_by("pk").first()
        or outbox_mail_enqueue(to=["ledamot@example.org"], subject="Kallelse", body="Välkommen.", context="kallelse:1")
    ).pk
    document_pk = Document.objects.filter(case__sequence=8, case__year=2019, is_secret=False).first().pk
    case_pk = Case.objects.get(diary__prefix="GNS", sequence=4, year=2019).pk  # has a memo
    invoice_pk = Invoice.objects.filter(party__code="2305", project__isnull=False).order_by("pk").first().pk
    project_pk = Project.objects.get(name__startswith="Digital transformation").pk
    from meetings.models import Meeting

    meeting_pk = Meeting.objects.get(committee__short_name="GNS", date="2020-02-14").pk
    item_pk = Meeting.objects.get(pk=meeting_pk).items.filter(case__isnull=False).order_by("position").first().pk
    cookies = {
        None: None,
        "sekreterare": session_cookie(live_server.url, "sekreterare"),
        "ledamot-region": session_cookie(live_server.url, "ledamot-region"),
        "part-bracke": session_cookie(live_server.url, "part-bracke"),
    }
    pages = [
        ("start", "/", None),
        ("logga-in", "/konto/logga-in/", None),
        ("tillganglighet", "/tillganglighet/", None),
        ("parter", "/parter/", "sekreterare"),
        ("part", f"/parter/{party_pk}/", "sekreterare"),
        ("part-andra", f"/parter/{party_pk}/andra/", "sekreterare"),
        ("folkmangd-import", "/parter/folkmangd/import/", "sekreterare"),
        ("namnd", "/namnd/GNS/", "ledamot-region"),
        ("uppdrag-ny", "/namnd/GNS/uppdrag/ny/", "sekreterare"),
        # the diary
        ("diarium", "/diarium/", "sekreterare"),
        ("diarium-registrera", "/diarium/registrera/", "sekreterare"),
        ("diarium-sok", "/diarium/sok/?q=serverdrift", "sekreterare"),
        ("arende", f"/diarium/arenden/{case_pk}/", "sekreterare"),
        ("handling-ny", f"/diarium/arenden/{case_pk}/handlingar/ny/", "sekreterare"),
        ("tjansteskrivelse", f"/diarium/arenden/{case_pk}/tjansteskrivelse/", "sekreterare"),
        ("tjansteskrivelse-redigera", f"/diarium/arenden/{case_pk}/tjansteskrivelse/redigera/", "sekreterare"),
        ("arende-historik", f"/diarium/arenden/{case_pk}/historik/", "sekreterare"),
        ("handling", f"/diarium/handlingar/{document_pk}/", "sekreterare"),
        ("handling-lasare", f"/diarium/handlingar/{document_pk}/lasare/", "sekreterare"),
        ("handling-sekretess", f"/diarium/handlingar/{document_pk}/sekretess/", "sekreterare"),
        ("drift", "/drift/", "sekreterare"),
        ("drift-utskick", f"/drift/utskick/{mail_pk}/", "sekreterare"),
        ("drift-sparrar", "/drift/sparrar/", "sekreterare"),
        ("offentligt-diarium", "/offentligt-diarium/", None),
        ("offentligt-arende", f"/offentligt-diarium/{case_pk}/", None),
        # meetings
        ("sammantraden", "/sammantraden/", "ledamot-region"),
        ("sammantrade", f"/sammantraden/{meeting_pk}/", "ledamot-region"),
        ("dagordning", f"/sammantraden/{meeting_pk}/dagordning/", "sekreterare"),
        ("dagordning-punkt", f"/sammantraden/{meeting_pk}/punkt/{item_pk}/", "sekreterare"),
        ("kallelser", f"/sammantraden/{meeting_pk}/kallelser/", "sekreterare"),
        ("sammantradesplaner", "/sammantraden/planer/", "sekreterare"),
        ("sammantrade-nytt", "/sammantraden/nytt/", "sekreterare"),
        ("offentliga-sammantraden", "/offentliga-sammantraden/", None),
        ("offentlig-dagordning", f"/offentliga-sammantraden/{meeting_pk}/", None),
        # money
        ("ekonomi", "/ekonomi/", "sekreterare"),
        ("ekonomi-ar", "/ekonomi/GNS/2020/", "sekreterare"),
        ("fakturor", "/ekonomi/fakturor/", "sekreterare"),
        ("faktura", f"/ekonomi/fakturor/{invoice_pk}/", "sekreterare"),
        ("projekt", "/projekt/", "sekreterare"),
        ("projekt-detalj", f"/projekt/{project_pk}/", "sekreterare"),
        ("projekt-fakturera", f"/ekonomi/projekt/{project_pk}/fakturera/", "sekreterare"),
        ("ekonomi-balans", "/ekonomi/GNS/reservationer/", "sekreterare"),
        ("min-part", "/min-part/", "part-bracke"),
        ("min-part-faktura", f"/min-part/faktura/{invoice_pk}/", "part-bracke"),
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with open_browser() as browser:
        _visit_all(browser, live_server, pages, cookies, problems)
    assert not problems, "Tillgänglighetsproblem:\n" + "\n".join(problems)


def _visit_all(browser, live_server, pages, cookies, problems):
    for viewport_name, viewport in VIEWPORTS.items():
        for who in cookies:
            # bypass_csp: axe is injected as an inline script, which the portal's CSP rightly refuses.
            context = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            if cookies[who]:
                context.add_cookies([cookies[who]])
            page = context.new_page()
            for name, path, user in pages:
                if user != who:
                    continue
                response = page.goto(live_server.url + path)
                assert response.status == 200, f"{path} som {who}: {response.status}"
                assert page.evaluate("document.documentElement.lang") == "sv"
                for violation in run_axe(page):
                    if violation["impact"] in ("serious", "critical"):
                        targets = [node["target"] for node in violation["nodes"]][:3]
                        problems.append(f"{path} ({viewport_name}): {violation['id']} – {violation['help']} {targets}")
                # Nothing may stick out sideways on a phone (WCAG 1.4.10 reflow).
                if viewport_name == "telefon":
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    if overflow > 0:
                        problems.append(f"{path} (telefon): sidan är {overflow} px bredare än skärmen")
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport_name}.png"), full_page=True)
            context.close()


def test_skip_link_is_first_and_moves_focus_to_main(live_server):
    with open_browser() as browser:
        page = browser.new_page()
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent.trim()")
        left = page.evaluate("getComputedStyle(document.activeElement).left")
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
    assert first == "Hoppa till innehållet"
    assert left != "-9999px"  # visible when focused
    assert focused == "main"


def test_accessibility_report_form_in_the_browser(live_server):
    with open_browser() as browser:
        page = browser.new_page()
        page.goto(live_server.url + "/tillganglighet/")
        page.get_by_label("Namn (frivilligt)").fill("Kim")
        page.get_by_role("button", name="Skicka rapporten").click()
        # Errors at the fields, input kept.
        error = page.locator("#id_description_error").inner_text()
        kept = page.get_by_label("Namn (frivilligt)").input_value()
        page.get_by_label("Sida där problemet finns").fill("/parter/")
        page.get_by_label("Beskriv problemet").fill("Knappen syns inte i högkontrastläge.")
        page.get_by_role("button", name="Skicka rapporten").click()
        confirmation = page.locator(".messages").inner_text()
    assert error.endswith("Beskriv problemet så att vi kan åtgärda det.")  # "Fel: " comes from CSS
    assert kept == "Kim"
    assert "Tack! Din rapport är skickad" in confirmation

    from common.models import AccessibilityReport

    assert AccessibilityReport.objects.get().description == "Knappen syns inte i högkontrastläge."
