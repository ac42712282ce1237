"""The protocol's whole cycle in a real browser, as its users do it: the secretary writes the protocol of a
held meeting (attendance, a decision that differs from the proposal, the adjusters), the chair and the
adjuster each adjust it with their password (the adjuster on a phone-sized screen), the public notice board
shows it with the missing parties, and a party's representative records the posting on the party's own
board. axe finds no violations on any of these pages; screenshots in var/screenshots/."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, open_browser, run_axe, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _check(page, name: str, failures: list) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"protokoll-{name}.png"), full_page=True)
    violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical", "moderate")]
    failures.extend(f"{name}: {v['id']} ({v['impact']}): {v['help']}" for v in violations)


def test_secretary_records_adjusters_adjust_public_board_and_party_posting(live_server):
    from common.models import Role
    from common.tests.factories import UserFactory
    from parties.models import PartyRepresentative
    from protocol.tests.factories import TEST_PASSWORD, setup_meeting

    s = setup_meeting()
    representative = UserFactory(username="rep-e2e", roles=[Role.PARTY_REPRESENTATIVE])
    PartyRepresentative.objects.create(user=representative, party=s.parties[1])
    adjuster_name = s.members[0].get_full_name()
    cookies = {
        "secretary": session_cookie(live_server.url, s.secretary.username),
        "chair": session_cookie(live_server.url, s.chair.username),
        "adjuster": session_cookie(live_server.url, s.members[0].username),
        "representative": session_cookie(live_server.url, representative.username),
    }
    meeting_id = s.meeting.pk
    failures: list[str] = []

    with open_browser() as browser:
        # The secretary creates the protocol from the agenda and writes §2.
        context = browser.new_context(viewport=DESKTOP, locale="sv-SE", bypass_csp=True)
        context.add_cookies([cookies["secretary"]])
        page = context.new_page()
        page.goto(f"{live_server.url}/protokoll/")
        page.get_by_role("button", name="Skriv protokoll").first.click()
        page.wait_for_load_state()
        assert "/protokoll/" in page.url and "Utkast" in page.content()
        protocol_url = page.url
        _check(page, "utkast-sekretariat", failures)
        page.get_by_label(adjuster_name).check()
        page.get_by_role("button", name="Spara justerare").click()
        assert "Justerarna är valda" in page.content()
        page.get_by_role("link", name="Skriv §2").click()
        _check(page, "paragraf", failures)
        page.locator("#id_text-motions").fill("Ledamot Nummer1 (S) yrkar att ärendet återremitteras.")
        page.locator("#id_text-decision").fill("Ärendet återremitteras till sekretariatet.")
        page.get_by_role("button", name="Spara paragrafen").click()
        assert "är sparad" in page.content()
        context.close()

        # The chair adjusts on a desktop, the adjuster on a phone, each with their password.
        for who, viewport in (("chair", DESKTOP), ("adjuster", PHONE)):
            context = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            context.add_cookies([cookies[who]])
            page = context.new_page()
            page.goto(protocol_url + "justera/")
            assert "Ärendet återremitteras till sekretariatet." in page.content()
            page.get_by_label("Ditt lösenord").fill("fel-lösenord")
            page.get_by_role("button", name="Justera protokollet").click()
            assert "Fel lösenord" in page.content()
            _check(page, f"justera-{who}", failures)
            page.get_by_label("Ditt lösenord").fill(TEST_PASSWORD)
            page.get_by_role("button", name="Justera protokollet").click()
            expected = "väntar på övriga justerare" if who == "chair" else "Protokollet är justerat och anslaget"
            assert expected in page.content()
            context.close()

        # Anyone: the notice board shows the protocol with the parties that have not posted.
        for name, viewport in (("telefon", PHONE), ("dator", DESKTOP)):
            context = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            page = context.new_page()
            page.goto(f"{live_server.url}/anslagstavla/")
            html = page.content()
            assert "inte anslaget ännu" in html and "Ännu inte bestämd" in html
            _check(page, f"anslagstavla-{name}", failures)
            page.get_by_role("link", name="Läs protokollet").first.click()
            assert "Justerat" in page.content() and "Ärendet återremitteras till sekretariatet." in page.content()
            _check(page, f"justerat-{name}", failures)
            context.close()

        # The party's representative records the posting on the party's own notice board.
        context = browser.new_context(viewport=PHONE, locale="sv-SE", bypass_csp=True)
        context.add_cookies([cookies["representative"]])
        page = context.new_page()
        page.goto(f"{live_server.url}/protokoll/anslag/")
        _check(page, "anslag-part", failures)
        page.get_by_role("button", name="Registrera anslaget").click()
        assert "är registrerat" in page.content()
        context.close()

    from protocol.models import PartyPosting, Protocol

    protocol = Protocol.objects.get(meeting_id=meeting_id)
    assert protocol.is_adjusted and protocol.approvals.count() == 2
    assert PartyPosting.objects.get(notice__protocol=protocol, party=s.parties[1]).recorded_by == representative
    assert not failures, "\n".join(failures)
