"""Uploaded files: type check by content, size limit, safe names, random storage names, text extraction.

Files are stored under MEDIA_ROOT/cases/<2 hex>/<uuid>.<ext> and never served from a public URL:
``cases.views.document_download`` checks access and streams them.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# extension → (MIME type, the types filetype may detect for it)
ALLOWED = {
    "pdf": ("application/pdf", {"pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
    "txt": ("text/plain", set()),
    "png": ("image/png", {"png"}),
    "jpg": ("image/jpeg", {"jpg"}),
    "jpeg": ("image/jpeg", {"jpg"}),
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, ODS, TXT, PNG eller JPEG"
_ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
_ODF_MIME = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    name: str  # the safe original name, shown to users and used in Content-Disposition
    extension: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "FILE_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def safe_filename(name: str) -> str:
    """The base name without directories or control characters, at most 150 characters, never empty."""
    name = PurePath(name.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"/\\|?*;]+', "_", name).strip(" .")
    if not name:
        name = "fil"
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 150:
        name = stem[: 150 - len(ext) - 1] + "." + ext
    return name[:150]


def _matches(extension: str, content: bytes) -> bool:
    if extension == "txt":
        if b"\x00" in content[:65536]:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            try:
                content.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return filetype.guess(content[:8192]) is None
    if extension in _ZIP_MARKERS or extension in _ODF_MIME:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if extension in _ZIP_MARKERS:
                    return _ZIP_MARKERS[extension] in names
                return "mimetype" in names and archive.read("mimetype").strip() == _ODF_MIME[extension]
        except (zipfile.BadZipFile, KeyError, OSError):
            return False
    kind = filetype.guess(content[:8192])
    return kind is not None and kind.extension in ALLOWED[extension][1]


def check_upload(uploaded) -> CheckedFile:
    """Validate an uploaded file (Django UploadedFile or any object with .name/.read()/.size)."""
    name = safe_filename(getattr(uploaded, "name", "") or "fil")
    size = getattr(uploaded, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            f"Filen är för stor ({_human_size(size)}). Största tillåtna storlek är {_human_size(limit)}.",
            code="file_too_large",
        )
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    content = uploaded.read()
    if len(content) > limit:
        raise ValidationError(
            f"Filen är för stor ({_human_size(len(content))}). Största tillåtna storlek är {_human_size(limit)}.",
            code="file_too_large",
        )
    if not content:
        raise ValidationError("Filen är tom.", code="file_empty")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            f"Filtypen ”.{extension or '?'}” är inte tillåten. Tillåtna filtyper: {ALLOWED_LABEL}.",
            code="file_type",
        )
    if not _matches(extension, content):
        raise ValidationError(
            f"Filens innehåll stämmer inte med filtypen ”.{extension}”. Tillåtna filtyper: {ALLOWED_LABEL}.",
            code="file_content",
        )
    return CheckedFile(
        content=content,
        name=name,
        extension=extension,
        content_type=ALLOWED[extension][0],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def storage_name(extension: str) -> str:
    """A non-guessable storage path for a new file."""
    key = uuid.uuid4().hex
    return f"cases/{key[:2]}/{key}.{extension}"


def extract_text(content: bytes, extension: str) -> str:
    """Plain text of a PDF, DOCX, ODT or TXT file for the search index ("" when there is none)."""
    if extension == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return "\n".join((page.extract_text() or "") for page in reader.pages).strip()
    if extension in {"docx", "odt"}:
        member = "word/document.xml" if extension == "docx" else "content.xml"
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            root = ElementTree.fromstring(archive.read(member))
        paragraphs = []
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraphs.append("".join(t for t in element.itertext()).strip())
        return "\n".join(p for p in paragraphs if p)
    if extension == "txt":
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            return content.decode("cp1252", errors="replace")
    return ""
