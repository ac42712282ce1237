"""The party portal (min part): a party representative's own invoices, lines and their basis.

Every read goes through the scoped selectors in ``finance.selectors`` (``party_*``). Another party's
invoice and a missing id give the same 403, so a response never reveals whether an invoice exists."""

import csv
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from common.access import PARTY_REPRESENTATIVE, access
from common.exports import safe_row

from .charts import bars_per_year
from .selectors import (
    party_export_rows,
    party_invoice_get,
    party_invoices,
    party_year_totals,
    represented_party,
)
from .views import invoice_pdf_response

EXPORT_HEADER = [
    "År",
    "Fakturanummer",
    "Fakturadatum",
    "Förfallodatum",
    "Status",
    "Avser",
    "Rad",
    "Fördelningsnyckel",
    "Belopp att fördela (kr)",
    "Grupp",
    "Gruppens andel (%)",
    "Folkmängd",
    "Folkmängd per",
    "Andel (%)",
    "Belopp (kr)",
]


def _year(request) -> int | None:
    value = request.GET.get("ar", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@access(PARTY_REPRESENTATIVE)
def portal_view(request):
    party = represented_party(user=request.user)
    totals = party_year_totals(user=request.user)
    years = [row["year"] for row in totals]
    year = _year(request) or (years[-1] if years else None)
    invoices = party_invoices(user=request.user, year=year) if year else []
    return render(
        request,
        "finance/party_portal.html",
        {
            "party": party,
            "totals": totals,
            "years": sorted(years, reverse=True),
            "year": year,
            "invoices": [i for i in invoices if not i.is_credit_note],
            "credit_notes": [i for i in invoices if i.is_credit_note],
            "year_total": sum((i.total for i in invoices), Decimal("0")),
            "chart": bars_per_year(totals),
        },
    )


def _own_invoice(request, pk: int):
    invoice = party_invoice_get(user=request.user, pk=pk)
    if invoice is None:
        raise PermissionDenied  # same answer for another party's invoice and for a missing one
    return invoice


@access(PARTY_REPRESENTATIVE)
def party_invoice_view(request, pk: int):
    return render(request, "finance/party_invoice.html", {"invoice": _own_invoice(request, pk)})


@access(PARTY_REPRESENTATIVE)
def party_invoice_pdf_view(request, pk: int):
    return invoice_pdf_response(_own_invoice(request, pk), request)


def _rows(request):
    """One row per invoice line; every text cell is neutralised against formula injection, amounts and
    dates stay numbers and dates (``common.exports``)."""
    for row in party_export_rows(user=request.user, year=_year(request)):
        yield safe_row(row)


def _filename(request, ext: str) -> str:
    party = represented_party(user=request.user)
    code = party.code if party and party.code else "part"
    year = _year(request)
    return f"fakturor-{code}{f'-{year}' if year else ''}.{ext}"


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if isinstance(value, float) or (hasattr(value, "as_tuple") and not isinstance(value, int)):
        text = text.replace(".", ",")
    return text


@access(PARTY_REPRESENTATIVE)
def export_csv_view(request):
    """CSV for Swedish Excel: semicolon separated, decimal comma, UTF-8 with BOM."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_HEADER)
    for row in _rows(request):
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
    return response


@access(PARTY_REPRESENTATIVE)
def export_xlsx_view(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fakturarader"
    sheet.append(EXPORT_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    money_cols = {9, 15}
    pct_cols = {11, 14}
    for row in _rows(request):
        sheet.append(row)
        r = sheet.max_row
        for col in money_cols:
            sheet.cell(row=r, column=col).number_format = "# ##0.00"
        for col in pct_cols:
            sheet.cell(row=r, column=col).number_format = "0.0000"
        for col in (3, 4, 13):
            sheet.cell(row=r, column=col).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (6, 12, 12, 12, 10, 40, 60, 40, 16, 12, 10, 10, 12, 10, 14), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "xlsx")}"'
    return response
