"""Uploaded files: type check by content, size limit, safe names, random storage names, and text
extraction in a limited child process (``extract_text_safely``; the parser is ``cases/extraction.py``).

Files are stored under MEDIA_ROOT/cases/<2 hex>/<uuid>.<ext> and never served from a public URL:
``cases.views.document_download`` checks access and streams them.
"""

from __future__ import annotations

import hashlib
import io
import re
import resource
import signal
import subprocess
import sys
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

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
                if "mimetype" not in names:
                    return False
                with archive.open("mimetype") as member:  # read at most 100 bytes, whatever it claims
                    return member.read(100).strip() == _ODF_MIME[extension]
        except Exception:  # noqa: BLE001 - any failure to read the directory: not the claimed type
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


@dataclass(frozen=True)
class Extraction:
    """The outcome of a text extraction: the text, or why there is none (``error``, Swedish)."""

    text: str = ""
    error: str = ""


def _limits():
    from .extraction import ArchiveLimits

    return ArchiveLimits(
        max_entries=int(getattr(settings, "EXTRACTION_MAX_ENTRIES", 2000)),
        max_total_bytes=int(getattr(settings, "EXTRACTION_MAX_UNCOMPRESSED_MB", 100)) * 1024 * 1024,
        max_ratio=int(getattr(settings, "EXTRACTION_MAX_RATIO", 100)),
    )


def _child_limits(memory_bytes: int, cpu_seconds: int):
    def apply() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # the child writes no files

    return apply


def extract_text_safely(content: bytes, extension: str) -> Extraction:
    """Plain text of a PDF, DOCX, ODT or TXT file for the search index, never hurting the process.

    Archives (DOCX, ODT) are first inspected from their directory (entries, total size, ratio); then
    the text is read in a child process (``cases/extraction.py``) limited to EXTRACTION_MEMORY_MB of
    address space and EXTRACTION_TIMEOUT_SECONDS. Whatever fails is returned as ``error``."""
    from . import extraction

    if extension not in {"pdf", "docx", "odt", "txt"}:
        return Extraction()
    if extension == "txt":
        return Extraction(text=extraction.extract(content, extension))
    limits = _limits()
    if extension in extraction.ZIP_TYPES:
        try:
            extraction.inspect_archive(content, limits)
        except extraction.Refused as exc:
            return Extraction(error=str(exc))
    timeout = int(getattr(settings, "EXTRACTION_TIMEOUT_SECONDS", 60))
    memory = int(getattr(settings, "EXTRACTION_MEMORY_MB", 512)) * 1024 * 1024
    command = [
        sys.executable,
        "-I",
        extraction.__file__,
        extension,
        str(limits.max_entries),
        str(limits.max_total_bytes),
        str(limits.max_ratio),
    ]
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, no shell; the file is only stdin
            command,
            input=content,
            capture_output=True,
            timeout=timeout,
            preexec_fn=_child_limits(memory, timeout),  # noqa: PLW1509 - needed for the limits
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(error=f"textutläsningen tog längre än {timeout} sekunder och avbröts")
    message = result.stderr.decode("utf-8", errors="replace").strip()[:300]
    if result.returncode == 0:
        return Extraction(text=result.stdout.decode("utf-8", errors="replace"))
    if result.returncode in (2, 3, 4) and message:
        return Extraction(error=message)
    if result.returncode < 0 and -result.returncode in (signal.SIGXCPU, signal.SIGKILL):
        return Extraction(error="textutläsningen tog för lång tid och avbröts")
    return Extraction(error="textutläsningen avbröts (minnes- eller tidsgränsen nåddes)")
