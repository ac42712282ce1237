"""Requests under concurrency on PostgreSQL: a locked counter numbers them without gaps, a form sent
twice at once registers one request, two registrars answering at once give one answer, and the
database refuses to change an answer or delete a request."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from cases.tests.factories import CaseFactory, secretariat
from disclosure import services
from disclosure.models import DisclosureRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _parallel(n: int, work) -> tuple[list, list]:
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_20_parallel_requests_get_20_consecutive_numbers():
    assert connection.vendor == "postgresql"
    case = CaseFactory()
    results, errors = _parallel(
        20,
        lambda i: services.disclosure_request_submit(case=case, wanted=f"{i}", format="on_site", token=uuid.uuid4()).pk,
    )
    assert not errors, errors
    year = timezone.localdate().year
    assert sorted(DisclosureRequest.objects.filter(year=year).values_list("sequence", flat=True)) == list(range(1, 21))


def test_the_same_form_sent_eight_times_at_once_registers_one_request():
    case = CaseFactory()
    token = uuid.uuid4()
    results, errors = _parallel(
        8, lambda i: services.disclosure_request_submit(case=case, wanted="x", format="on_site", token=token).pk
    )
    assert not errors, errors
    assert len(set(results)) == 1 and DisclosureRequest.objects.count() == 1


def test_two_registrars_answering_at_once_give_one_answer():
    case = CaseFactory()
    request = services.disclosure_request_submit(case=case, wanted="x", format="on_site", token=uuid.uuid4())
    registrars = [secretariat(), secretariat()]
    outcomes = ["released", "refused"]
    results, errors = _parallel(
        2,
        lambda i: (
            services.disclosure_answer(
                request=request, outcome=outcomes[i], legal_ground="OSL 18 kap. 8 §", by=registrars[i]
            ).outcome
        ),
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError) and "besvarades redan" in errors[0].messages[0]
    request.refresh_from_db()
    assert request.outcome == results[0]


def test_the_database_refuses_to_change_an_answer_or_delete_a_request():
    case = CaseFactory()
    request = services.disclosure_request_submit(case=case, wanted="x", format="on_site", token=uuid.uuid4())
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).delete()
    services.disclosure_answer(request=request, outcome="refused", legal_ground="OSL 18 kap. 8 §", by=secretariat())
    with pytest.raises(IntegrityError, match="besvarad"), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(legal_ground="OSL 21 kap. 7 §")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE disclosure_disclosurerequest SET answer_text = 'ändrat' WHERE id = %s", [request.pk])
