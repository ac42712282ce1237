"""The main forms with the keyboard only (WCAG 2.1.1): Tab to each field, type, Space for a checkbox, Enter
to submit. One browser session for the whole journey of a secretary: register a case, add a document to
it, write its memo, put in the budget (and confirm the amount), propose the base-contribution invoices
and issue them (after the confirmation page). Each focused target must show its focus (2.4.7)."""

from __future__ import annotations

import pytest

from projects.tests.conftest import gns  # noqa: F401 - fixture
from tests.e2e.conftest import open_browser, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_NAME = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return ['', false];
  const label = (e.labels && e.labels.length) ? e.labels[0].innerText : (e.innerText || e.value || '');
  const style = getComputedStyle(e);
  const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return [label.replace(/\\s*\\*$/, '').trim(), visible];
}"""


def tab_to(page, name: str, *, limit: int = 120) -> None:
    """Press Tab until the element labelled (or reading) ``name`` has the focus; it must show it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label, visible = page.evaluate(FOCUSED_NAME)
        if label.startswith(name):
            assert visible, f"{name!r} har fokus men syns inte ha det"
            return
    raise AssertionError(f"Nådde aldrig {name!r} med Tab på {page.url}")


def type_into(page, name: str, text: str) -> None:
    tab_to(page, name)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def submit_with(page, button: str) -> None:
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_secretary_does_the_main_work_with_the_keyboard_only(live_server, gns, make_user, tmp_path):  # noqa: F811
    from cases.tests.factories import DiaryFactory
    from finance.services import budget_set

    DiaryFactory()
    make_user("secretariat", username="sekr", first_name="Sara", last_name="Sekreterare")
    budget_set(committee=gns.committee, year=2021, base_amount=95000)  # last figure: 95 000 kr
    cookie = session_cookie(live_server.url, "sekr")
    attachment = tmp_path / "yttrande.txt"
    attachment.write_text("Bräcke kommun ställer sig bakom förstudien.", encoding="utf-8")
    url = live_server.url

    with open_browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        context.add_cookies([cookie])
        page = context.new_page()

        # 1. Register a case.
        page.goto(url + "/diarium/registrera/")
        type_into(page, "Ärendemening", "Förstudie kring samverkan om IT-serverdrift")
        submit_with(page, "Registrera")
        assert "Förstudie kring samverkan om IT-serverdrift" in page.content()
        case_url = page.url

        # 2. Add a document. The file field is reached with Tab; the file itself is picked in the operating
        #    system's dialog, which is not the page, so it is handed to the focused field directly.
        page.goto(case_url + "handlingar/ny/")
        tab_to(page, "Riktning")
        page.keyboard.press("ArrowDown")  # a native select changes with the arrow keys
        type_into(page, "Avsändare eller mottagare", "Bräcke kommun")
        type_into(page, "Kort beskrivning", "Yttrande över förstudien")
        tab_to(page, "Fil")
        page.locator(":focus").set_input_files(str(attachment))
        submit_with(page, "Registrera handling")
        assert "Yttrande över förstudien" in page.content()

        # 3. Write the memo.
        page.goto(case_url + "tjansteskrivelse/redigera/")
        type_into(page, "Rubrik", "Förstudie IT-serverdrift")
        type_into(page, "Bakgrund", "Parterna har utrett gemensam serverdrift.")
        type_into(page, "Förslag till beslut", "Förstudien godkänns.")
        submit_with(page, "Spara")
        assert "Förstudien godkänns." in page.content()

        # 4. The budget: typed as a Swede types it, then the second look at a tenfold change.
        page.goto(url + "/ekonomi/GNS/2021/budget/")
        type_into(page, "Basfinansiering", "950 000,00")
        submit_with(page, "Spara")
        assert "Menade du 950\u00a0000,00 kr?" in page.locator(".error-summary").inner_text()
        tab_to(page, "Ja, basfinansiering ska vara 950\u00a0000,00 kr")
        page.keyboard.press("Space")
        submit_with(page, "Spara")
        assert "Budgeten för 2021 är sparad." in page.content()

        # 5. Propose the base-contribution invoices, then issue them after the confirmation page.
        submit_with(page, "Föreslå fakturor (utkast)")
        assert "9 fakturautkast på grundbeloppet 2021 är skapade" in page.content()
        submit_with(page, "Skicka alla 9 utkast")
        assert "Det här går inte att ångra" in page.content()
        submit_with(page, "Ja, skicka 9 fakturor")
        assert "9 fakturor på grundbeloppet 2021 är skickade" in page.content()
        assert "Föreslå fakturor" not in page.content()
        context.close()

    from cases.models import Case, Document
    from finance.models import Budget, Invoice

    case = Case.objects.get(title="Förstudie kring samverkan om IT-serverdrift")
    assert Document.objects.get(case=case).description == "Yttrande över förstudien"
    assert case.memo.proposal == "Förstudien godkänns."
    assert Budget.objects.get(year=2021).base_amount == 950000
    assert Invoice.objects.filter(year=2021, status=Invoice.Status.ISSUED).count() == 9
