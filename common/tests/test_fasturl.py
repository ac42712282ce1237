"""The builtin ``{% url %}`` (common/templatetags/fasturl.py) gives exactly Django's text."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern
from hypothesis import given, settings
from hypothesis import strategies as st

from common.templatetags.fasturl import fast_reverse


def render(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


def _named_routes(patterns=None, namespace=""):
    """(name with namespaces, number of int arguments) of every named route whose arguments are all ints."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        converters = entry.pattern.converters
        if not all(isinstance(c, IntConverter) for c in converters.values()):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, count in _named_routes(entry.url_patterns, inner):
                yield name, count + len(converters)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", len(converters)


ROUTES = sorted(set(_named_routes()))


def test_the_portal_has_routes_with_int_arguments():
    assert len([r for r in ROUTES if r[1]]) > 50


@settings(deadline=None, max_examples=60)
@given(st.sampled_from(ROUTES), st.lists(st.integers(min_value=1, max_value=2**63 - 1), min_size=3, max_size=3))
def test_every_route_as_reverse(route, numbers):
    name, count = route
    args = numbers[:count]
    assert fast_reverse(name, args) == reverse(name, args=args)
    assert render(f"{{% url '{name}' {' '.join(map(str, args))} %}}") == reverse(name, args=args)


def test_other_arguments_as_reverse():
    assert render("{% url 'cases:detail' pk %}", pk="12") == reverse("cases:detail", args=["12"])
    assert render("{% url 'cases:detail' pk=pk %}", pk=12) == reverse("cases:detail", kwargs={"pk": 12})
    assert render("{% url 'cases:detail' 5 as link %}[{{ link }}]") == f"[{reverse('cases:detail', args=[5])}]"
    assert render("{% url 'cases:detail' pk %}", pk=0) == reverse("cases:detail", args=[0])
    with pytest.raises(NoReverseMatch):  # as reverse(): True is no number for a URL
        render("{% url 'cases:detail' pk %}", pk=True)
    with pytest.raises(NoReverseMatch):
        render("{% url 'cases:detail' 1 2 %}")
    assert render("{% url 'cases:detail' 1 2 as link %}[{{ link }}]") == "[]"
