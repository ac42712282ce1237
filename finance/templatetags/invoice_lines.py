"""The rows of an invoice's lines (``templates/finance/_lines.html``) built in one pass in Python.

A party's page of a year shows every invoice with every line and how it was computed; through the
template each line is some thirty variable lookups and filters. The markup is the same; every value is
escaped (``common.fasthtml``) and formatted by the same functions as the ``money`` filters.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fasthtml import esc, iso_date
from common.formatting import format_amount
from projects.templatetags.money import pct

register = template.Library()


def _line(line, with_credited: bool) -> str:
    credited_line = line.credited_line
    credits = (
        f'<br><span class="muted">Krediterar faktura {esc(credited_line.invoice.number)}, '
        f"rad {esc(credited_line.order)}</span>"
        if credited_line
        else ""
    )
    basis = [f"Gruppen {esc(line.group_label)}: {pct(line.group_percent)} av beloppet.<br>"] if line.group_label else []
    if line.population:
        source = f' <span class="muted">(källa: {esc(line.population_source)})</span>' if line.population_source else ""
        basis.append(
            f"Folkmängd {format_amount(line.population, 0)} per <strong>{iso_date(line.population_date)}</strong> "
            f"av totalt {format_amount(line.weight_total, 0)}{source}"
        )
    elif line.equal_parts:
        basis.append(f"1 av {esc(line.equal_parts)} lika delar")
    elif line.key == "Fast procentandel":
        basis.append("Fast andel enligt beslut")
    else:
        basis.append("–")
    if line.population_note:
        basis.append(f"<br><strong>Obs:</strong> {esc(line.population_note)}")
    cells = [
        f"<td>{esc(line.order)}. {esc(line.description)}{credits}</td>",
        f"<td>{esc(line.key or '–')}</td>",
        f'<td class="num">{format_amount(line.basis_total) or "–"}</td>',
        f"<td>{' '.join(basis)}</td>",
        f'<td class="num">{pct(line.share_percent) or "–"}</td>',
        f'<td class="num">{format_amount(line.amount)}</td>',
    ]
    if with_credited:
        credited = getattr(line, "credited", None)
        cells.append(f'<td class="num">{format_amount(credited) if credited else "–"}</td>')
    return f"<tr>{''.join(cells)}</tr>"


@register.simple_tag
def invoice_line_rows(invoice) -> SafeString:
    """One ``<tr>`` per line of ``invoice`` (prefetched), with the "Krediterat" column when the invoice
    has credits (``invoice.credited``, set by ``finance.selectors.annotate_credits``)."""
    with_credited = bool(getattr(invoice, "credited", None))
    return mark_safe("\n".join(_line(line, with_credited) for line in invoice.lines.all()))  # noqa: S308 - escaped
