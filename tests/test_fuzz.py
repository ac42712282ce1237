"""Fuzz: random bytes to each import and upload, random text to each form; never a 500.

The form test finds the forms itself: it opens every URL (with the samples of tests/access_samples.py)
as the demo users who may use it, reads each ``<form method="post">`` and posts hypothesis-made text,
invalid choices, control characters, over-long and numeric strings into every field (and random
bytes into file fields). A new form is fuzzed without anyone adding it here.

Issue 8 found 500s for arbitrary bytes in the population and diary imports, a population of
2147483648 and a NUL character in a title.
"""

from __future__ import annotations

import contextlib
import csv
import types
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access_samples import SAMPLES
from tests.urlwalk import walk

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Posting these would end the session or change the password of the fuzzing user.
SKIP = {"logout", "password_change"}
USERS = ("sekreterare", "admin", "handlaggare", "part-ostersund", "ledamot-region", None)

nasty_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(
        [
            "\x00",
            "titel\x00med NUL",
            "\x01\x02",
            "2147483648",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2019-02-30",
            "0000-00-00",
            "GNS/0/2019",
            "GNS/99999999/99999",
            "<script>x</script>",
            "' OR 1=1 --",
            "x" * 5000,
            "ÅÄÖ åäö",
            "\u202e",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "",
        ]
    ),
)


@pytest.fixture
def demo(db):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))


# --- Imports and uploads: random bytes -------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=3000))
def test_population_import_never_fails_on_random_bytes(secretariat_client, data):
    response = secretariat_client.post(
        reverse("parties:population_import"),
        {"file": SimpleUploadedFile("scb.csv", data or b"x"), "source": "SCB"},
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_diary_import_never_fails_on_random_bytes(secretariat_client, data):
    from cases.tests.factories import DiaryFactory

    diary = DiaryFactory()
    response = secretariat_client.post(
        reverse("cases:import"), {"diary": diary.pk, "file": SimpleUploadedFile("diarium.csv", data or b"x")}
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(
    rows=st.lists(st.lists(nasty_text, min_size=1, max_size=6), min_size=1, max_size=5),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_imports_never_fail_on_random_csv_rows(secretariat_client, rows, encoding):
    from cases.tests.factories import DiaryFactory

    class Text:
        def __init__(self):
            self.parts = []

        def write(self, s):
            self.parts.append(s)

    out = Text()
    csv.writer(out, delimiter=";").writerows(
        [["diarienummer", "datum", "ärendemening", "status", "handläggare"], *rows]
    )
    data = "".join(out.parts).encode(encoding, errors="replace")
    diary = DiaryFactory()
    for url, form in (
        (reverse("cases:import"), {"diary": diary.pk}),
        (reverse("parties:population_import"), {"source": "SCB"}),
    ):
        response = secretariat_client.post(url, {**form, "file": SimpleUploadedFile("fil.csv", data or b"x")})
        assert response.status_code in (200, 302), (url, rows)


@FUZZ
@given(
    data=st.binary(min_size=1, max_size=4000),
    extension=st.sampled_from(["pdf", "docx", "xlsx", "odt", "txt", "png", "exe", ""]),
)
def test_document_upload_never_fails_on_random_bytes(secretariat_client, data, extension):
    from cases.tests.factories import CaseFactory

    case = CaseFactory()
    response = secretariat_client.post(
        reverse("cases:document_add", args=[case.pk]),
        {
            "direction": "incoming",
            "kind": "letter",
            "date": "2019-03-02",
            "counterpart": "Avsändare",
            "counterpart_kind": "company",
            "description": "Fuzz",
            "file": SimpleUploadedFile(f"fil.{extension}" if extension else "fil", data),
        },
    )
    assert response.status_code in (200, 302)


# --- Every form: random text -------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of each <form method="post"> on a page: name → (kind, choices)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = attrs.get("type", tag) if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                return
            field = self._form["fields"].setdefault(attrs["name"], {"kind": kind, "choices": []})
            if attrs.get("value") is not None and kind not in ("text", "email", "password", "search", "number", "date"):
                field["choices"].append(attrs["value"])
            if tag == "select":
                self._select = attrs["name"]
        elif tag == "option" and self._form is not None and self._select and "value" in attrs:
            self._form["fields"][self._select]["choices"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _form_pages(clients) -> list[tuple[str, str, str, dict]]:
    """(who, page url, post url, fields) for every post form the demo users can open."""
    from tests.test_access_rules import DemoObjects

    demo = DemoObjects()
    found, seen = [], set()
    skipped_actions = {reverse(name) for name in SKIP}
    for endpoint in walk():
        if endpoint.name is None or endpoint.name.split(":")[-1] in SKIP:
            continue
        if endpoint.has_params and endpoint.name not in SAMPLES:
            continue
        url = reverse(endpoint.name, kwargs=SAMPLES[endpoint.name](demo) if endpoint.has_params else {})
        for who in USERS:
            response = clients[who].get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = FormFields()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = form["action"].split("#")[0] or url
                key = (action, tuple(sorted(form["fields"])))
                if form["fields"] and action not in skipped_actions and key not in seen:
                    seen.add(key)
                    found.append((who, url, action, form["fields"]))
            break  # one user who may open the page is enough
    return found


def _value(draw, field):
    if field["kind"] == "file":
        return SimpleUploadedFile("fuzz.bin", draw(st.binary(min_size=1, max_size=300)))
    choices = [c for c in field["choices"] if c is not None]
    options = [nasty_text]
    if choices:
        options.append(st.sampled_from(choices))
    return draw(st.one_of(*options))


def _fuzz_one(client, who, page, action, fields, failures):
    @FUZZ
    @given(data=st.data())
    def post_random(data):
        values = {name: _value(data.draw, field) for name, field in fields.items()}
        response = client.post(action, values, REMOTE_ADDR="10.99.0.1")
        if response.status_code >= 500:
            failures.append(f"{page} → {action} som {who}: {response.status_code} med {values!r}"[:600])
        assert response.status_code < 500

    return post_random


def test_every_form_answers_random_text_without_a_500(demo):
    from common.models import User

    clients = {None: Client()}
    for username in USERS[:-1]:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    pages = _form_pages(clients)
    assert len(pages) >= 20, [p[1] for p in pages]  # the walk found the forms
    print(f"{len(pages)} formulär:", sorted({p[2] for p in pages}))
    failures = []

    for who, page, action, fields in pages:
        with contextlib.suppress(AssertionError):  # collected in failures, with hypothesis's smallest example
            _fuzz_one(clients[who], who, page, action, fields, failures)()
    assert not failures, "\n".join(failures)
