"""The meeting packet PDF: bookmarks, page numbers on every page (attached PDFs included), what each reader
gets, attachments that are not valid PDFs, stored and reused by the hash of its parts."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from cases.services import document_register
from meetings import selectors, services
from meetings.models import MeetingPacket
from meetings.packet import packet_build, packet_parts, parts_hash

from .conftest import MEETING_DAY, pdf_bytes

pytestmark = pytest.mark.django_db


def _meeting(world):
    meeting = services.meeting_create(
        committee=world.committee, date=MEETING_DAY, starts_at=dt.time(9), ends_at=dt.time(12), place="Styrelserummet"
    )
    services.agenda_case_add(meeting=meeting, case=world.case)
    services.agenda_item_add(
        meeting=meeting, title="Personalärende", description="Stängd punkt om en tjänst.", is_public=False
    )
    services.meeting_publish(meeting=meeting, now=dt.datetime(2020, 2, 5, 9, tzinfo=dt.UTC))
    return meeting


def _parts(meeting, user):
    reader = selectors.reader_for(user, meeting.committee)
    items = selectors.agenda_for(user=user, meeting=meeting, reader=reader)
    return packet_parts(meeting=meeting, items=items, members=selectors.packet_members(meeting), public=reader.public)


def _outline(reader):
    titles = []

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            else:
                titles.append((depth, node.title, reader.get_destination_page_number(node)))

    walk(reader.outline, 0)
    return titles


def test_member_packet_has_bookmarks_and_a_page_number_on_every_page(world):
    meeting = _meeting(world)
    data, pages = packet_build(_parts(meeting, world.member))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == pages
    for number, page in enumerate(reader.pages, 1):
        assert f"Sida {number} av {pages}" in page.extract_text(), number
    outline = _outline(reader)
    titles = [t for _d, t, _p in outline]
    assert titles[0] == "Kallelse och föredragningslista"
    assert "3. Årsbokslut 2019 för nämnden" in titles and "4. Personalärende" in titles
    assert (1, "GNS årsredovisning 2019", outline[titles.index("GNS årsredovisning 2019")][2]) in outline
    assert "Säkerhetsanalys av serverdriften" not in titles  # secret, not granted: named, never included
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Handling med sekretess" in text and "Sida 0 av Säkerhetsanalys" not in text
    assert "Sida 1 av Årsredovisning" in text  # the attached PDF's own pages are in


def test_granted_member_gets_the_secret_document_and_public_gets_neither_closed_item_nor_secret(world):
    meeting = _meeting(world)
    granted = PdfReader(io.BytesIO(packet_build(_parts(meeting, world.granted))[0]))
    assert "Säkerhetsanalys av serverdriften" in [t for _d, t, _p in _outline(granted)]
    public_parts = _parts(meeting, AnonymousUser())
    public = PdfReader(io.BytesIO(packet_build(public_parts)[0]))
    text = "".join(p.extract_text() for p in public.pages)
    assert "Personalärende" not in text and "Stängd punkt om en tjänst" not in text
    assert "Säkerhetsanalys" not in text and "Handling med sekretess" not in text
    assert parts_hash(public_parts) != parts_hash(_parts(meeting, world.member))


def _attach(world, meeting, name, data, content_type="application/pdf"):
    document = document_register(
        case=world.case,
        direction="internal",
        date=MEETING_DAY,
        description=f"Bilaga {name}",
        upload=SimpleUploadedFile(name, data, content_type=content_type),
    )
    item = meeting.items.get(case=world.case)
    services.agenda_item_documents_set(item=item, documents=[*item.documents.order_by("pk"), document])
    return document


def test_broken_encrypted_rotated_and_non_pdf_attachments_never_crash_the_packet(world):
    meeting = _meeting(world)
    _attach(world, meeting, "trasig.pdf", b"%PDF-1.7\nthis is not really a pdf")
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Låst"))))
    locked.encrypt(user_password="hemligt", owner_password="hemligt")
    out = io.BytesIO()
    locked.write(out)
    _attach(world, meeting, "last.pdf", out.getvalue())
    rotated = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Roterad"))))
    rotated.pages[0].rotate(90)
    out = io.BytesIO()
    rotated.write(out)
    _attach(world, meeting, "roterad.pdf", out.getvalue())
    _attach(world, meeting, "underlag.txt", "Anteckningar från arbetsgruppen.".encode(), "text/plain")
    data, pages = packet_build(_parts(meeting, world.secretariat))
    reader = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "inte en giltig PDF" in text
    assert "skyddad med lösenord" in text
    assert "underlag.txt är inte en PDF" in text
    titles = [t for _d, t, _p in _outline(reader)]
    assert {"Bilaga trasig.pdf", "Bilaga last.pdf", "Bilaga roterad.pdf", "Bilaga underlag.txt"} <= set(titles)
    for number, page in enumerate(reader.pages, 1):
        assert f"Sida {number} av {pages}" in page.extract_text()
        assert not page.rotation  # turned upright: the number sits at the foot of the page as read


def test_the_packet_is_built_once_and_reused_until_something_changes(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    client = Client()
    client.force_login(world.member)
    url = reverse("meetings:packet", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        waiting = client.get(url)  # asked for: the build is queued and runs after the request's commit
    assert "Handlingarna skapas" in waiting.content.decode() and callbacks
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    first = b"".join(response.streaming_content)
    assert first.startswith(b"%PDF")
    assert MeetingPacket.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.get(url)
    assert again.status_code == 200 and not callbacks  # served as stored, nothing built
    assert MeetingPacket.objects.count() == 1
    item = meeting.items.get(case=world.case)
    services.agenda_item_update(item=item, planned_start=dt.time(10, 30))
    with django_capture_on_commit_callbacks(execute=False):
        waiting = client.get(url)  # a changed agenda: a new packet, built in the background
    assert waiting.status_code == 200 and "Handlingarna skapas" in waiting.content.decode()
    assert MeetingPacket.objects.count() == 2
    status = client.get(url + "?status=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in status


def test_a_failed_build_is_shown_and_queued_again(world, monkeypatch):
    meeting = _meeting(world)
    packet = services.packet_request(meeting=meeting, parts=_parts(meeting, world.member))

    def boom(*args, **kwargs):
        raise RuntimeError("disken är full")

    monkeypatch.setattr("meetings.services.packets.packet_build", boom)
    with pytest.raises(RuntimeError):
        services.packet_build_run(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == MeetingPacket.Status.FAILED and "disken är full" in packet.error
    again = services.packet_request(meeting=meeting, parts=_parts(meeting, world.member))
    assert again.pk == packet.pk and again.status == MeetingPacket.Status.PENDING
