"""What the diary's views share: the page size and pagination (the role groups are common.access's)."""

from __future__ import annotations

from django.core.paginator import Paginator

from common.access import STAFF

__all__ = ["PAGE_SIZE", "STAFF"]

PAGE_SIZE = 50


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("sida"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("sida", None)
    return params.urlencode()
