"""Money under concurrency on PostgreSQL: any number of simultaneous submissions has exactly one effect,
decided by the database (a locked row or a unique constraint), and the others get a clear refusal, never an
error page. Threads call the services directly and post through the test client (the house pattern of
cases/tests/test_concurrency.py)."""

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from finance.models import Invoice, InvoiceLine
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_credit,
    invoice_issue,
    invoice_issue_batch,
    invoice_recharge_create,
    project_invoice_period,
)
from projects.models import AllocationKey
from projects.services import cost_item_create, cost_record, project_create

D = Decimal
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n: int, action) -> tuple[list, list]:
    """Run ``action(i)`` in ``n`` threads released at once; returns (results, errors)."""
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(action(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results, errors


def _only_refusals(errors):
    assert all(isinstance(e, ValidationError) for e in errors), errors


def test_8_concurrent_base_proposals_create_one_invoice_per_party(gns):
    budget = budget_set(committee=gns.committee, year=2027, base_amount=D("914400"))
    results, errors = _race(8, lambda i: base_contribution_propose(budget=budget))
    _only_refusals(errors)
    assert len(results) == 1 and len(errors) == 7
    assert any("redan en faktura" in " ".join(e.messages) for e in errors)
    drafts = Invoice.objects.filter(year=2027, kind=Invoice.Kind.BASE)
    assert drafts.count() == 9 and drafts.values("party").distinct().count() == 9


def test_6_concurrent_send_all_issue_each_draft_once_without_gaps(gns):
    budget = budget_set(committee=gns.committee, year=2027, base_amount=D("914400"))
    base_contribution_propose(budget=budget)
    results, errors = _race(
        6, lambda i: invoice_issue_batch(committee=gns.committee, year=2027, kind=Invoice.Kind.BASE)
    )
    _only_refusals(errors)
    assert len(results) == 1 and len(results[0]) == 9
    numbers = sorted(Invoice.objects.filter(year=2027).values_list("number", flat=True))
    assert numbers == [f"2027{n:05d}" for n in range(1, 10)]
    assert not Invoice.objects.filter(status=Invoice.Status.DRAFT).exists()


def test_concurrent_posts_through_the_client_have_one_effect(gns, make_user):
    budget_set(committee=gns.committee, year=2027, base_amount=D("914400"))
    user = make_user("secretariat")
    propose = reverse("finance:base_propose", args=["GNS", 2027])
    send = reverse("finance:base_issue_all", args=["GNS", 2027])

    def post(url, data=None):
        client = Client()
        client.force_login(user)
        return client.post(url, data or {}).status_code

    statuses, errors = _race(8, lambda i: post(propose, {"invoice_date": "2027-01-04", "due_date": "2027-01-31"}))
    assert not errors and statuses == [302] * 8  # every user gets the page back, no 500
    assert Invoice.objects.filter(year=2027).count() == 9
    statuses, errors = _race(6, lambda i: post(send, {"bekraftat": "ja"}))
    assert not errors and statuses == [302] * 6
    assert Invoice.objects.filter(year=2027, status=Invoice.Status.ISSUED).count() == 9


def _project(gns):
    project = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"], gns["2313"]],
    )
    item = cost_item_create(project=project, name="E-strateg", key=AllocationKey.POPULATION)
    for month in (3, 6, 9, 12):
        cost_record(
            cost_item=item, incurred_on=dt.date(2022, month, 1), amount=D("75000"), description="kv", document="L"
        )
    return project


def test_6_concurrent_project_invoicings_write_each_cost_once(gns):
    project = _project(gns)
    results, errors = _race(
        6,
        lambda i: project_invoice_period(
            project=project,
            period_end=dt.date(2022, 12, 31),
            invoice_date=dt.date(2023, 1, 10),
            due_date=dt.date(2023, 2, 10),
        ),
    )
    _only_refusals(errors)
    assert len(results) == 1 and Invoice.objects.filter(project=project).count() == 3
    lines = InvoiceLine.objects.filter(cost__cost_item__project=project)
    assert lines.count() == 4 * 3  # four costs, three parties, once each
    assert sum(line.amount for line in lines) == D("300000")


def test_8_concurrent_recharges_with_one_form_token_create_one_invoice(gns):
    token = uuid.uuid4()

    def recharge(i, token=token):
        return invoice_recharge_create(
            committee=gns.committee,
            party=gns["2321"],
            description="Serverdrift Åre",
            amount=D("12000"),
            incurred_on=dt.date(2019, 12, 31),
            document="Objekt 6663",
            invoice_date=dt.date(2020, 1, 15),
            due_date=dt.date(2020, 2, 14),
            form_token=token,
        ).pk

    results, errors = _race(8, recharge)
    assert not errors and len(set(results)) == 1
    assert Invoice.objects.filter(kind=Invoice.Kind.RECHARGE).count() == 1
    # two recharges of the same amount in a row are two forms, two tokens: two invoices
    recharge(0, token=uuid.uuid4())
    recharge(0, token=uuid.uuid4())
    assert Invoice.objects.filter(kind=Invoice.Kind.RECHARGE).count() == 3


def test_concurrent_credits_of_one_invoice_credit_it_once(gns):
    budget = budget_set(committee=gns.committee, year=2027, base_amount=D("914400"))
    invoice = invoice_issue(invoice=base_contribution_propose(budget=budget)[0])
    results, errors = _race(
        6,
        lambda i: invoice_credit(
            invoice=invoice, reason="Fel", form_token=uuid.uuid4(), credit_date=dt.date(2027, 2, 1)
        ),
    )
    _only_refusals(errors)
    assert len(results) == 1
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CREDITED


def test_a_recharge_form_posted_8_times_at_once_gives_one_draft_and_no_error_page(gns, make_user):
    user = make_user("secretariat")
    data = {
        "token": str(uuid.uuid4()),
        "committee": gns.committee.pk,
        "party": gns["2321"].pk,
        "description": "Serverdrift Åre, oktober",
        "amount": "12500.00",
        "incurred_on": "2020-10-31",
        "document": "Konsultfaktura 4711",
        "invoice_date": "2020-11-10",
        "due_date": "2020-12-10",
    }

    def post(i):
        client = Client()
        client.force_login(user)
        return client.post(reverse("finance:recharge_create"), data).status_code

    statuses, errors = _race(8, post)
    assert not errors and statuses == [302] * 8
    assert Invoice.objects.filter(kind=Invoice.Kind.RECHARGE).count() == 1
