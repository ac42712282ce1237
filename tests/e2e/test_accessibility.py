"""WCAG 2.2 AA in a real browser on every page of the portal, as the public, the secretariat, a member
and a party representative see it, at phone (390 px) and desktop (1280 px) width.

The pages are not listed here: tests/e2e/pages.py derives them from the URL patterns (with the access
test's samples for parameters), so a page added by any app is walked as soon as it exists. Any axe
violation of the WCAG 2.0/2.1/2.2 A and AA rules fails the test, whatever its impact. Set
``AXE_SCREENSHOTS=1`` to also save a full-page screenshot of each page at each width in
var/screenshots/ for a human to look at."""

from __future__ import annotations

import os
import types

import pytest
from django.core.management import call_command

from tests.e2e.conftest import AXE, SCREENSHOTS, describe, open_browser, run_axe
from tests.e2e.pages import pages_by_persona, session_cookies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"dator": {"width": 1280, "height": 900}, "telefon": {"width": 390, "height": 844}}

# Pages each persona must reach, so that a walk which silently lost its way fails.
EXPECTED = {
    "allmänheten": {"home", "accessibility", "login", "public_diary:list", "public_diary:detail"},
    "sekretariat": {"cases:list", "cases:detail", "cases:memo_edit", "finance:year", "finance:invoice_detail"},
    "ledamot": {"home", "committee:detail"},
    "partsrepresentant": {"party:portal", "party:invoice"},
}


def _load_demo():
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))


def test_every_page_passes_wcag_22_aa_at_both_widths(live_server):
    _load_demo()
    pages = pages_by_persona()
    cookies = session_cookies(live_server.url)
    for persona, names in EXPECTED.items():
        missing = names - {page.name for page in pages[persona]}
        assert not missing, f"{persona} når inte {sorted(missing)}"
    screenshots = os.environ.get("AXE_SCREENSHOTS") == "1"
    if screenshots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    visited = 0
    with open_browser() as browser:
        for persona, persona_pages in pages.items():
            # One session per persona: its cookie, one tab, every page it sees.
            context = browser.new_context(viewport=VIEWPORTS["dator"], locale="sv-SE", bypass_csp=True)
            context.add_cookies(cookies[persona])
            tab = context.new_page()
            for page in persona_pages:
                tab.set_viewport_size(VIEWPORTS["dator"])
                response = tab.goto(live_server.url + page.url)
                assert response.status == 200, f"{page.url} som {persona}: {response.status}"
                assert tab.evaluate("document.documentElement.lang") == "sv", page.url
                # bypass_csp: axe is injected as an inline script, which the portal's CSP rightly refuses.
                tab.add_script_tag(content=AXE)
                for width, viewport in VIEWPORTS.items():
                    tab.set_viewport_size(viewport)  # the same document re-laid out at the other width
                    visited += 1
                    for violation in run_axe(tab, inject=False):
                        problems.append(f"{page.url} ({persona}, {width}): {describe(violation)}")
                    if width == "telefon":
                        # Nothing may stick out sideways on a phone (WCAG 1.4.10 reflow).
                        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                        if overflow > 0:
                            problems.append(f"{page.url} ({persona}, telefon): {overflow} px bredare än skärmen")
                    if screenshots:
                        name = f"{persona}-{page.name}-{width}".replace(":", "-").replace("/", "_")
                        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            context.close()
    assert visited >= 2 * sum(len(names) for names in EXPECTED.values())
    assert not problems, f"Tillgänglighetsproblem ({len(problems)} av {visited} sidvisningar):\n" + "\n".join(problems)


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
