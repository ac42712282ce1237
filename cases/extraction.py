"""Text extraction of uploaded files, safe against decompression bombs.

This file is both a module (``inspect_archive``, ``extract``: pure functions, standard library and
pypdf only, no Django) and a program: ``python -I cases/extraction.py EXT < file > text``, which
``cases.files.extract_text_safely`` starts as a child process with a memory limit (RLIMIT_AS), a CPU
limit and a timeout. Whatever a hostile file does to the parser, only the child dies.

Exit codes of the program: 0 text on stdout; 2 the file cannot be read (message on stderr); 3 the
archive was refused by the limits (message on stderr); 4 out of memory.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

ZIP_TYPES = {"docx", "xlsx", "odt", "ods"}
TEXT_MEMBER = {"docx": "word/document.xml", "odt": "content.xml"}
MAX_TEXT_CHARS = 1_000_000


class Refused(Exception):
    """The file is refused before it is unpacked; the message (Swedish) says why."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 2000
    max_total_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 100  # uncompressed : compressed, for the whole archive and for each large member


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def inspect_archive(content: bytes, limits: ArchiveLimits = ArchiveLimits()) -> None:
    """Check a ZIP-based file (DOCX, XLSX, ODT, ODS) from its central directory alone, before anything
    is unpacked: number of entries, total uncompressed size, compression ratio. Raises ``Refused``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused("filen är inte ett giltigt ZIP-baserat dokument") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise Refused(f"arkivet har {len(entries)} delar (högst {limits.max_entries} tillåts)")
        total = sum(max(e.file_size, 0) for e in entries)
        if total > limits.max_total_bytes:
            raise Refused(f"filen packas upp till {_mb(total)} (högst {_mb(limits.max_total_bytes)} tillåts)")
        compressed = max(sum(e.compress_size for e in entries), 1)
        if total > 1024 * 1024 and total / compressed > limits.max_ratio:
            raise Refused(f"filen packas upp {total / compressed:.0f} gånger (högst {limits.max_ratio} gånger tillåts)")
        for entry in entries:
            if entry.file_size > 1024 * 1024 and entry.file_size / max(entry.compress_size, 1) > limits.max_ratio:
                raise Refused(
                    f"delen {entry.filename[:80]} packas upp {entry.file_size / max(entry.compress_size, 1):.0f} "
                    f"gånger (högst {limits.max_ratio} gånger tillåts)"
                )


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, read in pieces and stopped at ``limit`` (the directory may lie about sizes)."""
    out = bytearray()
    with archive.open(name) as fh:
        while chunk := fh.read(1024 * 1024):
            out += chunk
            if len(out) > limit:
                raise Refused(f"delen {name} är större än {_mb(limit)} uppackad")
    return bytes(out)


def _paragraphs(xml: bytes) -> str:
    root = ElementTree.fromstring(xml)
    paragraphs = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "p":
            paragraphs.append("".join(element.itertext()).strip())
    return "\n".join(p for p in paragraphs if p)


def extract(content: bytes, extension: str, limits: ArchiveLimits = ArchiveLimits()) -> str:
    """Plain text of a PDF, DOCX, ODT or TXT file ("" for the types without text). Raises ``Refused``
    for an archive over the limits; any other exception means the file could not be read."""
    if extension == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        parts, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
        return "\n".join(parts).strip()
    if extension in TEXT_MEMBER:
        inspect_archive(content, limits)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _paragraphs(_read_member(archive, TEXT_MEMBER[extension], limits.max_total_bytes))
    if extension == "txt":
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            return content.decode("cp1252", errors="replace")
    return ""


def main(argv: list[str]) -> int:
    extension = argv[1] if len(argv) > 1 else ""
    limits = ArchiveLimits(*(int(v) for v in argv[2:5])) if len(argv) >= 5 else ArchiveLimits()
    content = sys.stdin.buffer.read()
    try:
        text = extract(content, extension, limits)
    except Refused as exc:
        sys.stderr.write(str(exc))
        return 3
    except MemoryError:
        sys.stderr.write("minnesgränsen för textutläsning nåddes")
        return 4
    except Exception as exc:  # noqa: BLE001 - any parser failure: the file cannot be read
        sys.stderr.write(f"filen är skadad eller kan inte tolkas ({type(exc).__name__})")
        return 2
    sys.stdout.buffer.write(text[:MAX_TEXT_CHARS].encode("utf-8", errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
