"""``{% url %}`` without a full ``reverse()`` per row (a builtin library, see
``TEMPLATES["OPTIONS"]["builtins"]``, so it replaces Django's tag in every template).

``reverse()`` costs about 25 µs (namespaces, the resolver's candidate patterns, quoting); a list of 50
rows with a link or two per row spends a millisecond or more there. For a URL name with positive integer
arguments the URL is the same text around the numbers every time, so ``fast_reverse`` reverses once with
stand-in numbers, keeps the text between them and joins the real numbers in. Whether that is exact is
checked when the pieces are made: the stand-ins must each appear exactly once, and the pieces must give
what ``reverse()`` gives for other numbers; otherwise (and for any other arguments, keyword arguments
included) the name is always reversed in full. The key includes the script prefix, the URL conf and the
current app, so everything ``reverse()`` depends on is the same.
"""

from __future__ import annotations

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_STAND_IN = 718_293_645  # digits that no route of the portal contains
_PIECES: dict[tuple, tuple[str, ...] | None] = {}


def _join(pieces: tuple[str, ...], args) -> str:
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)


def _pieces(view_name: str, count: int, current_app) -> tuple[str, ...] | None:
    """The text around ``count`` integer arguments of ``view_name``, or None when that is not exact."""
    stand_ins = [_STAND_IN + 1000 * i for i in range(count)]
    try:
        url = reverse(view_name, args=stand_ins, current_app=current_app)
    except NoReverseMatch:
        return None
    pieces, rest = [], url
    for stand_in in stand_ins:
        text = str(stand_in)
        if rest.count(text) != 1 or url.count(text) != 1:
            return None
        before, rest = rest.split(text)
        pieces.append(before)
    pieces.append(rest)
    pieces = tuple(pieces)
    for check in ([1 + i for i in range(count)], [40 + 7 * i for i in range(count)]):
        try:
            if _join(pieces, check) != reverse(view_name, args=check, current_app=current_app):
                return None
        except NoReverseMatch:
            return None
    return pieces


def fast_reverse(view_name: str, args=(), current_app=None) -> str:
    """``reverse(view_name, args=args)``, the same text, fast for positive integer arguments."""
    if not all(type(arg) is int and arg > 0 for arg in args):
        return reverse(view_name, args=args, current_app=current_app)
    key = (view_name, len(args), current_app, get_script_prefix(), get_urlconf())
    try:
        pieces = _PIECES[key]
    except KeyError:
        pieces = _PIECES[key] = _pieces(view_name, len(args), current_app)
    if pieces is None:
        return reverse(view_name, args=args, current_app=current_app)
    return _join(pieces, args)


class FastURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            if kwargs or not isinstance(view_name, str):
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            else:
                url = fast_reverse(view_name, args, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    node.__class__ = FastURLNode
    return node
