"""The diary's case tables and search result lists built in one pass in Python
(``templates/cases/_case_table.html``, ``_public_table.html``, ``_search_results.html``).

A page of 50 cases through the template is some 600 variable lookups and an ``{% include %}`` of the
status badge per row; the case lists and word searches are a large share of every officer's and the
secretariat's requests. The markup is the same as the template loops gave (tests compare them); every
value is escaped (``common.fasthtml``).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fasthtml import esc
from common.fasthtml import iso_date as _date
from common.templatetags.fasturl import fast_reverse

register = template.Library()


def status_badge(case) -> str:
    """``templates/cases/_status.html``."""
    text = "Felregistrerat" if case.closure == "mistake" else esc(case.get_status_display())
    return f'<span class="badge case-status case-status-{esc(case.status)}">{text}</span>'


@register.simple_tag
def case_rows(cases) -> SafeString:
    """The rows of the secretariat's and officers' case table (one per case of the page)."""
    rows = []
    for case in cases:
        officer = case.officer.get_full_name() if case.officer_id else ""
        party = case.initiating_party.name if case.initiating_party_id else ""
        rows.append(
            f'<tr><td data-label="Diarienummer"><a href="{fast_reverse("cases:detail", (case.pk,))}">'
            f"{esc(case.number)}</a></td>"
            f'<td data-label="Ärendemening">{esc(case.title)}</td>'
            f'<td data-label="Registrerat" class="date">{_date(case.registered_on)}</td>'
            f'<td data-label="Status">{status_badge(case)}</td>'
            f'<td data-label="Handläggare">{esc(officer) or "–"}</td>'
            f'<td data-label="Part">{esc(party) or "–"}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped by esc


@register.simple_tag
def public_case_rows(cases) -> SafeString:
    """The rows of the public diary's table: a case withheld from the public shows its (masked) title
    dimmed and neither status nor document count."""
    rows = []
    for case in cases:
        withheld = case.withheld_from_public
        title = f'<span class="muted">{esc(case.title)}</span>' if withheld else esc(case.title)
        rows.append(
            f'<tr><td data-label="Diarienummer"><a href="{fast_reverse("public_diary:detail", (case.pk,))}">'
            f"{esc(case.number)}</a></td>"
            f'<td data-label="Ärendemening">{title}</td>'
            f'<td data-label="Registrerat" class="date">{_date(case.registered_on)}</td>'
            f'<td data-label="Status">{"–" if withheld else status_badge(case)}</td>'
            f'<td data-label="Handlingar" class="num">{"–" if withheld else esc(case.document_count)}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped by esc


@register.simple_tag
def case_results(cases) -> SafeString:
    """The items of the search page's list of cases."""
    return mark_safe(  # noqa: S308 - every value is escaped by esc
        "".join(
            f'<li><a href="{fast_reverse("cases:detail", (case.pk,))}">{esc(case.number)}</a> {esc(case.title)} '
            f'<span class="muted">– {esc(case.get_status_display())}, {_date(case.registered_on)}</span></li>'
            for case in cases
        )
    )


@register.simple_tag
def document_results(documents) -> SafeString:
    """The items of the search page's list of documents."""
    return mark_safe(  # noqa: S308 - every value is escaped by esc
        "".join(
            f'<li><a href="{fast_reverse("cases:document_detail", (document.pk,))}">{esc(document.reference)}</a> '
            f"{esc(document.description)} "
            f'<span class="muted">– {esc(document.get_direction_display())}, {_date(document.date)}</span></li>'
            for document in documents
        )
    )
