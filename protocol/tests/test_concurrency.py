"""Two at once, on PostgreSQL: two adjusters approving at the same moment, a protocol drafted twice, two
meetings drafted at once. Exactly one effect, and § numbers with no gaps or duplicates."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from protocol import services
from protocol.models import NoticeBoardPost, Paragraph, Protocol

from .factories import TEST_PASSWORD, add_meeting, setup_meeting

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(functions):
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def run(fn):
        try:
            barrier.wait(timeout=30)
            results.append(fn())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_two_adjusters_at_once_make_the_protocol_final_exactly_once():
    assert connection.vendor == "postgresql"
    s = setup_meeting()
    protocol = services.protocol_draft(meeting=s.meeting, by=s.secretary)
    services.adjusters_set(protocol=protocol, people=[s.members[0], s.members[1]], adjustment_on=None, by=s.secretary)
    services.protocol_approve(protocol=protocol, user=s.chair, password=TEST_PASSWORD)
    results, errors = _run_together(
        [
            lambda: services.protocol_approve(protocol=protocol, user=s.members[0], password=TEST_PASSWORD),
            lambda: services.protocol_approve(protocol=protocol, user=s.members[1], password=TEST_PASSWORD),
            lambda: services.protocol_approve(protocol=protocol, user=s.members[1], password=TEST_PASSWORD),
        ]
    )
    protocol.refresh_from_db()
    assert protocol.is_adjusted
    assert NoticeBoardPost.objects.filter(protocol=protocol).count() == 1
    assert protocol.approvals.count() == 3  # chair + two adjusters; the double click counted once
    # The double click either saw its twin's approval or found the protocol already adjusted.
    assert all("redan justerat" in " ".join(e.messages) for e in errors), errors
    assert len(results) + len(errors) == 3


def test_drafting_twice_at_once_gives_one_protocol():
    s = setup_meeting()
    results, errors = _run_together([lambda: services.protocol_draft(meeting=s.meeting, by=s.secretary)] * 4)
    assert not errors, errors
    assert len({p.pk for p in results}) == 1 and Protocol.objects.count() == 1
    assert sorted(Paragraph.objects.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_meetings_drafted_at_once_get_numbers_without_gaps():
    s = setup_meeting()
    meetings = [s.meeting] + [add_meeting(s.committee, date=dt.date(2020, 3, i + 1), items=i + 1) for i in range(5)]
    results, errors = _run_together([lambda m=m: services.protocol_draft(meeting=m, by=s.secretary) for m in meetings])
    assert not errors, errors
    numbers = sorted(Paragraph.objects.filter(committee=s.committee, year=2020).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 4 + sum(2 + i for i in range(5))
    # Numbers follow the meetings' order: the earliest meeting has §1.
    first = Protocol.objects.get(meeting=s.meeting)
    assert list(first.paragraphs.order_by("position").values_list("number", flat=True)) == [1, 2, 3, 4]


def test_paragraphs_outside_the_portal_submitted_twice_at_once_are_recorded_once():
    """A double click on the confirmation: the same form key, two requests at once, one range."""
    import uuid

    from protocol.models import OutsideParagraphs

    s = setup_meeting()
    token = uuid.uuid4()

    def record():
        return services.outside_paragraphs_record(
            committee=s.committee, year=2020, count=3, kept_at="Arkivet", by=s.secretary, token=token
        )

    results, errors = _run_together([record] * 4)
    assert not errors, errors
    assert len({o.pk for o in results}) == 1 and OutsideParagraphs.objects.count() == 1
