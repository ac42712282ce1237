"""Swedish formatting of money and numbers for services, PDFs and messages (templates use the filters in
``projects/templatetags/money.py``, which call these).

The digits come from Django's own number formatting with the Swedish locale's separators (decimal comma,
no-break space between thousands, groups of three), asked for explicitly so that a Celery task or a
management command without an active language formats the same way as a page. Only the minus sign is
ours: U+2212, which screen readers say as "minus" and which does not break from its number."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.utils import numberformat
from django.utils.formats import get_format

LANGUAGE = "sv"


@lru_cache(maxsize=1)
def _separators() -> tuple[str, str, int]:
    return (
        get_format("DECIMAL_SEPARATOR", LANGUAGE, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", LANGUAGE, use_l10n=True),
        get_format("NUMBER_GROUPING", LANGUAGE, use_l10n=True),
    )


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(7)}


def format_amount(value, decimals: int = 2) -> str:
    """'101 600,00' (no-break space between thousands, decimal comma, minus sign U+2212).

    The digits are Python's own ``format(number, ",.Nf")`` with the locale's separators put in: a table
    of invoices or shares formats hundreds of amounts, and Django's general formatter costs about five
    times as much per amount. The number is rounded half up to ``decimals`` first, so the format does
    not round again; ``format_amount_django`` is the reference the tests compare with."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    decimal_sep, thousand_sep, grouping = _separators()
    if grouping != 3 or not number.is_finite() or decimals not in _QUANTUM:
        return format_amount_django(number, decimals)
    number = number.quantize(_QUANTUM[decimals], rounding=ROUND_HALF_UP)
    text = format(abs(number), f",.{decimals}f").translate({ord(","): thousand_sep, ord("."): decimal_sep})
    return f"−{text}" if number < 0 else text


def format_amount_django(value, decimals: int = 2) -> str:
    """``format_amount`` through Django's number formatting (any grouping, any number of decimals)."""
    number = Decimal(value)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = numberformat.format(
        abs(number),
        get_format("DECIMAL_SEPARATOR", LANGUAGE, use_l10n=True),
        decimal_pos=decimals,
        grouping=get_format("NUMBER_GROUPING", LANGUAGE, use_l10n=True),
        thousand_sep=get_format("THOUSAND_SEPARATOR", LANGUAGE, use_l10n=True),
        force_grouping=True,
        use_l10n=True,
    )
    return f"−{text}" if number < 0 else text


def format_input_amount(value) -> str:
    """An amount as it is shown in a text field for editing: '950 000,00' with ordinary spaces (what people
    type; ``common.money.parse_amount`` reads it back exactly)."""
    text = format_amount(value)
    return text.replace("\u00a0", " ").replace("−", "-")


def count_noun(count: int, singular: str, plural: str) -> str:
    """'1 ärende', '2 ärenden', '0 ärenden', '1 234 ärenden': Swedish uses the singular for exactly one."""
    return f"{format_amount(count, 0)} {singular if count == 1 else plural}"


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
