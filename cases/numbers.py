"""Diary numbers (diarienummer): the one parser and formatter used everywhere.

A diary number is ``PREFIX/sequence/year``, e.g. ``GNS/8/2018``. People write ``GNS/08/2018``,
``gns/8/2018`` or ``GNS 8/2018`` for the same case: ``parse`` accepts all of these and ``str()``
always gives the canonical spelling (upper-case prefix, no leading zeros).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

PREFIX_RE = r"[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*"
_NUMBER_RE = re.compile(
    r"^\s*(?P<prefix>[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö0-9-]*)\s*[/ ]\s*(?P<sequence>\d{1,7})\s*/\s*(?P<year>\d{4})\s*$"
)
_PREFIX_ONLY_RE = re.compile(r"^" + PREFIX_RE + r"$")
MIN_YEAR, MAX_YEAR = 1900, 2999
EXAMPLE = "GNS/8/2018"


class DiaryNumberError(ValidationError):
    """An input that is not a diary number. The message is Swedish and meant for the user."""

    def __init__(self, text: str, reason: str = ""):
        message = f"”{text.strip()}” är inte ett giltigt diarienummer. Skriv prefix/löpnummer/år, t.ex. {EXAMPLE}."
        if reason:
            message = f"”{text.strip()}” är inte ett giltigt diarienummer: {reason}"
        super().__init__(message, code="invalid_diary_number")
        self.text = text


@dataclass(frozen=True, order=True)
class DiaryNumber:
    prefix: str
    sequence: int
    year: int

    def __post_init__(self):
        if not _PREFIX_ONLY_RE.match(self.prefix):
            raise ValueError(f"Invalid diary prefix: {self.prefix!r}")
        if self.sequence < 1:
            raise ValueError("The sequence starts at 1")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"Year out of range: {self.year}")

    def __str__(self) -> str:
        return format_number(self.prefix, self.sequence, self.year)


def format_number(prefix: str, sequence: int, year: int) -> str:
    return f"{prefix}/{int(sequence)}/{int(year)}"


def parse(text: str) -> DiaryNumber:
    """Parse ``text`` as a diary number or raise ``DiaryNumberError`` (a ValidationError)."""
    if text is None:
        raise DiaryNumberError("", "inget diarienummer angavs.")
    match = _NUMBER_RE.match(text)
    if not match:
        raise DiaryNumberError(text)
    sequence, year = int(match["sequence"]), int(match["year"])
    if sequence < 1:
        raise DiaryNumberError(text, "löpnumret börjar på 1.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DiaryNumberError(text, f"årtalet måste ligga mellan {MIN_YEAR} och {MAX_YEAR}.")
    return DiaryNumber(prefix=match["prefix"].upper(), sequence=sequence, year=year)


def try_parse(text: str) -> DiaryNumber | None:
    try:
        return parse(text)
    except DiaryNumberError:
        return None


_IN_TEXT_RE = re.compile(r"\b(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖ0-9-]{0,19})/0+(?P<sequence>[1-9][0-9]*)/(?P<year>[0-9]{4})\b")


def normalise_in_text(text: str) -> str:
    """Every diary number written inside free text in the one display form: "beslut GNS/03/2019 §4" →
    "beslut GNS/3/2019 §4" (leading zeros dropped; nothing else changes)."""
    if not text:
        return text
    return _IN_TEXT_RE.sub(lambda m: format_number(m["prefix"], int(m["sequence"]), int(m["year"])), str(text))
