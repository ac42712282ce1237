"""Registration under concurrency on PostgreSQL: the locked counter row gives consecutive numbers."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from cases import services
from cases.models import Case, DiaryCounter

from .factories import DiaryFactory

WRITERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_parallel_registrations_get_50_consecutive_numbers():
    assert connection.vendor == "postgresql"
    diary = DiaryFactory()
    day = dt.date(2020, 2, 14)
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def register(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.case_import(diary=diary, title=f"Parallellt ärende {i}", registered_on=day)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    sequences = sorted(Case.objects.filter(diary=diary, year=2020).values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS + 1))
    assert DiaryCounter.objects.get(diary=diary, year=2020).last_sequence == WRITERS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_submission_in_parallel_creates_one_case():
    import uuid

    diary = DiaryFactory()
    token = uuid.uuid4()
    barrier = threading.Barrier(8)
    results, errors = [], []

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(services.case_register(diary=diary, title="Dubbelklick", token=token).pk)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(results)) == 1 and Case.objects.filter(diary=diary).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_swedish_full_text_search_uses_stemming():
    from cases.selectors import CaseFilters, case_list

    from .factories import CaseFactory, secretariat

    case = CaseFactory(title="Ärenden om gemensamma upphandlingar")
    assert list(case_list(user=secretariat(), filters=CaseFilters(query="upphandling"))) == [case]
    # "upphandlingen" is no substring of the title: only the Swedish stemmer finds it
    assert list(case_list(user=secretariat(), filters=CaseFilters(query="upphandlingen"))) == [case]
    assert list(case_list(user=secretariat(), filters=CaseFilters(query="gemensam upphandlingarna"))) == [case]
    assert list(case_list(user=secretariat(), filters=CaseFilters(query="upphandlingen budget"))) == []
