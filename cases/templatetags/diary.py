"""``{% load diary %}``: ``{{ text|diary_numbers }}`` shows every diary number in free text (a decision
reference typed by hand, "GNS/03/2019") in the one display form, "GNS/3/2019"."""

from django import template

from cases.numbers import normalise_in_text

register = template.Library()


@register.filter
def diary_numbers(text) -> str:
    return normalise_in_text(text)
