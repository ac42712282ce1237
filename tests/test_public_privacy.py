"""No private person's name and no secret reaches any public response (issue 13).

Walks EVERY URL pattern whose view is open to the public (``@access(PUBLIC)``, found by the same
walker as the access-rule test, so a public page added later is checked too) with the demo data, as an
anonymous visitor: parameters from tests/access_samples.py, and for the public diary's own URLs also
every case and document of the demo diary, the search and the export. The demo data holds a letter
from a private person (cases/demo.py: PRIVATE_LETTER), a case kept out of the e-diary and a secret
document; their names and words must appear nowhere. A published file is read too (its bytes may hold
anything the registrar published, so only secret documents' files are checked: they are never served).
"""

from __future__ import annotations

import types

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from common.access import PUBLIC, rule_of
from tests.access_samples import SAMPLES
from tests.test_access_rules import DemoObjects
from tests.urlwalk import walk

FORBIDDEN = [
    "Margit Östlund",  # the private person's name (cases/demo.py PRIVATE_LETTER)
    "Östlund",
    "Storgatan 4",
    "frågor om digitala tjänster",  # her letter's description, which is not marked free of personal data
    "Rekrytering av nämndsekreterare",  # the withheld case's title
    "Personalärende",  # and its reason
    "Informationsklassning och säkerhetsanalys",  # the secret document's description
    "journalist@example.org",  # a requester's e-mail
]


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")


@pytest.mark.django_db
def test_no_private_name_or_secret_in_any_public_response():
    from cases.models import Case, Document

    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    demo = DemoObjects()
    private = Document.objects.get(counterpart="Margit Östlund")
    assert private.counterpart_kind == Document.CounterpartKind.PRIVATE
    assert Case.objects.filter(withheld_from_public=True).exists()

    urls: list[str] = []
    for endpoint in walk():
        rule = rule_of(endpoint.callback)
        if rule is None or PUBLIC not in rule or endpoint.name in (None, "health"):
            continue
        if endpoint.has_params:
            urls.append(reverse(endpoint.name, kwargs=SAMPLES[endpoint.name](demo)))
        else:
            urls.append(reverse(endpoint.name))
    cases = list(Case.objects.values_list("pk", flat=True))
    documents = list(Document.objects.values_list("pk", "case_id"))
    urls += [reverse("public_diary:detail", args=[pk]) for pk in cases]
    urls += [reverse("public_request:create", args=[pk]) for pk in cases]
    urls += [reverse("public_request:create", args=[case]) + f"?handling={pk}" for pk, case in documents]
    urls += [reverse("public_diary:file", args=[pk]) for pk, _case in documents]
    for word in ("digital", "Bräcke", "rekrytering", "säkerhetsanalys", "skrivelse", "2019"):
        urls += [reverse("public_diary:list") + f"?q={word}", reverse("public_diary:export") + f"?q={word}"]

    client = Client()
    leaks, served = [], set()
    secret_files = set(Document.objects.filter(is_secret=True).values_list("pk", flat=True))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 404, 405), (url, response.status_code)
        if "/fil/" in url:
            pk = int(url.rstrip("/").split("/")[-2])
            if response.status_code == 200:
                served.add(pk)
                assert pk not in secret_files, f"{url}: en sekretessbelagd handlings fil lämnades ut"
            continue
        text = _text(response)
        leaks += [f"{url}: {word!r}" for word in FORBIDDEN if word.lower() in text.lower()]
    assert len(urls) > 60, len(urls)
    assert len(served) == 2, served  # the memo and the decision (§31) of the demo data
    assert not leaks, "Uppgifter som inte får publiceras nådde allmänheten:\n" + "\n".join(leaks)
