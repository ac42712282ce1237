"""History a registrar can read: names and labels instead of ids, no entries for changes that did not
happen, and history on every model that records a right, a figure or money.

Issue 8 saw "handläggare: 4 → 25" and fifteen "ny filversion" entries for one real replacement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import selectors, services
from cases.models import Case, Diary, Document, DocumentAccessGrant
from cases.tests.factories import CaseFactory, DiaryFactory, DocumentFactory, officer, secretariat
from cases.tests.helpers import docx_bytes, upload
from committee.models import Term
from common.models import UserRole
from parties.models import PopulationFigure

pytestmark = pytest.mark.django_db


def _whats(changes):
    return [c.what for c in changes]


def test_changes_show_names_and_labels(django_capture_on_commit_callbacks):
    registrar = secretariat()
    hanna, olle = officer(), officer()
    hanna.first_name, hanna.last_name = "Hanna", "Sjöberg"
    hanna.save()
    olle.first_name, olle.last_name = "Olle", "Nordin"
    olle.save()
    case = CaseFactory(diary=DiaryFactory(), officer=hanna)
    services.case_update(case=case, officer=olle, by=registrar)
    services.case_status_change(case=case, status=Case.Status.IN_PREPARATION, by=registrar)
    changes = selectors.case_history(user=registrar, case=case)
    rows = [row for change in changes for row in change.changes]
    assert ("handläggare", "Hanna Sjöberg", "Olle Nordin") in rows
    assert ("status", "Registrerat", "Under beredning") in rows
    assert all(label not in {"ändrad", "söktext", "skapad"} for label, _, _ in rows)
    assert changes[0].who == registrar


def test_one_replacement_is_one_entry_however_often_the_text_is_read(django_capture_on_commit_callbacks):
    registrar = secretariat()
    case = CaseFactory(diary=DiaryFactory())
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(case=case, upload=upload("avtal.docx", docx_bytes("Första")))
        version = services.document_replace_file(
            document=document, upload=upload("avtal.docx", docx_bytes("Andra")), by=registrar, comment="Undertecknad"
        )
    for _ in range(15):
        services.document_text_extract(file_id=version.pk)
    whats = _whats(selectors.case_history(user=registrar, case=case))
    assert whats.count(f"Handling {document.number}: ny filversion 2 (avtal.docx) – Undertecknad") == 1
    assert sum("filversion" in w for w in whats) == 1
    assert not any(w.endswith("ändrad") for w in whats)  # nothing of the document itself changed
    assert Document.objects.get(pk=document.pk).history.count() == 1
    assert "Andra" in Document.objects.get(pk=document.pk).extracted_text


def test_access_grants_are_in_the_history_and_hidden_from_those_not_entitled(django_capture_on_commit_callbacks):
    registrar, hanna = secretariat(), officer()
    case = CaseFactory(diary=DiaryFactory(), officer=hanna)
    secret = DocumentFactory(
        case=case,
        description="Säkerhetsanalys",
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_authority="Region Jämtland Härjedalen",
    )
    grant = services.document_grant_access(document=secret, user=registrar, by=registrar, reason="Granskning")
    services.document_revoke_access(grant=grant, by=registrar)
    name = registrar.get_full_name()
    whats = _whats(selectors.case_history(user=registrar, case=case))
    assert f"Handling 1: åtkomst beviljad för {name} (Granskning)" in whats
    assert f"Handling 1: åtkomsten för {name} återkallad" in whats
    hidden = _whats(selectors.case_history(user=hanna, case=case))
    assert not any("åtkomst" in w for w in hidden)
    page = _page_for(hanna, case)
    assert "Säkerhetsanalys" not in page and "Granskning" not in page


def _page_for(user, case):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("cases:history", args=[case.pk])).content.decode()


def test_every_model_that_records_a_right_a_figure_or_money_has_history():
    for model in (Diary, Term, PopulationFigure, DocumentAccessGrant, UserRole, Case, Document):
        assert hasattr(model, "history"), model
