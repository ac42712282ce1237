"""Swedish formatting of money and numbers for services, PDFs and messages (templates use the filters in
``projects/templatetags/money.py``, which call these)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_amount(value, decimals: int = 2) -> str:
    """'101 600,00' (space as thousands separator, decimal comma, minus sign U+2212)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "−" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    text = " ".join(groups) or "0"
    return f"{sign}{text},{fraction}" if decimals else f"{sign}{text}"


WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def date_long(value) -> str:
    """A date in words, as on a Swedish notice: "fredag 14 februari 2020" (independent of the locale)."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"
