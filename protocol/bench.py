"""Benchmark data and pages for protocols (see common/bench.py).

One adjusted protocol of 30 paragraphs (a vote and a reservation in one of them), posted on the notice
board with one party still missing. Pages: the public protocol, the secretariat's view of it, the notice
board and its feed. Job: the protocol's PDF/A as it is generated when adjusted, with the ratio of that
whole generation (load, context, template, WeasyPrint) to WeasyPrint rendering the same finished HTML alone.
"""

from __future__ import annotations

import datetime as dt
import time

from django.urls import reverse

from common.bench import dataset, job, page
from meetings.models import AgendaItem, Meeting

from . import services
from .models import Protocol

PARAGRAPHS = 30
PASSWORD = "bänk-justering-1"
MEETING_DAY = dt.date(2024, 5, 17)


@dataset(26)
def build_protocol(ctx) -> None:
    committee = ctx.data["committee"]
    meeting = Meeting.objects.filter(committee=committee, date=MEETING_DAY, starts_at=dt.time(13)).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            committee=committee,
            date=MEETING_DAY,
            starts_at=dt.time(13),
            ends_at=dt.time(16),
            place="Styrelserummet",
            status=Meeting.Status.HELD,
            published_at=dt.datetime(2024, 5, 10, 9, tzinfo=dt.UTC),
        )
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    position=i,
                    kind="opening" if i == 1 else "information",
                    title="Val av justerare och tid för justering" if i == 1 else f"Informationsärende {i}",
                    description="Nämnden informeras om läget i ärendet. " * 12,
                    proposal="Informationen noteras och läggs till handlingarna.",
                )
                for i in range(1, PARAGRAPHS + 1)
            ]
        )
    protocol = Protocol.objects.filter(meeting=meeting).first()
    secretary = ctx.user("secretariat")
    if protocol is None:
        protocol = services.protocol_draft(meeting=meeting, by=secretary)
        people = [
            a.person for a in protocol.attendees.filter(kind="member").select_related("person").order_by("position")[:2]
        ]
        for person in people:
            person.set_password(PASSWORD)
            person.save(update_fields=["password"])
        chair = protocol.adjusters.get().person if protocol.adjusters.exists() else people[0]
        adjuster = next(p for p in people if p.pk != chair.pk)
        if chair.pk != people[0].pk:
            chair.set_password(PASSWORD)
            chair.save(update_fields=["password"])
        paragraph = protocol.paragraphs.get(position=2)
        serving = list(protocol.attendees.filter(kind="member", present=True))
        services.vote_record(
            paragraph=paragraph,
            yes_means="Bifall till förslaget",
            no_means="Avslag",
            choices={a.pk: ("ja" if i % 3 else "nej") for i, a in enumerate(serving)},
        )
        services.reservation_add(paragraph=paragraph, attendee=serving[0], grounds="Underlaget är ofullständigt.")
        services.adjusters_set(protocol=protocol, people=[adjuster], adjustment_on=MEETING_DAY, by=secretary)
        services.protocol_approve(protocol=protocol, user=chair, password=PASSWORD)
        services.protocol_approve(protocol=protocol, user=adjuster, password=PASSWORD)
        postings = list(protocol.notice.postings.order_by("pk"))
        for posting in postings[:-1]:
            services.party_posting_record(posting=posting, posted_on=protocol.notice.posted_on, by=secretary)
        services.protocol_pdfs_store(protocol)
    ctx.data["protocol"] = protocol


@page("protokoll: justerat protokoll, 30 §§ (allmänheten)")
def protocol_public_page(ctx) -> str:
    return reverse("protocol:detail", args=[ctx.data["protocol"].pk])


@page("protokoll: justerat protokoll, 30 §§ (sekretariatet)", role="secretariat")
def protocol_secretariat_page(ctx) -> str:
    return reverse("protocol:detail", args=[ctx.data["protocol"].pk])


@page("protokoll: lista", role="secretariat")
def protocol_list_page(ctx) -> str:
    return reverse("protocol:list")


@page("anslagstavla")
def notice_board_page(ctx) -> str:
    return reverse("protocol:notice_board")


@page("anslagstavla: Atom-flöde")
def notice_board_feed_page(ctx) -> str:
    return reverse("protocol:notice_board_feed")


@job("protokoll: PDF/A, 30 §§ (hela genereringen / bara WeasyPrint)", repeat=3)
def protocol_pdf_job(ctx) -> dict:
    """The whole generation as the outbox job does it (without storing: the stored one exists), and WeasyPrint
    alone on the same finished HTML; returns both and their ratio."""
    from django.template.loader import render_to_string

    from common.pdf import render_pdf

    from .selectors import protocol_get
    from .services.documents import pdf_context

    started = time.perf_counter()
    protocol = protocol_get(ctx.data["protocol"].pk)
    context = pdf_context(protocol, public=False)
    render_pdf("protocol/pdf/protocol.html", context, archival=True)
    whole = time.perf_counter() - started

    html = render_to_string("protocol/pdf/protocol.html", context)
    started = time.perf_counter()
    _weasyprint_only(html)
    alone = time.perf_counter() - started
    return {"hela_ms": round(whole * 1000, 1), "weasyprint_ms": round(alone * 1000, 1), "kvot": round(whole / alone, 3)}


def _weasyprint_only(html: str) -> bytes:
    from django.conf import settings
    from weasyprint import HTML

    from common.pdf import ARCHIVAL_VARIANT, _lock, _shared_font_config

    with _lock:
        document = HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/")
        return document.write_pdf(font_config=_shared_font_config(), pdf_variant=ARCHIVAL_VARIANT, pdf_tags=True)
