"""The rows of a committee's table of members and substitutes (``templates/committee/committee_detail.html``)
built in one pass in Python: about two hundred lines at ten times a real committee, four lookups each
through the template. Same markup (a test compares it with the loop it replaced); every value escaped."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fasthtml import esc

register = template.Library()


@register.simple_tag
def member_rows(memberships) -> SafeString:
    return mark_safe(  # noqa: S308 - every value is escaped by esc
        "\n".join(
            f'<tr><td data-label="Namn">{esc(m.name)}</td><td data-label="Uppdrag">{esc(m.role_display)}</td>'
            f'<td data-label="Parti">{esc(m.political_party)}</td>'
            f'<td data-label="Utsedd av">{esc(m.on_behalf_of)}</td></tr>'
            for m in memberships
        )
    )
