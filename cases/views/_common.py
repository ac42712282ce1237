"""What the diary's views share: the page size and pagination (the role groups are common.access's)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Window

from common.access import STAFF

from .. import selectors

__all__ = ["PAGE_SIZE", "STAFF"]

PAGE_SIZE = 50


class _WordSearchPaginator(Paginator):
    """A word search's page in two queries: the page's ids, with the number of every match counted in
    the same query (COUNT(*) OVER ()), then those cases whole (``selectors.case_rows``). The search finds
    every match anyway before it sorts and cuts, so a separate COUNT would search a second time, and
    whole rows carried through that sort cost more than the second query. A page past the end falls
    back to counting first, as Django's paginator does."""

    def get_page(self, number):
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return super().get_page(number)
        self.__dict__["count"] = rows[0][1]  # Paginator.count is a cached_property
        return self._get_page(selectors.case_rows([pk for pk, _total in rows]), number, self)


def _page(request, queryset, *, word_search: bool = False):
    paginator = (_WordSearchPaginator if word_search else Paginator)(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("sida"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("sida", None)
    return params.urlencode()
