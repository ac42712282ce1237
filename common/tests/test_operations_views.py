"""The operations pages pin their query counts: the same with 2 mails and jobs as with 12."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from common.models import OutboxJob
from common.outbox import outbox_mail_enqueue

pytestmark = pytest.mark.django_db


def _mails(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with transaction.atomic():
            outbox_mail_enqueue(
                to=[f"a{i}@example.org", f"b{i}@example.org"],
                subject=f"Kallelse {i}",
                body="Hej",
                context=f"kallelse:{i}",
            )
        OutboxJob.objects.create(task="cases.document_text_extract", context=f"dokumenttext:{i}")


def test_operations_overview_query_count_is_flat(client, make_user, django_assert_num_queries):
    client.force_login(make_user("secretariat"))
    _mails(2)
    # session, user, grants, mail count, mail page, open jobs, job counts, axes lockouts
    with django_assert_num_queries(8):
        assert client.get(reverse("operations:overview")).status_code == 200
    _mails(10, start=2)
    with django_assert_num_queries(8):
        page = client.get(reverse("operations:overview")).content.decode()
    assert "Kallelse 11" in page and "dokumenttext:11" in page


def test_mail_detail_query_count_is_flat(client, make_user, django_assert_num_queries):
    client.force_login(make_user("administrator"))
    with transaction.atomic():
        small = outbox_mail_enqueue(
            to=["a@example.org"], subject="Utdrag", body="Se bilaga", attachments=[("a.txt", b"a", "text/plain")]
        )
        large = outbox_mail_enqueue(
            to=[f"ledamot{i}@example.org" for i in range(25)],
            subject="Kallelse",
            body="Välkommen",
            attachments=[(f"bilaga{i}.txt", b"x", "text/plain") for i in range(3)],
        )
    for mail in (small, large):
        # session, user, grants, mail, recipients, attachments
        with django_assert_num_queries(6):
            assert client.get(reverse("operations:mail_detail", args=[mail.pk])).status_code == 200
    assert client.get(reverse("operations:mail_detail", args=[999999])).status_code == 404
