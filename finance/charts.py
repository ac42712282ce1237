"""A tiny server-side SVG bar chart (no JavaScript) of a party's invoiced amounts per year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from common.formatting import format_amount

# A narrow viewBox keeps the text legible when the chart is scaled down to a phone's width.
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 400, 220, 78, 30, 16


@dataclass
class Bar:
    year: int
    total: Decimal
    x: str  # SVG coordinates are pre-formatted strings: the template engine would localize floats ("210,0")
    y: str
    width: str
    height: str
    label: str


def bars_per_year(rows: list[dict]) -> dict:
    """Layout for ``rows`` of {year, total}: bars, axis ticks and the accessible description."""
    rows = [r for r in rows if r["total"] is not None]
    if not rows:
        return {"bars": [], "ticks": [], "width": WIDTH, "height": HEIGHT}
    top = max(max(r["total"] for r in rows), Decimal("1"))
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - 10) / len(rows)
    bars = []
    for index, row in enumerate(rows):
        value = max(row["total"], Decimal("0"))
        h = float(value / top) * plot_h
        bars.append(
            Bar(
                year=row["year"],
                total=row["total"],
                x=_n(LEFT + index * slot + slot * 0.15),
                y=_n(TOP + plot_h - h),
                width=_n(slot * 0.7),
                height=_n(h),
                label=format_amount(row["total"], 0),
            )
        )
    ticks = [{"y": _n(TOP + plot_h - plot_h * i / 4), "label": format_amount(top * i / 4, 0)} for i in range(5)]
    return {
        "bars": bars,
        "ticks": ticks,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "label_y": _n(TOP + plot_h + 18),
    }


def _n(value: float) -> str:
    return f"{value:.1f}"
