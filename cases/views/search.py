"""The search page: cases and the documents the user may see."""

from __future__ import annotations

from django.shortcuts import render

from common.access import access

from .. import selectors
from ..forms import SearchForm
from ._common import PAGE_SIZE, STAFF


@access(*STAFF)
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    cases, documents = [], []
    if query:
        found = selectors.case_list(user=request.user, filters=selectors.CaseFilters(query=query))
        # the ids first, then those cases whole (see _WordSearchPaginator)
        cases = selectors.case_rows(list(found.values_list("pk", flat=True)[:PAGE_SIZE]))
        if selectors.number_q(query) is None:  # a diary number finds its case; documents need words
            documents = selectors.document_search(user=request.user, query=query, cases=cases, limit=PAGE_SIZE)
    context = {"form": form, "query": query, "cases": cases, "documents": documents}
    template = "cases/_search_results.html" if request.htmx else "cases/search.html"
    return render(request, template, context)
