"""Who may use a view: declared in one place, on the view itself.

Every view in the project is wrapped by ``@access(...)`` (function views) or inherits
``AccessMixin`` with ``access = (...)`` (class views). ``tests/test_access_rules.py`` walks every
URL pattern and fails for a view without a declared rule.

Rules are role names from ``common.models.Role`` plus two pseudo roles:
``PUBLIC`` (anyone, also not logged in) and ``AUTHENTICATED`` (anyone logged in).
Object-level rules (a party representative sees only their own party's invoices, secret documents)
live in the selectors, not here.

Anonymous users asking for a protected view are redirected to the login page; logged-in users
without a matching role get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role, UserRole

PUBLIC = "public"
AUTHENTICATED = "authenticated"
ADMINISTRATOR = Role.ADMINISTRATOR.value
SECRETARIAT = Role.SECRETARIAT.value
CASE_OFFICER = Role.CASE_OFFICER.value
MEMBER = Role.MEMBER.value
PARTY_REPRESENTATIVE = Role.PARTY_REPRESENTATIVE.value

ALL_RULES = frozenset({PUBLIC, AUTHENTICATED, *(r.value for r in Role)})
STAFF = (SECRETARIAT, CASE_OFFICER)
ATTR = "access_rule"


def user_roles(user) -> frozenset[str]:
    """The roles of ``user`` (one query, cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(UserRole.objects.filter(user=user).values_list("role", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def is_allowed(user, rule: Iterable[str]) -> bool:
    rule = frozenset(rule)
    if PUBLIC in rule:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if AUTHENTICATED in rule:
        return True
    return bool(user_roles(user) & rule)


def _check(request, rule: frozenset[str]):
    if is_allowed(request.user, rule):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _validate(roles: tuple[str, ...]) -> frozenset[str]:
    if not roles:
        raise ValueError("access() needs at least one role")
    unknown = set(roles) - ALL_RULES
    if unknown:
        raise ValueError(f"Unknown access role(s): {sorted(unknown)}")
    return frozenset(roles)


def access(*roles: str) -> Callable:
    """Decorator for function views: ``@access(SECRETARIAT, CASE_OFFICER)``."""
    rule = _validate(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            denied = _check(request, rule)
            if denied is not None:
                return denied
            return view(request, *args, **kwargs)

        setattr(wrapped, ATTR, rule)
        return wrapped

    return decorator


class AccessMixin:
    """Mixin for class-based views: ``access = (SECRETARIAT,)``."""

    access: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.access:
            setattr(cls, ATTR, _validate(tuple(cls.access)))

    def dispatch(self, request, *args, **kwargs):
        rule = getattr(type(self), ATTR, None)
        if rule is None:
            raise PermissionDenied
        denied = _check(request, rule)
        if denied is not None:
            return denied
        return super().dispatch(request, *args, **kwargs)


def rule_of(callback) -> frozenset[str] | None:
    """The declared rule of a resolved URL callback, or None if it has none."""
    rule = getattr(callback, ATTR, None)
    if rule is None and hasattr(callback, "view_class"):
        rule = getattr(callback.view_class, ATTR, None)
    return rule
