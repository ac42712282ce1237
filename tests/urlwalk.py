"""Walk a URLconf recursively and check that every view declares an access rule (common.access).

Used by tests/test_access_rules.py; kept separate so the walker itself can be tested against a
throwaway URLconf.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from common.access import rule_of

# Namespaces that are exempt from the "every view declares a rule" check, with the reason.
EXEMPT_NAMESPACES = {
    # Django's admin checks is_staff/permissions itself on every view (AdminSite.admin_view);
    # test_admin_requires_staff proves that a logged-in user without is_staff is sent to the admin login.
    "admin": "Django admin enforces is_staff and model permissions itself",
}


@dataclass(frozen=True)
class Endpoint:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str  # the pattern text, for messages
    callback: object
    has_params: bool

    @property
    def label(self) -> str:
        return f"{self.name or '(namnlös)'} [{self.route}]"


def _has_params(pattern) -> bool:
    if isinstance(pattern, RoutePattern):
        return bool(pattern.converters)
    return pattern.regex.groups > 0


def walk(urlconf=None) -> list[Endpoint]:
    """Every endpoint reachable from ``urlconf`` (default: ROOT_URLCONF), through every include,
    except those under an exempt namespace."""
    found: list[Endpoint] = []

    def visit(patterns, prefix: str, namespaces: tuple[str, ...], params: bool):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                if ns in EXEMPT_NAMESPACES:
                    continue
                visit(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    (*namespaces, ns) if ns else namespaces,
                    params or _has_params(entry.pattern),
                )
            elif isinstance(entry, URLPattern):
                name = ":".join((*namespaces, entry.name)) if entry.name else None
                found.append(
                    Endpoint(
                        name=name,
                        route=prefix + str(entry.pattern),
                        callback=entry.callback,
                        has_params=params or _has_params(entry.pattern),
                    )
                )

    visit(get_resolver(urlconf).url_patterns, "", (), False)
    return found


def without_rule(endpoints: list[Endpoint]) -> list[Endpoint]:
    """The endpoints whose view has no declared access rule."""
    return [e for e in endpoints if rule_of(e.callback) is None]
