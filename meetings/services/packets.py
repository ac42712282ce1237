"""Writes of the meeting packet: ask for one (stored and reused while its parts are the same), and build it
in the background (``meetings.tasks``) with its progress recorded for the page that waits for it."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.db import one_or_none
from common.outbox import outbox_job_enqueue

from ..models import Meeting, MeetingPacket
from ..packet import packet_build, parts_hash

BUILD_TASK = "meetings.packet_build"


def packet_request(*, meeting: Meeting, parts: dict) -> MeetingPacket:
    """The packet for these parts: the stored one if it exists, otherwise a new one whose build is queued.
    A failed build is queued again. Two requests at once get the same packet (unique meeting + hash).

    Almost every request finds its packet built or being built: that is one plain read by the unique key,
    without the parts (the packet's whole content as JSON, only the build reads it), a transaction or a
    row lock. Only a missing or failed packet takes the locked path."""
    digest = parts_hash(parts)
    packet = one_or_none(MeetingPacket.objects.defer("parts").filter(meeting=meeting, parts_hash=digest))
    if packet is not None and packet.status != MeetingPacket.Status.FAILED:
        return packet
    return _packet_request_locked(meeting=meeting, parts=parts, digest=digest)


@transaction.atomic
def _packet_request_locked(*, meeting: Meeting, parts: dict, digest: str) -> MeetingPacket:
    packet = MeetingPacket.objects.select_for_update().filter(meeting=meeting, parts_hash=digest).first()
    if packet is None:
        try:
            with transaction.atomic():
                packet = MeetingPacket.objects.create(
                    meeting=meeting, parts_hash=digest, parts=parts, public=bool(parts.get("public"))
                )
        except IntegrityError:
            return MeetingPacket.objects.get(meeting=meeting, parts_hash=digest)
    elif packet.status != MeetingPacket.Status.FAILED:
        return packet
    else:
        MeetingPacket.objects.filter(pk=packet.pk).update(status=MeetingPacket.Status.PENDING, progress=0, error="")
        packet.refresh_from_db()
    outbox_job_enqueue(task=BUILD_TASK, kwargs={"packet_id": packet.pk}, context=f"handlingar:{meeting.pk}")
    return packet


def packet_build_run(*, packet_id: int) -> None:
    """Build a requested packet (idempotent: a finished one is left alone). Progress is written as it goes,
    outside any transaction, so the waiting page sees it."""
    packet = MeetingPacket.objects.select_related("meeting").get(pk=packet_id)
    if packet.status == MeetingPacket.Status.DONE:
        return
    MeetingPacket.objects.filter(pk=packet.pk).update(status=MeetingPacket.Status.RUNNING, progress=1, error="")

    def progress(percent: int) -> None:
        MeetingPacket.objects.filter(pk=packet.pk).update(progress=min(max(percent, 1), 99))

    try:
        data, pages = packet_build(packet.parts, progress=progress)
    except Exception as exc:
        MeetingPacket.objects.filter(pk=packet.pk).update(
            status=MeetingPacket.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    name = default_storage.save(
        f"handlingar/{packet.meeting_id}/{packet.parts_hash}.pdf", ContentFile(data, name="handlingar.pdf")
    )
    MeetingPacket.objects.filter(pk=packet.pk).update(
        status=MeetingPacket.Status.DONE,
        progress=100,
        file=name,
        size=len(data),
        pages=pages,
        completed_at=timezone.now(),
    )
