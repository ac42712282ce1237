"""Benchmark data, pages and jobs for meetings (see common/bench.py).

Scale 1: 60 published meetings of GNS over ten years with 600 agenda items (2 opening items, 6 case items
with two documents each, 2 information items per meeting); scale N multiplies the meetings by N. The bench
member sits on GNS, so the member's pages are measured as a member sees them (closed items included).

Jobs: the iCal feed of a committee with 1 500 meetings, built uncached; and the meeting packet of a meeting
with 20 items and 20 attached PDFs of 10 pages each, generated (WeasyPrint, merging, bookmarks, stamped page
numbers) from its parts.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from cases.models import Document, DocumentFile
from common.bench import dataset, job, page
from common.models import Role

from .models import AgendaItem, AgendaItemDocument, Meeting

MEETINGS_PER_SCALE = 60
ICAL_MEETINGS = 1500


def _published(committee, date: dt.date, place: str) -> Meeting:
    stamp = timezone.make_aware(dt.datetime.combine(date - dt.timedelta(days=9), dt.time(9)))
    return Meeting(
        committee=committee,
        date=date,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place=place,
        status=Meeting.Status.NOTICE_SENT,
        published_at=stamp,
    )


@dataset(25)  # after the committee (20), which is after the diary (15)
def build_meetings(ctx) -> None:
    from committee.models import Committee, Membership, Term

    committee = ctx.data["committee"]
    if committee.diary_id is None:
        committee.diary = ctx.data["diary"]
        Committee.objects.filter(pk=committee.pk).update(diary=ctx.data["diary"])
    member = ctx.user(Role.MEMBER)
    term = Term.objects.filter(committee=committee).order_by("-starts_on").first()
    if not Membership.objects.filter(committee=committee, person=member).exists():
        Membership.objects.create(
            person=member,
            committee=committee,
            term=term,
            role=Membership.Role.MEMBER,
            on_behalf_of=committee.host_party,
            political_party="S",
            starts_on=term.starts_on,
            ends_on=None,
        )

    count = MEETINGS_PER_SCALE * ctx.scale
    first = dt.date(timezone.localdate().year - 10, 1, 10)
    dates = [first + dt.timedelta(days=round(i * 3650 / count)) for i in range(count)]
    meetings = Meeting.objects.bulk_create([_published(committee, d, "Styrelserummet") for d in dates])

    documents = list(
        Document.objects.filter(case__diary_id=committee.diary_id, is_secret=False)
        .order_by("case_id", "number")
        .values_list("pk", "case_id")[: count * 12 * 2]
    )
    by_case: dict[int, list[int]] = {}
    for pk, case_id in documents:
        by_case.setdefault(case_id, []).append(pk)
    cases = [c for c, docs in by_case.items() if len(docs) >= 2]
    items, attachments = [], []
    for index, meeting in enumerate(meetings):
        rows = [("opening", "Val av justerare och tid för justering", None), ("opening", "Fastställande", None)]
        for k in range(6):
            case_id = cases[(index * 6 + k) % len(cases)] if cases else None
            rows.append(("case", f"Ärende {k + 1} på sammanträdet", case_id) if case_id else ("other", "Övrigt", None))
        rows += [("information", "Information pågående ärenden", None), ("information", "Omvärldsbevakning", None)]
        for position, (kind, title, case_id) in enumerate(rows, 1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    kind=kind,
                    case_id=case_id,
                    title=title,
                    description="Ärendebeskrivning. " * 40,
                    proposal="Förslaget godkänns.",
                    planned_start=dt.time(9 + position // 4, (position * 15) % 60),
                    is_public=position != 9,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    for item in items:
        if item.case_id:
            for n, document_id in enumerate(by_case[item.case_id][:2], 1):
                attachments.append(AgendaItemDocument(item=item, document_id=document_id, position=n))
    AgendaItemDocument.objects.bulk_create(attachments, batch_size=2000)
    ctx.data["meeting"] = meetings[-1]

    # The iCal job's committee: 1 500 meetings of the whole history.
    big, _ = Committee.objects.get_or_create(
        short_name="KAL", defaults={"name": "Kalendernämnden", "host_party": committee.host_party}
    )
    start = dt.date(1990, 1, 5)
    Meeting.objects.bulk_create(
        [_published(big, start + dt.timedelta(days=7 * i), f"Sal {i % 7 + 1}") for i in range(ICAL_MEETINGS)]
    )
    ctx.data["ical_committee"] = big


@page("sammanträden: lista (ledamot)", role="member")
def meeting_list_page(ctx) -> str:
    return reverse("meetings:list")


@page("sammanträden: sammanträdet (ledamot)", role="member")
def meeting_detail_page(ctx) -> str:
    return reverse("meetings:detail", args=[ctx.data["meeting"].pk])


@page("sammanträden: föredragningslistan (sekretariat)", role="secretariat")
def meeting_agenda_page(ctx) -> str:
    return reverse("meetings:agenda", args=[ctx.data["meeting"].pk])


@page("sammanträden: offentlig föredragningslista")
def public_agenda_page(ctx) -> str:
    return reverse("public_meetings:detail", args=[ctx.data["meeting"].pk])


@page("sammanträden: offentlig lista")
def public_list_page(ctx) -> str:
    return reverse("public_meetings:list")


@page("sammanträden: iCal-flöde (cachat)")
def ical_page(ctx) -> str:
    return reverse("public_meetings:calendar", args=[ctx.data["committee"].short_name])


@page("sammanträden: handlingar som PDF (ledamot, lagrad)", role="member")
def packet_page(ctx) -> str:
    return reverse("meetings:packet", args=[ctx.data["meeting"].pk])


@job("sammanträden: iCal-flöde med 1 500 sammanträden, ocachat")
def ical_job(ctx) -> dict:
    cache.clear()
    response = ctx.get(reverse("public_meetings:calendar", args=[ctx.data["ical_committee"].short_name]))
    assert response.status == 200
    return {"händelser": response.content.count(b"BEGIN:VEVENT"), "frågor": response.queries, "ms": round(response.ms)}


def _ten_pages(pdf: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for n in range(10):
        writer.add_page(reader.pages[n % len(reader.pages)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _packet_meeting(ctx):
    """A meeting with 20 case items, each with one attached PDF of 10 pages (built once)."""
    if "packet_parts" in ctx.data:
        return ctx.data["packet_parts"]
    from common.pdf import render_pdf

    from . import selectors
    from .packet import packet_parts

    committee = ctx.data["committee"]
    pdf = render_pdf(
        "cases/pdf/demo_document.html",
        {
            "title": "Bilaga med tio sidor",
            "sender": "Sekretariatet",
            "reference": "GNS",
            "date": dt.date(2020, 2, 14),
            "paragraphs": [("Underlag för beslut. " * 30) + f"Avsnitt {n}." for n in range(60)],
        },
    )
    pdf = _ten_pages(pdf)
    meeting = _published(committee, dt.date(2031, 2, 14), "Styrelserummet")
    meeting.save()
    size = 3 if ctx.quick else 20  # the test suite's smoke run builds a small packet
    documents = list(Document.objects.filter(case__diary_id=committee.diary_id, is_secret=False).order_by("pk")[:size])
    sha = hashlib.sha256(pdf).hexdigest()
    for position, document in enumerate(documents, 1):
        name = default_storage.save(f"cases/bench-packet-{document.pk}.pdf", ContentFile(pdf))
        DocumentFile.objects.create(
            document=document,
            version=1000 + position,
            file=name,
            original_name=f"bilaga-{position}.pdf",
            content_type="application/pdf",
            size=len(pdf),
            sha256=sha,
        )
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, kind="information", title=f"Punkt {position}", description="Text."
        )
        AgendaItemDocument.objects.create(item=item, document=document, position=1)
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    member = ctx.user(Role.MEMBER)
    reader = selectors.reader_for(member, committee)
    items = selectors.agenda_for(user=member, meeting=meeting, reader=reader)
    ctx.data["packet_parts"] = packet_parts(
        meeting=meeting, items=items, members=selectors.packet_members(meeting), public=False
    )
    return ctx.data["packet_parts"]


@job("sammanträden: handlingar 20 punkter × 10-sidiga PDF:er", repeat=3)
def packet_job(ctx) -> dict:
    from .packet import packet_build

    parts = _packet_meeting(ctx)
    data, pages = packet_build(parts)
    return {"sidor": pages, "bilagor": sum(len(i["docs"]) for i in parts["items"]), "MB": round(len(data) / 2**20, 2)}
