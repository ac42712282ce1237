"""Amounts as Swedes type them: "950 000", "950 000,00", "950000.00", "950 000 kr", "1 234,5", "−2 500".

``parse_amount`` reads kronor with at most two decimals (öre) and refuses anything that could be read in
two ways, saying how it read the text: "1,234" is 1,234 kr with a decimal comma or 1 234 kr with a comma
between thousands; "95 00 000" has spaces where no thousands boundary is. No I/O; amounts in the
messages are formatted like everywhere else (common.formatting).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .formatting import format_amount, format_input_amount

SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
UNIT = re.compile(r"\s*(kr\.?|kronor|sek|:-)\s*$", re.IGNORECASE)
MINUS = "-\u2212\u2013"


class AmountError(ValueError):
    """The text is not an amount, or could be read in more than one way; the message says why."""


def _kr(value: Decimal) -> str:
    return f"{format_amount(value)} kr"


def parse_amount(text: str) -> Decimal:
    """The amount in kronor that ``text`` means, exactly (a Decimal with two decimals)."""
    shown = " ".join(str(text).split())
    body = SPACES.sub(" ", UNIT.sub("", str(text).strip())).strip()
    sign = ""
    if body[:1] in MINUS or body[:1] == "+":
        sign = "-" if body[:1] in MINUS else ""
        body = body[1:].strip()
    if not body or not re.fullmatch(r"[0-9 .,]+", body) or not re.search(r"[0-9]", body):
        raise AmountError(f"”{shown}” är inget belopp. Skriv siffror, till exempel 950 000 eller 950 000,00.")
    if "," in body and "." in body:
        raise AmountError(
            f"”{shown}” har både punkt och komma, så det går inte att säga vad som är ören. "
            "Skriv tusental med mellanslag och ören efter kommat, till exempel 1 234,50."
        )
    separator = "," if "," in body else "." if "." in body else ""
    if separator and body.count(separator) > 1:
        grouped = body.replace(separator, "")
        raise AmountError(
            f"”{shown}” har flera {'komman' if separator == ',' else 'punkter'}; om de skiljer tusental åt är "
            f"beloppet {_kr(Decimal(sign + grouped.replace(' ', '')))}. Skriv tusental med mellanslag, till exempel "
            "1 234 567,00."
        )
    integer, _, fraction = body.partition(separator) if separator else (body, "", "")
    integer, fraction = integer.strip(), fraction.strip()
    groups = integer.split()
    digits = "".join(groups) or "0"
    if " " in fraction or (groups and (len(groups[0]) > 3 and len(groups) > 1 or any(len(g) != 3 for g in groups[1:]))):
        read = Decimal(sign + digits + ("." + fraction.replace(" ", "") if fraction else ""))
        raise AmountError(
            f"”{shown}” har mellanslag där inga tusental börjar (det lästes som {_kr(read)}). "
            "Skriv tusental i grupper om tre, till exempel 950 000."
        )
    if len(fraction) == 3 and len(groups) == 1 and 1 <= len(digits) <= 3:
        as_thousands = Decimal(sign + digits + fraction)
        as_decimals = Decimal(sign + digits + "." + fraction)
        raise AmountError(
            f"”{shown}” går att läsa på två sätt: som {_kr(as_thousands)} (med "
            f"{'kommat' if separator == ',' else 'punkten'} mellan tusental) eller som "
            f"{str(as_decimals).replace('.', ',')} kr. Skriv {format_input_amount(as_thousands)[:-3]} för det "
            "första; ören skrivs med två siffror."
        )
    if len(fraction) > 2:
        raise AmountError(f"”{shown}” har {len(fraction)} decimaler; ören skrivs med högst två, till exempel 12,50.")
    return Decimal(sign + digits + "." + (fraction or "0")).quantize(Decimal("0.01"))
