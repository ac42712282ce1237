"""Every HTML page of the portal, as each kind of user sees it: derived from the URL patterns.

The accessibility walk (test_accessibility.py) does not keep its own list of pages. It walks every
URL pattern (tests/urlwalk.py, the same walker as the access-rule test), fills in parameters from
tests/access_samples.py (which every new URL with parameters must extend anyway) and asks each
persona's Django test client for the page. What answers 200 with HTML is a page that persona sees;
redirects, 403, 405 (POST-only), files (PDF, CSV) and htmx fragments are left out. A page added by another app is
covered as soon as its URL pattern exists.

Call ``pages_by_persona`` outside the browser block (it uses the ORM).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from common.access import AUTHENTICATED, MEMBER, PARTY_REPRESENTATIVE, PUBLIC, SECRETARIAT, rule_of
from tests.access_samples import SAMPLES
from tests.urlwalk import walk

# The personas of the walk: the public and the demo user of each role that sees pages of its own.
PERSONAS = {
    "allmänheten": None,
    "sekretariat": "sekreterare",
    "ledamot": "ledamot-region",
    "partsrepresentant": "part-ostersund",
}
ROLES = {"allmänheten": None, "sekretariat": SECRETARIAT, "ledamot": MEMBER, "partsrepresentant": PARTY_REPRESENTATIVE}

# Pages that need a query string to show what they are for (a search with hits, not an empty form).
QUERIES = {"cases:search": "?q=serverdrift"}

# Endpoints left out of the walk, with the reason.
SKIPPED = {
    "logout": "POST only; logs the browser's session out",
}


@dataclass(frozen=True)
class Page:
    persona: str
    name: str
    url: str


def _clients() -> dict[str, Client]:
    from common.models import User

    clients = {}
    for persona, username in PERSONAS.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        clients[persona] = client
    return clients


def _may_see(rule, persona: str) -> bool:
    """Whether the view's declared rule lets the persona in (the access test proves the rules hold)."""
    role = ROLES[persona]
    return PUBLIC in rule or (role is not None and (AUTHENTICATED in rule or role in rule))


def page_urls() -> list[tuple[str, str, frozenset]]:
    """(name, url, rule) of every endpoint, parameters filled from the access samples."""
    from tests.test_access_rules import DemoObjects

    demo = DemoObjects()
    urls = []
    for endpoint in walk():
        if endpoint.name in SKIPPED:
            continue
        rule = rule_of(endpoint.callback) or frozenset()
        if endpoint.name is None:
            urls.append((endpoint.route, "/" + endpoint.route, rule))
            continue
        if endpoint.has_params and endpoint.name not in SAMPLES:
            raise AssertionError(f"{endpoint.name}: saknar exempel i tests/access_samples.py")
        kwargs = SAMPLES[endpoint.name](demo) if endpoint.has_params else {}
        urls.append((endpoint.name, reverse(endpoint.name, kwargs=kwargs) + QUERIES.get(endpoint.name, ""), rule))
    return urls


def pages_by_persona() -> dict[str, list[Page]]:
    """For each persona, the HTML pages that answer 200 to it."""
    clients = _clients()
    found: dict[str, list[Page]] = {persona: [] for persona in PERSONAS}
    for name, url, rule in page_urls():
        for persona, client in clients.items():
            if not _may_see(rule, persona):
                continue
            response = client.get(url)
            # A whole document, not an htmx fragment (fragments are walked inside the pages that hold them).
            if (
                response.status_code == 200
                and response.get("Content-Type", "").startswith("text/html")
                and b"<html" in response.content[:1000]
            ):
                found[persona].append(Page(persona, name, url))
    return found


def session_cookies(live_server_url: str) -> dict[str, list[dict]]:
    """Playwright cookies for each persona's logged-in session (none for the public)."""
    from tests.e2e.conftest import session_cookie

    return {
        persona: [session_cookie(live_server_url, username)] if username else []
        for persona, username in PERSONAS.items()
    }
