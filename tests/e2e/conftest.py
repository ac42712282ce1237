"""Browser tests: pytest-django's live_server + Playwright driving Debian's chromium.

ORM work happens outside the ``sync_playwright()`` block (Playwright runs an event loop in the test
thread, and Django refuses synchronous ORM calls there). Log-ins are made with a session cookie that
is created before the browser starts.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE = (Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def session_cookie(live_server_url: str, username: str) -> dict:
    """A Playwright cookie for a logged-in session of ``username`` (call outside the browser block)."""
    from django.test import Client

    from common.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url,
    }


@contextmanager
def open_browser():
    """Chromium for the duration of the block. Do all ORM work before entering or after leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


# WCAG 2.2 AA as EN 301 549 will adopt it: every A and AA rule of 2.0, 2.1 and 2.2.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, *, inject: bool = True) -> list[dict]:
    """axe-core's violations of WCAG 2.2 A/AA on the current page, at any impact.

    axe ships its ``target-size`` rule (2.5.8, targets of at least 24 × 24 px or spaced) switched off;
    selecting rules by tag does not switch it on, so it is named here."""
    if inject:
        page.add_script_tag(content=AXE)
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
             rules: {'target-size': {enabled: true}}, resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violation: dict) -> str:
    targets = [node["target"] for node in violation["nodes"]][:4]
    return f"{violation['id']} ({violation['impact']}) – {violation['help']} {targets}"
