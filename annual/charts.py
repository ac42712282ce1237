"""Server-rendered SVG charts (no JavaScript, no CDN): horizontal bars, one or two series.

The same SVG goes into the page and the PDF. Each chart has a title and a description (``<title>``,
``<desc>``, ``role="img"``) that says what it shows in words, and the template prints the numbers as a
table under it. Series differ by fill pattern as well as colour (solid vs outlined), never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.formatting import format_amount

from .figures import tkr

LABEL_W, BAR_W, VALUE_W, ROW_H, TOP = 190, 260, 90, 22, 30
SERIES_STYLE = [
    'fill="#1f5f8b" stroke="#1f5f8b"',
    'fill="#ffffff" stroke="#1f5f8b" stroke-width="1.5"',
]


@dataclass
class ChartRow:
    label: str
    values: list[Decimal]


@dataclass
class Chart:
    key: str
    title: str
    description: str
    series: list[str]
    rows: list[ChartRow] = field(default_factory=list)
    row_heading: str = "Kategori"

    @property
    def svg(self) -> SafeString:
        return render_svg(self)


def _n(value: float) -> str:
    return f"{value:.1f}"


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def render_svg(chart: Chart) -> SafeString:
    n_series = len(chart.series)
    bar_h = (ROW_H - 6) / n_series
    height = TOP + len(chart.rows) * ROW_H + 10
    width = LABEL_W + BAR_W + VALUE_W
    top = max([abs(v) for r in chart.rows for v in r.values] + [Decimal(1)])
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" font-family="Source Sans 3, sans-serif" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    # legend
    x = LABEL_W
    for index, name in enumerate(chart.series):
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" {SERIES_STYLE[index % 2]}/>')
        parts.append(f'<text x="{x + 17}" y="18" font-size="11" fill="#222">{escape(name)}</text>')
        x += 30 + 7 * len(name)
    for row_index, row in enumerate(chart.rows):
        y0 = TOP + row_index * ROW_H
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{_n(y0 + ROW_H / 2 + 4)}" font-size="11" text-anchor="end" '
            f'fill="#222">{escape(_short(row.label))}</text>'
        )
        for s, value in enumerate(row.values):
            w = float(abs(value) / top) * (BAR_W - 4)
            y = y0 + 3 + s * bar_h
            parts.append(
                f'<rect x="{LABEL_W}" y="{_n(y)}" width="{_n(max(w, 0.5))}" height="{_n(bar_h - 1)}" '
                f"{SERIES_STYLE[s % 2]}/>"
            )
            parts.append(
                f'<text x="{_n(LABEL_W + w + 4)}" y="{_n(y + bar_h - 3)}" font-size="10" fill="#222">'
                f"{escape(format_amount(tkr(value), 0))}</text>"
            )
    parts.append(f'<line x1="{LABEL_W}" y1="{TOP - 2}" x2="{LABEL_W}" y2="{height - 8}" stroke="#444"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def costs_by_category(accounts) -> Chart:
    rows = [ChartRow(r.label, [-r.outcome]) for r in accounts.costs if r.outcome]
    rows.sort(key=lambda r: r.values[0], reverse=True)
    total = -accounts.cost_total.outcome
    biggest = rows[0] if rows else None
    description = (
        f"Liggande stapeldiagram över årets kostnader per kategori i tkr, störst först. Totalt "
        f"{format_amount(tkr(total), 0)} tkr"
        + (f"; störst är {biggest.label} med {format_amount(tkr(biggest.values[0]), 0)} tkr." if biggest else ".")
    )
    return Chart("costs", f"Kostnader per kategori {accounts.year} (tkr)", description, ["Utfall"], rows)


def budget_against_outcome(accounts) -> Chart:
    rows = []
    for r in accounts.income + accounts.costs:
        if r.outcome or r.budget:
            rows.append(ChartRow(r.label, [abs(r.outcome), abs(r.budget)]))
    net = accounts.net
    description = (
        f"Liggande stapeldiagram: utfall (fylld stapel) och budget (ofylld stapel) per kategori i tkr, "
        f"intäkter och kostnader som positiva belopp. Resultatet blev {format_amount(tkr(net.outcome), 0)} tkr "
        f"mot budgeterade {format_amount(tkr(net.budget), 0)} tkr."
    )
    return Chart("budget", f"Budget och utfall {accounts.year} (tkr)", description, ["Utfall", "Budget"], rows)


def party_contributions(year: int, contributions: list) -> Chart:
    rows = [ChartRow(c.party.name, [c.total]) for c in contributions if c.total]
    total = sum((c.total for c in contributions), Decimal(0))
    description = (
        f"Liggande stapeldiagram över vad varje part har fakturerats avseende {year} (grundbelopp, "
        f"projektandelar och vidarefakturering) i tkr. Totalt {format_amount(tkr(total), 0)} tkr."
    )
    return Chart("parties", f"Parternas bidrag {year} (tkr)", description, ["Fakturerat"], rows, "Part")
