"""The admin shows invoices read-only, with their lines and their history; nothing can be added, changed or
deleted there."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.services import base_contribution_propose, budget_set, invoice_issue

pytestmark = pytest.mark.django_db


def test_invoice_admin_is_read_only_with_history(admin_client, gns):
    budget = budget_set(committee=gns.committee, year=2020, base_amount=Decimal("914400"))
    invoice = invoice_issue(invoice=base_contribution_propose(budget=budget)[0])
    assert admin_client.get(reverse("admin:finance_invoice_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:finance_invoice_change", args=[invoice.pk])).content.decode()
    assert invoice.number in page and 'name="_save"' not in page and "101600" in page.replace(" ", "")
    history = admin_client.get(reverse("admin:finance_invoice_history", args=[invoice.pk]))
    assert history.status_code == 200 and "Skickad" in history.content.decode()
    assert admin_client.get(reverse("admin:finance_invoice_add")).status_code == 403
    assert admin_client.post(reverse("admin:finance_invoice_delete", args=[invoice.pk])).status_code == 403
    line = invoice.lines.get()
    assert admin_client.get(reverse("admin:finance_invoiceline_history", args=[line.pk])).status_code == 200
