"""What the diary's views share: the staff roles, the page size and pagination."""

from __future__ import annotations

from django.core.paginator import Paginator

from common.access import CASE_OFFICER, SECRETARIAT

STAFF = (SECRETARIAT, CASE_OFFICER)
PAGE_SIZE = 50


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("sida"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("sida", None)
    return params.urlencode()
