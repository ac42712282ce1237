"""The figure fields a narrative may use (``[[resultat]]``), computed from the finance app's selectors.

Pure: ``catalogue`` takes the already loaded ``finance.selectors.Accounts`` and ``BalanceYear`` and
returns every field with its label and value in kronor. Values are shown in tkr, as the committee's
reports print them ("−50 tkr"); the key never changes, the value follows the accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.utils.text import slugify

from common.formatting import format_amount

TOKEN = re.compile(r"\[\[\s*([a-z0-9_.\-]+)\s*\]\]")
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Decimal | int | None  # None: the figure is missing (not recorded)
    unit: str = "tkr"  # "tkr" (kronor shown in thousands), "kr", or "" (a plain number, e.g. the year)

    @cached_property
    def text(self) -> str:
        """Formatted once per figure (a draft fills hundreds of fields from the same figures); a frozen
        dataclass keeps ``__dict__``, which is where ``cached_property`` stores the text."""
        return figure_text(self.value, self.unit)

    @property
    def stored(self) -> str:
        """The value as remembered by a section version (exact, for comparison)."""
        return "" if self.value is None else str(self.value)


def tkr(value: Decimal) -> Decimal:
    return (Decimal(value) / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def figure_text(value, unit: str) -> str:
    if value is None or value == "":
        return "[saknas]"
    if unit == "tkr":
        return f"{format_amount(tkr(Decimal(value)), 0)} tkr"
    if unit == "kr":
        return f"{format_amount(Decimal(value), 0)} kr"
    return str(value)


def category_slug(label: str) -> str:
    return slugify(label.replace("å", "a").replace("ä", "a").replace("ö", "o").replace("Ö", "O"))


def catalogue(*, year: int, accounts, balance_year, missing: set[str] | frozenset = frozenset()) -> dict[str, Figure]:
    """Every figure field of the report of ``year``. ``missing`` holds the categories without a recorded
    outcome: their fields (and the totals they enter) are missing, never silently zero."""
    figures: dict[str, Figure] = {}

    def add(key, label, value, unit="tkr"):
        figures[key] = Figure(key, label, value, unit)

    add("ar", "Året", year, "")
    add("fg_ar", "Föregående år", year - 1, "")
    gap = bool(missing)
    income, costs, net = accounts.income_total, accounts.cost_total, accounts.net
    add("intakter", "Summa intäkter (utfall)", None if gap else income.outcome)
    add("intakter_budget", "Summa intäkter (budget)", income.budget)
    add("kostnader", "Summa kostnader (utfall)", None if gap else costs.outcome)
    add("kostnader_budget", "Summa kostnader (budget)", costs.budget)
    add("resultat", "Årets resultat (utfall)", None if gap else net.outcome)
    add("resultat_budget", "Årets resultat (budget)", net.budget)
    add("avvikelse", "Resultat jämfört med budget (utfall − budget)", None if gap else net.difference)
    add("resultat_fg_ar", "Föregående års resultat", net.previous)
    for row in accounts.income + accounts.costs:
        slug = category_slug(row.label)
        add(f"utfall.{slug}", f"{row.label} (utfall)", None if row.category in missing else row.outcome)
        add(f"budget.{slug}", f"{row.label} (budget)", row.budget)
        add(f"fg_ar.{slug}", f"{row.label} (föregående år)", row.previous)
    if balance_year is not None:
        add("balans_ingaende", "Eget kapital vid årets början", balance_year.opening)
        add("balans_utgaende", "Balans som förs vidare (eget kapital vid årets slut)", balance_year.closing)
        add("reserverat", "Reserverade medel vid årets slut", balance_year.reserved)
        add("ej_reserverat", "Ej reserverade medel vid årets slut", balance_year.unreserved)
    return figures


def tokens_in(text: str) -> list[str]:
    return list(dict.fromkeys(TOKEN.findall(text)))


def unknown_tokens(text: str, figures: dict[str, Figure]) -> list[str]:
    return [key for key in tokens_in(text) if key not in figures]


def used_values(text: str, figures: dict[str, Figure]) -> dict[str, str]:
    """The values the text's fields have now (remembered with a version)."""
    return {key: figures[key].stored for key in tokens_in(text) if key in figures}


@dataclass(frozen=True)
class ChangedFigure:
    key: str
    label: str
    then: str
    now: str


def changed_since(used: dict[str, str], figures: dict[str, Figure]) -> list[ChangedFigure]:
    """The fields whose value differs from when the text was written."""
    changed = []
    for key, then in used.items():
        figure = figures.get(key)
        if figure is None:
            changed.append(ChangedFigure(key, key, figure_text(then, "tkr"), "[finns inte längre]"))
        elif figure.stored != then:
            changed.append(ChangedFigure(key, figure.label, figure_text(then, figure.unit), figure.text))
    return changed
