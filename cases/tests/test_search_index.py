"""PostgreSQL: the per-case search vector (``CaseSearchVector``, migration 0004) that the word search
counts and pages through is kept by database triggers, holds no secret document's words, and is not
lost when two transactions change one case's documents at once."""

import datetime as dt
import threading
import time

import pytest
from django.db import connections, transaction

from cases import selectors, services
from cases.models import CaseSearchVector
from cases.selectors import CaseFilters

from .factories import CaseFactory, officer, secretariat

pytestmark = pytest.mark.postgres


def _found(user, query):
    return list(selectors.case_list(user=user, filters=CaseFilters(query=query)))


def _register(case, description):
    return services.document_register(
        case=case, direction="incoming", date=dt.date(2020, 3, 2), description=description, counterpart="Åre kommun"
    )


@pytest.mark.django_db
def test_a_secret_marking_takes_the_documents_words_out_of_the_case_and_lifting_it_puts_them_back():
    hanna = officer()
    case = CaseFactory(title="Gemensam telefoni", officer=hanna, registered_on=dt.date(2020, 3, 1))
    document = _register(case, "Penetrationstest av växeln")
    assert _found(hanna, "penetrationstest") == [case]

    services.document_mark_secret(document=document, provision="OSL 18 kap. 8 §", authority="Region Jämtland")

    assert "penetrationstest" not in str(CaseSearchVector.objects.get(case=case).vector)
    assert _found(hanna, "penetrationstest") == []  # her own case, but she is not entitled to the document
    assert _found(secretariat(), "penetrationstest") == [case]  # found through the secret document itself
    services.document_unmark_secret(document=document)
    assert _found(hanna, "penetrationstest") == [case]


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_cases_documents_at_once_keep_both_words():
    """The first transaction changes a document and keeps its transaction open; the second registers
    another document on the same case meanwhile. Without the per-case lock in the trigger the second
    would write the case's words as it saw them before the first committed, losing the first's word."""
    case = CaseFactory(title="Arkivfrågan", registered_on=dt.date(2020, 3, 1))
    first = _register(case, "Skrivelse om gallring")
    changed, release, errors = threading.Event(), threading.Event(), []

    def change_first() -> None:
        try:
            with transaction.atomic():
                services.document_update(document=first, description="Skrivelse om e-arkivplattformen")
                changed.set()
                release.wait(timeout=30)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def register_second() -> None:
        try:
            _register(case, "Yttrande om bevarandeplanen")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    one = threading.Thread(target=change_first)
    one.start()
    assert changed.wait(timeout=30)
    two = threading.Thread(target=register_second)
    two.start()
    time.sleep(0.5)  # the second is now waiting for the first
    release.set()
    one.join(timeout=30)
    two.join(timeout=30)

    assert not errors, errors
    user = secretariat()
    assert _found(user, "e-arkivplattformen") == [case]
    assert _found(user, "bevarandeplanen") == [case]
    assert _found(user, "gallring") == []


@pytest.mark.django_db(transaction=True)
def test_one_statement_changing_the_documents_of_many_cases_takes_one_lock_and_keeps_every_cases_words():
    """Migration 0008: one advisory lock per case ran PostgreSQL out of lock slots (max_locks_per_transaction)
    when one statement changed the documents of thousands of cases. Above 64 cases the refresh takes one
    exclusive key instead; it waits for an open small refresh and every case still gets its words."""
    from cases.models import Case, Document

    cases = CaseFactory.create_batch(3, registered_on=dt.date(2020, 3, 1))
    for case in cases:
        _register(case, "Skrivelse om gallring")
    template = Case.objects.filter(pk=cases[0].pk).values().get()
    del template["id"]
    bulk = Case.objects.bulk_create([Case(**{**template, "sequence": 1000 + i}) for i in range(200)])
    document = Document.objects.filter(case=cases[0]).values().get()
    for name in ("id", "case_id", "registration_token"):
        document.pop(name, None)
    document["search_text"] = "Protokoll om arkivering"
    # One INSERT statement, so one trigger call for 200 cases: it holds one advisory lock, not 200 (with one
    # per case, some 12 000 cases exhaust PostgreSQL's lock table at the default max_locks_per_transaction).
    with transaction.atomic():
        Document.objects.bulk_create([Document(**{**document, "case_id": case.pk}) for case in bulk])
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            assert cursor.fetchone()[0] == 1
    assert CaseSearchVector.objects.filter(case__in=bulk, vector__isnull=False).count() == 200

    changed, release, errors = threading.Event(), threading.Event(), []

    def change_small() -> None:
        try:
            with transaction.atomic():
                services.document_update(document=cases[0].documents.get(), description="Skrivelse om e-arkiv")
                changed.set()
                release.wait(timeout=30)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def change_all() -> None:
        try:
            Document.objects.filter(case__in=cases).update(search_text="Skrivelse om bevarande")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    one = threading.Thread(target=change_small)
    one.start()
    assert changed.wait(timeout=30)
    two = threading.Thread(target=change_all)
    two.start()
    time.sleep(0.5)
    release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    assert not errors, errors
    user = secretariat()
    assert len(_found(user, "arkivering")) == 200
    assert set(_found(user, "bevarande")) == set(cases) and _found(user, "gallring") == []
