"""Every write in finance, split by sub-domain. Import from here: ``from finance.services import invoice_issue``."""

from .budgets import (
    base_contribution_propose,
    budget_set,
    outcome_set,
    reservation_decide,
    reservation_use,
)
from .invoices import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    invoice_mark_paid,
    invoice_recharge_create,
    invoice_update,
    luhn_check_digit,
    ocr_for,
)
from .projects import Allocation, cost_allocation, project_invoice_period

__all__ = [
    "Allocation",
    "base_contribution_propose",
    "budget_set",
    "cost_allocation",
    "invoice_credit",
    "invoice_draft_create",
    "invoice_issue",
    "invoice_mark_paid",
    "invoice_recharge_create",
    "invoice_update",
    "luhn_check_digit",
    "ocr_for",
    "outcome_set",
    "project_invoice_period",
    "reservation_decide",
    "reservation_use",
]
