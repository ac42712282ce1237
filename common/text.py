"""Checks of text that comes from outside: uploaded CSV files and form input.

``decode_text`` reads a file as UTF-8 (with or without BOM) or Windows-1252 and, when it is neither,
says on which line the first unreadable byte is. ``control_character`` finds characters that have no
place in a title or a name (NUL and the other C0/C1 controls except tab and line breaks); PostgreSQL
refuses NUL, and XML-based exports (XLSX, PDF) refuse the others.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

ACCEPTED_ENCODINGS = "UTF-8 eller Windows-1252 (i Excel: Spara som → CSV UTF-8)"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class UndecodableText(ValueError):
    def __init__(self, line: int, byte: int):
        self.line, self.byte = line, byte
        super().__init__(
            f"Rad {line}: tecknet 0x{byte:02X} kan inte läsas. Filen ska vara kodad som {ACCEPTED_ENCODINGS}."
        )


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed), else Windows-1252; ``UndecodableText`` (with the line) when neither fits."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UndecodableText(data[: exc.start].count(b"\n") + 1, data[exc.start]) from exc


def control_character(text: str) -> str | None:
    """The first control character in ``text`` as "U+0000", or None."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def reject_control_characters(value) -> None:
    """Form and model validator: no control characters (tab and line breaks are fine)."""
    if isinstance(value, str) and (found := control_character(value)):
        name = unicodedata.name(chr(int(found[2:], 16)), "kontrolltecken")
        raise ValidationError(
            f"Texten innehåller ett otillåtet osynligt tecken ({found}, {name.lower()}). Ta bort det och försök igen.",
            code="control_character",
        )
