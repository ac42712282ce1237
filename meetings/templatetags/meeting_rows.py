"""The rows of a table of meetings (``templates/meetings/_meeting_table.html``) built in one pass in Python.

A member's and the secretariat's list of meetings shows up to fifty past meetings; through the template
each row was some twenty lookups and an ``{% include %}`` of the status badge. The markup is the same
(a test compares it with the template loop it replaced); every value is escaped (``common.fasthtml``).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fasthtml import esc
from common.templatetags.fasturl import fast_reverse

register = template.Library()


def status_badge(meeting) -> str:
    """``templates/meetings/_status.html``."""
    kind = " badge-warn" if meeting.is_cancelled else " badge-ok" if meeting.is_published else " badge-draft"
    return f'<span class="badge{kind}">{esc(meeting.get_status_display())}</span>'


def _time(value) -> str:
    return "" if value is None else value.strftime("%H:%M")


@register.simple_tag
def meeting_rows(meetings, managed) -> SafeString:
    """One row per meeting; the number of agenda items only where the reader may see the agenda (published,
    or a committee the reader manages)."""
    managed = managed or ()
    rows = []
    for meeting in meetings:
        ends = f"–{_time(meeting.ends_at)}" if meeting.ends_at else ""
        place = f", {esc(meeting.place)}" if meeting.place else ""
        shown = meeting.is_published or meeting.committee_id in managed
        rows.append(
            f'<tr><td data-label="Datum" class="date"><a href="{fast_reverse("meetings:detail", (meeting.pk,))}">'
            f"{meeting.date.isoformat()}</a></td>"
            f'<td data-label="Nämnd">{esc(meeting.committee.short_name)}</td>'
            f'<td data-label="Tid och plats">kl. {_time(meeting.starts_at)}{ends}{place}</td>'
            f'<td data-label="Status">{status_badge(meeting)}</td>'
            f'<td data-label="Punkter">{esc(meeting.item_count) if shown else "–"}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped by esc
