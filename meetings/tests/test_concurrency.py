"""Double submits and two secretaries at once, on PostgreSQL: exactly one effect each time (the meeting row is
locked by every service that changes it; unique constraints are the last line of defence)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from common.models import OutgoingMail
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingNotice

from .conftest import MEETING_DAY

WRITERS = 8


def _race(target, n=WRITERS):
    barrier = threading.Barrier(n)
    results, refused, errors = [], [], []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results.append(target(i))
        except ValidationError as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results, refused


def _meeting(world):
    return services.meeting_create(committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_publishing_twice_at_once_sends_one_notice(world):
    assert connection.vendor == "postgresql"
    meeting = _meeting(world)
    results, refused = _race(lambda i: services.meeting_publish(meeting=meeting))
    assert len(results) == 1 and len(refused) == WRITERS - 1
    assert all("redan skickad" in str(r) for r in refused)
    assert MeetingNotice.objects.count() == 1 and OutgoingMail.objects.count() == 1
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.NOTICE_SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_adding_the_same_case_twice_at_once_adds_it_once(world):
    meeting = _meeting(world)
    results, refused = _race(lambda i: services.agenda_case_add(meeting=meeting, case=world.case))
    assert len(results) == 1 and len(refused) == WRITERS - 1
    assert AgendaItem.objects.filter(meeting=meeting, case=world.case).count() == 1
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_and_reorders_keep_one_consistent_order(world):
    meeting = _meeting(world)
    items = [services.agenda_item_add(meeting=meeting, title=f"Information {i}") for i in range(6)]

    def work(i):
        if i % 2:
            return services.agenda_item_move(item=items[i % len(items)], to=(i * 3) % 8 + 1)
        return services.agenda_item_add(meeting=meeting, title=f"Ny punkt {i}")

    results, refused = _race(work, n=12)
    assert not refused and len(results) == 12
    positions = list(meeting.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, 2 + 6 + 6 + 1))  # two opening items, six, six new: 1..n, no gap or twin


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_asking_for_the_same_new_packet_at_once_get_one_packet_and_one_build(world):
    """The plain read finds nothing for every thread; the locked path and the unique key (meeting, parts
    hash) leave one packet and one queued build, and every thread gets that packet."""
    from common.models import OutboxJob
    from meetings.models import MeetingPacket

    from .test_packet import _meeting as _published_meeting
    from .test_packet import _parts

    assert connection.vendor == "postgresql"
    meeting = _published_meeting(world)
    parts = _parts(meeting, world.member)
    results, refused = _race(lambda i: services.packet_request(meeting=meeting, parts=parts).pk)
    assert not refused and len(set(results)) == 1 and len(results) == WRITERS
    assert MeetingPacket.objects.count() == 1
    assert OutboxJob.objects.filter(task=services.BUILD_TASK).count() == 1
