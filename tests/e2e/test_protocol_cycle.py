"""The whole cycle of a meeting in a real browser, as its users do it: the secretariat publishes the agenda
of a planned meeting and sends the notice (late, since the meeting is today), a member reads the agenda on
a phone, the secretary writes the protocol (attendance, a decision that differs from the proposal, the
adjusters), the chair and the adjuster each adjust it with their password (the adjuster on a phone-sized
screen), the public notice board shows it with the missing parties, and a party's representative records
the posting on the party's own board. axe finds no violations on any of these pages; screenshots in
var/screenshots/."""

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


def test_agenda_published_read_protocol_recorded_adjusted_posted(live_server):
    from django.utils import timezone
    from playwright.sync_api import expect

    from common.models import Role
    from common.tests.factories import UserFactory
    from meetings.models import Meeting
    from parties.models import PartyRepresentative
    from protocol.tests.factories import TEST_PASSWORD, setup_meeting

    s = setup_meeting(date=timezone.localdate(), published=False)
    assert s.meeting.status == Meeting.Status.PLANNED and s.meeting.published_at is None
    representative = UserFactory(username="rep-e2e", roles=[Role.PARTY_REPRESENTATIVE])
    PartyRepresentative.objects.create(user=representative, party=s.parties[1])
    adjuster_name = s.members[0].get_full_name()
    cookies = {
        "secretary": session_cookie(live_server.url, s.secretary.username),
        "member": session_cookie(live_server.url, s.members[1].username),
        "chair": session_cookie(live_server.url, s.chair.username),
        "adjuster": session_cookie(live_server.url, s.members[0].username),
        "representative": session_cookie(live_server.url, representative.username),
    }
    meeting_id = s.meeting.pk
    committee = s.committee.short_name
    meeting_url = f"{live_server.url}/sammantraden/{meeting_id}/"
    titles = ["Val av justerare och tid för justering", "Testärende 0", "Testärende 1", "Information 4"]
    notice_addresses = {p.email for p in (s.chair, *s.members, *s.substitutes)}
    posting_party = s.parties[1].name
    failures: list[str] = []

    with open_browser() as browser:

        def new_page(who: str | None, viewport: dict):
            context = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
            if who:
                context.add_cookies([cookies[who]])
            return context, context.new_page()

        # 1. The secretariat publishes the agenda of the planned meeting and sends the notice.
        context, page = new_page("secretary", DESKTOP)
        page.goto(meeting_url)
        expect(page.get_by_text("Planerat", exact=True)).to_be_visible()
        _check(page, "sammantrade-sekretariat", failures)
        build = page.get_by_role("link", name="Bygg föredragningslistan")
        # A link styled as a button keeps the button's padding among the page's actions.
        assert build.evaluate("e => getComputedStyle(e).paddingLeft") != "0px"
        build.click()
        _check(page, "foredragningslista-sekretariat", failures)
        page.get_by_role("link", name="Publicera och skicka kallelse").click()
        assert page.url == meeting_url + "kalla/"
        expect(page.get_by_role("heading", name="Publicera och skicka kallelse")).to_be_visible()
        expect(page.get_by_text("skickas den i dag är det 0 dagar före")).to_be_visible()
        _check(page, "kallelse-bekrafta", failures)
        page.get_by_role("button", name="Skicka kallelsen").click()
        assert page.url == meeting_url + "kallelser/"
        expect(page.get_by_text("Föredragningslistan är publicerad och kallelsen skickas.")).to_be_visible()
        late = "Kallelsen skickades 0 dagar före sammanträdet; reglementet säger 7 dagar."
        expect(page.get_by_text(late, exact=True)).to_be_visible()  # the late-notice warning
        _check(page, "kallelser", failures)
        context.close()

        # 2. A member reads the agenda on a phone: the reading room, then the meeting.
        context, page = new_page("member", PHONE)
        page.goto(f"{live_server.url}/sammantraden/")
        _check(page, "lasrum-telefon", failures)
        page.get_by_role("region", name="Nästa sammanträde").get_by_role("link", name=committee).click()
        assert page.url == meeting_url
        expect(page.get_by_text("Kallelse skickad", exact=True)).to_be_visible()
        for number, title in enumerate(titles, start=1):
            expect(page.get_by_role("heading", name=f"{number}. {title}", exact=True)).to_be_visible()
        expect(page.get_by_text("Testärende 0 godkänns.")).to_be_visible()
        expect(page.get_by_text("Ordföranden och en ledamot justerar protokollet digitalt.")).to_be_visible()
        _check(page, "sammantrade-ledamot-telefon", failures)
        context.close()

        # 3. The secretary creates the protocol from the agenda and writes §2.
        context, page = new_page("secretary", DESKTOP)
        page.goto(f"{live_server.url}/protokoll/")
        _check(page, "lista-sekretariat", failures)
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
        page.get_by_role("textbox", name="Yrkanden", exact=True).fill(
            "Ledamot Nummer1 (S) yrkar att ärendet återremitteras."
        )
        page.get_by_role("textbox", name="Beslut", exact=True).fill("Ärendet återremitteras till sekretariatet.")
        page.get_by_role("button", name="Spara paragrafen").click()
        assert "är sparad" in page.content()
        context.close()

        # 4. The chair adjusts on a desktop, the adjuster on a phone, each with their password.
        for who, viewport in (("chair", DESKTOP), ("adjuster", PHONE)):
            context, page = new_page(who, viewport)
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

        # 5. Anyone: the notice board shows the protocol with the parties that have not posted.
        for name, viewport in (("telefon", PHONE), ("dator", DESKTOP)):
            context, page = new_page(None, viewport)
            page.goto(f"{live_server.url}/anslagstavla/")
            expect(page.get_by_text(f"{posting_party}: inte anslaget ännu")).to_be_visible()
            expect(page.get_by_text("Ännu inte bestämd: tiden börjar när alla parter har anslagit")).to_be_visible()
            _check(page, f"anslagstavla-{name}", failures)
            page.get_by_role("link", name="Läs protokollet").first.click()
            assert "Justerat" in page.content() and "Ärendet återremitteras till sekretariatet." in page.content()
            _check(page, f"justerat-{name}", failures)
            context.close()

        # 6. The party's representative records the posting on the party's own notice board.
        context, page = new_page("representative", PHONE)
        page.goto(f"{live_server.url}/protokoll/anslag/")
        _check(page, "anslag-part", failures)
        page.get_by_role("button", name="Registrera anslaget").click()
        assert "är registrerat" in page.content()
        page.goto(f"{live_server.url}/anslagstavla/")
        expect(page.get_by_text(f"{posting_party}: anslaget {timezone.localdate():%Y-%m-%d}")).to_be_visible()
        context.close()

    from common.models import OutgoingMail
    from protocol.models import PartyPosting, Protocol

    protocol = Protocol.objects.get(meeting_id=meeting_id)
    assert protocol.is_adjusted and protocol.approvals.count() == 2
    assert PartyPosting.objects.get(notice__protocol=protocol, party=s.parties[1]).recorded_by == representative
    meeting = Meeting.objects.get(pk=meeting_id)
    assert meeting.status == Meeting.Status.ADJUSTED and meeting.published_by == s.secretary
    statuses = list(meeting.history.order_by("history_date", "history_id").values_list("status", flat=True))
    path = [status for i, status in enumerate(statuses) if i == 0 or statuses[i - 1] != status]
    assert path == ["planned", "notice_sent", "held", "adjusted"]
    mail = OutgoingMail.objects.get(context=f"sammantrade:{meeting_id}:kallelse")
    assert set(mail.recipients.values_list("address", flat=True)) == notice_addresses
    assert not failures, "\n".join(failures)
