"""The public diary (open to everyone): the list, one case, the CSV export and published files. What
the public may see is decided by ``cases.selectors.public`` alone."""

from __future__ import annotations

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render

from common.access import PUBLIC, access
from common.exports import safe_row

from .. import selectors
from ..forms import PublicFilterForm
from ._common import _page, _query_without_page


@access(PUBLIC)
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = selectors.PublicFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PublicFilters(query=data["q"], date_from=data["date_from"], date_to=data["date_to"])
    page = _page(request, selectors.public_case_list(filters=filters))
    selectors.public_page_cases(page)
    context = {"form": form, "page": page, "querystring": _query_without_page(request)}
    template = "cases/_public_table.html" if request.htmx else "cases/public_list.html"
    return render(request, template, context)


class _Echo:
    def write(self, value):
        return value


@access(PUBLIC)
def public_export(request):
    """The public diary as CSV (open data), with the same filters as the list; secrets masked. Text that a
    spreadsheet would run as a formula (a title starting with "=", "+", "-", "@") is neutralised."""
    import csv

    form = PublicFilterForm(request.GET or None)
    filters = selectors.PublicFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PublicFilters(query=data["q"], date_from=data["date_from"], date_to=data["date_to"])
    writer = csv.writer(_Echo(), delimiter=";")
    rows = (writer.writerow(safe_row(row)) for row in selectors.public_export_rows(filters=filters))
    response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offentligt-diarium.csv"'
    return response


def _with_bom(rows):
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a byte order mark
    yield from rows


@access(PUBLIC)
def public_detail(request, pk: int):
    case, documents = selectors.public_case_get(pk=pk)
    return render(request, "cases/public_detail.html", {"case": case, "documents": documents})


# Files a browser may show itself (never HTML or SVG, which could run script; X-Content-Type-Options:
# nosniff is set for every response); anything else is offered as a download.
INLINE_TYPES = {"application/pdf", "text/plain", "image/png", "image/jpeg"}


@access(PUBLIC)
def public_file(request, pk: int):
    """A document's published file (``cases.selectors.public_published_file`` decides; 404 otherwise).
    Not cached by browsers or proxies, so a file that is unpublished or marked secret is gone at once."""
    file = selectors.public_published_file(pk=pk)
    inline = file.content_type in INLINE_TYPES
    response = FileResponse(
        file.file.open("rb"), as_attachment=not inline, filename=file.original_name, content_type=file.content_type
    )
    response["Cache-Control"] = "no-store"
    return response
