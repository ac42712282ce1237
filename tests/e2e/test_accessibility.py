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
from django.db import connection

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


@pytest.mark.skipif(
    connection.vendor == "postgresql" and os.environ.get("AXE_ON_POSTGRES") != "1",
    reason="the markup does not depend on the database: CI walks the pages once, in its SQLite run "
    "(AXE_ON_POSTGRES=1 walks them on PostgreSQL too)",
)
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

    def check(tab, label: str, persona: str) -> None:
        """axe at both widths on the document in ``tab`` (re-laid out, not reloaded), and reflow on a phone."""
        nonlocal visited
        # bypass_csp: axe is injected as an inline script, which the portal's CSP rightly refuses.
        tab.add_script_tag(content=AXE)
        for width, viewport in VIEWPORTS.items():
            tab.set_viewport_size(viewport)
            visited += 1
            for violation in run_axe(tab, inject=False):
                problems.append(f"{label} ({persona}, {width}): {describe(violation)}")
            if width == "telefon":
                # A table that scrolls sideways says so above it (static/js/portal.js).
                unexplained = tab.evaluate(
                    """() => { window.portalTableHints();
                       return [...document.querySelectorAll('.table-wrap')].filter(w =>
                         w.scrollWidth > w.clientWidth + 1
                         && !(w.previousElementSibling && w.previousElementSibling.classList.contains('scroll-hint'))
                       ).length; }"""
                )
                if unexplained:
                    problems.append(f"{label} ({persona}, telefon): {unexplained} bred(a) tabell(er) utan svephint")
                # Nothing may stick out sideways on a phone (WCAG 1.4.10 reflow).
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    problems.append(f"{label} ({persona}, telefon): {overflow} px bredare än skärmen")
            if screenshots:
                name = f"{persona}-{label}-{width}".replace(":", "-").replace("/", "_").replace(" ", "_")
                tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        tab.set_viewport_size(VIEWPORTS["dator"])

    with open_browser() as browser:
        for persona, persona_pages in pages.items():
            # One session per persona: its cookie, one tab, every page it sees.
            context = browser.new_context(viewport=VIEWPORTS["dator"], locale="sv-SE", bypass_csp=True)
            context.add_cookies(cookies[persona])
            tab = context.new_page()
            for page in persona_pages:
                response = tab.goto(live_server.url + page.url)
                assert response.status == 200, f"{page.url} som {persona}: {response.status}"
                assert tab.evaluate("document.documentElement.lang") == "sv", page.url
                check(tab, page.url, persona)
            if persona == "sekretariat":
                # The states a page reaches only by a submission: errors, a second look, a confirmation.
                url = {page.name: live_server.url + page.url for page in persona_pages}
                tab.goto(url["cases:document_add"])
                tab.get_by_role("button", name="Registrera handling").click()
                assert tab.locator(".error-summary").count() == 1
                check(tab, "handling-med-fel", persona)
                tab.goto(url["finance:budget_edit"])
                tab.locator("[name=base_amount]").fill("9 144 000")
                tab.get_by_role("button", name="Spara").click()
                assert "Menade du" in tab.content()
                check(tab, "budget-menade-du", persona)
                tab.goto(url["cases:close"])
                tab.locator("[name=reason]").fill("Ärendet är klart.")
                tab.get_by_role("button", name="Avsluta ärendet").click()
                assert "Det här går inte att ångra" in tab.content()
                check(tab, "avsluta-bekrafta", persona)
            context.close()
    counts = ", ".join(f"{persona} {len(persona_pages)}" for persona, persona_pages in pages.items())
    summary = SCREENSHOTS.parent / "axe-walk.txt"
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(f"Sidor per roll: {counts}; {visited} kontroller (sida × bredd); {len(problems)} avvikelser\n")
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
