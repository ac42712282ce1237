"""Swedish amount formatting: ``{{ amount|kr }}`` → "101 600,00 kr", ``{{ value|pct }}`` → "11,111111 %".

Lives in projects (the lowest app that shows money) so finance templates can load it too; the formatting
itself is ``common.formatting.format_amount`` (services use that, never this module)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from common.formatting import format_amount

register = template.Library()


@register.filter
def kr(value) -> str:
    """'101 600,00 kr' (minus sign U+2212 for credits)."""
    text = format_amount(value)
    return f"{text} kr" if text else ""


@register.filter
def amount(value) -> str:
    """'101 600,00' without the unit (table cells whose header says kr)."""
    return format_amount(value)


@register.filter
def tkr(value) -> str:
    """Thousands of kronor, whole: '−1 564' (the annual report's unit)."""
    if value is None:
        return ""
    return format_amount(Decimal(value) / 1000, 0)


@register.filter
def pct(value) -> str:
    """A percentage with up to four decimals, trailing zeros removed: '33,3333 %'."""
    if value is None or value == "":
        return ""
    number = Decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    return f"{number:f}".replace(".", ",") + " %"


@register.filter
def thousands(value) -> str:
    """An integer with space as thousands separator: '63 985'."""
    if value is None:
        return ""
    return format_amount(value, 0)
