"""Small template filters shared by every app: Swedish counts and CSS strings for the PDFs' running header.

``{% load portal %}``, then ``{{ cases|length|antal:"ärende,ärenden" }}`` → "1 ärende", "2 ärenden".
"""

from django import template

from common.formatting import count_noun

register = template.Library()


@register.filter
def antal(count, forms: str) -> str:
    """A count with its noun in the right number: 'ärende,ärenden' → '1 ärende', '0 ärenden',
    '1 234 ärenden' (Swedish grouping). Swedish uses the singular for exactly one only."""
    singular, _, plural = forms.partition(",")
    try:
        number = int(count)
    except (TypeError, ValueError):
        return ""
    return count_noun(number, singular, plural or singular)


@register.filter
def css_string(value) -> str:
    """The text of a CSS string literal (without the quotes), safe inside a <style> element: quotes,
    backslashes, line breaks and '<' are escaped, whitespace runs become one space."""
    text = " ".join(str(value).split())
    escaped = []
    for char in text:
        if char in '"\\<>':
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return "".join(escaped)
