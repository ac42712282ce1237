"""The meeting packet PDF (a reading copy, not an archival document): cover and agenda, then each item's
text and its attached PDFs in agenda order, a bookmark per item and per document, and continuous page
numbers stamped on every page, attached PDFs included.

``packet_parts`` describes a packet completely (the meeting, the items and the files one reader may see) as
JSON; its SHA-256 is the key under which the built PDF is stored and reused. ``packet_build`` turns the
parts into bytes without reading the database, so what is built is exactly what was hashed.

Attachments that cannot be merged (not a PDF, damaged, encrypted with a password) become a page naming
the document and how to get it; rotated pages are turned upright before the page number is stamped.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.template.loader import render_to_string

PACKET_VERSION = 3  # raise when the template or the layout changes: stored packets are then rebuilt
logger = logging.getLogger("meetings.packet")


def parts_hash(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def packet_parts(*, meeting, items, members, public: bool) -> dict:
    """The packet's content for one reader: ``items`` from ``selectors.agenda_for`` (already filtered and
    masked for that reader), ``members`` from ``selectors.packet_members``."""
    committee = meeting.committee
    result_items = []
    for item in items:
        docs = []
        for document in item.docs:
            entry = {"id": document.pk, "reference": document.reference, "masked": bool(document.masked)}
            if document.masked:
                entry["title"] = "Handling med sekretess"
            else:
                entry["title"] = document.description
                newest = document.visible_files[0] if document.visible_files else None
                if newest is not None:
                    entry.update(
                        file=newest.file.name,
                        sha256=newest.sha256,
                        name=newest.original_name,
                        content_type=newest.content_type,
                    )
            docs.append(entry)
        result_items.append(
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "kind": item.get_kind_display(),
                "case": item.case.number if item.case_id else "",
                "time": f"{item.planned_start:%H:%M}" if item.planned_start else "",
                "presenter": item.presenter_label,
                "public": item.is_public,
                "description": item.description,
                "proposal": item.proposal,
                "docs": docs,
            }
        )
    return {
        "v": PACKET_VERSION,
        "public": public,
        "meeting": {
            "id": meeting.pk,
            "committee": committee.name,
            "short_name": committee.short_name,
            "date": meeting.date.isoformat(),
            "starts": f"{meeting.starts_at:%H:%M}",
            "ends": f"{meeting.ends_at:%H:%M}" if meeting.ends_at else "",
            "place": meeting.place,
            "cancelled": meeting.is_cancelled,
        },
        "members": list(members),
        "items": result_items,
    }


# --- Building ---------------------------------------------------------------------------------------


def _open_attachment(entry: dict):
    """A PdfReader for the attachment, or the reason it cannot be merged (shown on a page instead)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not entry.get("file"):
        return None, "Handlingen har ingen fil."
    if entry.get("content_type") != "application/pdf" and not entry.get("name", "").lower().endswith(".pdf"):
        return None, f"Filen {entry.get('name', '')} är inte en PDF och kan inte visas i de samlade handlingarna."
    try:
        with default_storage.open(entry["file"], "rb") as fh:
            data = fh.read()
    except OSError:
        return None, "Filen kunde inte läsas."
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None, "Filen är skyddad med lösenord och kan inte visas i de samlade handlingarna."
        if len(reader.pages) == 0:
            return None, "Filen har inga sidor."
        reader.pages[0]  # noqa: B018 - parse the first page now: a damaged file fails here, not mid-merge
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        logger.info("Bilaga %s kunde inte läsas: %s", entry.get("reference"), exc)
        return None, "Filen är inte en giltig PDF och kan inte visas i de samlade handlingarna."
    return reader, ""


def _render(parts: dict, unreadable: dict[int, str]):
    """The cover, the agenda and each item's section (and the pages for unreadable attachments), with
    WeasyPrint; returns the PDF bytes and, per anchor id, the index of the page where it starts."""
    from django.conf import settings
    from weasyprint import HTML

    from common.pdf import _lock, _shared_font_config

    html = render_to_string("meetings/pdf/packet.html", {"parts": parts, "unreadable": unreadable})
    with _lock:
        document = HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").render(
            font_config=_shared_font_config()
        )
        anchors = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                anchors.setdefault(anchor, index)
        pdf = document.write_pdf()  # untagged: pypdf keeps no structure tree when merging; bookmarks navigate
    return pdf, anchors


def _stamp(writer, label: str) -> None:
    """Stamp "<label> · Sida n av N" at the foot of every page: a content stream added after the page's
    own (wrapped in q/Q so its graphics state cannot leak), with a standard Helvetica font."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    push = DecodedStreamObject()
    push.set_data(b"q")
    push_ref = writer._add_object(push)
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        if page.rotation:
            page.transfer_rotation_to_content()
        box = page.cropbox
        text = f"{label} \xb7 Sida {index + 1} av {total}"
        width = len(text) * 4.6
        x = float(box.right) - 40 - width
        y = float(box.bottom) + 12  # below the usual footers of attached documents
        stamp = DecodedStreamObject()
        encoded = text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        stamp.set_data(
            b"Q q 1 1 1 rg "
            + f"{FloatObject(x - 3)} {FloatObject(y - 3)} {FloatObject(width + 6)} 13 re f ".encode()
            + b"0 g BT /FPkt 9 Tf "
            + f"{FloatObject(x)} {FloatObject(y)} Td (".encode()
            + encoded
            + b") Tj ET Q"
        )
        contents = page.get("/Contents")
        existing = []
        if contents is not None:
            resolved = contents.get_object()
            existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([push_ref, *existing, writer._add_object(stamp)])
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        if "/Resources" not in page:
            page[NameObject("/Resources")] = resources
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts = fonts.get_object()
        fonts[NameObject("/FPkt")] = font


def packet_build(parts: dict, *, progress: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    """Build the packet's PDF from its parts; returns (bytes, number of pages)."""
    from pypdf import PdfReader, PdfWriter

    progress = progress or (lambda percent: None)
    readers: dict[int, object] = {}
    unreadable: dict[int, str] = {}
    for item in parts["items"]:
        for entry in item["docs"]:
            if entry["masked"]:
                continue
            reader, reason = _open_attachment(entry)
            if reader is None:
                unreadable[entry["id"]] = reason
            else:
                readers[entry["id"]] = reader
    progress(10)
    body, anchors = _render(parts, unreadable)
    progress(40)
    rendered = PdfReader(io.BytesIO(body))
    starts = sorted({0, *(anchors[f"item-{item['id']}"] for item in parts["items"] if f"item-{item['id']}" in anchors)})
    writer = PdfWriter()
    outline = []  # (title, page index, parent title or None)

    def add_rendered(start: int, end: int) -> None:
        for index in range(start, end):
            writer.add_page(rendered.pages[index])

    item_starts = [anchors[f"item-{item['id']}"] for item in parts["items"] if f"item-{item['id']}" in anchors]
    add_rendered(0, min(item_starts, default=len(rendered.pages)))
    outline.append(("Kallelse och föredragningslista", 0, None))
    total_items = max(len(parts["items"]), 1)
    for position, item in enumerate(parts["items"]):
        anchor = f"item-{item['id']}"
        label = f"{item['number']}. {item['title']}" if item["number"] else item["title"]
        if anchor not in anchors:  # an item without text or documents: its line on the agenda page
            outline.append((label, anchors.get("agenda", 0), None))
            continue
        start = anchors[anchor]
        later = [s for s in starts if s > start]
        end = later[0] if later else len(rendered.pages)
        section = len(writer.pages)
        outline.append((label, section, None))
        add_rendered(start, end)
        for entry in item["docs"]:
            if entry["id"] in unreadable and f"doc-{entry['id']}" in anchors:
                outline.append((entry["title"], section + anchors[f"doc-{entry['id']}"] - start, label))
        for entry in item["docs"]:
            reader = readers.get(entry["id"])
            if reader is None:
                continue
            outline.append((entry["title"], len(writer.pages), label))
            for page in reader.pages:
                writer.add_page(page)
        progress(40 + int(50 * (position + 1) / total_items))
    parents = {}
    for title, page_index, parent in outline:
        node = writer.add_outline_item(title=title[:200], page_number=page_index, parent=parents.get(parent))
        if parent is None:
            parents[title] = node
    meeting = parts["meeting"]
    _stamp(writer, f"Handlingar {meeting['short_name']} {meeting['date']}")
    writer.add_metadata(
        {
            "/Title": f"Handlingar {meeting['committee']} {meeting['date']}",
            "/Author": meeting["committee"],
            "/Subject": "Kallelse, föredragningslista och handlingar",
        }
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    progress(100)
    return out.getvalue(), len(writer.pages)
